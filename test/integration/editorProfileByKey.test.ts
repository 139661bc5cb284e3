/**
 * The profile form binds the editor to the unique name: the editor's read by alternate key, against the real server
 * (Learn: data-platform/webapi/retrieve-entity-using-web-api#retrieve-using-an-alternate-key).
 */
import { AppChoice, AppProfile } from "../../schema";
import { profileRepository } from "./repository";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe("WebApiProfileRepository.getProfileByUniqueName against the local server", () => {
  it("reads the same record as by id, with its relationships", async () => {
    const admin = h.client("admin");
    const id = await admin.create<unknown, string>({
      collection: AppProfile.entitySetName,
      data: {
        apm_name: "Key read",
        apm_uniquename: "edkey_profile",
        apm_app: AppChoice.CustomerServiceWorkspace.value,
      },
    });
    const repository = profileRepository(h, "admin");
    const byKey = await repository.getProfileByUniqueName("edkey_profile");
    expect(byKey).toEqual(await repository.getProfile(id));
    expect(byKey).toMatchObject({ id, fields: { apm_name: "Key read" }, users: [] });
  });

  it("answers a unique name no profile has, quotes and URL characters included, as no profile (404), not an error", async () => {
    const repository = profileRepository(h, "admin");
    await expect(repository.getProfileByUniqueName("o'brien_a/b?c#d,e&f g")).resolves.toBeUndefined();
    await expect(repository.getProfileByUniqueName("edkey_nobody")).resolves.toBeUndefined();
  });
});
