/**
 * Records audits as Dataverse does for the audited tables and columns of schema/audit.ts (Learn:
 * power-platform/admin/manage-dataverse-auditing, "auditing overview"; reference/entities/audit): one `audit` row per
 * Create, Update that changes an audited column (old and new values of those columns only), Delete, and N:N
 * Associate/Disassociate (actions 33/34) on the audited record. Written by the pipeline inside the write's own
 * transaction, so a refused or rolled-back write leaves no audit, and every audit names who and when.
 */
import type Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import type { AnyTable, ManyToManyRelationship } from "../schema";
import { AuditAction, AuditOperation, auditedRelationships, auditedTables, isTableAudited } from "../schema/audit";
import type { RawRow } from "./storage/rows";
import { prepare } from "./storage/statements";

export const AUDIT_TABLE = "audit";

const ddl = [
  `CREATE TABLE IF NOT EXISTS ${AUDIT_TABLE} (` +
    "seq INTEGER PRIMARY KEY AUTOINCREMENT, auditid TEXT NOT NULL UNIQUE, createdon TEXT NOT NULL, " +
    "action INTEGER NOT NULL, operation INTEGER NOT NULL, objecttypecode TEXT NOT NULL, objectid TEXT NOT NULL, " +
    "userid TEXT, transactionid TEXT, attributemask TEXT, changedata TEXT, " +
    "relationshipname TEXT, relatedtypecode TEXT, relatedid TEXT)",
  `CREATE INDEX IF NOT EXISTS audit__object ON ${AUDIT_TABLE} (objectid, seq)`,
];
const ready = new WeakSet<Database.Database>();

/** Creates the audit table once per connection (a data folder from before auditing gets it at the next write). */
export function ensureAuditTable(db: Database.Database): void {
  if (ready.has(db)) return;
  for (const statement of ddl) db.exec(statement);
  ready.add(db);
}

export interface ChangedAttribute {
  readonly logicalName: string;
  readonly oldValue: unknown;
  readonly newValue: unknown;
}

/**
 * A column's number in the audit's `attributemask` (Dataverse lists the changed columns' ColumnNumber metadata as a
 * comma-separated list): the local server numbers an audited table's columns in schema/audit.ts order, from 1.
 */
export function columnNumber(table: string, column: string): number | undefined {
  const index = auditedTables.find((t) => t.table === table)?.columns.indexOf(column) ?? -1;
  return index < 0 ? undefined : index + 1;
}

const norm = (value: unknown) => (value === undefined || value === "" ? null : value);

interface AuditRow {
  action: number;
  operation: number;
  table: string;
  id: string;
  userId: string;
  transactionId: string;
  changes?: readonly ChangedAttribute[];
  relationship?: string;
  related?: { logicalName: string; id: string };
}

