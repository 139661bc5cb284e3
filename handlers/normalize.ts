/**
 * Hosts receive Associate and Disassociate from either side (`apm_appprofiles(id)/rel/$ref` or
 * `systemusers(id)/rel/$ref`). Handlers see one shape only: Target is the relationship's entity1 (the app profile)
 * and RelatedEntities are entity2 rows. A request from the entity2 side becomes one context per related profile.
 */
import { manyToManyRelationships, type ManyToManyRelationship } from "../schema/model";
import type { ContextFor, EntityReference, PluginExecutionContext } from "./context";

export type RelationshipContext = ContextFor<"Associate" | "Disassociate">;

export function isRelationshipContext(context: PluginExecutionContext): context is RelationshipContext {
  return context.messageName === "Associate" || context.messageName === "Disassociate";
}

export function relationshipOf(context: RelationshipContext): ManyToManyRelationship | undefined {
  return manyToManyRelationships.find((r) => r.schemaName === context.inputParameters.Relationship);
}

function distinctById(references: readonly EntityReference[]): EntityReference[] {
  const seen = new Set<string>();
  return references.filter((r) => {
    const key = `${r.logicalName}|${r.id.toLowerCase()}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** Turns any context into the profile-side shape; Create, Update, Delete and unknown relationships pass through. */
export function normalizeRelationshipContexts(context: RelationshipContext): RelationshipContext[];
export function normalizeRelationshipContexts(context: PluginExecutionContext): PluginExecutionContext[];
export function normalizeRelationshipContexts(context: PluginExecutionContext): PluginExecutionContext[] {
  if (!isRelationshipContext(context)) return [context];
  const relationship = relationshipOf(context);
  const { Target, RelatedEntities } = context.inputParameters;
  if (!relationship) return [context];
  if (Target.logicalName === relationship.entity1) return [{ ...context, primaryEntityName: relationship.entity1 }];
  if (Target.logicalName !== relationship.entity2) return [context];
  // The pre-image belonged to the other side's row: the profile-side host loads the profile's own image.
  const { preEntityImage: _otherSideImage, ...rest } = context;
  return distinctById(RelatedEntities).map((profile) => ({
    ...rest,
    primaryEntityName: relationship.entity1,
    inputParameters: { Target: profile, Relationship: relationship.schemaName, RelatedEntities: [Target] },
  }));
}
