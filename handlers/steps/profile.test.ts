import { AppChoice, AppProfile, ChatLicenseVariable } from "../../schema";
import { InvalidPluginExecutionError } from "../errors";
import { createContext, deleteContext, updateContext } from "../testing/contexts";
import { seedFixtures } from "../testing/fixtures";
import { executeInMemory } from "../testing/pipeline";
import { requireUniqueNameUnused } from "./uniqueName";
import { Stage } from "../context";

const omnichannel = AppChoice.OmnichannelForCustomerService.value;
const workspace = AppChoice.CustomerServiceWorkspace.value;
const newProfile = (extra: Record<string, unknown> = {}) => ({
  apm_name: "Escalations",
  apm_uniquename: "contoso_escalations",
  apm_app: workspace,
  ...extra,
});

async function refusal(run: Promise<unknown>): Promise<InvalidPluginExecutionError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof InvalidPluginExecutionError)) throw new Error(`expected a refusal, got ${String(error)}`);
  expect(error.code).toBe("0x80040265");
  expect(error.status).toBe(400);
  return error;
}

describe("profile columns (rules 1 and 2)", () => {
  it("creates a valid profile", async () => {
    const { service } = seedFixtures();
    await executeInMemory(createContext(AppProfile, newProfile(), { id: "p1" }), service);
    expect(service.row(AppProfile.logicalName, "p1")).toMatchObject(newProfile());
  });

  it.each([
    [{ apm_uniquename: "contoso-escalations" }, "apm_uniquename", /no underscore/],
    [{ apm_uniquename: undefined }, "apm_uniquename", /Enter a unique name/],
    [{ apm_name: "" }, "apm_name", /^Enter a name: the name is required\.$/],
    [{ apm_name: "x".repeat(101) }, "apm_name", /101 characters long: shorten it to 100/],
    [{ apm_description: "x".repeat(2001) }, "apm_description", /2001 characters long: shorten it to 2000/],
  ])("refuses %j on create", async (extra, attribute, message) => {
    const { service } = seedFixtures();
    const error = await refusal(executeInMemory(createContext(AppProfile, newProfile(extra)), service));
    expect(error.attribute).toBe(attribute);
    expect(error.message).toMatch(message);
    expect(service.rows(AppProfile.logicalName)).toHaveLength(4);
  });

  it("allows a description of exactly 2000 characters and no description", async () => {
    const { service } = seedFixtures();
    await executeInMemory(createContext(AppProfile, newProfile({ apm_description: "x".repeat(2000) })), service);
    await executeInMemory(
      createContext(AppProfile, newProfile({ apm_uniquename: "contoso_other", apm_description: null })),
      service,
    );
  });

  it("checks on update only the columns the request sets", async () => {
    const { service, sales } = seedFixtures();
    await executeInMemory(updateContext(AppProfile, sales.id, { apm_description: "Renamed team" }), service);
    const error = await refusal(executeInMemory(updateContext(AppProfile, sales.id, { apm_name: null }), service));
    expect(error.attribute).toBe("apm_name");
  });
});

