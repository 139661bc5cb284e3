/**
 * Creates the SQLite tables a solution defines, from its own definitions (the zip wins for DDL), with the same
 * layout functions the server uses for the schema module, and records them as installed. An upgrade adds the
 * columns and keys a newer version brings; nothing is ever dropped, as Dataverse keeps data on upgrade.
 */
import type Database from "better-sqlite3";
import {
  manyToManyRelationships,
  solutionTables,
  tables,
  type AnyTable,
  type Column,
  type ManyToManyRelationship,
  type TableDefinition,
} from "../../schema";
import { ident, intersectDdl, sqlType, tableDdl } from "../storage/layout";
import { ensureSdkMessages } from "./sdkMessages";
import type { SolutionStore } from "./store";

/** An N:N relationship as a solution defines it (the shape Solutions' reader gives). */
export interface RelationshipDefinition {
  readonly schemaName: string;
  readonly intersectEntityName: string;
  readonly entity1: string;
  readonly entity2: string;
}

export interface InstallPlan {
  readonly statements: string[];
  readonly installed: string[];
  /** What the server will not serve as the zip says, for the log. */
  readonly warnings: string[];
}

const known = new Map<string, AnyTable>(tables.map((t) => [t.logicalName, t]));

function existingColumns(db: Database.Database, table: string): Set<string> {
  const rows = db.prepare(`PRAGMA table_info(${ident(table)})`).all() as { name: string }[];
  return new Set(rows.map((r) => r.name));
}

/** layout.ts reads only the generic shape (names, columns, keys) of what it is given; a zip's table has that shape. */
const asLayoutTable = (table: TableDefinition): AnyTable => table as unknown as AnyTable;

function tableStatements(db: Database.Database, table: TableDefinition): string[] {
  const ddl = tableDdl(asLayoutTable(table));
  const existing = existingColumns(db, table.logicalName);
  if (existing.size === 0) return ddl;
  const added = Object.entries(table.columns as Record<string, Column>)
    .filter(([name]) => !existing.has(name))
    .map(([name, column]) => `ALTER TABLE ${ident(table.logicalName)} ADD COLUMN ${ident(name)} ${sqlType(column)}`);
  return [...added, ...ddl];
}

function differences(table: TableDefinition): string[] {
  const schema = known.get(table.logicalName);
  if (!schema) return [`table ${table.logicalName} is not in this server's schema: created, but not served`];
  const missing = Object.keys(schema.columns).filter((c) => !(c in table.columns));
  return missing.length
    ? [`table ${table.logicalName} lacks column(s) ${missing.join(", ")} that this server's code writes`]
    : [];
}

export function planInstall(
  db: Database.Database,
  definitions: readonly TableDefinition[],
  relationships: readonly RelationshipDefinition[],
): InstallPlan {
  const statements = definitions.flatMap((t) => tableStatements(db, t));
  const installed = definitions.map((t) => t.logicalName);
  const warnings = definitions.flatMap(differences);
  for (const relationship of relationships) {
    // Intersect columns are the two tables' primary ids as the server's code paths name them.
    if (!known.has(relationship.entity1) || !known.has(relationship.entity2)) {
      warnings.push(`relationship ${relationship.schemaName} relates a table this server does not know: skipped`);
      continue;
    }
    statements.push(...intersectDdl(relationship as unknown as ManyToManyRelationship));
    installed.push(relationship.intersectEntityName);
  }
  return { statements, installed, warnings };
}

/** Runs a plan inside the caller's transaction and records what it installed. */
export function applyInstall(db: Database.Database, store: SolutionStore, plan: InstallPlan, solution: string): void {
  for (const statement of plan.statements) db.exec(statement);
  store.recordTables(plan.installed, solution);
}

/** The demo seed installs the schema module's own tables, as `npm start` always has. */
export function installSchemaTables(db: Database.Database, store: SolutionStore): void {
  if (store.complete) return;
  const plan = planInstall(db, solutionTables, manyToManyRelationships);
  db.transaction(() => applyInstall(db, store, plan, "demo seed"))();
  store.settle(true);
  ensureSdkMessages(db);
}
