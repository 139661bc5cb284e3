/**
 * A typed in-memory OrganizationService: rows per table, N:N links, environment variables. It reads the way the
 * contract says hosts do (`eq` on text ignores case, ids compare ignoring case), and it can apply a context's
 * operation so tests and component tests can run a whole pipeline without a server.
 */
import {
  manyToManyRelationships,
  tables,
  type AnyTable,
  type ManyToManyRelationship,
  type RelationshipName,
  type TableLogicalName,
} from "../../schema";
import type {
  Attributes,
  Condition,
  Entity,
  EntityReference,
  OrganizationService,
  PluginExecutionContext,
} from "../context";

type ValueOf<C> = C extends { type: "string" | "memo" | "lookup" }
  ? string
  : C extends { type: "boolean" }
    ? boolean
    : C extends { type: "choice" | "integer" }
      ? number
      : never;

/** A row's columns for `add`, typed from the schema (the schema's own `Attributes<T>` rejects concrete tables). */
export type RowInput<T extends AnyTable> = { [K in keyof T["columns"]]?: ValueOf<T["columns"][K]> | null };

const key = (id: string) => id.toLowerCase();
const linkKey = (entity1Id: string, entity2Id: string) => `${key(entity1Id)}|${key(entity2Id)}`;

function tableOf(logicalName: string): AnyTable {
  const table = tables.find((t) => t.logicalName === logicalName);
  if (!table) throw new Error(`Unknown table '${logicalName}'`);
  return table;
}

function relationshipOf(schemaName: string): ManyToManyRelationship {
  const relationship = manyToManyRelationships.find((r) => r.schemaName === schemaName);
  if (!relationship) throw new Error(`Unknown relationship '${schemaName}'`);
  return relationship;
}

function equals(actual: unknown, expected: unknown): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (typeof actual === "string" && typeof expected === "string")
    return actual.toLowerCase() === expected.toLowerCase();
  return actual === expected;
}

function matches(attributes: Attributes, condition: Condition): boolean {
  const actual = attributes[condition.attribute];
  switch (condition.operator) {
    case "eq":
      return equals(actual, condition.value);
    case "ne":
      return !equals(actual, condition.value);
    case "in":
      return Array.isArray(condition.value) && condition.value.some((v) => equals(actual, v));
  }
}

function project(attributes: Attributes, columns?: readonly string[]): Attributes {
  return columns ? Object.fromEntries(columns.map((c) => [c, attributes[c] ?? null])) : { ...attributes };
}

export class MemoryOrganizationService implements OrganizationService {
  private rowsByTable = new Map<string, Map<string, Attributes>>();
  private links = new Map<string, Set<string>>();
  private environment = new Map<string, string>();
  private idCounter = 0;

  /** Deterministic GUID-shaped ids, so failures read the same on every run. */
  newId(): string {
    this.idCounter += 1;
    return `00000000-0000-4000-8000-${this.idCounter.toString(16).padStart(12, "0")}`;
  }

  private rowsOf(logicalName: string): Map<string, Attributes> {
    let rows = this.rowsByTable.get(logicalName);
    if (!rows) this.rowsByTable.set(logicalName, (rows = new Map()));
    return rows;
  }

  private linksOf(relationship: RelationshipName): Set<string> {
    let links = this.links.get(relationship);
    if (!links) this.links.set(relationship, (links = new Set()));
    return links;
  }

  /** Adds a row and returns its reference; the primary id column is stored with the row, as the server does. */
  add<T extends AnyTable>(table: T, row: RowInput<T>, id: string = this.newId()): EntityReference {
    this.insert(table.logicalName, row as Attributes, id);
    return { logicalName: table.logicalName, id };
  }

  insert(logicalName: string, attributes: Attributes, id: string = this.newId()): string {
    const table = tableOf(logicalName);
    const rows = this.rowsOf(logicalName);
    if (rows.has(key(id))) throw new Error(`Cannot insert duplicate key: ${logicalName} ${id}`);
    rows.set(key(id), { ...attributes, [table.primaryIdAttribute]: id });
    return id;
  }

  update(logicalName: string, id: string, attributes: Attributes): void {
    const rows = this.rowsOf(logicalName);
    const row = rows.get(key(id));
    if (!row) throw new Error(`${logicalName} With Id = ${id} Does Not Exist`);
    rows.set(key(id), { ...row, ...attributes });
  }

  /** Deletes the row and its N:N links, as Dataverse removes intersect rows with the record. */
  remove(logicalName: string, id: string): void {
    this.rowsOf(logicalName).delete(key(id));
    for (const relationship of manyToManyRelationships) {
      const side = relationship.entity1 === logicalName ? 0 : relationship.entity2 === logicalName ? 1 : -1;
      if (side < 0) continue;
      const links = this.linksOf(relationship.schemaName);
      for (const link of [...links]) if (link.split("|")[side] === key(id)) links.delete(link);
    }
  }

