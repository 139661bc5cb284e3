/**
 * What the host does with one converted context: the steps of its stage, through the same runStage as every host.
 * Dataverse calls a PreValidation webhook outside the transaction, and the host reads through its own connection at
 * any stage, so a PreValidation call also runs the PreOperation steps (uniqueness, one profile per user): this call is
 * the only chance to refuse. A PreOperation call runs PreOperation steps; PostOperation has none that refuse.
 */
import { Stage, type OrganizationService, type PluginExecutionContext } from "../context";
import { runStage } from "../registrations";

export function stagesFor(stage: Stage): Stage[] {
  switch (stage) {
    case Stage.PreValidation:
      return [Stage.PreValidation, Stage.PreOperation];
    case Stage.PreOperation:
      return [Stage.PreOperation];
    default:
      return [];
  }
}

export async function runRegisteredSteps(context: PluginExecutionContext, service: OrganizationService): Promise<void> {
  for (const stage of stagesFor(context.stage)) await runStage(stage, context, service);
}
