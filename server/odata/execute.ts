/**
 * Runs parsed query options against SQLite and returns Web API rows. Expansions cost one query per navigation
 * per page (the page's keys passed as one JSON array), never one per row.
 */
import type Database from "better-sqlite3";
import type { AnyTable } from "../../schema";
import { ident } from "../storage/layout";
import { allAnnotations, noAnnotations, type Annotations } from "./annotations";
import { FORMATTED_VALUE, formatRow, webApiDateTime, type SqlRow, type WebApiRow } from "./format";
import { tableSource, type EntityModel, type Property } from "./model";
import { cookieId, encodePageCookie, innerCookie, type CookieValue, type PageCookie } from "./paging-cookie";
import { badRequest } from "./messages";
import { FetchXmlError as FetchXmlLimitError } from "./fetchxml/errors";
import {
  compileColumns,
  compileFilter,
  compileFilterAt,
  compileOrderBy,
  navigationKeyColumn,
  PARENT_COLUMN,
  prepare,
  SqlParameters,
} from "./sql";
import type {
  CollectionExpand,
  CollectionOptions,
  ColumnReference,
  Expand,
  Grouping,
  LinkEntity,
  QueryOptions,
  SingleExpand,
} from "./types";

export interface ReadSettings {
  /** From `Prefer: odata.maxpagesize`. */
  readonly maxPageSize?: number;
  /** From `Prefer: odata.include-annotations`: `true` is `"*"`. */
  readonly annotations?: boolean | Annotations;
}

export interface QueryResult {
  rows: WebApiRow[];
  /** With `$count=true`: the rows the filter matches regardless of paging and `$top`, up to 5,000. */
  count?: number;
  /** With `$count=true`: whether more than 5,000 rows match. */
  countLimitExceeded?: boolean;
  /** Whether another page follows (FetchXML's `morerecords`). */
  moreRecords?: boolean;
  /** Set when another page follows; the caller puts it in `@odata.nextLink` as `$skiptoken`. */
  nextSkipToken?: string;
}

/** Dataverse aggregates at most 50,000 rows (Learn: webapi/query/aggregate-data, fetchxml/aggregate-data). */
export const MAX_AGGREGATE_ROWS = 50000;

/** Dataverse counts up to 5,000 rows (Learn: webapi/query/count-rows). */
export const MAX_COUNT = 5000;

const ROOT = "t0";
const EXPANDED = "t1";

