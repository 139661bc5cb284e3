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
import type { Annotations } from "./odata/annotations";
import { webApiDateTime } from "./odata/format";
import { badRequest, unknownProperty as unknownPropertyOf } from "./odata/messages";
import { parseFilter as parseODataFilter } from "./odata/parse-filter";
import { compileFilter, SqlParameters } from "./odata/sql";
import type { EntityModel, Property } from "./odata/model";
import { tableByName } from "./storage/layout";
import type { AnyTable } from "../schema";
import { cookieId, decodePageCookie, encodePageCookie, innerCookie } from "./odata/paging-cookie";
import { prepare } from "./storage/statements";

const NS = "Microsoft.Dynamics.CRM.";
const FORMATTED = "@OData.Community.Display.V1.FormattedValue";
const LOOKUP = "@Microsoft.Dynamics.CRM.lookuplogicalname";
/** Learn: webapi/query/page-results: a page holds at most 5,000 rows; webapi/query/count-rows: counts up to 5,000. */
export const MAX_AUDIT_PAGE = 5000;

const systemUser = tableByName("systemuser");
const lookup = (name: string, column: string, target?: AnyTable): Property => ({
  name,
  column,
  type: "lookup",
  ...(target ? { target, navigationProperty: column } : {}),
});

/**
 * The audit's properties (Learn: reference/entities/audit) as the query model's EntityModel, each on its stored
 * column, so `$filter` goes through the one filter parser and compiler every table uses (server/odata). The
 * `userid` lookup navigates to the user (`userid/fullname eq '…'`). Properties this server never sets read null.
 */
const auditProperties: Property[] = [
  { name: "auditid", column: "auditid", type: "guid" },
  { name: "action", column: "action", type: "choice" },
  { name: "operation", column: "operation", type: "choice" },
  { name: "objecttypecode", column: "objecttypecode", type: "string" },
  lookup("_objectid_value", "objectid"),
  lookup("_userid_value", "userid", systemUser),
  lookup("_callinguserid_value", "callinguserid"),
  lookup("_regardingobjectid_value", "regardingobjectid"),
  { name: "createdon", column: "createdon", type: "datetime" },
  { name: "attributemask", column: "attributemask", type: "string" },
  { name: "changedata", column: "changedata", type: "string" },
  { name: "transactionid", column: "transactionid", type: "guid" },
  { name: "useradditionalinfo", column: "useradditionalinfo", type: "string" },
];
const auditTable = {
  logicalName: AUDIT_TABLE,
  entitySetName: "audits",
  primaryIdAttribute: "auditid",
  primaryNameAttribute: "auditid",
  columns: {},
} as unknown as AnyTable;
export const auditModel: EntityModel = {
  table: auditTable,
  typeName: `${NS}audit`,
  primaryId: auditProperties[0],
  properties: new Map(auditProperties.map((p) => [p.name, p])),
  allProperties: auditProperties,
  singleNavigations: new Map([["userid", { name: "userid", column: "userid", target: systemUser }]]),
  collectionNavigations: new Map(),
};
/** The stored audit with the columns it doesn't record, as nulls, so every property has a column. */
const AUDIT_ROWS = `(SELECT *, NULL AS callinguserid, NULL AS regardingobjectid, NULL AS useradditionalinfo FROM ${AUDIT_TABLE})`;

/** Every property, in the order a row without `$select` lists them. */
export const ALL_AUDIT_PROPERTIES: readonly string[] = auditProperties.map((p) => p.name);

/** Learn: reference/entities/audit, "Action choices/options" (the ones this server records). */
const actionLabels = new Map([
  [1, "Create"],
  [2, "Update"],
  [3, "Delete"],
  [33, "Associate Entities"],
  [34, "Disassociate Entities"],
]);

const options = new Set(["$select", "$filter", "$orderby", "$top", "$count", "$skiptoken"]);

export interface AuditQuery {
  readonly select: readonly string[];
  readonly where: string;
  readonly parameters: readonly unknown[];
  readonly descending: boolean;
  readonly top?: number;
  readonly count: boolean;
  readonly skipToken?: string;
}

const unknownProperty = (name: string) => unknownPropertyOf(auditModel, name);

const cantRun = (what: string, instead: string) =>
  new DataverseError("BadRequestSyntax", `${what} on audits is not supported by the local server: ${instead}.`);

export function parseAuditQuery(params: URLSearchParams): AuditQuery {
  const values = new Map<string, string>();
  const aliases = new Map<string, string>();
  for (const [name, value] of params) {
    // Learn: webapi/query/overview, parameter aliases (`@p1=<literal>` in $filter).
    if (name.startsWith("@")) {
      if (aliases.has(name)) throw badRequest(`The parameter alias '${name}' is given more than once.`);
      aliases.set(name, value);
      continue;
    }
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
  const filter = parseFilter(values.get("$filter"), aliases);
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
  for (const name of names) if (!auditModel.properties.has(name)) throw unknownProperty(name);
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
  if (match && !auditModel.properties.has(match[1])) throw unknownProperty(match[1]);
  if (!match || match[1] !== "createdon") throw cantRun(`$orderby=${text}`, "order by createdon asc or createdon desc");
  return match[2] === "desc";
}

/** `$filter` parsed by the query model's parser and compiled by its compiler, on the audit's alias `a`. */
function parseFilter(
  text: string | undefined,
  aliases: ReadonlyMap<string, string>,
): { where: string; parameters: unknown[] } {
  if (text === undefined) return { where: "", parameters: [] };
  const parameters = new SqlParameters();
  const where = compileFilter(parseODataFilter(auditModel, text, aliases), auditModel, "a", parameters);
  return { where, parameters: parameters.values };
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
    `SELECT a.*, u.fullname AS username FROM ${AUDIT_ROWS} AS a LEFT JOIN systemuser AS u ON u.systemuserid = a.userid` +
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
    const countSql = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${AUDIT_ROWS} AS a${filterOnly} LIMIT ${MAX_AUDIT_PAGE + 1})`;
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