describe("unique name is unique, ignoring case (rule 1)", () => {
  it("refuses a name another profile has, in any case, and names it", async () => {
    const { service } = seedFixtures();
    const error = await refusal(
      executeInMemory(createContext(AppProfile, newProfile({ apm_uniquename: "CONTOSO_Sales" })), service),
    );
    expect(error.attribute).toBe("apm_uniquename");
    expect(error.message).toContain(
      '"CONTOSO_Sales" is already used by the app profile "Sales agents" as "contoso_sales"',
    );
  });

  it("lets a profile keep or re-case its own name on update", async () => {
    const { service, sales } = seedFixtures();
    await executeInMemory(updateContext(AppProfile, sales.id, { apm_uniquename: "Contoso_Sales" }), service);
    expect(service.row(AppProfile.logicalName, sales.id)?.apm_uniquename).toBe("Contoso_Sales");
  });

  it("refuses renaming a profile onto another's name", async () => {
    const { service, sales } = seedFixtures();
    const error = await refusal(
      executeInMemory(updateContext(AppProfile, sales.id, { apm_uniquename: "contoso_support" }), service),
    );
    expect(error.message).toContain('"Support agents"');
  });

  it("asks the service with an eq condition, excluding the row itself on update", async () => {
    const { service, sales } = seedFixtures();
    const spy = jest.spyOn(service, "retrieveMultiple");
    const context = updateContext(
      AppProfile,
      sales.id,
      { apm_uniquename: "contoso_new" },
      { stage: Stage.PreOperation },
    );
    await requireUniqueNameUnused(context, service);
    expect(spy).toHaveBeenCalledWith(
      AppProfile.logicalName,
      [
        { attribute: "apm_uniquename", operator: "eq", value: "contoso_new" },
        { attribute: "apm_appprofileid", operator: "ne", value: sales.id },
      ],
      expect.any(Array),
    );
  });

  it("sees rows written earlier in the same transaction (PreOperation)", async () => {
    const { service } = seedFixtures();
    await executeInMemory(createContext(AppProfile, newProfile()), service);
    await refusal(executeInMemory(createContext(AppProfile, newProfile({ apm_name: "Copy" })), service));
  });
});

