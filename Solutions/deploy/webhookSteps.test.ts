/**
 * The deploy registers a webhook step for every message and table the handlers have steps for, issue 13's
 * Associate and Disassociate of apm_appprofile_role and apm_appprofile_team included (Associate and Disassociate
 * have no table filter in Dataverse, so one "any entity" step each carries every relationship).
 */
import { manyToManyRelationships, tables } from "../../schema";
import { registrations } from "../../handlers/registrations";
import { webhookSteps } from "./webhook";

const isTable = (name: string) => tables.some((t) => t.logicalName === name);

describe("webhook steps", () => {
  it("cover every registered handler step", () => {
    for (const step of registrations) {
      const entity = isTable(step.primaryEntity) ? step.primaryEntity : undefined;
      const covered = webhookSteps.some(
        (w) => w.message === step.message && (w.entity === undefined || w.entity === entity),
      );
      expect([step.name, covered]).toEqual([step.name, true]);
    }
  });

  it("have handler steps for the new N:N, which the any-entity Associate step carries", () => {
    for (const name of ["apm_appprofile_role", "apm_appprofile_team"]) {
      expect(manyToManyRelationships.some((r) => r.schemaName === name)).toBe(true);
      expect(registrations.some((s) => s.primaryEntity === name && s.message === "Associate")).toBe(true);
    }
    expect(webhookSteps).toContainEqual({ message: "Associate" });
    expect(webhookSteps).toContainEqual({ message: "Disassociate" });
  });
});