export function executeQuery(
  db: Database.Database,
  table: AnyTable,
  options: QueryOptions,
  settings: ReadSettings = {},
): QueryResult {
  checkTable(table, options);
  const annotate = annotationsOf(settings.annotations);
  if (options.grouping) return executeGrouping(db, options, options.grouping, annotate);
  const parameters = new SqlParameters();
  const joins = compileLinks(options.links ?? [], parameters);
  const conditions: string[] = [];
  if (options.filter)
    conditions.push(compileFilter(options.filter, options.model, ROOT, parameters, linkScopes(options)));
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(" AND ")}` : "";
  const from = `FROM ${tableSource(options.model).from} AS ${ROOT}${joins}`;

  const requested = options.fetch?.pageSize ?? settings.maxPageSize;
  const pageSize = requested !== undefined && requested > 0 ? requested : Infinity;
  const page = options.cookie?.page ?? options.fetch?.page ?? 1;
  const before = pageSize === Infinity ? 0 : (page - 1) * pageSize;
  // FetchXML simple paging (page without a paging cookie) skips the earlier pages (Learn: fetchxml/page-results).
  const offset = options.fetch?.simplePaging && pageSize !== Infinity ? before : 0;
  const remaining = options.top === undefined ? Infinity : Math.max(0, options.top - before);
  const take = Math.min(remaining, pageSize);
  // One row more than the page tells whether another page follows, without counting.
  const paged = pageSize < remaining;
  const limit = take === Infinity ? -1 : paged ? take + 1 : take;

  const keys = sortKeys(options);
  const pageParameters = new SqlParameters();
  const after = options.cookie ? keysetCondition(keys, options.cookie, pageParameters) : "";
  const pageWhere = after ? (where ? `${where} AND ${after}` : ` WHERE ${after}`) : where;
  const sortColumns = keys.map((k, i) => `${k.column} AS ${ident(`@sort${i}`)}`).join(", ");
  const sql =
    `SELECT ${rootColumns(options, annotate)}, ${sortColumns}${linkColumns(options)} ${from}${pageWhere}` +
    ` ORDER BY ${keys.map((k) => `${k.column}${k.descending ? " DESC" : ""}`).join(", ")} LIMIT ? OFFSET ?`;
  const raw = prepare(db, sql).all(...parameters.values, ...pageParameters.values, limit, offset) as SqlRow[];
  const more = paged && raw.length > take;
  if (more) raw.length = take;

  const result: QueryResult = { rows: formatWithExpansions(db, raw, options, annotate) };
  if (options.links) attachLinkColumns(raw, result.rows, options.links, annotate);
  if (more) {
    result.nextSkipToken = nextCookie(keys, raw, page);
    result.moreRecords = true;
  }
  if (options.count) {
    // Learn: webapi/query/count-rows: "@odata.count ... up to 5,000". Counting stops one past the cap.
    const countSql = `SELECT COUNT(*) AS n FROM (SELECT 1 ${from}${where} LIMIT ${MAX_COUNT + 1})`;
    const n = (prepare(db, countSql).get(...parameters.values) as { n: number }).n;
    result.count = Math.min(n, MAX_COUNT);
    result.countLimitExceeded = n > MAX_COUNT;
  }
  return result;
}

/** A sort key: its SQL column, its cookie name (the logical name), its direction. The primary id comes last. */
interface SortKey {
  readonly column: string;
  readonly name: string;
  readonly descending: boolean;
  readonly type: Property["type"];
}

function sortKeys(options: QueryOptions): SortKey[] {
  const keys: SortKey[] = options.orderBy.map((item) => ({
    column: `${ROOT}.${ident(item.property.column)}`,
    name: item.property.column,
    descending: item.descending,
    type: item.property.type,
  }));
  const id = options.model.primaryId;
  if (!options.orderBy.some((item) => item.property === id))
    keys.push({ column: `${ROOT}.${ident(id.column)}`, name: id.column, descending: false, type: id.type });
  return keys;
}

/** The next page's cookie: this page's last and first rows' sort keys. */
function nextCookie(keys: readonly SortKey[], raw: SqlRow[], page: number): string {
  const values = (row: SqlRow) => keys.map((_, i) => (row[`@sort${i}`] ?? null) as CookieValue);
  const shown = (v: CookieValue, key: SortKey) =>
    key.type === "guid" && typeof v === "string" ? `{${v.toUpperCase()}}` : v; // Dataverse writes {GUID}
  const last = values(raw[raw.length - 1]).map((v, i) => shown(v, keys[i]));
  const first = values(raw[0]).map((v, i) => shown(v, keys[i]));
  return encodePageCookie(
    page + 1,
    innerCookie(
      page,
      keys.map((k) => k.name),
      last,
      first,
    ),
  );
}

/**
 * Rows after the cookie's last row in the sort order: `(k1 > v1) OR (k1 = v1 AND k2 > v2) OR …`, with SQLite's
 * null order (nulls first ascending, last descending).
 */
function keysetCondition(keys: readonly SortKey[], cookie: PageCookie, parameters: SqlParameters): string {
  if (cookie.last.size !== keys.length || keys.some((k) => !cookie.last.has(k.name))) {
    throw badRequest(
      `The $skiptoken does not match this query's order (${keys.map((k) => k.name).join(", ")}). Follow the @odata.nextLink of the previous page.`,
    );
  }
  const value = (key: SortKey): CookieValue => {
    const v = cookie.last.get(key.name) ?? null;
    if (v === null) return null;
    if (key.type === "guid" || key.type === "lookup") return cookieId(v);
    if (key.type === "string" || key.type === "datetime") return String(v);
    if (key.type === "boolean") return v === "true" || v === "1" || v === 1 ? 1 : 0;
    const n = Number(v);
    if (!Number.isFinite(n))
      throw badRequest("The $skiptoken is not valid. Follow the @odata.nextLink of the previous page.");
    return n;
  };
  const equal = (key: SortKey, v: CookieValue) =>
    v === null ? `${key.column} IS NULL` : `${key.column} = ${parameters.bind(v)}`;
  const afterKey = (key: SortKey, v: CookieValue): string | undefined => {
    if (!key.descending) return v === null ? `${key.column} IS NOT NULL` : `${key.column} > ${parameters.bind(v)}`;
    return v === null ? undefined : `(${key.column} < ${parameters.bind(v)} OR ${key.column} IS NULL)`;
  };
  const alternatives: string[] = [];
  // A range on the first key lets SQLite seek its index to the cookie's position instead of scanning up to it.
  const firstValue = value(keys[0]);
  const seek =
    firstValue === null
      ? ""
      : keys[0].descending
        ? `(${keys[0].column} <= ${parameters.bind(firstValue)} OR ${keys[0].column} IS NULL)`
        : `${keys[0].column} >= ${parameters.bind(firstValue)}`;
  keys.forEach((key, i) => {
    const prefix = keys.slice(0, i).map((k) => equal(k, value(k)));
    const after = afterKey(key, value(key));
    if (after) alternatives.push([...prefix, after].join(" AND "));
  });
  if (alternatives.length === 0) return "0";
  const after = `(${alternatives.map((a) => `(${a})`).join(" OR ")})`;
  return seek ? `${seek} AND ${after}` : after;
}