describe("state (rule 13)", () => {
  const deactivate = { statecode: 1, statuscode: 2 };

  it.each([
    ["a user", {}],
    ["the system", { isSystem: true }],
  ])("refuses %s deactivating a built-in profile, saying why", async (_who, options) => {
    const { service, cswDefault } = seedFixtures();
    const error = await refusal(
      executeInMemory(updateContext(AppProfile, cswDefault.id, deactivate, options), service),
    );
    expect(error.attribute).toBe("statecode");
    expect(error.message).toMatch(/is a built-in profile and can't be deactivated/);
    expect(service.row(AppProfile.logicalName, cswDefault.id)?.statecode).toBeUndefined();
  });

  it("lets an admin deactivate and activate a custom profile", async () => {
    const { service, sales } = seedFixtures();
    await executeInMemory(updateContext(AppProfile, sales.id, deactivate), service);
    expect(service.row(AppProfile.logicalName, sales.id)).toMatchObject(deactivate);
    await executeInMemory(updateContext(AppProfile, sales.id, { statecode: 0, statuscode: 1 }), service);
    expect(service.row(AppProfile.logicalName, sales.id)).toMatchObject({ statecode: 0 });
  });
});

describe("built-in profiles (rule 3)", () => {
  it.each([
    ["update", (id: string) => updateContext(AppProfile, id, { apm_description: "mine now" }), /can't be changed/],
    ["delete", (id: string) => deleteContext(AppProfile, id), /can't be deleted/],
  ])("refuses a user's %s", async (_what, context, message) => {
    const { service, cswDefault } = seedFixtures();
    const error = await refusal(executeInMemory(context(cswDefault.id), service));
    expect(error.attribute).toBe("apm_isdefault");
    expect(error.message).toMatch(message);
    expect(error.message).toContain('"Default profile for Customer Service workspace" is a built-in profile');
    expect(service.row(AppProfile.logicalName, cswDefault.id)).toMatchObject({ apm_isdefault: true });
  });

  it("refuses without a pre-image too (reads the row)", async () => {
    const { service, ocDefault } = seedFixtures();
    const { refuseBuiltInProfileChange } = await import("./builtInProfile");
    await refusal(refuseBuiltInProfileChange(updateContext(AppProfile, ocDefault.id, { apm_name: "x" }), service));
  });

  it("lets the system update and delete built-ins", async () => {
    const { service, cswDefault, ocDefault } = seedFixtures();
    await executeInMemory(
      updateContext(AppProfile, cswDefault.id, { apm_description: "upgraded" }, { isSystem: true }),
      service,
    );
    await executeInMemory(deleteContext(AppProfile, ocDefault.id, { isSystem: true }), service);
    expect(service.row(AppProfile.logicalName, cswDefault.id)?.apm_description).toBe("upgraded");
    expect(service.row(AppProfile.logicalName, ocDefault.id)).toBeUndefined();
  });

  it("refuses a user setting apm_isdefault on create or update, and lets the system", async () => {
    const { service, sales } = seedFixtures();
    const onCreate = await refusal(
      executeInMemory(createContext(AppProfile, newProfile({ apm_isdefault: true })), service),
    );
    expect(onCreate.attribute).toBe("apm_isdefault");
    expect(onCreate.message).toMatch(/^Only the system can mark a profile as built-in/);
    await refusal(executeInMemory(updateContext(AppProfile, sales.id, { apm_isdefault: true }), service));
    await executeInMemory(createContext(AppProfile, newProfile({ apm_isdefault: false })), service);
    await executeInMemory(updateContext(AppProfile, sales.id, { apm_isdefault: true }, { isSystem: true }), service);
  });

  it("allows deleting a regular profile that has users, and its assignments go with it", async () => {
    const { service, sales, alice } = seedFixtures();
    service.associate("apm_appprofile_systemuser", sales.id, alice.id);
    await executeInMemory(deleteContext(AppProfile, sales.id), service);
    expect(service.isAssociated("apm_appprofile_systemuser", sales.id, alice.id)).toBe(false);
  });
});

describe("Chat license gating (rule 5)", () => {
  it.each(["no", "false", "", undefined])("refuses an Omnichannel profile when the variable is %j", async (value) => {
    const { service } = seedFixtures();
    service.setEnvironmentVariable(ChatLicenseVariable.schemaName, value);
    const error = await refusal(
      executeInMemory(createContext(AppProfile, newProfile({ apm_app: omnichannel })), service),
    );
    expect(error.attribute).toBe("apm_app");
    expect(error.message).toBe(
      'Omnichannel for Customer Service profiles need the Dynamics 365 Chat license, and this environment doesn\'t have it. Choose Customer Service workspace, or ask an administrator to set the environment variable apm_ChatLicenseAvailable to "yes" once the environment has the license.',
    );
  });

  it.each(["yes", "YES", "true", " True "])("allows it when the variable is %j", async (value) => {
    const { service } = seedFixtures();
    service.setEnvironmentVariable(ChatLicenseVariable.schemaName, value);
    await executeInMemory(createContext(AppProfile, newProfile({ apm_app: omnichannel })), service);
  });

  it("gates switching a profile to Omnichannel, not other updates of an Omnichannel profile", async () => {
    const { service, sales } = seedFixtures();
    await executeInMemory(updateContext(AppProfile, sales.id, { apm_app: omnichannel }), service);
    service.setEnvironmentVariable(ChatLicenseVariable.schemaName, "no");
    await executeInMemory(
      updateContext(AppProfile, sales.id, { apm_app: omnichannel, apm_name: "Still chat" }),
      service,
    );
    await executeInMemory(updateContext(AppProfile, sales.id, { apm_app: workspace }), service);
    await refusal(executeInMemory(updateContext(AppProfile, sales.id, { apm_app: omnichannel }), service));
  });

  it("does not read the variable for Customer Service workspace profiles", async () => {
    const { service } = seedFixtures();
    const spy = jest.spyOn(service, "getEnvironmentVariable");
    await executeInMemory(createContext(AppProfile, newProfile()), service);
    expect(spy).not.toHaveBeenCalled();
  });

  it("refuses an unknown app value and lets the system seed an Omnichannel profile without the license", async () => {
    const { service } = seedFixtures();
    service.setEnvironmentVariable(ChatLicenseVariable.schemaName, "no");
    const error = await refusal(executeInMemory(createContext(AppProfile, newProfile({ apm_app: 42 })), service));
    expect(error.message).toMatch(/^The app 42 is not one of the choices/);
    await executeInMemory(createContext(AppProfile, newProfile({ apm_app: omnichannel }), { isSystem: true }), service);
  });
});
