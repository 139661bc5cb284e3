/**
 * Auditing (issue 14, History): which of our tables and columns Dataverse audits, and who may read the history.
 * Dataverse records an audit only when auditing is on for the environment, the table and the column (Learn:
 * power-platform/admin/manage-dataverse-auditing, "auditing overview"); a solution carries the table and column
 * settings as `IsAuditEnabled` in customizations.xml, as real exports do (real-exports/org-owned-table-entity.xml:
 * the table's `<IsAuditEnabled>1`, custom columns `1`, most system columns `0`). The packer writes these settings and
 * the local server records audits by them, so both read this one list.
 */
import { AdministratorRole } from "./labels";
import { AppProfile, ChannelProvider, manyToManyRelationships, SessionTemplate } from "./model";
import { STATE_COLUMN, STATUS_COLUMN } from "./state";

/** The audit table's `action` choices we record (Learn: reference/entities/audit, "Action choices/options"). */
export const AuditAction = {
  Create: 1,
  Update: 2,
  Delete: 3,
  AssociateEntities: 33,
  DisassociateEntities: 34,
} as const;

/** The audit table's `operation` choices (Learn: reference/entities/audit, "Operation choices/options"). */
export const AuditOperation = {
  Create: 1,
  Update: 2,
  Delete: 3,
} as const;

export interface TableAuditSettings {
  readonly table: string;
  /** The columns whose changes are recorded: each of the table's own, and its state and status reason. */
  readonly columns: readonly string[];
}

const everyColumn = (table: { logicalName: string; columns: Record<string, unknown> }): TableAuditSettings => ({
  table: table.logicalName,
  columns: [...Object.keys(table.columns), STATE_COLUMN, STATUS_COLUMN],
});

/** Our tables, audited with every column of theirs (a profile's history shows every change to it). */
export const auditedTables: readonly TableAuditSettings[] = [
  everyColumn(AppProfile),
  everyColumn(SessionTemplate),
  everyColumn(ChannelProvider),
];

const byTable = new Map(auditedTables.map((t) => [t.table, new Set(t.columns)]));

export function isTableAudited(table: string): boolean {
  return byTable.has(table);
}

export function isColumnAudited(table: string, column: string): boolean {
  return byTable.get(table)?.has(column) ?? false;
}

/**
 * The solution's N:N relationships: an associate or disassociate of a profile's templates, providers, users, roles
 * and teams is recorded on the profile, whose table is audited (Learn: reference/entities/audit, actions 33 and 34).
 */
export const auditedRelationships: readonly string[] = manyToManyRelationships.map((r) => r.schemaName);

/**
 * Reading history needs these privileges (Learn: "RetrieveRecordChangeHistory message privileges":
 * prvReadRecordAuditHistory; "RetrieveAuditDetails message privileges": prvReadRecordAuditHistory,
 * prvReadAuditPartitions, prvReadAuditSummary; "Audit (auditing) entity privileges"). They are not table privileges,
 * so the roles that read history carry them by name.
 */
export const AuditPrivilege = {
  readRecordAuditHistory: "prvReadRecordAuditHistory",
  readAuditSummary: "prvReadAuditSummary",
  readAuditPartitions: "prvReadAuditPartitions",
} as const;

/** Roles (by id) given every AuditPrivilege at Global depth: the administrators, whose editor shows the History tab. */
export const auditReaderRoleIds: readonly string[] = [AdministratorRole.id];