/** FetchXML link-entities as joins: `j<n>` aliases, each link's conditions in its ON clause. */
function compileLinks(links: readonly LinkEntity[], parameters: SqlParameters): string {
  return links
    .map((link, i) => {
      const parent = link.parent ? `j${links.indexOf(link.parent)}` : ROOT;
      let on = `j${i}.${ident(link.fromColumn)} = ${parent}.${ident(link.toColumn)}`;
      if (link.filter) {
        const scopes = new Map([[link.alias, { alias: `j${i}`, idColumn: link.fromColumn }]]);
        on += ` AND (${compileFilterAt(link.filter, { alias: `j${i}`, idColumn: link.fromColumn }, scopes, parameters)})`;
      }
      return ` ${link.outer ? "LEFT JOIN" : "JOIN"} ${ident(link.tableName)} AS j${i} ON ${on}`;
    })
    .join("");
}

/** Link aliases as filter variables, so root conditions can name a linked table's columns. */
function linkScopes(options: QueryOptions): Map<string, { alias: string; idColumn: string }> | undefined {
  if (!options.links || options.links.length === 0) return undefined;
  return new Map(options.links.map((link, i) => [link.alias, { alias: `j${i}`, idColumn: link.fromColumn }]));
}

function linkColumns(options: QueryOptions): string {
  const links = options.links ?? [];
  let columns = "";
  links.forEach((link, i) => {
    for (const property of link.attributes) {
      columns += `, j${i}.${ident(property.column)} AS ${ident(`${link.alias}.${property.column}`)}`;
    }
  });
  return columns;
}

/** A linked table's columns come back as `alias.column` (Learn: fetchxml/reference/link-entity, alias). */
function attachLinkColumns(
  raw: SqlRow[],
  rows: WebApiRow[],
  links: readonly LinkEntity[],
  annotate: Annotations,
): void {
  raw.forEach((r, i) => {
    for (const link of links) {
      for (const property of link.attributes) {
        const name = `${link.alias}.${property.column}`;
        const value = r[name] ?? null;
        if (value === null) continue; // FetchXML results leave out null columns
        if (annotate.formattedValue && property.type === "boolean")
          rows[i][`${name}${FORMATTED_VALUE}`] = value === 1 ? "Yes" : "No";
        rows[i][name] =
          property.type === "boolean"
            ? value === 1
            : property.type === "datetime"
              ? webApiDateTime(String(value))
              : value;
      }
    }
  });
}

