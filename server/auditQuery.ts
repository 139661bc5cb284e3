/**
 * `GET audits?…`: the audit table's rows as a Web API collection (Learn: reference/entities/audit), with the query
 * options and paging every other table has: `$select`, `$filter`, `$orderby`, `$top`, `$count`, and
 * `Prefer: odata.maxpagesize` pages followed by `@odata.nextLink` (Learn: webapi/query/page-results). The audit table
 * has its own layout (it is written by the platform only, outside the schema's tables), so its options are parsed
 * here into a small model of their own: a conjunction of comparisons on the audit's columns, one sort on createdon.
 * What this server can't run is refused in Dataverse's error shape, naming what to use instead.
 */
import type Database from "better-sqlite3";
import { AUDIT_TABLE } from "./audit";
import { DataverseError } from "./errors";
import { isGuid } from "./ids";
import type { Annotations } from "./odata/annotations";
import { webApiDateTime } from "./odata/format";
import { badRequest } from "./odata/messages";
import { MAX_FILTER_LENGTH } from "./odata/parse-filter";
import { cookieId, decodePageCookie, encodePageCookie, innerCookie } from "./odata/paging-cookie";
import { prepare } from "./storage/statements";

const NS = "Microsoft.Dynamics.CRM.";
const FORMATTED = "@OData.Community.Display.V1.FormattedValue";
const LOOKUP = "@Microsoft.Dynamics.CRM.lookuplogicalname";
/** Learn: webapi/query/page-results: a page holds at most 5,000 rows; webapi/query/count-rows: counts up to 5,000. */
export const MAX_AUDIT_PAGE = 5000;

type ValueKind = "guid" | "integer" | "string" | "datetime";
interface AuditProperty {
  readonly column: string;
  readonly kind: ValueKind;
}

/** The audit's properties (Learn: reference/entities/audit), with the stored column behind each. */
const properties = new Map<string, AuditProperty>([
  ["auditid", { column: "auditid", kind: "guid" }],
  ["action", { column: "action", kind: "integer" }],
  ["operation", { column: "operation", kind: "integer" }],
  ["objecttypecode", { column: "objecttypecode", kind: "string" }],
  ["_objectid_value", { column: "objectid", kind: "guid" }],
  ["_userid_value", { column: "userid", kind: "guid" }],
  ["_callinguserid_value", { column: "NULL", kind: "guid" }],
  ["_regardingobjectid_value", { column: "NULL", kind: "guid" }],
  ["createdon", { column: "createdon", kind: "datetime" }],
  ["attributemask", { column: "attributemask", kind: "string" }],
  ["changedata", { column: "changedata", kind: "string" }],
  ["transactionid", { column: "transactionid", kind: "guid" }],
  ["useradditionalinfo", { column: "NULL", kind: "string" }],
]);
/** Every property, in the order a row without `$select` lists them. */
export const ALL_AUDIT_PROPERTIES: readonly string[] = [...properties.keys()];

/** Learn: reference/entities/audit, "Action choices/options" (the ones this server records). */
const actionLabels = new Map([
  [1, "Create"],
  [2, "Update"],
  [3, "Delete"],
  [33, "Associate Entities"],
  [34, "Disassociate Entities"],
]);

const options = new Set(["$select", "$filter", "$orderby", "$top", "$count", "$skiptoken"]);
const comparisons = new Map([
  ["eq", "="],
  ["ne", "<>"],
  ["gt", ">"],
  ["ge", ">="],
  ["lt", "<"],
  ["le", "<="],
]);

export interface AuditQuery {
  readonly select: readonly string[];
  readonly where: string;
  readonly parameters: readonly unknown[];
  readonly descending: boolean;
  readonly top?: number;
  readonly count: boolean;
  readonly skipToken?: string;
}

const unknownProperty = (name: string) => badRequest(`Could not find a property named '${name}' on type '${NS}audit'.`);

const cantRun = (what: string, instead: string) =>
  new DataverseError("BadRequestSyntax", `${what} on audits is not supported by the local server: ${instead}.`);

export function parseAuditQuery(params: URLSearchParams): AuditQuery {
  const values = new Map<string, string>();
  for (const [name, value] of params) {
    if (name === "fetchXml") throw cantRun("fetchXml", "use $filter, $orderby, $select and $top");
    if (!name.startsWith("$")) continue;
    // The same answer as on every table (server/odata/parse-options.ts): $skip is not an option Dataverse takes.
    if (!options.has(name)) {
      if (name === "$expand" || name === "$apply")
        throw cantRun(`The query parameter ${name}`, "read the audit rows, then the records they name");
      throw badRequest(`The query parameter ${name} is not supported.`);
    }
    if (values.has(name))
      throw badRequest(`Query option '${name}' was specified more than once, but it must be specified at most once.`);
    values.set(name, value);
  }
  const filter = parseFilter(values.get("$filter"));
  const top = values.get("$top");
  const count = values.get("$count");
  if (count !== undefined && count !== "true" && count !== "false")
    throw badRequest(`'${count}' is not a valid count option. Use $count=true or $count=false.`);
  return {
    select: parseSelect(values.get("$select")),
    ...filter,
    descending: parseOrderBy(values.get("$orderby")),
    top: top === undefined ? undefined : parseTop(top),
    count: count === "true",
    skipToken: values.get("$skiptoken"),
  };
}

