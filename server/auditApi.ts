/**
 * Serves audit history as Dataverse's Web API does:
 * - `RetrieveRecordChangeHistory(Target=@t[,PagingInfo=@p])?@t={'@odata.id':'apm_appprofiles(<id>)'}` (Learn:
 *   webapi/reference/retrieverecordchangehistory): a RetrieveRecordChangeHistoryResponse whose AuditDetailCollection
 *   (webapi/reference/auditdetailcollection) lists the record's changes newest first, an AttributeAuditDetail per
 *   create/update/delete (webapi/reference/attributeauditdetail: OldValue, NewValue) and a RelationshipAuditDetail per
 *   associate/disassociate (webapi/reference/relationshipauditdetail: RelationshipName, TargetRecords);
 * - `audits(<id>)/Microsoft.Dynamics.CRM.RetrieveAuditDetails()` (webapi/reference/retrieveauditdetails);
 * - `audits(<id>)` and `audits?…` rows (reference/entities/audit), queried and paged by the one query planner
 *   (server/odata/execute.ts) on the audit's model (auditQuery.ts), as every table is.
 * Privileges as Learn lists them: prvReadRecordAuditHistory for a record's history, with prvReadAuditSummary and
 * prvReadAuditPartitions for an audit's details, prvReadAuditSummary for the audit rows.
 */
import { AdministratorRole } from "../schema";
import { AuditPrivilege, auditReaderRoleIds } from "../schema/audit";
import { hasAuditTable, readAudit, readRecordAudits, type StoredAudit } from "./audit";
import { auditTable, parseAuditOptions } from "./auditQuery";
import { DataverseError } from "./errors";
import { isGuid } from "./ids";
import { contextFragment, retrieveOne } from "./odata";
import { serverTables } from "./platform";
import { hasPrivilege, type Caller } from "./users";
import type { Segment } from "./webapi/path";
import { answerCollection, readPreferences } from "./webapi/reads";
import type { WebApi } from "./webapi/service";
import { API_PATH, json, type ApiRequest, type ApiResponse } from "./webapi/types";

const NS = "Microsoft.Dynamics.CRM.";
const MAX_PAGE = 5000;

export function handleAuditRequest(
  api: WebApi,
  segments: readonly Segment[],
  request: ApiRequest,
  caller: Caller,
): ApiResponse | undefined {
  const [first, second] = segments;
  const isHistory = first.name === "RetrieveRecordChangeHistory" || first.name === `${NS}RetrieveRecordChangeHistory`;
  if (!isHistory && first.name !== "audits") return undefined;
  if (request.method !== "GET") {
    throw new DataverseError(
      "MethodNotAllowed",
      isHistory
        ? `RetrieveRecordChangeHistory is a function: call it with GET, not ${request.method}.`
        : `The audit table is written by the platform only: ${request.method} isn't allowed on audits.`,
      405,
    );
  }
  if (isHistory) {
    if (segments.length !== 1) throw notFound(segments[1].name);
    return retrieveRecordChangeHistory(api, first, request, caller);
  }
  if (segments.length === 1) {
    if (first.key !== undefined) return retrieveAudit(api, first.key, request, caller);
    return listAudits(api, request, caller);
  }
  if (segments.length === 2 && first.key !== undefined && /(^|\.)RetrieveAuditDetails$/.test(second.name)) {
    if (!second.name.startsWith(NS)) {
      throw new DataverseError(
        "UnresolvedParameters",
        `Request message has unresolved parameters. Call a bound function by its full name: audits(<id>)/${NS}RetrieveAuditDetails().`,
      );
    }
    if (second.key !== undefined && second.key !== "") throw notFound(second.name);
    return retrieveAuditDetails(api, first.key, request, caller);
  }
  throw notFound(second?.name ?? first.name);
}

function notFound(segment: string) {
  return new DataverseError("ResourceNotFound", `Resource not found for the segment '${segment}'.`);
}

const context = (request: ApiRequest, what: string) => `${new URL(API_PATH, request.url)}$metadata#${what}`;

function requireAuditPrivilege(caller: Caller, ...names: string[]) {
  if (caller.isSystem || caller.roleIds.some((id) => auditReaderRoleIds.includes(id))) return;
  throw new DataverseError(
    "PrivilegeDenied",
    `Principal user (Id=${caller.userId}, type=8, roleCount=${caller.roleIds.length}) is missing ${names[0]} ` +
      `privilege. Ask your administrator for the '${AdministratorRole.name}' role, which may read audit history.`,
  );
}

