/**
 * A profile's history from Dataverse's audit (issue 14): the documented read is `RetrieveRecordChangeHistory`
 * (Learn: webapi/reference/retrieverecordchangehistory), whose AuditDetailCollection holds, newest first, an
 * AttributeAuditDetail per create/update/delete (OldValue, NewValue) and a RelationshipAuditDetail per N:N
 * associate/disassociate (RelationshipName, TargetRecords). Pure: turns that answer into entries the editor's History
 * tab and Search by user show (who, when, what, old → new), filtered by kind and paged.
 */
import { AppProfile, manyToManyRelationships } from "../../../schema/model";
import { AuditAction } from "../../../schema/audit";

export type HistoryKind = "create" | "update" | "delete" | "associate" | "disassociate";
export type LinkKind = "sessionTemplates" | "channelProviders" | "users" | "roles" | "teams";

const linkByRelationship: ReadonlyMap<string, LinkKind> = new Map([
  ["apm_appprofile_sessiontemplate", "sessionTemplates"],
  ["apm_appprofile_channelprovider", "channelProviders"],
  ["apm_appprofile_systemuser", "users"],
  ["apm_appprofile_role", "roles"],
  ["apm_appprofile_team", "teams"],
]);

export interface ColumnChange {
  readonly column: string;
  readonly from: unknown;
  readonly to: unknown;
}

export interface HistoryEntry {
  readonly auditId: string;
  readonly kind: HistoryKind;
  /** ISO date-time, whole seconds, UTC. */
  readonly at: string;
  /** The systemuser who made the change. */
  readonly userId: string | null;
  /** Create, update, delete: the audited columns with their old and new values. */
  readonly changes: readonly ColumnChange[];
  /** Associate, disassociate: which link, and the record added or removed. */
  readonly link?: {
    readonly kind: LinkKind;
    readonly relationship: string;
    readonly relatedTable: string;
    readonly relatedId: string;
  };
}

export interface HistoryPage {
  readonly entries: readonly HistoryEntry[];
  readonly moreRecords: boolean;
  /** -1 when not asked for. */
  readonly totalRecordCount: number;
}

const kindOfAction: ReadonlyMap<number, HistoryKind> = new Map([
  [AuditAction.Create, "create"],
  [AuditAction.Update, "update"],
  [AuditAction.Delete, "delete"],
  [AuditAction.AssociateEntities, "associate"],
  [AuditAction.DisassociateEntities, "disassociate"],
]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The function's path for one page of a profile's history (Learn: webapi/reference/paginginfo). */
export function historyPath(profileId: string, page = 1, count = 50): string {
  const target = encodeURIComponent(JSON.stringify({ "@odata.id": `${AppProfile.entitySetName}(${profileId})` }));
  const paging = encodeURIComponent(JSON.stringify({ PageNumber: page, Count: count, ReturnTotalRecordCount: true }));
  return `RetrieveRecordChangeHistory(Target=@target,PagingInfo=@paging)?@target=${target}&@paging=${paging}`;
}

/** Reads a RetrieveRecordChangeHistoryResponse; details of kinds the product doesn't show are left out. */
export function readHistoryPage(body: unknown): HistoryPage {
  const collection = isObject(body) && isObject(body.AuditDetailCollection) ? body.AuditDetailCollection : {};
  const details = Array.isArray(collection.AuditDetails) ? collection.AuditDetails : [];
  return {
    entries: details.map(toEntry).filter((e): e is HistoryEntry => e !== undefined),
    moreRecords: collection.MoreRecords === true,
    totalRecordCount: typeof collection.TotalRecordCount === "number" ? collection.TotalRecordCount : -1,
  };
}

function toEntry(detail: unknown): HistoryEntry | undefined {
  if (!isObject(detail) || !isObject(detail.AuditRecord)) return undefined;
  const record = detail.AuditRecord;
  const kind = kindOfAction.get(record.action as number);
  if (!kind) return undefined;
  const base = {
    auditId: String(record.auditid),
    kind,
    at: String(record.createdon),
    userId: typeof record._userid_value === "string" ? record._userid_value : null,
  };
  if (kind === "associate" || kind === "disassociate") {
    const relationship = String(detail.RelationshipName ?? "");
    const linkKind = linkByRelationship.get(relationship);
    const [related] = Array.isArray(detail.TargetRecords) ? (detail.TargetRecords as Json[]) : [];
    if (!linkKind || !isObject(related)) return undefined;
    const relatedTable = String(related["@odata.type"] ?? "").replace(/^#Microsoft\.Dynamics\.CRM\./, "");
    const relatedId = Object.entries(related).find(([k, v]) => !k.startsWith("@") && typeof v === "string")?.[1];
    if (typeof relatedId !== "string") return undefined;
    return { ...base, changes: [], link: { kind: linkKind, relationship, relatedTable, relatedId } };
  }
  const before = isObject(detail.OldValue) ? detail.OldValue : {};
  const after = isObject(detail.NewValue) ? detail.NewValue : {};
  const columns = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((c) => !c.startsWith("@"));
  return {
    ...base,
    changes: columns.map((column) => ({ column, from: before[column] ?? null, to: after[column] ?? null })),
  };
}

/** The History tab's kind filter: all, or one kind. */
export function filterByKind(entries: readonly HistoryEntry[], kind: HistoryKind | "all"): HistoryEntry[] {
  return kind === "all" ? [...entries] : entries.filter((e) => e.kind === kind);
}

/** "Who assigned this user, when": the latest associate of the user to the profile, from the profile's history. */
export function whoAssigned(entries: readonly HistoryEntry[], userId: string): HistoryEntry | undefined {
  const id = userId.toLowerCase();
  return entries.find(
    (e) => e.kind === "associate" && e.link?.kind === "users" && e.link.relatedId.toLowerCase() === id,
  );
}

/** Every relationship the history can name is one of the solution's. */
export const historyRelationships = manyToManyRelationships.map((r) => r.schemaName);
