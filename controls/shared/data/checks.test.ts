/**
 * The steps each control checks before save (its index.ts names them, so its bundle carries only those handlers) must
 * be every registration its operations reach: a step left out would be refused only by the server, after the request.
 */
import { AppChoice, AppProfile, builtInProfiles, manyToManyRelationships } from "../../../schema";
import {
  builtInProfileSteps,
  channelProviderSteps,
  profileColumnSteps,
  profileSessionTemplateSteps,
  profileSteps,
  registrations,
  sessionTemplateSteps,
  userAssignmentSteps,
  type StepRegistration,
} from "../../../handlers/registrations";
import { seedFixtures } from "../../../handlers/testing/fixtures";
import { checkOperations, setCheckSteps } from "./checks";
import { SimulatedService } from "./simulatedService";

const names = (steps: readonly StepRegistration[]) => steps.map((s) => s.name).sort();
const profileRelationships = new Set<string>(
  manyToManyRelationships.filter((r) => r.entity1 === AppProfile.logicalName).map((r) => r.schemaName),
);

describe("the registrations' groups", () => {
  it("are every registration once, in groups that don't overlap", () => {
    const groups = [
      builtInProfileSteps,
      profileColumnSteps,
      sessionTemplateSteps,
      profileSessionTemplateSteps,
      channelProviderSteps,
      userAssignmentSteps,
    ];
    expect(names(groups.flat())).toEqual(names(registrations));
    expect(new Set(names(registrations)).size).toBe(registrations.length);
  });

  it("give the designer every step of a profile's Create", () => {
    const create = registrations.filter((s) => s.message === "Create" && s.primaryEntity === AppProfile.logicalName);
    expect(create.length).toBeGreaterThan(0);
    expect(names(profileColumnSteps)).toEqual(expect.arrayContaining(names(create)));
  });

  it("give the editor every step on the profile table and its relationships, and no other", () => {
    const onProfile = registrations.filter(
      (s) => s.primaryEntity === AppProfile.logicalName || profileRelationships.has(s.primaryEntity),
    );
    expect(names(profileSteps)).toEqual(names(onProfile));
  });
});

describe("checkOperations", () => {
  afterEach(() => setCheckSteps(registrations));

  const sales = () => {
    const { service, sales } = seedFixtures();
    return { service: new SimulatedService(service), sales };
  };

  it("runs the steps the control named: the designer's refuse a unique name in use, at its field", async () => {
    setCheckSteps(profileColumnSteps);
    const { service } = sales();
    const target = {
      logicalName: AppProfile.logicalName,
      attributes: {
        apm_name: "Copy",
        apm_uniquename: "contoso_sales",
        apm_app: AppChoice.CustomerServiceWorkspace.value,
      },
    };
    const problems = await checkOperations([{ kind: "create", target }], service, "user");
    expect(problems.map((p) => p.attribute)).toEqual(["apm_uniquename"]);
  });

  it("runs only the steps the control named: a built-in profile's change passes the designer's, not the editor's", async () => {
    const { service } = sales();
    const builtIn = builtInProfiles[0];
    const preImage = { logicalName: AppProfile.logicalName, id: builtIn.apm_appprofileid, attributes: { ...builtIn } };
    const update = {
      kind: "update" as const,
      target: { logicalName: AppProfile.logicalName, id: builtIn.apm_appprofileid, attributes: { apm_name: "Mine" } },
      preImage,
    };
    setCheckSteps(profileColumnSteps);
    expect(await checkOperations([update], service, "user")).toEqual([]);
    setCheckSteps(profileSteps);
    expect((await checkOperations([update], service, "user")).map((p) => p.message)).toEqual([
      expect.stringMatching(/built-in/i),
    ]);
  });

  it("refuses to check with no steps named, rather than letting everything through", async () => {
    await jest.isolateModulesAsync(async () => {
      const fresh = await import("./checks");
      await expect(fresh.checkOperations([], sales().service, "user")).rejects.toThrow(/setCheckSteps/);
    });
  });
});
