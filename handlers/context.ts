/**
 * The plugin-style contract, modelled on Dataverse's IPluginExecutionContext.
 * The same handlers run in the controls before save, in the local server's pipeline and in the webhook host,
 * so everything here is plain data plus one small async service for reading other rows.
 */
import type { RelationshipName, TableLogicalName } from "../schema/model";

export type MessageName = "Create" | "Update" | "Delete" | "Associate" | "Disassociate";

/** Dataverse's stage numbers. */
export enum Stage {
  PreValidation = 10,
  PreOperation = 20,
  PostOperation = 40,
}

export interface EntityReference {
  readonly logicalName: string;
  readonly id: string;
}

/** A row's attributes by logical name; lookups are EntityReferences. */
export type Attributes = Record<string, unknown>;

export interface Entity {
  readonly logicalName: string;
  /** Empty on Create until the platform assigns one. */
  readonly id?: string;
  readonly attributes: Attributes;
}

/** Create, Update: Target is an Entity. Delete: Target is an EntityReference. */
export interface EntityInput {
  readonly Target: Entity;
}
export interface ReferenceInput {
  readonly Target: EntityReference;
}
/** Associate, Disassociate: Target is the record on one side, RelatedEntities the other side. */
export interface RelationshipInput {
  readonly Target: EntityReference;
  readonly Relationship: RelationshipName;
  readonly RelatedEntities: readonly EntityReference[];
}

interface ContextBase<M extends MessageName, I> {
  readonly messageName: M;
  readonly stage: Stage;
  readonly primaryEntityName: string;
  readonly inputParameters: I;
  /** The row as it was before the operation (Update, Delete, Associate and Disassociate on the Target). */
  readonly preEntityImage?: Entity;
  readonly initiatingUserId: string;
  /** True when the system (seeding, upgrade, deploy of built-ins) writes: rule 3's only writer. */
  readonly isSystem: boolean;
  readonly correlationId: string;
}

export type PluginExecutionContext =
  | ContextBase<"Create", EntityInput>
  | ContextBase<"Update", EntityInput>
  | ContextBase<"Delete", ReferenceInput>
  | ContextBase<"Associate", RelationshipInput>
  | ContextBase<"Disassociate", RelationshipInput>;

export type ContextFor<M extends MessageName> = Extract<PluginExecutionContext, { messageName: M }>;

/** A condition on one column; enough for every rule (`eq` on text ignores case, as Dataverse's collation does). */
export interface Condition {
  readonly attribute: string;
  readonly operator: "eq" | "ne" | "in";
  readonly value: string | number | boolean | null | readonly (string | number)[];
}

/** What a handler may read: rows by id, by conditions, and the rows related through an N:N relationship. */
export interface OrganizationService {
  retrieve(table: TableLogicalName, id: string, columns?: readonly string[]): Promise<Entity | undefined>;
  retrieveMultiple(
    table: TableLogicalName,
    conditions: readonly Condition[],
    columns?: readonly string[],
  ): Promise<Entity[]>;
  /** Rows of `table` related to `record` through `relationship`. */
  retrieveRelated(
    relationship: RelationshipName,
    record: EntityReference,
    table: TableLogicalName,
    columns?: readonly string[],
  ): Promise<Entity[]>;
  /** The current value of an environment variable, or undefined when it has none. */
  getEnvironmentVariable(schemaName: string): Promise<string | undefined>;
}

/** The handler signature: throw an InvalidPluginExecutionError to cancel the operation. */
export type PluginHandler = (context: PluginExecutionContext, service: OrganizationService) => Promise<void>;
