/**
 * A profile's history read from the audit table, the way that works in an environment: Learn notes that the Web API's
 * RetrieveRecordChangeHistory answers its AuditDetails *without* AuditRecord, "so no data about who made the change
 * and when it was made is available" (Learn: data-platform/auditing/retrieve-audit-data, "RetrieveRecordChangeHistory
 * Message"). So who, when and what kind come from the `audits` rows (the record's rows, newest first, filtered by
 * `action`; `_userid_value` with its FormattedValue annotation), and each row's old → new or linked record from
 * `audits(<id>)/Microsoft.Dynamics.CRM.RetrieveAuditDetails()` (same page, "RetrieveAuditDetails Message"), whose
 * values carry formatted values (option labels, lookup names) with `Prefer: odata.include-annotations="*"`.
 * Pure: paths and readers; the requests are in historySource.ts.
 */
import type { ColumnChange, HistoryKind, LinkKind } from "./auditHistory";

const NS = "Microsoft.Dynamics.CRM.";
const FORMATTED = "@OData.Community.Display.V1.FormattedValue";
/** The audit table's largest page (Learn: webapi/query/page-results: up to 5,000 rows). */
export const MAX_AUDIT_ROWS = 5000;

/** The kinds the History tab filters by, with the audit `action` each is (Learn: reference/entities/audit). */
export const historyFilterKinds = ["create", "update", "associate", "disassociate"] as const;
export type HistoryFilter = (typeof historyFilterKinds)[number] | "all";

/** schema/audit.ts's AuditAction, repeated: that module names the solution's roles, which no bundle carries. */
const actionOfKind: Readonly<Record<HistoryKind, number>> = {
  create: 1,
  update: 2,
  delete: 3,
  associate: 33,
  disassociate: 34,
};
const kindOfAction = new Map<number, HistoryKind>(
  (Object.entries(actionOfKind) as [HistoryKind, number][]).map(([kind, action]) => [action, kind]),
);

const linkByRelationship: ReadonlyMap<string, LinkKind> = new Map([
  ["apm_appprofile_sessiontemplate", "sessionTemplates"],
  ["apm_appprofile_channelprovider", "channelProviders"],
  ["apm_appprofile_systemuser", "users"],
  ["apm_appprofile_role", "roles"],
  ["apm_appprofile_team", "teams"],
]);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The profile's audit rows, newest first, only those of one kind when filtered (all: every row; readAuditRows leaves
 * out the kinds the tab doesn't show). Pages come from `Prefer: odata.maxpagesize` and `@odata.nextLink` (the audit
 * table takes no `$skip`; Learn: webapi/query/page-results); `top` caps a one-off read.
 */
export function auditRowsPath(profileId: string, filter: HistoryFilter, top?: number): string {
  if (!GUID.test(profileId)) throw new Error(`'${profileId}' is not an id (a GUID).`);
  const id = `_objectid_value eq ${profileId.toLowerCase()}`;
  const where = filter === "all" ? id : `${id} and action eq ${actionOfKind[filter]}`;
  const rows = top === undefined ? "" : `&$top=${Math.min(Math.max(1, Math.floor(top)), MAX_AUDIT_ROWS)}`;
  return (
    `audits?$select=auditid,action,createdon,_userid_value&$filter=${encodeURIComponent(where)}` +
    `&$orderby=${encodeURIComponent("createdon desc")}${rows}`
  );
}

/**
 * The next page's path from an answer's `@odata.nextLink` (an absolute URL of the same Web API), relative to the Web
 * API root as the transport takes it; undefined on the last page or for a link elsewhere than the audit table.
 */
export function nextAuditRowsPath(body: unknown, webApiPath: string): string | undefined {
  const link = isObject(body) ? body["@odata.nextLink"] : undefined;
  if (typeof link !== "string") return undefined;
  const at = link.indexOf(webApiPath);
  const path = at < 0 ? link : link.slice(at + webApiPath.length);
  return path.startsWith("audits?") ? path : undefined;
}

/** RetrieveAuditDetails of one audit row (a bound function: Learn names it with its namespace). */
export function auditDetailsPath(auditId: string): string {
  if (!GUID.test(auditId)) throw new Error(`'${auditId}' is not an audit id (a GUID).`);
  return `audits(${auditId.toLowerCase()})/${NS}RetrieveAuditDetails()`;
}