function parseSelect(text: string | undefined): string[] {
  if (text === undefined) return [...ALL_AUDIT_PROPERTIES];
  const names = text.split(",").map((c) => c.trim());
  for (const name of names) if (!properties.has(name)) throw unknownProperty(name);
  return [...new Set(names)];
}

function parseTop(text: string): number {
  const top = /^[0-9]{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(top))
    throw badRequest(
      `Invalid value '${text}' for $top query option found. The $top query option requires a non-negative integer value.`,
    );
  return top;
}

/** `createdon [asc|desc]`: the audit's order in time. Newest first when not given, as a record's history reads. */
function parseOrderBy(text: string | undefined): boolean {
  if (text === undefined) return true;
  const match = /^\s*([A-Za-z_]+)(?:\s+(asc|desc))?\s*$/.exec(text);
  if (match && !properties.has(match[1])) throw unknownProperty(match[1]);
  if (!match || match[1] !== "createdon") throw cantRun(`$orderby=${text}`, "order by createdon asc or createdon desc");
  return match[2] === "desc";
}

/** `a eq 1 and b ne 'x' and …`: comparisons of a property with a literal (or null), joined by `and`. */
function parseFilter(text: string | undefined): { where: string; parameters: unknown[] } {
  if (text === undefined) return { where: "", parameters: [] };
  // As every table answers (server/odata/parse-filter.ts).
  if (text.length > MAX_FILTER_LENGTH)
    throw badRequest(`The $filter query option is longer than ${MAX_FILTER_LENGTH} characters. Shorten it.`);
  if (text.trim() === "") throw badRequest("The $filter query option is empty.");
  const conditions: string[] = [];
  const parameters: unknown[] = [];
  for (const clause of text.split(/\s+and\s+/)) {
    const match = /^\s*\(?\s*([A-Za-z_]+)\s+(eq|ne|gt|ge|lt|le)\s+(.+?)\s*\)?\s*$/.exec(clause);
    if (match && !properties.has(match[1])) throw unknownProperty(match[1]);
    if (!match)
      throw cantRun(
        `The filter '${clause.trim()}'`,
        "compare a property with a value (eq, ne, gt, ge, lt, le) and join the comparisons with and",
      );
    const [, name, operator, literal] = match;
    const property = properties.get(name)!;
    const sqlOperator = comparisons.get(operator)!;
    if (literal === "null") {
      if (operator !== "eq" && operator !== "ne")
        throw cantRun(`The filter '${clause.trim()}'`, "compare null with eq or ne");
      conditions.push(`${columnOf(property)} IS ${operator === "eq" ? "" : "NOT "}NULL`);
      continue;
    }
    conditions.push(`${columnOf(property)} ${sqlOperator} ?`);
    parameters.push(literalValue(name, property.kind, literal));
  }
  return { where: conditions.join(" AND "), parameters };
}

/** The stored column on the audit's alias; the properties Dataverse has and this server doesn't record are null. */
const columnOf = (property: AuditProperty) => (property.column === "NULL" ? "NULL" : `a.${property.column}`);

function literalValue(name: string, kind: ValueKind, text: string): unknown {
  const wrong = () =>
    badRequest(`The value ${text.slice(0, 100)} can't be compared with '${name}', a ${kind} property of audit.`);
  switch (kind) {
    case "guid":
      if (!isGuid(text)) throw wrong();
      return text.toLowerCase();
    case "integer":
      if (!/^-?[0-9]{1,9}$/.test(text)) throw wrong();
      return Number(text);
    case "string": {
      const quoted = /^'((?:[^']|'')*)'$/.exec(text);
      if (!quoted) throw wrong();
      return quoted[1].replace(/''/g, "'");
    }
    case "datetime": {
      const time = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(text) ? Date.parse(text) : NaN;
      if (Number.isNaN(time)) throw wrong();
      return new Date(time).toISOString();
    }
  }
}

export interface StoredAuditRow {
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
  readonly username: string | null;
}

export interface AuditPage {
  readonly rows: Record<string, unknown>[];
  readonly count?: number;
  readonly countLimitExceeded?: boolean;
  readonly nextSkipToken?: string;
}