/** One row per group: the group's values under their aliases, then each aggregate (Learn: webapi/query/aggregate-data). */
function executeGrouping(
  db: Database.Database,
  options: QueryOptions,
  grouping: Grouping,
  annotate: Annotations,
): QueryResult {
  const parameters = new SqlParameters();
  const joins = compileLinks(options.links ?? [], parameters);
  const links = options.links ?? [];
  const columnOf = (reference: ColumnReference) =>
    `${reference.link ? `j${links.indexOf(reference.link)}` : ROOT}.${ident(reference.property.column)}`;
  const where = options.filter
    ? ` WHERE ${compileFilter(options.filter, options.model, ROOT, parameters, linkScopes(options))}`
    : "";
  const selected = [
    ...grouping.groupBy.map((g) => `${columnOf(g.column)} AS ${ident(g.alias)}`),
    ...grouping.aggregates.map((a) => {
      if (a.fn === "count" || !a.column) return `COUNT(*) AS ${ident(a.alias)}`;
      const column = columnOf(a.column);
      const sql =
        a.fn === "countcolumn"
          ? `COUNT(${column})`
          : a.fn === "countdistinct"
            ? `COUNT(DISTINCT ${column})`
            : `${a.fn.toUpperCase()}(${column})`;
      return `${sql} AS ${ident(a.alias)}`;
    }),
  ];
  const groupBy = grouping.groupBy.map((g) => columnOf(g.column)).join(", ");
  const from = `FROM ${tableSource(options.model).from} AS ${ROOT}${joins}${where}`;
  // Learn: webapi/query/aggregate-data "The aggregate functions are limited to a collection of 50,000 records."
  const input = `SELECT COUNT(*) AS n FROM (SELECT 1 ${from} LIMIT ${MAX_AGGREGATE_ROWS + 1})`;
  if ((prepare(db, input).get(...parameters.values) as { n: number }).n > MAX_AGGREGATE_ROWS) {
    throw new FetchXmlLimitError(
      "0x8004E023",
      "AggregateQueryRecordLimit exceeded. Cannot perform this operation. Narrow the query so at most 50,000 rows are aggregated.",
    );
  }
  let sql = `SELECT ${selected.join(", ")} ${from}`;
  if (groupBy) sql += ` GROUP BY ${groupBy}`;
  // The asked-for orders by alias (Learn: fetchxml/aggregate-data, Grouping), then the groups' own values.
  const orderKeys = (grouping.orderBy ?? []).map((o) => `${ident(o.alias)}${o.descending ? " DESC" : ""}`);
  if (groupBy) orderKeys.push(groupBy);
  if (orderKeys.length > 0) sql += ` ORDER BY ${orderKeys.join(", ")}`;
  // FetchXML count and page: simple paging, one group more than the page telling whether another follows.
  const pageSize = options.fetch?.pageSize;
  const offset = pageSize === undefined ? 0 : ((options.fetch?.page ?? 1) - 1) * pageSize;
  const remaining = options.top === undefined ? Infinity : Math.max(0, options.top - offset);
  const take = Math.min(remaining, pageSize ?? Infinity);
  const paged = pageSize !== undefined && pageSize < remaining;
  if (take !== Infinity || offset > 0) {
    sql += ` LIMIT ${parameters.bind(take === Infinity ? -1 : paged ? take + 1 : take)} OFFSET ${parameters.bind(offset)}`;
  }
  const raws = prepare(db, sql).all(...parameters.values) as SqlRow[];
  const more = paged && raws.length > take;
  if (more) raws.length = take;
  const rows = raws.map((raw) => {
    const row: WebApiRow = {};
    for (const g of grouping.groupBy) {
      const value = raw[g.alias] ?? null;
      if (value === null) continue; // Dataverse leaves out a group's null values
      const property = g.column.property;
      if (annotate.formattedValue) {
        if (property.type === "choice")
          row[g.alias + FORMATTED_VALUE] = property.labels?.get(value as number) ?? String(value);
        if (property.type === "boolean") row[g.alias + FORMATTED_VALUE] = value === 1 ? "Yes" : "No";
      }
      row[g.alias] = property.type === "boolean" ? value === 1 : value;
    }
    for (const a of grouping.aggregates) {
      const value = raw[a.alias] ?? null;
      if (annotate.formattedValue && value !== null) row[a.alias + FORMATTED_VALUE] = String(value);
      row[a.alias] =
        typeof value === "string" && a.column?.property.type === "datetime" ? webApiDateTime(value) : value;
    }
    return row;
  });
  return pageSize === undefined ? { rows } : { rows, moreRecords: more };
}

