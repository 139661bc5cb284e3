import { AppProfile, ChatLicenseVariable, manyToManyRelationships, tables } from "../schema";
import { Stage } from "./context";
import { registrations, runPipelineChecks, runStage, stepsFor } from "./registrations";
import { createContext, relationshipContext } from "./testing/contexts";
import { seedFixtures } from "./testing/fixtures";
import { AppProfileSystemUser, AppChoice } from "../schema";

describe("registrations", () => {
  it("name known tables or relationships, valid stages, and unique names", () => {
    const filters = new Set<string>([
      ...tables.map((t) => t.logicalName),
      ...manyToManyRelationships.map((r) => r.schemaName),
    ]);
    for (const step of registrations) {
      expect(filters.has(step.primaryEntity)).toBe(true);
      expect([Stage.PreValidation, Stage.PreOperation, Stage.PostOperation]).toContain(step.stage);
      const isLink = step.message === "Associate" || step.message === "Disassociate";
      expect(manyToManyRelationships.some((r) => r.schemaName === step.primaryEntity)).toBe(isLink);
    }
    expect(new Set(registrations.map((s) => s.name)).size).toBe(registrations.length);
  });

  it("lists a stage's steps in rank order", () => {
    const steps = stepsFor(Stage.PreValidation, createContext(AppProfile, {}));
    expect(steps.map((s) => s.rank)).toEqual([...steps.map((s) => s.rank)].sort((a, b) => a - b));
    expect(steps.map((s) => s.name)).toEqual([
      "Only the system sets apm_isdefault (Create)",
      "Profile unique name, name and description (Create)",
      "Omnichannel profiles need the Chat license (Create)",
      "Rank in range; built-ins are never the custom default (Create)",
    ]);
    expect(stepsFor(Stage.PreOperation, createContext(AppProfile, {})).map((s) => s.name)).toEqual([
      "Profile unique name is unused (Create)",
      "One custom default per app, active; ranks unique among profiles with teams or roles (Create)",
    ]);
  });

  it("runs the steps the stage asks for", async () => {
    const { service } = seedFixtures();
    const duplicate = createContext(AppProfile, {
      apm_name: "Copy",
      apm_uniquename: "CONTOSO_SALES",
      apm_app: AppChoice.CustomerServiceWorkspace.value,
    });
    await runStage(Stage.PreValidation, duplicate, service);
    await expect(runStage(Stage.PreOperation, duplicate, service)).rejects.toThrow(/already used/);
    await runStage(Stage.PostOperation, duplicate, service);
  });

  it("normalizes user-side requests before matching steps", async () => {
    const { service, sales, support, alice } = seedFixtures();
    service.associate(AppProfileSystemUser.schemaName, sales.id, alice.id);
    const fromUser = relationshipContext("Associate", AppProfileSystemUser, alice, [support]);
    await expect(runStage(Stage.PreOperation, fromUser, service)).rejects.toThrow(/"Sales agents"/);
  });

  it("runPipelineChecks validates without writing", async () => {
    const { service } = seedFixtures();
    service.setEnvironmentVariable(ChatLicenseVariable.schemaName, "no");
    const chat = createContext(AppProfile, {
      apm_name: "Chat",
      apm_uniquename: "contoso_chat",
      apm_app: AppChoice.OmnichannelForCustomerService.value,
    });
    await expect(runPipelineChecks(chat, service)).rejects.toThrow(/Chat license/);
    const ok = createContext(AppProfile, { apm_name: "Ok", apm_uniquename: "contoso_ok" });
    await runPipelineChecks(ok, service);
    expect(service.rows(AppProfile.logicalName)).toHaveLength(4);
  });
});
