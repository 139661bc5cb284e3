/**
 * Runs parsed query options against SQLite and returns Web API rows. Expansions cost one query per navigation
 * per page (the page's keys passed as one JSON array), never one per row.
 */
import type Database from "better-sqlite3";
import type { AnyTable } from "../../schema";
import { ident } from "../storage/layout";
import { allAnnotations, noAnnotations, type Annotations } from "./annotations";
import { formatRow, type SqlRow, type WebApiRow } from "./format";
import { entityModel, type Property } from "./model";
import { encodeSkipToken } from "./skip-token";
import {
  compileColumns,
  compileFilter,
  compileOrderBy,
  navigationKeyColumn,
  PARENT_COLUMN,
  prepare,
  SqlParameters,
} from "./sql";
import type { CollectionExpand, CollectionOptions, Expand, QueryOptions, SingleExpand } from "./types";

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
  /** Set when another page follows; the caller puts it in `@odata.nextLink` as `$skiptoken`. */
  nextSkipToken?: string;
}

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
  const parameters = new SqlParameters();
  const where = options.filter ? ` WHERE ${compileFilter(options.filter, options.model, ROOT, parameters)}` : "";
  const from = `FROM ${ident(table.logicalName)} AS ${ROOT}${where}`;

  const remaining = options.top === undefined ? Infinity : Math.max(0, options.top - options.skip);
  const pageSize = settings.maxPageSize !== undefined && settings.maxPageSize > 0 ? settings.maxPageSize : Infinity;
  const take = Math.min(remaining, pageSize);
  // One row more than the page tells whether another page follows, without counting.
  const paged = pageSize < remaining;
  const limit = take === Infinity ? -1 : paged ? take + 1 : take;

  const sql =
    `SELECT ${rootColumns(options, annotate)} ${from} ORDER BY ${compileOrderBy(options.orderBy, options.model, ROOT)}` +
    ` LIMIT ? OFFSET ?`;
  const raw = prepare(db, sql).all(...parameters.values, limit, options.skip) as SqlRow[];
  const more = paged && raw.length > take;
  if (more) raw.length = take;

  const result: QueryResult = { rows: formatWithExpansions(db, raw, options, annotate) };
  if (more) result.nextSkipToken = encodeSkipToken(options.skip + take);
  if (options.count) {
    // Learn: webapi/query/count-rows: "@odata.count ... up to 5,000". Counting stops one past the cap.
    const sql = `SELECT COUNT(*) AS n FROM (SELECT 1 ${from} LIMIT ${MAX_COUNT + 1})`;
    const n = (prepare(db, sql).get(...parameters.values) as { n: number }).n;
    result.count = Math.min(n, MAX_COUNT);
    result.countLimitExceeded = n > MAX_COUNT;
  }
  return result;
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

/** Keyed reads without expansions reuse their SQL text by selection: the hot path builds no strings. */
const keyedReads = new WeakMap<readonly Property[], [string?, string?]>();

function keyedReadSql(options: QueryOptions, annotate: Annotations): string {
  const build = () =>
    `SELECT ${rootColumns(options, annotate)} FROM ${ident(options.model.table.logicalName)} AS ${ROOT}` +
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
  if (options.model !== entityModel(table)) {
    throw new Error(`Query options for '${options.model.table.logicalName}' used on '${table.logicalName}'`);
  }
}

/** The selected columns, plus each expanded lookup's key even when its value is not selected. */
function rootColumns(options: QueryOptions, annotate: Annotations): string {
  let columns = compileColumns(options.select, ROOT, annotate.formattedValue);
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
  const idColumn = `${EXPANDED}.${ident(model.primaryId.column)}`;
  const sql =
    `SELECT ${compileColumns(select, EXPANDED, annotate.formattedValue)}, ${idColumn} AS ${ident(PARENT_COLUMN)}` +
    ` FROM ${ident(model.table.logicalName)} AS ${EXPANDED} WHERE ${idColumn} IN (SELECT value FROM json_each(?))`;
  for (const raw of prepare(db, sql).all(idList(ids)) as SqlRow[]) {
    byId.set(raw[PARENT_COLUMN] as string, formatRow(raw, select, annotate));
  }
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
  const targetTable = `${ident(model.table.logicalName)} AS ${EXPANDED}`;
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
  const columns = `${parent} AS ${ident(PARENT_COLUMN)}, ${compileColumns(options.select, EXPANDED, annotate.formattedValue)}`;
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
