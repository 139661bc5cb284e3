/**
 * The SQLite layout, derived from the schema: one table per Dataverse table (named by its logical name,
 * a column per attribute, text compared without case as Dataverse's collation does), one intersect table
 * per N:N relationship, and the audit/version columns every Dataverse row has.
 */
import type Database from "better-sqlite3";
import { StateCode, StatusCode, type AnyTable, type Column, type ManyToManyRelationship } from "../../schema";
import { serverRelationships, serverTables } from "../platform";

/** Columns every row carries besides its attributes. `createdby`/`modifiedby` hold systemuser ids. */
export const auditColumns = {
  createdon: "TEXT NOT NULL",
  modifiedon: "TEXT NOT NULL",
  versionnumber: "INTEGER NOT NULL",
  createdby: "TEXT",
  modifiedby: "TEXT",
} as const;

/**
 * State and status reason: every Dataverse table has them, and a row starts Active (Learn:
 * data-platform/define-custom-state-model-transitions). Defaults in the DDL, so every insert gets them.
 */
export const stateColumns = {
  statecode: `INTEGER NOT NULL DEFAULT ${StateCode.Active.value}`,
  statuscode: `INTEGER NOT NULL DEFAULT ${StatusCode.Active.value}`,
} as const;

/** Lookups every table has to systemuser, exposed as `_createdby_value` and expandable as `createdby`. */
export const auditLookups = ["createdby", "modifiedby"] as const;

export function sqlType(column: Column): string {
  switch (column.type) {
    case "string":
    case "memo":
      return "TEXT COLLATE NOCASE";
    case "lookup":
      return "TEXT";
    case "boolean":
    case "choice":
    case "integer":
      return "INTEGER";
  }
}

/** Quote an identifier taken from the schema (never from a request). */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export function tableDdl(table: AnyTable): string[] {
  const columns = [
    `${ident(table.primaryIdAttribute)} TEXT PRIMARY KEY NOT NULL`,
    ...Object.entries(table.columns as Record<string, Column>).map(
      ([name, column]) => `${ident(name)} ${sqlType(column)}`,
    ),
    ...Object.entries(auditColumns).map(([name, type]) => `${ident(name)} ${type}`),
    ...Object.entries(stateColumns).map(([name, type]) => `${ident(name)} ${type}`),
  ];
  const ddl = [`CREATE TABLE IF NOT EXISTS ${ident(table.logicalName)} (${columns.join(", ")})`];
  for (const key of table.alternateKeys) {
    const cols = key.columns.map((c) => `${ident(c)} COLLATE NOCASE`).join(", ");
    ddl.push(
      `CREATE UNIQUE INDEX IF NOT EXISTS ${ident(`${table.logicalName}__${key.logicalName}`)} ON ${ident(table.logicalName)} (${cols})`,
    );
  }
  for (const [name, column] of Object.entries(table.columns as Record<string, Column>)) {
    if (column.type === "lookup") {
      ddl.push(
        `CREATE INDEX IF NOT EXISTS ${ident(`${table.logicalName}__${name}`)} ON ${ident(table.logicalName)} (${ident(name)})`,
      );
    }
  }
  return [...ddl, ...queryIndexDdl(table)];
}

/**
 * Indexes for the queries the product sends, so their time does not grow with the data (issue 10, "Speed that does
 * not depend on data size"): every table by its primary name (lists and searches sort by it), and the filters and
 * sort orders of the designer, the editor's pickers and the runtime's effective-profile query. Text columns are
 * NOCASE, so these indexes serve the case-insensitive comparisons and sorts Dataverse does.
 */
const queryIndexes: Readonly<Record<string, readonly (readonly string[])[]>> = {
  // runtime: apm_app eq X and (apm_isdefault eq true or users/any(...)) order by apm_isdefault, apm_name
  // designer: filter by app, sorted by name
  apm_appprofile: [["apm_app", "apm_isdefault", "apm_name"], ["apm_app", "apm_name"], ["apm_app"], ["apm_isdefault"]],
  // editor: apm_type eq Entity order by apm_name
  apm_sessiontemplate: [["apm_type", "apm_name"]],
  // editor and runtime: order by apm_sortorder, apm_name / apm_label
  apm_channelprovider: [["apm_sortorder", "apm_name"]],
};

