/** Row-level SQL for writes and for the handlers' reads. Identifiers come from the schema only. */
import type Database from "better-sqlite3";
import type { AnyTable, Column, ManyToManyRelationship } from "../../schema";
import { serverRelationships, serverTables } from "../platform";
import { DataverseError } from "../errors";
import { nextVersion } from "../db";
import { ident, intersectColumns, tableByName } from "./layout";
import { prepare } from "./statements";

export type Value = string | number | boolean | null;
export type RawRow = Record<string, Value>;

const columnsOf = (table: AnyTable) => table.columns as Record<string, Column>;
const toSql = (value: Value): string | number | null => (typeof value === "boolean" ? (value ? 1 : 0) : value);

/** SQLite gives booleans back as 0/1; turn them into booleans again. */
export function fromSql(table: AnyTable, row: Record<string, unknown>): RawRow {
  const out: RawRow = {};
  for (const [name, value] of Object.entries(row)) {
    const column = columnsOf(table)[name];
    out[name] = column?.type === "boolean" && value !== null ? value === 1 : (value as Value);
  }
  return out;
}

export { prepare };

export function readRow(db: Database.Database, table: AnyTable, id: string): RawRow | undefined {
  const row = prepare(db, `SELECT * FROM ${ident(table.logicalName)} WHERE ${ident(table.primaryIdAttribute)} = ?`).get(
    id,
  );
  return row ? fromSql(table, row as Record<string, unknown>) : undefined;
}

/** Finds a row by an alternate key, ignoring case as Dataverse does. */
export function findIdByKey(db: Database.Database, table: AnyTable, key: Record<string, Value>): string | undefined {
  const names = Object.keys(key);
  const where = names.map((n) => `${ident(n)} = ?`).join(" AND ");
  const row = prepare(
    db,
    `SELECT ${ident(table.primaryIdAttribute)} AS id FROM ${ident(table.logicalName)} WHERE ${where}`,
  ).get(...names.map((n) => toSql(key[n]))) as { id: string } | undefined;
  return row?.id;
}

export function insertRow(
  db: Database.Database,
  table: AnyTable,
  id: string,
  attributes: RawRow,
  userId: string,
): number {
  const now = new Date().toISOString();
  const version = nextVersion(db);
  const defaults = Object.fromEntries(
    Object.entries(columnsOf(table))
      .filter(([, c]) => "defaultValue" in c && c.defaultValue !== undefined)
      .map(([name, c]) => [name, (c as { defaultValue: Value }).defaultValue]),
  );
  const values: RawRow = {
    ...defaults,
    ...attributes,
    [table.primaryIdAttribute]: id,
    createdon: now,
    modifiedon: now,
    versionnumber: version,
    createdby: userId,
    modifiedby: userId,
  };
  const names = Object.keys(values);
  try {
    prepare(
      db,
      `INSERT INTO ${ident(table.logicalName)} (${names.map(ident).join(", ")}) VALUES (${names.map(() => "?").join(", ")})`,
    ).run(...names.map((n) => toSql(values[n])));
  } catch (error) {
    throw uniqueViolation(error, table) ?? error;
  }
  return version;
}

export function updateRow(
  db: Database.Database,
  table: AnyTable,
  id: string,
  attributes: RawRow,
  userId: string,
): number {
  const version = nextVersion(db);
  const values: RawRow = {
    ...attributes,
    modifiedon: new Date().toISOString(),
    versionnumber: version,
    modifiedby: userId,
  };
  const names = Object.keys(values);
  try {
    prepare(
      db,
      `UPDATE ${ident(table.logicalName)} SET ${names.map((n) => `${ident(n)} = ?`).join(", ")} WHERE ${ident(table.primaryIdAttribute)} = ?`,
    ).run(...names.map((n) => toSql(values[n])), id);
  } catch (error) {
    throw uniqueViolation(error, table) ?? error;
  }
  return version;
}

