/**
 * The whole pipeline over the in-memory service, as a host runs it: PreValidation, then per normalized context
 * PreOperation, the operation and PostOperation, all rolled back when any step refuses.
 */
import { Stage, type PluginExecutionContext } from "../context";
import { normalizeRelationshipContexts } from "../normalize";
import { runStage } from "../registrations";
import type { MemoryOrganizationService } from "./memoryService";

function withPreImage(context: PluginExecutionContext, service: MemoryOrganizationService): PluginExecutionContext {
  if (context.messageName === "Create") return context;
  const target = context.inputParameters.Target;
  const row = target.id ? service.row(target.logicalName, target.id) : undefined;
  return row
    ? { ...context, preEntityImage: { logicalName: target.logicalName, id: target.id, attributes: row } }
    : context;
}

export async function executeInMemory(
  context: PluginExecutionContext,
  service: MemoryOrganizationService,
): Promise<void> {
  const rollback = service.snapshot();
  try {
    await runStage(Stage.PreValidation, context, service);
    for (const normalized of normalizeRelationshipContexts(context)) {
      const each = withPreImage(normalized, service);
      await runStage(Stage.PreOperation, each, service);
      service.apply(each);
      await runStage(Stage.PostOperation, each, service);
    }
  } catch (error) {
    rollback();
    throw error;
  }
}