  row(logicalName: string, id: string): Attributes | undefined {
    const row = this.rowsOf(logicalName).get(key(id));
    return row && { ...row };
  }

  rows(logicalName: string): Entity[] {
    const table = tableOf(logicalName);
    return [...this.rowsOf(logicalName).values()].map((attributes) => ({
      logicalName,
      id: String(attributes[table.primaryIdAttribute]),
      attributes: { ...attributes },
    }));
  }

  /** Links entity1 (the profile) to entity2; a second identical link fails as Dataverse's duplicate key does. */
  associate(relationship: RelationshipName, entity1Id: string, entity2Id: string): void {
    const links = this.linksOf(relationship);
    if (links.has(linkKey(entity1Id, entity2Id))) throw new Error(`Cannot insert duplicate key: ${relationship}`);
    links.add(linkKey(entity1Id, entity2Id));
  }

  disassociate(relationship: RelationshipName, entity1Id: string, entity2Id: string): void {
    this.linksOf(relationship).delete(linkKey(entity1Id, entity2Id));
  }

  isAssociated(relationship: RelationshipName, entity1Id: string, entity2Id: string): boolean {
    return this.linksOf(relationship).has(linkKey(entity1Id, entity2Id));
  }

  setEnvironmentVariable(schemaName: string, value: string | undefined): void {
    if (value === undefined) this.environment.delete(schemaName);
    else this.environment.set(schemaName, value);
  }

  /** Captures the whole state; calling the result puts it back (a rolled-back transaction). */
  snapshot(): () => void {
    const rows = new Map([...this.rowsByTable].map(([t, r]) => [t, new Map([...r].map(([id, a]) => [id, { ...a }]))]));
    const links = new Map([...this.links].map(([r, l]) => [r, new Set(l)]));
    const environment = new Map(this.environment);
    return () => {
      this.rowsByTable = rows;
      this.links = links;
      this.environment = environment;
    };
  }

  /** Performs a context's operation. Relationship contexts must be in the profile-side shape (see normalize). */
  apply(context: PluginExecutionContext): void {
    switch (context.messageName) {
      case "Create": {
        const { Target } = context.inputParameters;
        this.insert(Target.logicalName, Target.attributes, Target.id);
        return;
      }
      case "Update": {
        const { Target } = context.inputParameters;
        if (!Target.id) throw new Error("Update needs the target's id");
        this.update(Target.logicalName, Target.id, Target.attributes);
        return;
      }
      case "Delete":
        this.remove(context.inputParameters.Target.logicalName, context.inputParameters.Target.id);
        return;
      case "Associate":
      case "Disassociate": {
        const { Target, Relationship, RelatedEntities } = context.inputParameters;
        for (const related of RelatedEntities) {
          if (context.messageName === "Associate") this.associate(Relationship, Target.id, related.id);
          else this.disassociate(Relationship, Target.id, related.id);
        }
      }
    }
  }

  async retrieve(table: TableLogicalName, id: string, columns?: readonly string[]): Promise<Entity | undefined> {
    const row = this.rowsOf(table).get(key(id));
    return (
      row && {
        logicalName: table,
        id: String(row[tableOf(table).primaryIdAttribute]),
        attributes: project(row, columns),
      }
    );
  }

  async retrieveMultiple(
    table: TableLogicalName,
    conditions: readonly Condition[],
    columns?: readonly string[],
  ): Promise<Entity[]> {
    return this.rows(table)
      .filter((row) => conditions.every((c) => matches(row.attributes, c)))
      .map((row) => ({ ...row, attributes: project(row.attributes, columns) }));
  }

  async retrieveRelated(
    relationshipName: RelationshipName,
    record: EntityReference,
    table: TableLogicalName,
    columns?: readonly string[],
  ): Promise<Entity[]> {
    const relationship = relationshipOf(relationshipName);
    const fromSide = relationship.entity1 === record.logicalName ? 0 : 1;
    const ids = [...this.linksOf(relationshipName)]
      .map((link) => link.split("|"))
      .filter((pair) => pair[fromSide] === key(record.id))
      .map((pair) => pair[1 - fromSide]);
    const found = await Promise.all(ids.map((id) => this.retrieve(table, id, columns)));
    return found.filter((e): e is Entity => e !== undefined);
  }

  async getEnvironmentVariable(schemaName: string): Promise<string | undefined> {
    return this.environment.get(schemaName);
  }
}