/** `@target` and `@paging` aliases, or inline values: JSON, where Learn's examples quote with single quotes. */
function parameters(key: string | undefined, request: ApiRequest): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const part of (key ?? "").split(/,(?=\s*\w+\s*=)/)) {
    if (!part.trim()) continue;
    const at = part.indexOf("=");
    const name = part.slice(0, at).trim();
    let text = part.slice(at + 1).trim();
    if (at < 0 || !name) throw invalidParameter(part, "is not name=value");
    if (text.startsWith("@")) {
      const alias = request.url.searchParams.get(text);
      if (alias === null)
        throw invalidParameter(name, `uses the parameter alias ${text}, which the query string doesn't give`);
      text = alias;
    }
    values.set(name, parseLiteral(name, text));
  }
  return values;
}

function parseLiteral(name: string, text: string): unknown {
  for (const candidate of [text, text.replace(/'/g, '"')]) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // try the next form
    }
  }
  throw invalidParameter(name, "is not a JSON value");
}

function invalidParameter(name: string, problem: string) {
  return new DataverseError(
    "BadRequestSyntax",
    `The parameter '${name}' ${problem}: pass Target=@target with @target={'@odata.id':'apm_appprofiles(<id>)'}.`,
  );
}

/** The record `{"@odata.id": "apm_appprofiles(<id>)"}` names (relative or absolute), as a table and an id. */
function targetOf(api: WebApi, value: unknown): { table: (typeof serverTables)[number]; id: string } {
  const ref = (value as Record<string, unknown> | null)?.["@odata.id"];
  if (typeof ref !== "string") throw invalidParameter("Target", "must be an entity reference with @odata.id");
  const match = /([A-Za-z0-9_]+)\(\{?([0-9a-fA-F-]{36})\}?\)$/.exec(ref);
  const table = match && serverTables.find((t) => t.entitySetName === match[1]);
  const id = match && isGuid(match[2]) ? match[2].toLowerCase() : undefined;
  if (!table || !id || !tableInstalled(api, table.logicalName)) {
    throw new DataverseError(
      "ResourceNotFound",
      `The Target '${ref}' is not a record of a table in this environment: name it as <entity set>(<id>).`,
    );
  }
  return { table, id };
}

function tableInstalled(api: WebApi, logicalName: string): boolean {
  const found = api.dbs.reader
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(logicalName);
  return !!found;
}

function retrieveRecordChangeHistory(api: WebApi, fn: Segment, request: ApiRequest, caller: Caller): ApiResponse {
  requireAuditPrivilege(caller, AuditPrivilege.readRecordAuditHistory);
  const values = parameters(fn.key, request);
  for (const name of values.keys())
    if (name !== "Target" && name !== "PagingInfo")
      throw invalidParameter(name, "is not a parameter of RetrieveRecordChangeHistory");
  if (!values.has("Target")) throw invalidParameter("Target", "is required");
  const { table, id } = targetOf(api, values.get("Target"));
  if (!hasPrivilege(caller, table.logicalName, "read"))
    throw new DataverseError(
      "PrivilegeDenied",
      `Principal user (Id=${caller.userId}, type=8, roleCount=${caller.roleIds.length}) is missing read access to ${table.logicalName} records, whose history this is.`,
    );
  const paging = pagingInfo(values.get("PagingInfo"));
  const { rows, total } = readRecordAudits(api.dbs.reader, id, (paging.page - 1) * paging.count, paging.count);
  const more = paging.page * paging.count < total;
  return json(200, {
    "@odata.context": context(request, `${NS}RetrieveRecordChangeHistoryResponse`),
    AuditDetailCollection: {
      AuditDetails: rows.map(auditDetail),
      MoreRecords: more,
      PagingCookie: more
        ? `<cookie page="${paging.page}"><auditid last="{${rows[rows.length - 1].auditid.toUpperCase()}}" /></cookie>`
        : null,
      TotalRecordCount: paging.returnTotal ? total : -1,
    },
  });
}

/** PagingInfo (Learn: webapi/reference/paginginfo): PageNumber from 1, Count up to 5,000, ReturnTotalRecordCount. */
function pagingInfo(value: unknown): { page: number; count: number; returnTotal: boolean } {
  if (value === undefined || value === null) return { page: 1, count: MAX_PAGE, returnTotal: false };
  const info = value as Record<string, unknown>;
  const page = info.PageNumber ?? 1;
  const count = info.Count ?? MAX_PAGE;
  if (!Number.isInteger(page) || (page as number) < 1)
    throw invalidParameter("PagingInfo", "has a PageNumber that is not a whole number from 1");
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_PAGE)
    throw invalidParameter("PagingInfo", `has a Count that is not a whole number from 1 to ${MAX_PAGE}`);
  return { page: page as number, count: count as number, returnTotal: info.ReturnTotalRecordCount === true };
}