/** One row by primary id, or undefined when there is none (the caller answers 404). */
export function retrieveOne(
  db: Database.Database,
  table: AnyTable,
  id: string,
  options: QueryOptions,
  settings: Pick<ReadSettings, "annotations"> = {},
): WebApiRow | undefined {
  checkTable(table, options);
  const annotate = annotationsOf(settings.annotations);
  const sql = keyedReadSql(options, annotate);
  const raw = prepare(db, sql).get(id.toLowerCase()) as SqlRow | undefined;
  return raw && formatWithExpansions(db, [raw], options, annotate)[0];
}

/**
 * One row by alternate key in one statement (no id lookup first), or undefined when there is none. Key values are
 * compared by the columns' own collation (NOCASE for text), as the key's unique index does.
 */
export function retrieveByKey(
  db: Database.Database,
  table: AnyTable,
  key: Readonly<Record<string, string | number>>,
  options: QueryOptions,
  settings: Pick<ReadSettings, "annotations"> = {},
): WebApiRow | undefined {
  checkTable(table, options);
  const annotate = annotationsOf(settings.annotations);
  const names = Object.keys(key).sort();
  const where = names.map((n) => `${ROOT}.${ident(n)} = ?`).join(" AND ");
  const sql = `SELECT ${rootColumns(options, annotate)} FROM ${tableSource(options.model).from} AS ${ROOT} WHERE ${where}`;
  const raw = prepare(db, sql).get(...names.map((n) => key[n])) as SqlRow | undefined;
  return raw && formatWithExpansions(db, [raw], options, annotate)[0];
}

/** Keyed reads without expansions reuse their SQL text by selection: the hot path builds no strings. */
const keyedReads = new WeakMap<readonly Property[], [string?, string?]>();

function keyedReadSql(options: QueryOptions, annotate: Annotations): string {
  const build = () =>
    `SELECT ${rootColumns(options, annotate)} FROM ${tableSource(options.model).from} AS ${ROOT}` +
    ` WHERE ${ROOT}.${ident(options.model.primaryId.column)} = ?`;
  if (options.expand.length > 0) return build();
  let pair = keyedReads.get(options.select);
  if (!pair) keyedReads.set(options.select, (pair = [undefined, undefined]));
  const slot = annotate.formattedValue ? 1 : 0;
  return (pair[slot] ??= build());
}

function annotationsOf(setting: boolean | Annotations | undefined): Annotations {
  return setting === true ? allAnnotations : setting ? setting : noAnnotations;
}

function checkTable(table: AnyTable, options: QueryOptions): void {
  if (options.model.table.logicalName !== table.logicalName) {
    throw new Error(`Query options for '${options.model.table.logicalName}' used on '${table.logicalName}'`);
  }
}

/** A model's selected columns, with its version column when its table has one. */
const selectedColumns = (model: EntityModel, select: readonly Property[], alias: string, annotate: Annotations) =>
  compileColumns(select, alias, annotate.formattedValue, tableSource(model).versionColumn);

/** The selected columns, plus each expanded lookup's key even when its value is not selected. */
function rootColumns(options: QueryOptions, annotate: Annotations): string {
  let columns = selectedColumns(options.model, options.select, ROOT, annotate);
  for (const expand of options.expand) {
    if (expand.kind === "single") {
      columns += `, ${ROOT}.${ident(expand.navigation.column)} AS ${ident(navigationKeyColumn(expand.navigation.name))}`;
    }
  }
  return columns;
}

function formatWithExpansions(
  db: Database.Database,
  raw: SqlRow[],
  options: QueryOptions,
  annotate: Annotations,
): WebApiRow[] {
  const rows = raw.map((r) => formatRow(r, options.select, annotate));
  if (rows.length === 0) return rows;
  for (const expand of options.expand) attachExpansion(db, expand, raw, rows, options.model.primaryId.name, annotate);
  return rows;
}

function attachExpansion(
  db: Database.Database,
  expand: Expand,
  raw: SqlRow[],
  rows: WebApiRow[],
  idName: string,
  annotate: Annotations,
): void {
  const name = expand.navigation.name;
  if (expand.kind === "single") {
    const keyColumn = navigationKeyColumn(name);
    const targets = loadByIds(
      db,
      expand,
      raw.map((r) => r[keyColumn]).filter((k) => k !== null),
      annotate,
    );
    raw.forEach((r, i) => (rows[i][name] = targets.get(r[keyColumn] as string) ?? null));
  } else {
    const related = loadRelated(
      db,
      expand,
      raw.map((r) => r[idName]),
      annotate,
    );
    raw.forEach((r, i) => (rows[i][name] = related.get(r[idName] as string) ?? []));
  }
}

