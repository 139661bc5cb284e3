/**
 * Dataverse's RemoteExecutionContext, as it posts it to a webhook, to the handlers' PluginExecutionContext.
 * Anything that is not in the shape Dataverse sends throws a MalformedContextError (the host answers 400).
 */
import { manyToManyRelationships, type RelationshipName } from "../../schema";
import { Stage, type Entity, type MessageName, type PluginExecutionContext } from "../context";
import { entity, entityReference, guid, isObject, keyValues, MalformedContextError, type Json } from "./values";

/** The fields the host reads; Dataverse sends many more (OrganizationId, Depth, SharedVariables, …). */
export interface RemoteExecutionContext {
  readonly MessageName: string;
  readonly Stage: number;
  readonly PrimaryEntityName?: string;
  readonly PrimaryEntityId?: string;
  readonly InitiatingUserId?: string;
  readonly UserId?: string;
  readonly CorrelationId?: string;
  readonly Depth?: number;
  readonly InputParameters: readonly { key: string; value: Json }[];
  readonly PreEntityImages?: readonly { key: string; value: Json }[];
}

export type Conversion =
  | { readonly kind: "context"; readonly context: PluginExecutionContext }
  /** A message or relationship the product has no steps for: the operation goes on untouched. */
  | { readonly kind: "ignored"; readonly reason: string };

export interface ConversionOptions {
  /** Application users that write as the system (seeding, upgrade): rule 3's only writers. */
  readonly systemUserIds?: readonly string[];
}

const messages: readonly MessageName[] = ["Create", "Update", "Delete", "Associate", "Disassociate"];
const stages: readonly number[] = [Stage.PreValidation, Stage.PreOperation, Stage.PostOperation];

function preImage(images: unknown): Entity | undefined {
  const all = keyValues(images, "PreEntityImages");
  // The registration names it PreImage; otherwise the step has one image, whatever its alias.
  const image = all.get("PreImage") ?? all.values().next().value;
  return image === undefined || image === null ? undefined : entity(image, "PreEntityImages.PreImage");
}

/** Dataverse gives the relationship's schema name in the customizer's casing; ours are lower case. */
function relationshipName(value: unknown): RelationshipName | undefined {
  if (!isObject(value) || typeof value.SchemaName !== "string")
    throw new MalformedContextError("InputParameters.Relationship must be a Relationship with a SchemaName.");
  const name = value.SchemaName.toLowerCase();
  return manyToManyRelationships.find((r) => r.schemaName === name)?.schemaName;
}

export function toPluginContext(body: unknown, options: ConversionOptions = {}): Conversion {
  if (!isObject(body)) throw new MalformedContextError("The body must be a RemoteExecutionContext JSON object.");
  const { MessageName: message, Stage: stage } = body;
  if (typeof message !== "string" || message === "") throw new MalformedContextError("MessageName is missing.");
  if (typeof stage !== "number" || !stages.includes(stage))
    throw new MalformedContextError(`Stage must be 10, 20 or 40, not ${JSON.stringify(stage ?? null)}.`);
  if (!messages.includes(message as MessageName))
    return { kind: "ignored", reason: `no App Profile Manager step handles ${message}` };

  const inputs = keyValues(body.InputParameters, "InputParameters");
  const initiatingUserId = guid(body.InitiatingUserId ?? body.UserId, "InitiatingUserId");
  if (!initiatingUserId) throw new MalformedContextError("InitiatingUserId is missing.");
  const system = new Set((options.systemUserIds ?? []).map((id) => id.toLowerCase()));
  const base = {
    stage: stage as Stage,
    initiatingUserId,
    isSystem: system.has(initiatingUserId),
    correlationId: typeof body.CorrelationId === "string" ? body.CorrelationId : "",
    preEntityImage: preImage(body.PreEntityImages),
  };
  if (!inputs.has("Target")) throw new MalformedContextError("InputParameters has no Target.");
  const target = inputs.get("Target");

  switch (message as MessageName) {
    case "Create":
    case "Update": {
      const row = entity(target, "InputParameters.Target");
      if (message === "Update" && !row.id) throw new MalformedContextError("InputParameters.Target.Id is missing.");
      const context = { ...base, messageName: message, primaryEntityName: row.logicalName };
      return { kind: "context", context: { ...context, inputParameters: { Target: row } } as PluginExecutionContext };
    }
    case "Delete": {
      const ref = entityReference(target, "InputParameters.Target");
      return {
        kind: "context",
        context: {
          ...base,
          messageName: "Delete",
          primaryEntityName: ref.logicalName,
          inputParameters: { Target: ref },
        },
      };
    }
    case "Associate":
    case "Disassociate": {
      const ref = entityReference(target, "InputParameters.Target");
      const relationship = relationshipName(inputs.get("Relationship"));
      // Associate is registered for every relationship in the environment: others pass straight through.
      if (!relationship) return { kind: "ignored", reason: "not an App Profile Manager relationship" };
      const related = inputs.get("RelatedEntities");
      if (!Array.isArray(related) || related.length === 0)
        throw new MalformedContextError(
          "InputParameters.RelatedEntities must be a non-empty list of EntityReferences.",
        );
      const context = {
        ...base,
        messageName: message,
        primaryEntityName: ref.logicalName,
        inputParameters: {
          Target: ref,
          Relationship: relationship,
          RelatedEntities: related.map((r, i) => entityReference(r, `InputParameters.RelatedEntities[${i}]`)),
        },
      };
      return { kind: "context", context: context as PluginExecutionContext };
    }
  }
}
