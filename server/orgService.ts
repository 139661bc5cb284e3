/** The handlers' OrganizationService over the writer connection, so a handler sees its own transaction's rows. */
import type Database from "better-sqlite3";
import { ChatLicenseVariable, EnvironmentVariableDefinition, EnvironmentVariableValue, type Column } from "../schema";
import { serverRelationships } from "./platform";
import type { Condition, Entity, OrganizationService } from "../handlers/context";
import { ident, tableByName } from "./storage/layout";
import { fromSql, prepare, readRow, relatedIds, type RawRow } from "./storage/rows";

function toEntity(logicalName: string, idAttribute: string, row: RawRow, columns?: readonly string[]): Entity {
  const attributes = columns ? Object.fromEntries(columns.map((c) => [c, row[c] ?? null])) : { ...row };
  return { logicalName, id: String(row[idAttribute]), attributes };
}

function checkedColumn(logicalName: string, attribute: string): string {
  const table = tableByName(logicalName);
  const known = attribute === table.primaryIdAttribute || attribute in (table.columns as Record<string, Column>);
  if (!known) throw new Error(`Handler asked for unknown column '${attribute}' of '${logicalName}'`);
  return ident(attribute);
}

export function createOrganizationService(db: Database.Database): OrganizationService {
  return {
    async retrieve(logicalName, id, columns) {
      const table = tableByName(logicalName);
      const row = readRow(db, table, id.toLowerCase());
      return row && toEntity(logicalName, table.primaryIdAttribute, row, columns);
    },
    async retrieveMultiple(logicalName, conditions: readonly Condition[], columns) {
      const table = tableByName(logicalName);
      const params: unknown[] = [];
      const where = conditions.map((c) => {
        const column = checkedColumn(logicalName, c.attribute);
        if (c.value === null) return `${column} IS ${c.operator === "ne" ? "NOT " : ""}NULL`;
        if (c.operator === "in") {
          const values = c.value as readonly (string | number)[];
          params.push(...values);
          return values.length ? `${column} IN (${values.map(() => "?").join(", ")})` : "0";
        }
        params.push(typeof c.value === "boolean" ? Number(c.value) : c.value);
        return `${column} ${c.operator === "eq" ? "=" : "<>"} ?`;
      });
      const sql = `SELECT * FROM ${ident(table.logicalName)}${where.length ? ` WHERE ${where.join(" AND ")}` : ""}`;
      const rows = prepare(db, sql).all(...params) as Record<string, unknown>[];
      return rows.map((r) => toEntity(logicalName, table.primaryIdAttribute, fromSql(table, r), columns));
    },
    async retrieveRelated(relationshipName, record, logicalName, columns) {
      const relationship = serverRelationships.find((r) => r.schemaName === relationshipName);
      if (!relationship) throw new Error(`Unknown relationship '${relationshipName}'`);
      const side = relationship.entity1 === record.logicalName ? "entity1" : "entity2";
      const table = tableByName(logicalName);
      return relatedIds(db, relationship, side, record.id.toLowerCase())
        .map((id) => readRow(db, table, id))
        .filter((row): row is RawRow => !!row)
        .map((row) => toEntity(logicalName, table.primaryIdAttribute, row, columns));
    },
    async getEnvironmentVariable(schemaName) {
      return readEnvironmentVariable(db, schemaName);
    },
  };
}

/** The value row wins over the definition's default, as in Dataverse. */
export function readEnvironmentVariable(db: Database.Database, schemaName: string): string | undefined {
  const def = EnvironmentVariableDefinition;
  const val = EnvironmentVariableValue;
  const row = prepare(
    db,
    `SELECT v.${ident("value")} AS value, d.${ident("defaultvalue")} AS defaultvalue FROM ${ident(def.logicalName)} d ` +
      `LEFT JOIN ${ident(val.logicalName)} v ON v.${ident("environmentvariabledefinitionid")} = d.${ident(def.primaryIdAttribute)} ` +
      `WHERE d.${ident("schemaname")} = ?`,
  ).get(schemaName) as { value: string | null; defaultvalue: string | null } | undefined;
  return row?.value ?? row?.defaultvalue ?? undefined;
}

export { ChatLicenseVariable };