/** The query indexes of one table, for the columns it has (a solution's table may have fewer). */
export function queryIndexDdl(table: AnyTable): string[] {
  const columns = table.columns as Record<string, Column>;
  const has = (name: string) => name in columns;
  const lists: (readonly string[])[] = [];
  if (has(table.primaryNameAttribute)) lists.push([table.primaryNameAttribute]);
  for (const list of queryIndexes[table.logicalName] ?? []) if (list.every(has)) lists.push(list);
  // The primary id ends every index: it is the last sort key of every page (and the keyset's tie-breaker).
  return lists.map(
    (list) =>
      `CREATE INDEX IF NOT EXISTS ${ident(`${table.logicalName}__q_${list.join("_")}`)} ON ${ident(table.logicalName)} (${[...list, table.primaryIdAttribute].map(ident).join(", ")})`,
  );
}

/** Intersect table columns are the two tables' primary id attributes, as in Dataverse. */
export function intersectColumns(relationship: ManyToManyRelationship): [string, string] {
  return [tableByName(relationship.entity1).primaryIdAttribute, tableByName(relationship.entity2).primaryIdAttribute];
}

export function intersectDdl(relationship: ManyToManyRelationship): string[] {
  const [a, b] = intersectColumns(relationship);
  const name = ident(relationship.intersectEntityName);
  return [
    `CREATE TABLE IF NOT EXISTS ${name} (${ident(a)} TEXT NOT NULL, ${ident(b)} TEXT NOT NULL, PRIMARY KEY (${ident(a)}, ${ident(b)}))`,
    // The primary key serves lookups from entity1; this one from entity2, covering, so any() reads no table rows.
    `CREATE INDEX IF NOT EXISTS ${ident(`${relationship.intersectEntityName}__${b}_${a}`)} ON ${name} (${ident(b)}, ${ident(a)})`,
  ];
}

export function tableByName(logicalName: string): AnyTable {
  const table = serverTables.find((t) => t.logicalName === logicalName);
  if (!table) throw new Error(`Unknown table '${logicalName}'`);
  return table;
}

export function tableByEntitySet(entitySetName: string): AnyTable | undefined {
  return serverTables.find((t) => t.entitySetName === entitySetName);
}

/** Creates every table and intersect table that does not exist yet. */
export function createSchema(db: Database.Database, only: readonly AnyTable[] = serverTables): void {
  const statements = [
    ...only.flatMap(tableDdl),
    ...serverRelationships.filter((r) => only.some((t) => t.logicalName === r.entity1)).flatMap(intersectDdl),
  ];
  db.transaction(() => {
    addMissingColumns(db, only);
    statements.forEach((s) => db.exec(s));
  })();
}

/**
 * A data folder written by an older version keeps its rows: every existing table gets the state columns (every row
 * Active), and the tables being created here get the columns the schema added since (platform tables' new columns).
 */
function addMissingColumns(db: Database.Database, only: readonly AnyTable[]): void {
  for (const table of serverTables) {
    const existing = new Set(
      (db.prepare(`PRAGMA table_info(${ident(table.logicalName)})`).all() as { name: string }[]).map((c) => c.name),
    );
    if (existing.size === 0) continue;
    const wanted: [string, string][] = Object.entries(stateColumns);
    if (only.includes(table)) {
      for (const [name, column] of Object.entries(table.columns as Record<string, Column>)) {
        // Rows already there get the column's default, as new rows would (an old user is enabled).
        const fallback =
          "defaultValue" in column && column.defaultValue !== undefined ? column.defaultValue : undefined;
        const defaultSql =
          fallback === undefined ? "" : ` DEFAULT ${typeof fallback === "boolean" ? Number(fallback) : fallback}`;
        wanted.push([name, `${sqlType(column)}${defaultSql}`]);
      }
    }
    for (const [name, type] of wanted) {
      if (!existing.has(name)) db.exec(`ALTER TABLE ${ident(table.logicalName)} ADD COLUMN ${ident(name)} ${type}`);
    }
  }
}