function retrieveAuditDetails(api: WebApi, key: string, request: ApiRequest, caller: Caller): ApiResponse {
  requireAuditPrivilege(
    caller,
    AuditPrivilege.readRecordAuditHistory,
    AuditPrivilege.readAuditPartitions,
    AuditPrivilege.readAuditSummary,
  );
  const stored = auditById(api, key);
  return json(200, {
    "@odata.context": context(request, `${NS}RetrieveAuditDetailsResponse`),
    AuditDetail: auditDetail(stored),
  });
}

function auditById(api: WebApi, key: string): StoredAudit {
  const id = key.replace(/^\{|\}$/g, "");
  const stored = isGuid(id) ? readAudit(api.dbs.reader, id) : undefined;
  if (!stored) throw new DataverseError("NotFound", `audit With Id = ${key} Does Not Exist`);
  return stored;
}

/** `audits(<id>)[?$select=…]`: one row, read as every table's row is (its author's name on request). */
function retrieveAudit(api: WebApi, key: string, request: ApiRequest, caller: Caller): ApiResponse {
  requireAuditPrivilege(caller, AuditPrivilege.readAuditSummary);
  const stored = auditById(api, key);
  const options = parseAuditOptions(request.url.searchParams, "single");
  const prefs = readPreferences(request);
  const row = retrieveOne(api.dbs.reader, auditTable, stored.auditid, options, { annotations: prefs.annotations });
  const body = { "@odata.context": context(request, contextFragment(auditTable, options)), ...row };
  return json(200, body, prefs.applied.length ? { "Preference-Applied": prefs.applied.join(", ") } : undefined);
}

/**
 * `audits?…`: the audit rows answered as every table's collection is (server/webapi/reads.ts answerCollection):
 * `Prefer: odata.maxpagesize=n` pages with `@odata.nextLink`, `$top` ignored alongside it (Learn:
 * webapi/query/page-results), `$count` up to 5,000 (webapi/query/count-rows).
 */
function listAudits(api: WebApi, request: ApiRequest, caller: Caller): ApiResponse {
  requireAuditPrivilege(caller, AuditPrivilege.readAuditSummary);
  const options = parseAuditOptions(request.url.searchParams, "collection");
  // A data folder from before auditing has no audit table until its next write: no rows yet.
  if (!hasAuditTable(api.dbs.reader)) {
    const prefs = readPreferences(request);
    const body: Record<string, unknown> = { "@odata.context": context(request, contextFragment(auditTable, options)) };
    if (options.count) body["@odata.count"] = 0;
    body.value = [];
    return json(200, body, prefs.applied.length ? { "Preference-Applied": prefs.applied.join(", ") } : undefined);
  }
  return answerCollection(api, auditTable, options, request);
}

/**
 * An AuditDetail as the Web API answers it: Learn (data-platform/auditing/retrieve-audit-data, "RetrieveAuditDetails
 * Message" and "RetrieveRecordChangeHistory Message") shows the JSON without the SDK's AuditRecord, so who, when and
 * what kind come from the `audits` rows. An AttributeAuditDetail carries `@odata.type`, InvalidNewValueAttributes,
 * LocLabelLanguageCode, DeletedAttributes, OldValue and NewValue (webapi/reference/attributeauditdetail, with Learn's
 * sample answers); a RelationshipAuditDetail `@odata.type`, RelationshipName and TargetRecords
 * (webapi/reference/relationshipauditdetail).
 */
function auditDetail(row: StoredAudit): Record<string, unknown> {
  if (row.relationshipname) {
    const related = serverTables.find((t) => t.logicalName === row.relatedtypecode);
    return {
      "@odata.type": `#${NS}RelationshipAuditDetail`,
      RelationshipName: row.relationshipname,
      TargetRecords: [
        { "@odata.type": `#${NS}${row.relatedtypecode}`, [related?.primaryIdAttribute ?? "id"]: row.relatedid },
      ],
    };
  }
  const changes = (
    row.changedata
      ? (JSON.parse(row.changedata) as {
          changedAttributes: { logicalName: string; oldValue: unknown; newValue: unknown }[];
        })
      : { changedAttributes: [] }
  ).changedAttributes;
  const image = (pick: "oldValue" | "newValue") => {
    const values: Record<string, unknown> = { "@odata.type": `#${NS}${row.objecttypecode}` };
    for (const change of changes)
      if (change[pick] !== null && change[pick] !== undefined) values[change.logicalName] = change[pick];
    return values;
  };
  return {
    "@odata.type": `#${NS}AttributeAuditDetail`,
    InvalidNewValueAttributes: [],
    LocLabelLanguageCode: 0,
    DeletedAttributes: { Count: 0, Keys: [], Values: [] },
    OldValue: image("oldValue"),
    NewValue: image("newValue"),
  };
}