function insertAudit(db: Database.Database, row: AuditRow): void {
  ensureAuditTable(db);
  const mask = row.changes ? `,${row.changes.map((c) => columnNumber(row.table, c.logicalName)).join(",")},` : null;
  prepare(
    db,
    `INSERT INTO ${AUDIT_TABLE} (auditid, createdon, action, operation, objecttypecode, objectid, userid, transactionid, attributemask, changedata, relationshipname, relatedtypecode, relatedid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    randomUUID(),
    new Date().toISOString(),
    row.action,
    row.operation,
    row.table,
    row.id.toLowerCase(),
    row.userId,
    row.transactionId,
    mask,
    row.changes ? JSON.stringify({ changedAttributes: row.changes }) : null,
    row.relationship ?? null,
    row.related?.logicalName ?? null,
    row.related?.id.toLowerCase() ?? null,
  );
}

/** The audited columns whose value differs between two images (values compared as the Web API shows them). */
export function changedAudited(table: string, before: RawRow | undefined, after: RawRow): ChangedAttribute[] {
  const settings = auditedTables.find((t) => t.table === table);
  if (!settings) return [];
  const changes: ChangedAttribute[] = [];
  for (const column of settings.columns) {
    const oldValue = norm(before?.[column]);
    const newValue = norm(after[column]);
    if (oldValue !== newValue) changes.push({ logicalName: column, oldValue, newValue });
  }
  return changes;
}

export interface AuditContext {
  readonly userId: string;
  /** One id for every audit of one pipeline call (Dataverse's transactionid). */
  readonly transactionId: string;
}

export function auditCreate(db: Database.Database, table: AnyTable, id: string, after: RawRow, context: AuditContext) {
  if (!isTableAudited(table.logicalName)) return;
  const changes = changedAudited(table.logicalName, undefined, after);
  insertAudit(db, {
    action: AuditAction.Create,
    operation: AuditOperation.Create,
    table: table.logicalName,
    id,
    changes,
    ...ids(context),
  });
}

/** An update is audited only when an audited column changed (Learn: auditing overview, "changes to … columns"). */
export function auditUpdate(
  db: Database.Database,
  table: AnyTable,
  id: string,
  before: RawRow,
  after: RawRow,
  context: AuditContext,
) {
  if (!isTableAudited(table.logicalName)) return;
  const changes = changedAudited(table.logicalName, before, after);
  if (changes.length === 0) return;
  insertAudit(db, {
    action: AuditAction.Update,
    operation: AuditOperation.Update,
    table: table.logicalName,
    id,
    changes,
    ...ids(context),
  });
}

export function auditDelete(db: Database.Database, table: AnyTable, id: string, before: RawRow, context: AuditContext) {
  if (!isTableAudited(table.logicalName)) return;
  const changes = changedAudited(table.logicalName, before, {});
  insertAudit(db, {
    action: AuditAction.Delete,
    operation: AuditOperation.Delete,
    table: table.logicalName,
    id,
    changes,
    ...ids(context),
  });
}

/** Associate/Disassociate: recorded on entity1's record (the profile), naming the relationship and the other record. */
export function auditRelationship(
  db: Database.Database,
  message: "Associate" | "Disassociate",
  relationship: ManyToManyRelationship,
  entity1Id: string,
  entity2Id: string,
  context: AuditContext,
) {
  if (!auditedRelationships.includes(relationship.schemaName) || !isTableAudited(relationship.entity1)) return;
  insertAudit(db, {
    action: message === "Associate" ? AuditAction.AssociateEntities : AuditAction.DisassociateEntities,
    operation: AuditOperation.Update,
    table: relationship.entity1,
    id: entity1Id,
    relationship: relationship.schemaName,
    related: { logicalName: relationship.entity2, id: entity2Id },
    ...ids(context),
  });
}

const ids = (context: AuditContext) => ({ userId: context.userId, transactionId: context.transactionId });

export interface StoredAudit {
  readonly seq: number;
  readonly auditid: string;
  readonly createdon: string;
  readonly action: number;
  readonly operation: number;
  readonly objecttypecode: string;
  readonly objectid: string;
  readonly userid: string | null;
  readonly transactionid: string | null;
  readonly attributemask: string | null;
  readonly changedata: string | null;
  readonly relationshipname: string | null;
  readonly relatedtypecode: string | null;
  readonly relatedid: string | null;
}

/** A record's audits, newest first (Dataverse's order for a record's change history), a page at a time. */
export function readRecordAudits(
  db: Database.Database,
  objectId: string,
  offset: number,
  count: number,
): { rows: StoredAudit[]; total: number } {
  if (!hasAuditTable(db)) return { rows: [], total: 0 };
  const id = objectId.toLowerCase();
  const rows = prepare(db, `SELECT * FROM ${AUDIT_TABLE} WHERE objectid = ? ORDER BY seq DESC LIMIT ? OFFSET ?`).all(
    id,
    count,
    offset,
  ) as StoredAudit[];
  const total = (prepare(db, `SELECT COUNT(*) AS n FROM ${AUDIT_TABLE} WHERE objectid = ?`).get(id) as { n: number }).n;
  return { rows, total };
}

export function readAudit(db: Database.Database, auditId: string): StoredAudit | undefined {
  if (!hasAuditTable(db)) return undefined;
  return prepare(db, `SELECT * FROM ${AUDIT_TABLE} WHERE auditid = ?`).get(auditId.toLowerCase()) as
    | StoredAudit
    | undefined;
}

/** Reads go through the read-only connection, which can't create the table: no table yet means no audits yet. */
export function hasAuditTable(db: Database.Database): boolean {
  if (ready.has(db)) return true;
  const found = prepare(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(AUDIT_TABLE);
  if (found) ready.add(db);
  return !!found;
}
