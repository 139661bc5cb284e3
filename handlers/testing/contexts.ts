/** Builders for plugin execution contexts, for tests of the handlers and of anything that hosts them. */
import type { AnyTable, ManyToManyRelationship } from "../../schema";
import { Stage, type Attributes, type ContextFor, type Entity, type EntityReference } from "../context";

export const TEST_USER_ID = "00000000-0000-4000-8000-0000000000ad";

interface Options {
  readonly isSystem?: boolean;
  readonly stage?: Stage;
  readonly preEntityImage?: Entity;
}

function base(options: Options) {
  return {
    stage: options.stage ?? Stage.PreValidation,
    initiatingUserId: TEST_USER_ID,
    isSystem: options.isSystem ?? false,
    correlationId: "00000000-0000-4000-8000-00000000c0de",
    preEntityImage: options.preEntityImage,
  };
}

export function createContext(
  table: AnyTable,
  attributes: Attributes,
  options: Options & { readonly id?: string } = {},
): ContextFor<"Create"> {
  return {
    ...base(options),
    messageName: "Create",
    primaryEntityName: table.logicalName,
    inputParameters: { Target: { logicalName: table.logicalName, id: options.id, attributes } },
  };
}

export function updateContext(
  table: AnyTable,
  id: string,
  attributes: Attributes,
  options: Options = {},
): ContextFor<"Update"> {
  return {
    ...base(options),
    messageName: "Update",
    primaryEntityName: table.logicalName,
    inputParameters: { Target: { logicalName: table.logicalName, id, attributes } },
  };
}

export function deleteContext(table: AnyTable, id: string, options: Options = {}): ContextFor<"Delete"> {
  return {
    ...base(options),
    messageName: "Delete",
    primaryEntityName: table.logicalName,
    inputParameters: { Target: { logicalName: table.logicalName, id } },
  };
}

export function relationshipContext<M extends "Associate" | "Disassociate">(
  message: M,
  relationship: ManyToManyRelationship,
  target: EntityReference,
  related: readonly EntityReference[],
  options: Options = {},
): ContextFor<M> {
  return {
    ...base(options),
    messageName: message,
    primaryEntityName: target.logicalName,
    inputParameters: { Target: target, Relationship: relationship.schemaName, RelatedEntities: related },
  } as ContextFor<M>;
}
