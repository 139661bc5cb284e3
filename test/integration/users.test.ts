/**
 * systemuser as Dataverse has it (fidelity #34): the columns apps filter people on, and the product's user search
 * leaving out disabled, application and non-interactive users with a filter that names only platform columns.
 */
import { AccessModeChoice, SystemUser } from "../../schema";
import { profileRepository } from "./repository";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe("systemuser", () => {
  it("has isdisabled, accessmode, applicationid, azureactivedirectoryobjectid and filters on them", async () => {
    const users = await h.client("admin").retrieveMultiple<Record<string, unknown>>({
      collection: SystemUser.entitySetName,
      select: ["fullname", "isdisabled", "accessmode", "applicationid", "azureactivedirectoryobjectid", "title"],
      orderBy: ["fullname asc"],
    });
    const byName = new Map(users.value.map((u) => [u.fullname, u]));
    expect(byName.get("SYSTEM")).toMatchObject({ isdisabled: true });
    expect(byName.get("Dana Departed")).toMatchObject({
      isdisabled: true,
      accessmode: AccessModeChoice.ReadWrite.value,
    });
    expect(byName.get("# App Profile Webhook")).toMatchObject({
      isdisabled: false,
      accessmode: AccessModeChoice.NonInteractive.value,
      applicationid: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(byName.get("Riley Agent")).toMatchObject({ isdisabled: false, accessmode: 0, applicationid: null });
    const application = await h.client("admin").retrieveMultiple({
      collection: SystemUser.entitySetName,
      select: ["fullname"],
      filter: "applicationid ne null",
    });
    expect(application.value.map((u) => u.fullname)).toEqual(["# App Profile Webhook"]);
  });

  it("user search offers people only: no SYSTEM, disabled, application or non-interactive users", async () => {
    const repository = profileRepository(h, "admin");
    const everyone = await repository.searchUsers("");
    const names = everyone.map((u) => u.fullName);
    expect(names).toEqual(expect.arrayContaining(["Avery Admin", "Riley Agent", "Sam Supervisor"]));
    for (const hidden of ["SYSTEM", "Dana Departed", "# App Profile Webhook", "Contoso Integration"])
      expect(names).not.toContain(hidden);
    expect((await repository.searchUsers("contoso.example")).length).toBe(everyone.length);
    // A wildcard typed by the user matches itself only (Learn: webapi/query/filter-rows, "Use wildcard characters").
    expect(await repository.searchUsers("%")).toEqual([]);
    expect(await repository.searchUsers("_")).toEqual([]);
  });
});
