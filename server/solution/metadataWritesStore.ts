/**
 * What the metadata Web API created in this environment, kept in SQLite beside the rows so a restart (and
 * ExportSolution) sees it: publishers, unmanaged solutions created with `POST solutions`, table definitions as they
 * grew column by column, global option sets, N:N relationships, and roles with their privileges.
 */
import type Database from "better-sqlite3";
import type { ChoiceOption, TableDefinition } from "../../schema";
import type { RelationshipDefinition } from "./install";
import { nameBasedGuid } from "./metadataIds";
import { upsertRoleRow } from "../platformRows";

export const metadataStoreDdl = [
  `CREATE TABLE IF NOT EXISTS server_metadata (kind TEXT NOT NULL, name TEXT NOT NULL COLLATE NOCASE, solution TEXT, definition TEXT NOT NULL, PRIMARY KEY (kind, name))`,
];

export interface PublisherRecord {
  readonly publisherid: string;
  readonly uniquename: string;
  readonly friendlyname: string;
  readonly customizationprefix: string;
  readonly customizationoptionvalueprefix: number;
}

export interface SolutionRecord {
  readonly solutionid: string;
  readonly uniquename: string;
  readonly friendlyname: string;
  readonly version: string;
  readonly publisherid: string;
}

export interface OptionSetRecord {
  readonly metadataId: string;
  readonly name: string;
  readonly displayName: string;
  readonly description?: string;
  readonly options: readonly ChoiceOption[];
}

export interface ManyToManyRecord extends RelationshipDefinition {
  readonly metadataId: string;
  readonly entity1NavigationProperty: string;
  readonly entity2NavigationProperty: string;
}

export interface RoleRecord {
  readonly roleid: string;
  readonly name: string;
  readonly description: string;
  readonly businessunitid: string;
  /** Privilege name -> depth. */
  readonly privileges: Readonly<Record<string, string>>;
}

interface Kinds {
  publisher: PublisherRecord;
  solution: SolutionRecord;
  entity: TableDefinition;
  optionset: OptionSetRecord;
  relationship: ManyToManyRecord;
  role: RoleRecord;
  /** The zip an ImportSolution brought, base64, for ExportSolution. */
  package: { readonly zip: string };
}
export type MetadataKind = keyof Kinds;

/**
 * A stable GUID for a metadata item (MetadataId, privilegeid), the same name-based ids the EntityDefinitions read
 * gives (metadataIds.ts): `metadataGuid("entity", name)` is `entityMetadataId(name)`, and so on for each kind.
 */
export const metadataGuid = (kind: string, ...parts: string[]): string =>
  nameBasedGuid(`${kind}:${parts.map((p) => p.toLowerCase()).join(".")}`);

const stores = new WeakMap<Database.Database, MetadataStore>();

export class MetadataStore {
  static of(db: Database.Database): MetadataStore {
    let store = stores.get(db);
    if (!store) stores.set(db, (store = new MetadataStore(db)));
    return store;
  }

  private constructor(private readonly db: Database.Database) {
    for (const ddl of metadataStoreDdl) db.exec(ddl);
  }

  get<K extends MetadataKind>(kind: K, name: string): Kinds[K] | undefined {
    const row = this.db
      .prepare("SELECT definition FROM server_metadata WHERE kind = ? AND name = ?")
      .get(kind, name) as { definition: string } | undefined;
    return row ? (JSON.parse(row.definition) as Kinds[K]) : undefined;
  }

  all<K extends MetadataKind>(kind: K): Kinds[K][] {
    const rows = this.db.prepare("SELECT definition FROM server_metadata WHERE kind = ? ORDER BY rowid").all(kind) as {
      definition: string;
    }[];
    return rows.map((r) => JSON.parse(r.definition) as Kinds[K]);
  }

  /** Inserts or replaces; call inside the request's transaction. */
  put<K extends MetadataKind>(kind: K, name: string, value: Kinds[K], solution?: string): void {
    this.db
      .prepare(
        "INSERT INTO server_metadata (kind, name, solution, definition) VALUES (?, ?, ?, ?) " +
          "ON CONFLICT(kind, name) DO UPDATE SET definition = excluded.definition, solution = COALESCE(excluded.solution, server_metadata.solution)",
      )
      .run(kind, name, solution ?? null, JSON.stringify(value));
    // A role is a row of the platform's `role` table too: `roles` reads and the privilege checks see one truth.
    if (kind === "role") upsertRoleRow(this.db, value as RoleRecord);
  }

  /** Names of the items of `kind` that `solution` holds, in creation order. */
  inSolution(kind: MetadataKind, solution: string): string[] {
    const rows = this.db
      .prepare("SELECT name FROM server_metadata WHERE kind = ? AND solution = ? COLLATE NOCASE ORDER BY rowid")
      .all(kind, solution) as { name: string }[];
    return rows.map((r) => r.name);
  }
}
