/** GET: a collection with query options and paging, or one row by id or alternate key. */
import type { AnyTable } from "../../schema";
import { DataverseError } from "../errors";
import {
  contextFragment,
  executeQuery,
  retrieveByKey,
  retrieveOne,
  type QueryOptions,
  type QueryResult,
} from "../odata";
import { annotatesRows, parseIncludeAnnotations, type Annotations } from "../odata/annotations";
import { parsePrefer } from "../odata/prefer";
import { queryOptionsFor } from "./queryCache";
import { requirePrivilege, type Caller } from "../users";
import type { Segment } from "./path";
import { readPath } from "./paths";
import type { WebApi } from "./service";
import { addressOf, entitySet, notFoundAt } from "./target";
import { API_PATH, json, type ApiRequest, type ApiResponse } from "./types";

/** Learn: webapi/query/page-results "You can't request a page size larger than 5,000." */
export const MAX_PAGE_SIZE = 5000;

/** Dispatches a GET by the shape of its path; other path kinds join here with one line each. */
export function handleRead(api: WebApi, segments: Segment[], request: ApiRequest, caller: Caller): ApiResponse {
  if (segments.length === 1) {
    return segments[0].key === undefined
      ? readCollection(api, segments[0], request, caller)
      : readRow(api, segments[0], request, caller);
  }
  return readPath(api, entitySet(segments[0]), segments, request, caller);
}

/** What the `Prefer` header asks of a read, and the `Preference-Applied` values that answer it. */
export interface ReadPreferences {
  readonly annotations: Annotations;
  /** The page size asked for, when it is one Dataverse applies. */
  readonly maxPageSize?: number;
  readonly applied: string[];
}

export function readPreferences(request: ApiRequest): ReadPreferences {
  const prefs = parsePrefer(request.headers["prefer"]);
  const applied: string[] = [];
  const include = prefs.get("odata.include-annotations");
  const annotations = parseIncludeAnnotations(include);
  // Learn: webapi/query/select-columns: the response echoes the preference in Preference-Applied.
  if (include !== undefined) applied.push(`odata.include-annotations="${include}"`);
  let maxPageSize: number | undefined;
  const size = prefs.get("odata.maxpagesize");
  if (size !== undefined) {
    if (!/^[0-9]{1,9}$/.test(size) || Number(size) === 0) {
      throw new DataverseError("BadRequestSyntax", "The odata.maxpagesize preference must be a positive whole number.");
    }
    // Larger sizes are not applied: pages stay at 5,000 rows and Preference-Applied leaves the preference out.
    if (Number(size) <= MAX_PAGE_SIZE) {
      maxPageSize = Number(size);
      applied.push(`odata.maxpagesize=${maxPageSize}`);
    }
  }
  return { annotations, maxPageSize, applied };
}

const appliedHeader = (prefs: ReadPreferences): Record<string, string> | undefined =>
  prefs.applied.length > 0 ? { "Preference-Applied": prefs.applied.join(", ") } : undefined;

const contextUrl = (request: ApiRequest, table: AnyTable, options: QueryOptions): string =>
  `${new URL(API_PATH, request.url)}$metadata#${contextFragment(table, options)}`;

export function readRow(api: WebApi, segment: Segment, request: ApiRequest, caller: Caller): ApiResponse {
  const table = entitySet(segment);
  requirePrivilege(caller, table.logicalName, "read");
  const db = api.dbs.reader;
  const prefs = readPreferences(request);
  const address = addressOf(table, segment);
  const options = queryOptionsFor(table, request.url, "single");
  // One statement either way: by primary key, or by the alternate key's columns.
  const settings = { annotations: prefs.annotations };
  const row =
    "id" in address
      ? retrieveOne(db, table, address.id, options, settings)
      : retrieveByKey(db, table, address.key, options, settings);
  if (!row) throw notFoundAt(table, address);
  const etag = row["@odata.etag"] as string;
  // Learn: webapi/perform-conditional-operations-using-web-api: never 304 for a query with $expand or annotations,
  // whose content can change while the row's version does not.
  const cacheable = options.expand.length === 0 && !annotatesRows(prefs.annotations);
  if (cacheable && request.headers["if-none-match"] === etag) {
    return { status: 304, headers: { ETag: etag, "OData-Version": "4.0" } };
  }
  const body = { "@odata.context": contextUrl(request, table, options), ...row };
  return json(200, body, { ETag: etag, ...appliedHeader(prefs) });
}

