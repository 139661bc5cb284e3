/**
 * The OrganizationService the handlers read in the browser. It answers from what the control already loaded (so a
 * typical save makes no extra request), falls back to the repository for anything else, and applies each planned
 * associate/disassociate as the checks go, so later checks see the change set as the server will inside its
 * transaction (a move: the disassociation elsewhere comes before the association here).
 */
import type { RelationshipName, TableLogicalName } from "../../../schema/model";
import type { Condition, Entity, EntityReference, OrganizationService } from "../../../handlers/context";

const rowKey = (table: string, id: string) => `${table}|${id.toLowerCase()}`;
const relatedKey = (relationship: string, record: EntityReference, table: string) =>
  `${relationship}|${record.logicalName}|${record.id.toLowerCase()}|${table}`;

export interface KnownRelation {
  readonly relationship: RelationshipName;
  readonly record: EntityReference;
  readonly table: TableLogicalName;
  /** Every related row (the list must be complete for this record). */
  readonly rows: readonly Entity[];
}

export interface KnownData {
  readonly rows?: readonly Entity[];
  readonly relations?: readonly KnownRelation[];
  readonly environmentVariables?: Readonly<Record<string, string | undefined>>;
}

export class SimulatedService implements OrganizationService {
  private readonly rows = new Map<string, Entity>();
  private readonly related = new Map<string, Set<string>>();
  /** Changes to relations not loaded yet, applied when they are. */
  private readonly pending = new Map<string, { add: Set<string>; remove: Set<string> }>();
  private readonly environment = new Map<string, string | undefined>();

  constructor(
    private readonly fallback: OrganizationService,
    known: KnownData = {},
  ) {
    known.rows?.forEach((row) => this.remember(row));
    known.relations?.forEach((relation) => {
      relation.rows.forEach((row) => this.remember(row));
      this.related.set(
        relatedKey(relation.relationship, relation.record, relation.table),
        new Set(relation.rows.map((r) => (r.id ?? "").toLowerCase())),
      );
    });
    Object.entries(known.environmentVariables ?? {}).forEach(([name, value]) => this.environment.set(name, value));
  }

  private remember(row: Entity): void {
    if (row.id) this.rows.set(rowKey(row.logicalName, row.id), row);
  }

  async retrieve(table: TableLogicalName, id: string, columns?: readonly string[]): Promise<Entity | undefined> {
    const known = this.rows.get(rowKey(table, id));
    // A known row answers only when it carries every column asked for.
    if (known && (columns ?? []).every((c) => c in known.attributes)) return known;
    const row = await this.fallback.retrieve(table, id, columns);
    if (row && columns === undefined) this.remember(row);
    return row;
  }

  retrieveMultiple(table: TableLogicalName, conditions: readonly Condition[], columns?: readonly string[]) {
    return this.fallback.retrieveMultiple(table, conditions, columns);
  }

  async retrieveRelated(
    relationship: RelationshipName,
    record: EntityReference,
    table: TableLogicalName,
    columns?: readonly string[],
  ): Promise<Entity[]> {
    const key = relatedKey(relationship, record, table);
    let ids = this.related.get(key);
    if (!ids) {
      const loaded = await this.fallback.retrieveRelated(relationship, record, table, columns);
      loaded.forEach((row) => this.remember(row));
      ids = new Set(loaded.map((r) => (r.id ?? "").toLowerCase()));
      const delta = this.pending.get(key);
      delta?.remove.forEach((id) => ids?.delete(id));
      delta?.add.forEach((id) => ids?.add(id));
      this.related.set(key, ids);
    }
    const result: Entity[] = [];
    for (const id of ids) {
      const row = await this.retrieve(table, id);
      if (row) result.push(row);
    }
    return result;
  }

  async getEnvironmentVariable(schemaName: string): Promise<string | undefined> {
    if (this.environment.has(schemaName)) return this.environment.get(schemaName);
    const value = await this.fallback.getEnvironmentVariable(schemaName);
    this.environment.set(schemaName, value);
    return value;
  }

  /** Records an associate or disassociate as done, on both sides of the relationship. */
  apply(kind: "associate" | "disassociate", relationship: RelationshipName, a: EntityReference, b: EntityReference) {
    this.change(kind, relatedKey(relationship, a, b.logicalName), b.id);
    this.change(kind, relatedKey(relationship, b, a.logicalName), a.id);
  }

  private change(kind: "associate" | "disassociate", key: string, id: string): void {
    const lower = id.toLowerCase();
    const ids = this.related.get(key);
    if (ids) {
      if (kind === "associate") ids.add(lower);
      else ids.delete(lower);
      return;
    }
    const delta = this.pending.get(key) ?? { add: new Set<string>(), remove: new Set<string>() };
    (kind === "associate" ? delta.add : delta.remove).add(lower);
    (kind === "associate" ? delta.remove : delta.add).delete(lower);
    this.pending.set(key, delta);
  }
}