/** Deletes a row with its N:N links and the rows whose parental lookup points at it. */
export function deleteRow(db: Database.Database, table: AnyTable, id: string): void {
  for (const relationship of serverRelationships) {
    const [a, b] = intersectColumns(relationship);
    if (relationship.entity1 === table.logicalName) {
      prepare(db, `DELETE FROM ${ident(relationship.intersectEntityName)} WHERE ${ident(a)} = ?`).run(id);
    }
    if (relationship.entity2 === table.logicalName) {
      prepare(db, `DELETE FROM ${ident(relationship.intersectEntityName)} WHERE ${ident(b)} = ?`).run(id);
    }
  }
  for (const child of serverTables) {
    for (const [name, column] of Object.entries(columnsOf(child))) {
      if (column.type === "lookup" && column.target === table.logicalName) {
        prepare(db, `DELETE FROM ${ident(child.logicalName)} WHERE ${ident(name)} = ?`).run(id);
      }
    }
  }
  prepare(db, `DELETE FROM ${ident(table.logicalName)} WHERE ${ident(table.primaryIdAttribute)} = ?`).run(id);
}

export function isAssociated(
  db: Database.Database,
  relationship: ManyToManyRelationship,
  id1: string,
  id2: string,
): boolean {
  const [a, b] = intersectColumns(relationship);
  return !!prepare(
    db,
    `SELECT 1 FROM ${ident(relationship.intersectEntityName)} WHERE ${ident(a)} = ? AND ${ident(b)} = ?`,
  ).get(id1, id2);
}

export function associate(db: Database.Database, relationship: ManyToManyRelationship, id1: string, id2: string): void {
  if (isAssociated(db, relationship, id1, id2)) {
    throw new DataverseError(
      "DuplicateRecord",
      `Cannot insert duplicate key: these records are already associated through '${relationship.schemaName}'.`,
      400,
    );
  }
  const [a, b] = intersectColumns(relationship);
  prepare(db, `INSERT INTO ${ident(relationship.intersectEntityName)} (${ident(a)}, ${ident(b)}) VALUES (?, ?)`).run(
    id1,
    id2,
  );
}

export function disassociate(
  db: Database.Database,
  relationship: ManyToManyRelationship,
  id1: string,
  id2: string,
): void {
  const [a, b] = intersectColumns(relationship);
  prepare(db, `DELETE FROM ${ident(relationship.intersectEntityName)} WHERE ${ident(a)} = ? AND ${ident(b)} = ?`).run(
    id1,
    id2,
  );
}

/** Ids of the rows related to `id` (on `side`) through the relationship. */
export function relatedIds(
  db: Database.Database,
  relationship: ManyToManyRelationship,
  side: "entity1" | "entity2",
  id: string,
): string[] {
  const [a, b] = intersectColumns(relationship);
  const [from, to] = side === "entity1" ? [a, b] : [b, a];
  const rows = prepare(
    db,
    `SELECT ${ident(to)} AS id FROM ${ident(relationship.intersectEntityName)} WHERE ${ident(from)} = ?`,
  ).all(id) as { id: string }[];
  return rows.map((r) => r.id);
}

function uniqueViolation(error: unknown, table: AnyTable): DataverseError | undefined {
  const code = (error as { code?: string }).code;
  if (code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    return new DataverseError("DuplicateRecord", `A record with matching key values already exists.`);
  }
  if (code !== "SQLITE_CONSTRAINT_UNIQUE") return undefined;
  // "UNIQUE constraint failed: apm_appprofile.apm_uniquename": the columns name the alternate key.
  const failed = new Set(((error as Error).message.split(": ")[1] ?? "").split(", ").map((c) => c.split(".").pop()));
  const key =
    table.alternateKeys.find((k) => k.columns.length === failed.size && k.columns.every((c) => failed.has(c))) ??
    table.alternateKeys[0];
  const columns = (key?.columns ?? []).map((c) => columnsOf(table)[c]?.displayName ?? c).join(", ");
  const keyName = key?.displayName ?? "";
  // DuplicateRecordEntityKey, worded as Dataverse words it (fidelity S19, a live 412 body).
  return new DataverseError(
    "DuplicateRecordEntityKey",
    `Entity Key ${keyName} violated. A record with the same value for ${columns} already exists. ` +
      `A duplicate record cannot be created. Select one or more unique values and try again.`,
    undefined,
    [keyName, columns],
  );
}

export { tableByName };