export function readCollection(api: WebApi, segment: Segment, request: ApiRequest, caller: Caller): ApiResponse {
  const table = entitySet(segment);
  requirePrivilege(caller, table.logicalName, "read");
  return answerCollection(api, table, queryOptionsFor(table, request.url, "collection"), request);
}

/** A collection answer for already-parsed options: entity sets and `entity(id)/nav` collections alike. */
export function answerCollection(api: WebApi, table: AnyTable, parsed: QueryOptions, request: ApiRequest): ApiResponse {
  const db = api.dbs.reader;
  const prefs = readPreferences(request);
  let options = parsed;
  // Learn: webapi/query/page-results "Don't use $top with the Prefer: odata.maxpagesize request header. If you
  // include both, $top is ignored."
  if (prefs.maxPageSize !== undefined && options.top !== undefined) options = { ...options, top: undefined };
  const result = executeQuery(db, table, options, {
    maxPageSize: prefs.maxPageSize ?? MAX_PAGE_SIZE,
    annotations: prefs.annotations,
  });
  if (options.fetch) return fetchResponse(request, table, options, result, prefs);
  const body: Record<string, unknown> = { "@odata.context": contextUrl(request, table, options) };
  if (result.count !== undefined) body["@odata.count"] = result.count;
  // Learn: webapi/query/count-rows: -1 without $count=true.
  if (prefs.annotations.totalRecordCount) body["@Microsoft.Dynamics.CRM.totalrecordcount"] = result.count ?? -1;
  if (prefs.annotations.totalRecordCountLimitExceeded)
    body["@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"] = result.countLimitExceeded ?? false;
  body.value = result.rows;
  if (result.nextSkipToken) body["@odata.nextLink"] = nextLink(request.url, result.nextSkipToken);
  return json(200, body, appliedHeader(prefs));
}

/**
 * A fetchXml answer: no @odata.nextLink; `@Microsoft.Dynamics.CRM.fetchxmlpagingcookie` (its inner cookie URL-encoded
 * twice) and `@Microsoft.Dynamics.CRM.morerecords` when asked for, and null columns left out
 * (Learn: fetchxml/page-results, Web API tab).
 */
function fetchResponse(
  request: ApiRequest,
  table: AnyTable,
  options: QueryOptions,
  result: QueryResult,
  prefs: ReadPreferences,
): ApiResponse {
  const body: Record<string, unknown> = { "@odata.context": contextUrl(request, table, options) };
  if (options.fetch?.totalRecordCount) {
    body["@Microsoft.Dynamics.CRM.totalrecordcount"] = result.count ?? -1;
    body["@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"] = result.countLimitExceeded ?? false;
  }
  if (prefs.annotations.fetchXmlPagingCookie && result.nextSkipToken) {
    body["@Microsoft.Dynamics.CRM.fetchxmlpagingcookie"] = result.nextSkipToken.replace(
      /pagingcookie="([^"]*)"/,
      (_, inner: string) =>
        `pagingcookie="${encodeURIComponent(inner).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())}"`,
    );
  }
  if (prefs.annotations.moreRecords) body["@Microsoft.Dynamics.CRM.morerecords"] = result.moreRecords === true;
  body.value = result.rows.map((row) => {
    const kept: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(row)) if (value !== null) kept[name] = value;
    return kept;
  });
  return json(200, body, appliedHeader(prefs));
}

/** Dataverse writes `$skiptoken` after the caller's own query options (Learn: webapi/query/page-results). */
export function nextLink(url: URL, skipToken: string): string {
  const kept = url.search
    .replace(/^\?/, "")
    .split("&")
    .filter((p) => p && !/^(\$|%24)skiptoken=/i.test(p));
  kept.push(`$skiptoken=${encodeURIComponent(skipToken)}`);
  return `${url.origin}${url.pathname}?${kept.join("&")}`;
}
