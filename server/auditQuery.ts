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
import {
  cookieId,
  decodePageCookie,
  encodePageCookie,
  innerCookie,
  type CookieValue,
  type PageCookie,
} from "./odata/paging-cookie";
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
  readonly order: readonly SortKey[];
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
    order: parseOrderBy(values.get("$orderby")),
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

export interface SortKey {
  readonly property: Property;
  readonly descending: boolean;
}

const createdOn = auditModel.properties.get("createdon")!;

/**
 * `$orderby=p [asc|desc], …` on the audit's properties; newest first when not given, as a record's history reads.
 * createdon orders as the audits were written (their sequence), which also breaks every other key's ties.
 */
function parseOrderBy(text: string | undefined): SortKey[] {
  if (text === undefined) return [{ property: createdOn, descending: true }];
  const keys: SortKey[] = [];
  for (const item of text.split(",")) {
    const match = /^\s*([A-Za-z_]+)(?:\s+(asc|desc))?\s*$/.exec(item);
    if (!match) throw badRequest(`'${item.trim()}' in $orderby is not a property name, optionally with asc or desc.`);
    const property = auditModel.properties.get(match[1]);
    if (!property) throw unknownProperty(match[1]);
    if (keys.some((k) => k.property === property))
      throw badRequest(`'${match[1]}' is given more than once in $orderby.`);
    keys.push({ property, descending: match[2] === "desc" });
    if (property === createdOn) break; // the sequence orders every row: later keys change nothing
  }
  return keys;
}

/** A key's SQL column and direction: createdon is the sequence; the sequence ends every order. */
function orderColumns(order: readonly SortKey[]): { sql: string; name: string; descending: boolean; type: string }[] {
  const columns = order.map((k) =>
    k.property === createdOn
      ? { sql: "a.seq", name: "createdon", descending: k.descending, type: "sequence" }
      : { sql: `a."${k.property.column}"`, name: k.property.column, descending: k.descending, type: k.property.type },
  );
  if (columns[columns.length - 1].type !== "sequence")
    columns.push({ sql: "a.seq", name: "auditid", descending: order[0].descending, type: "sequence" });
  return columns;
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
 * One page of the query: keyset paging on the order's keys and then the audit's sequence, the cookie naming the
 * page's last (and first) values of each key and the auditid, as other tables' cookies name their sort keys and id.
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
  const columns = orderColumns(query.order);
  if (cookie) {
    const after = keyset(db, columns, cookie, query.skipToken!);
    conditions.push(after.sql);
    parameters.push(...after.parameters);
  }
  // $top counts from the first page: the pages before this one took (page - 1) × size of it.
  const remaining = query.top === undefined ? Infinity : Math.max(0, query.top - (page - 1) * size);
  const take = Math.min(remaining, size);
  const where = conditions.length ? ` WHERE ${conditions.join(" AND ")}` : "";
  const sql =
    `SELECT a.*, u.fullname AS username FROM ${AUDIT_ROWS} AS a LEFT JOIN systemuser AS u ON u.systemuserid = a.userid` +
    `${where} ORDER BY ${columns.map((c) => `${c.sql}${c.descending ? " DESC" : ""}`).join(", ")} LIMIT ?`;
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
    const values = (row: StoredAuditRow) =>
      columns.map((c): CookieValue => {
        if (c.type === "sequence")
          return c.name === "createdon" ? webApiDateTime(row.createdon) : `{${row.auditid.toUpperCase()}}`;
        const value = (row as unknown as Record<string, CookieValue>)[c.name] ?? null;
        return (c.type === "guid" || c.type === "lookup") && typeof value === "string"
          ? `{${value.toUpperCase()}}`
          : value;
      });
    // Each key by its column's logical name; the sequence's key is the audit (its id finds the row again).
    const names = columns.map((c) => c.name);
    if (!names.includes("auditid")) names.push("auditid");
    const withId = (row: StoredAuditRow) => {
      const list = values(row);
      if (list.length < names.length) list.push(`{${row.auditid.toUpperCase()}}`);
      return list;
    };
    const inner = innerCookie(page, names, withId(raw[raw.length - 1]), withId(raw[0]));
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

/**
 * Rows after the cookie's last row in the order: `(k1 after v1) OR (k1 = v1 AND k2 after v2) OR …`, with SQLite's
 * null order (nulls first ascending, last descending); the sequence's value is the cookie's audit's.
 */
function keyset(
  db: Database.Database,
  columns: ReturnType<typeof orderColumns>,
  cookie: PageCookie,
  token: string,
): { sql: string; parameters: unknown[] } {
  const invalid = () =>
    badRequest(
      `The $skiptoken '${token.slice(0, 200)}' is not valid. Follow the @odata.nextLink of the previous page.`,
    );
  const id = cookie.last.get("auditid");
  const at =
    typeof id === "string"
      ? (prepare(db, `SELECT seq FROM ${AUDIT_TABLE} WHERE auditid = ?`).get(cookieId(id)) as
          | { seq: number }
          | undefined)
      : undefined;
  if (!at || columns.some((c) => !cookie.last.has(c.name))) throw invalid();
  const valueOf = (c: (typeof columns)[number]): unknown => {
    if (c.type === "sequence") return at.seq;
    const v = cookie.last.get(c.name) ?? null;
    if (v === null) return null;
    if (c.type === "choice") {
      if (!/^-?\d+$/.test(String(v))) throw invalid();
      return Number(v);
    }
    return c.type === "guid" || c.type === "lookup" ? cookieId(v) : String(v);
  };
  const parameters: unknown[] = [];
  const bound = (sql: string, value: unknown) => {
    parameters.push(value);
    return sql;
  };
  const branches = columns.map((column, i) => {
    const parts = columns.slice(0, i).map((before) => {
      const v = valueOf(before);
      return v === null ? `${before.sql} IS NULL` : bound(`${before.sql} = ?`, v);
    });
    const v = valueOf(column);
    if (v === null) parts.push(column.descending ? "0" : `${column.sql} IS NOT NULL`);
    else if (column.descending) parts.push(bound(`(${column.sql} < ? OR ${column.sql} IS NULL)`, v));
    else parts.push(bound(`${column.sql} > ?`, v));
    return `(${parts.join(" AND ")})`;
  });
  return { sql: `(${branches.join(" OR ")})`, parameters };
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
