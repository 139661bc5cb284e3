/**
 * Runs the registered handlers in the browser, in the order the server will run the change set, so a refusal shows
 * at its field before any write. The server runs them again; this only saves the admin a round trip.
 *
 * Which registrations: each control's index.ts names the groups its operations reach (`setCheckSteps`), so its bundle
 * carries only those handlers (the designer creates profiles; the editor changes a profile and its relationships).
 */
import { AppProfile } from "../../../schema/model";
import { InvalidPluginExecutionError } from "../../../handlers/errors";
import { runChecksOf, type StepRegistration } from "../../../handlers/registrations";
import { Stage, type Entity, type PluginExecutionContext } from "../../../handlers/context";
import type { RelationshipChange } from "./model";
import { relatedTableOf } from "./mapping";
import type { SimulatedService } from "./simulatedService";

export type PlannedOperation =
  | { readonly kind: "create"; readonly target: Entity }
  | { readonly kind: "update"; readonly target: Entity; readonly preImage: Entity }
  | { readonly kind: "associate" | "disassociate"; readonly change: RelationshipChange };

export interface CheckProblem {
  readonly operation: PlannedOperation;
  /** The column (or relationship schema name) the handler named, to show the message there. */
  readonly attribute?: string;
  readonly message: string;
}

let checkSteps: readonly StepRegistration[] | undefined;

/** Sets the registrations the control checks before save; its index.ts calls it once, when the bundle loads. */
export function setCheckSteps(steps: readonly StepRegistration[]): void {
  checkSteps = steps;
}

let correlation = 0;

function contextOf(operation: PlannedOperation, initiatingUserId: string): PluginExecutionContext {
  const base = {
    stage: Stage.PreValidation,
    primaryEntityName: AppProfile.logicalName,
    initiatingUserId,
    isSystem: false,
    correlationId: `browser-check-${++correlation}`,
  };
  switch (operation.kind) {
    case "create":
      return { ...base, messageName: "Create", inputParameters: { Target: operation.target } };
    case "update":
      return {
        ...base,
        messageName: "Update",
        inputParameters: { Target: operation.target },
        preEntityImage: operation.preImage,
      };
    default: {
      const { relationship, profileId, relatedId } = operation.change;
      return {
        ...base,
        messageName: operation.kind === "associate" ? "Associate" : "Disassociate",
        inputParameters: {
          Target: { logicalName: AppProfile.logicalName, id: profileId },
          Relationship: relationship,
          RelatedEntities: [{ logicalName: relatedTableOf(relationship).logicalName, id: relatedId }],
        },
      };
    }
  }
}

/**
 * Checks every operation in order. A refused operation is reported and left out of the simulation; the ones after it
 * are still checked, so the admin sees every problem at once. Errors other than refusals (network) propagate.
 */
export async function checkOperations(
  operations: readonly PlannedOperation[],
  service: SimulatedService,
  initiatingUserId: string,
): Promise<CheckProblem[]> {
  // A control that named no steps would check nothing and let the server refuse late: say so instead.
  if (!checkSteps) throw new Error("No registrations to check: the control's index.ts must call setCheckSteps.");
  const problems: CheckProblem[] = [];
  for (const operation of operations) {
    try {
      await runChecksOf(checkSteps, contextOf(operation, initiatingUserId), service);
    } catch (error) {
      if (!(error instanceof InvalidPluginExecutionError)) throw error;
      problems.push({ operation, attribute: error.attribute, message: error.message });
      continue;
    }
    if (operation.kind === "associate" || operation.kind === "disassociate") {
      const { relationship, profileId, relatedId } = operation.change;
      service.apply(
        operation.kind,
        relationship,
        { logicalName: AppProfile.logicalName, id: profileId },
        { logicalName: relatedTableOf(relationship).logicalName, id: relatedId },
      );
    }
  }
  return problems;
}