export interface AuditRowFacts {
  readonly auditId: string;
  readonly kind: HistoryKind;
  /** ISO date-time, UTC. */
  readonly at: string;
  readonly userId: string | null;
  /** Dataverse's FormattedValue of `_userid_value` (the user's full name), when annotations were asked for. */
  readonly userName?: string;
}

/** The rows of an `audits` answer; a row of a kind the tab doesn't show, or malformed, is left out. */
export function readAuditRows(body: unknown): AuditRowFacts[] {
  const rows = isObject(body) && Array.isArray(body.value) ? body.value : [];
  const facts: AuditRowFacts[] = [];
  for (const row of rows) {
    if (!isObject(row)) continue;
    const kind = kindOfAction.get(row.action as number);
    if (!kind || typeof row.auditid !== "string" || typeof row.createdon !== "string") continue;
    const userName = row[`_userid_value${FORMATTED}`];
    facts.push({
      auditId: row.auditid,
      kind,
      at: row.createdon,
      userId: typeof row._userid_value === "string" ? row._userid_value : null,
      ...(typeof userName === "string" && userName ? { userName } : {}),
    });
  }
  return facts;
}

/** A column's change, with Dataverse's formatted values (option labels, lookup names) when it sent them. */
export interface ShownChange extends ColumnChange {
  readonly fromText?: string;
  readonly toText?: string;
}

export interface AuditLink {
  readonly kind: LinkKind;
  readonly relationship: string;
  readonly relatedTable: string;
  readonly relatedId: string;
}

export interface AuditDetailFacts {
  readonly changes: readonly ShownChange[];
  readonly link?: AuditLink;
}

/** The column a Web API property names: `_x_value` is lookup x (Learn: webapi/web-api-properties, "Lookup properties"). */
const columnOf = (property: string) => /^_(.+)_value$/.exec(property)?.[1] ?? property;

/**
 * A RetrieveAuditDetailsResponse (Learn: webapi/reference/retrieveauditdetailsresponse): an AttributeAuditDetail's
 * OldValue/NewValue, or a RelationshipAuditDetail's RelationshipName and TargetRecords
 * (webapi/reference/relationshipauditdetail). Undefined for another detail type or a malformed answer.
 */
export function readAuditDetail(body: unknown): AuditDetailFacts | undefined {
  const detail = isObject(body) && isObject(body.AuditDetail) ? body.AuditDetail : undefined;
  if (!detail) return undefined;
  const type = String(detail["@odata.type"] ?? "").replace(/^#/, "");
  if (type === `${NS}RelationshipAuditDetail` || "RelationshipName" in detail) {
    const relationship = String(detail.RelationshipName ?? "");
    const kind = linkByRelationship.get(relationship);
    const targets = Array.isArray(detail.TargetRecords) ? detail.TargetRecords : [];
    const target = targets.find(isObject);
    if (!kind || !target) return undefined;
    const relatedTable = String(target["@odata.type"] ?? "").replace(/^#?Microsoft\.Dynamics\.CRM\./, "");
    const idKey = Object.keys(target).find((k) => !k.includes("@") && GUID.test(String(target[k])));
    if (!idKey) return undefined;
    return { changes: [], link: { kind, relationship, relatedTable, relatedId: String(target[idKey]) } };
  }
  if (type !== `${NS}AttributeAuditDetail` && !("OldValue" in detail || "NewValue" in detail)) return undefined;
  const before = isObject(detail.OldValue) ? detail.OldValue : {};
  const after = isObject(detail.NewValue) ? detail.NewValue : {};
  const properties = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((p) => !p.includes("@"));
  return {
    changes: properties.map((property) => {
      const fromText = before[`${property}${FORMATTED}`];
      const toText = after[`${property}${FORMATTED}`];
      return {
        column: columnOf(property),
        from: before[property] ?? null,
        to: after[property] ?? null,
        ...(typeof fromText === "string" ? { fromText } : {}),
        ...(typeof toText === "string" ? { toText } : {}),
      };
    }),
  };
}
