/**
 * The user picker's role check (issue 12, item 7) over HTTP: RetrieveUserPrivileges bound to the picked user says
 * whether their roles read app profiles (Learn: dotnet/api/microsoft.crm.sdk.messages.retrieveuserprivilegesrequest).
 */
import type { WebApiProfileRepository } from "../../controls/shared/data/webApiRepository";
import { startHarness, type Harness } from "./harness";
import { profileRepository } from "./repository";

let h: Harness;
let repository: WebApiProfileRepository;
beforeAll(async () => {
  h = await startHarness();
  repository = profileRepository(h, "admin");
});
afterAll(() => h.stop());

describe("canReadProfiles", () => {
  it("is true for the App Profile User and the administrator, false for a user without either role", async () => {
    expect(await repository.canReadProfiles(h.userId("agent"))).toBe(true);
    expect(await repository.canReadProfiles(h.userId("admin"))).toBe(true);
    expect(await repository.canReadProfiles(h.userId("norole"))).toBe(false);
  });

  it("refuses an id that is not a GUID before sending anything", async () => {
    await expect(repository.canReadProfiles("x)/../apm_appprofiles(")).rejects.toMatchObject({ kind: "refused" });
  });
});