/**
 * One page of the query: keyset paging on the audit's order of writing (createdon, then the audit), the cookie naming
 * the page's last createdon and auditid as other tables' cookies name their sort keys and id.
 */
export function runAuditQuery(
  db: Database.Database,
  query: AuditQuery,
  pageSize: number | undefined,
  annotations: Annotations,
  hasTable: boolean,
): AuditPage {
  if (!hasTable) return { rows: [], ...(query.count ? { count: 0, countLimitExceeded: false } : {}) };
  const size = pageSize ?? MAX_AUDIT_PAGE;
  const cookie = query.skipToken === undefined ? undefined : decodePageCookie(query.skipToken);
  const page = cookie?.page ?? 1;
  const conditions = query.where ? [query.where] : [];
  const parameters = [...query.parameters];
  if (cookie) {
    const last = cookie.last.get("auditid");
    const at =
      typeof last === "string"
        ? (prepare(db, `SELECT seq FROM ${AUDIT_TABLE} WHERE auditid = ?`).get(cookieId(last)) as
            | { seq: number }
            | undefined)
        : undefined;
    if (!at)
      throw badRequest(
        `The $skiptoken '${query.skipToken!.slice(0, 200)}' is not valid. Follow the @odata.nextLink of the previous page.`,
      );
    conditions.push(`a.seq ${query.descending ? "<" : ">"} ?`);
    parameters.push(at.seq);
  }
  // $top counts from the first page: the pages before this one took (page - 1) × size of it.
  const remaining = query.top === undefined ? Infinity : Math.max(0, query.top - (page - 1) * size);
  const take = Math.min(remaining, size);
  const where = conditions.length ? ` WHERE ${conditions.join(" AND ")}` : "";
  const sql =
    `SELECT a.*, u.fullname AS username FROM ${AUDIT_TABLE} AS a LEFT JOIN systemuser AS u ON u.systemuserid = a.userid` +
    `${where} ORDER BY a.seq ${query.descending ? "DESC" : "ASC"} LIMIT ?`;
  const raw = prepare(db, sql).all(...parameters, take === Infinity ? -1 : take + 1) as StoredAuditRow[];
  const more = raw.length > take && take < remaining;
  if (raw.length > take) raw.length = take;
  const result: {
    rows: Record<string, unknown>[];
    count?: number;
    countLimitExceeded?: boolean;
    nextSkipToken?: string;
  } = { rows: raw.map((row) => shape(row, query.select, annotations)) };
  if (more) {
    const [first, last] = [raw[0], raw[raw.length - 1]];
    const id = (row: StoredAuditRow) => `{${row.auditid.toUpperCase()}}`;
    const inner = innerCookie(
      page,
      ["createdon", "auditid"],
      [webApiDateTime(last.createdon), id(last)],
      [webApiDateTime(first.createdon), id(first)],
    );
    result.nextSkipToken = encodePageCookie(page + 1, inner);
  }
  if (query.count) {
    const filterOnly = query.where ? ` WHERE ${query.where}` : "";
    const countSql = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${AUDIT_TABLE} AS a${filterOnly} LIMIT ${MAX_AUDIT_PAGE + 1})`;
    const n = (prepare(db, countSql).get(...query.parameters) as { n: number }).n;
    result.count = Math.min(n, MAX_AUDIT_PAGE);
    result.countLimitExceeded = n > MAX_AUDIT_PAGE;
  }
  return result;
}

/** An audit row as the audit table's columns read, with the annotations asked for (Learn: retrieve-audit-data). */
export function shape(
  row: Omit<StoredAuditRow, "username"> & { username?: string | null },
  select: readonly string[],
  annotations: Annotations,
): Record<string, unknown> {
  const values: Record<string, unknown> = {
    auditid: row.auditid,
    action: row.action,
    operation: row.operation,
    objecttypecode: row.objecttypecode,
    _objectid_value: row.objectid,
    _userid_value: row.userid,
    _callinguserid_value: null,
    _regardingobjectid_value: null,
    createdon: webApiDateTime(row.createdon),
    attributemask: row.attributemask,
    changedata: row.changedata,
    transactionid: row.transactionid,
    useradditionalinfo: null,
  };
  const out: Record<string, unknown> = {};
  for (const name of select) {
    if (annotations.lookupLogicalName && name === "_objectid_value") out[`${name}${LOOKUP}`] = row.objecttypecode;
    if (name === "_userid_value" && row.userid) {
      if (annotations.lookupLogicalName) out[`${name}${LOOKUP}`] = "systemuser";
      if (annotations.formattedValue && row.username) out[`${name}${FORMATTED}`] = row.username;
    }
    if (annotations.formattedValue && name === "action" && actionLabels.has(row.action))
      out[`${name}${FORMATTED}`] = actionLabels.get(row.action);
    out[name] = values[name];
  }
  return out;
}