const idList = (ids: unknown[]): string => JSON.stringify([...new Set(ids)]);

function loadByIds(
  db: Database.Database,
  expand: SingleExpand,
  ids: unknown[],
  annotate: Annotations,
): Map<string, WebApiRow> {
  const byId = new Map<string, WebApiRow>();
  if (ids.length === 0) return byId;
  const { model, select } = expand.options;
  const nested = expand.expand ?? [];
  const idColumn = `${EXPANDED}.${ident(model.primaryId.column)}`;
  let columns = `${selectedColumns(model, select, EXPANDED, annotate)}, ${idColumn} AS ${ident(PARENT_COLUMN)}`;
  for (const inner of nested) {
    columns += `, ${EXPANDED}.${ident(inner.navigation.column)} AS ${ident(navigationKeyColumn(inner.navigation.name))}`;
  }
  const sql =
    `SELECT ${columns} FROM ${tableSource(model).from} AS ${EXPANDED}` +
    ` WHERE ${idColumn} IN (SELECT value FROM json_each(?))`;
  const raws = prepare(db, sql).all(idList(ids)) as SqlRow[];
  const rows = raws.map((raw) => formatRow(raw, select, annotate));
  // Lookups of the expanded rows, one query per lookup per level (Learn: webapi/query/join-tables, nested $expand).
  for (const inner of nested) attachExpansion(db, inner, raws, rows, model.primaryId.name, annotate);
  raws.forEach((raw, i) => byId.set(raw[PARENT_COLUMN] as string, rows[i]));
  return byId;
}

/** The related rows of every parent on the page, grouped by parent, each group filtered, ordered and capped. */
function loadRelated(
  db: Database.Database,
  expand: CollectionExpand,
  parentIds: unknown[],
  annotate: Annotations,
): Map<string, WebApiRow[]> {
  const options: CollectionOptions = expand.options;
  const { model } = options;
  const link = expand.navigation.link;
  const parameters = new SqlParameters();
  const targetTable = `${tableSource(model).from} AS ${EXPANDED}`;
  let parent: string;
  let from: string;
  if (link.kind === "intersect") {
    parent = `i.${ident(link.sourceColumn)}`;
    from = `${ident(link.table)} AS i JOIN ${targetTable} ON ${EXPANDED}.${ident(model.primaryId.column)} = i.${ident(link.targetColumn)}`;
  } else {
    parent = `${EXPANDED}.${ident(link.column)}`;
    from = targetTable;
  }
  let where = `${parent} IN (SELECT value FROM json_each(${parameters.bind(idList(parentIds))}))`;
  if (options.filter) where += ` AND (${compileFilter(options.filter, model, EXPANDED, parameters)})`;
  const orderBy = compileOrderBy(options.orderBy, model, EXPANDED);
  const columns = `${parent} AS ${ident(PARENT_COLUMN)}, ${selectedColumns(model, options.select, EXPANDED, annotate)}`;
  let sql = `SELECT ${columns} FROM ${from} WHERE ${where} ORDER BY ${orderBy}`;
  if (options.top !== undefined) {
    // $top applies per parent: number each parent's rows in order and keep the first ones.
    sql =
      `SELECT * FROM (SELECT ${columns}, ROW_NUMBER() OVER (PARTITION BY ${parent} ORDER BY ${orderBy}) AS "@row"` +
      ` FROM ${from} WHERE ${where}) WHERE "@row" <= ${parameters.bind(options.top)} ORDER BY "@row"`;
  }
  const byParent = new Map<string, WebApiRow[]>();
  for (const raw of prepare(db, sql).all(...parameters.values) as SqlRow[]) {
    const key = raw[PARENT_COLUMN] as string;
    let group = byParent.get(key);
    if (!group) byParent.set(key, (group = []));
    group.push(formatRow(raw, options.select, annotate));
  }
  return byParent;
}
