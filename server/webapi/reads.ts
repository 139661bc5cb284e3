/** GET: a collection with query options and paging, or one row by id or alternate key. */
import { DataverseError } from "../errors";
import { executeQuery, retrieveOne } from "../odata";
import { queryOptionsFor } from "./queryCache";
import { requirePrivilege, type Caller } from "../users";
import type { Segment } from "./path";
import { readPath } from "./paths";
import type { WebApi } from "./service";
import { addressOf, entitySet, findId, notFoundAt } from "./target";
import { API_PATH, json, preferences, type ApiRequest, type ApiResponse } from "./types";

export function handleRead(api: WebApi, segments: Segment[], request: ApiRequest, caller: Caller): ApiResponse {
  const table = entitySet(segments[0]);
  if (segments.length !== 1) return readPath(api, table, segments, request, caller);
  requirePrivilege(caller, table.logicalName, "read");
  const db = api.dbs.reader;
  const prefs = preferences(request.headers["prefer"]);
  const annotations = prefs.has("odata.include-annotations");
  const context = `${new URL(API_PATH, request.url)}$metadata#${table.entitySetName}`;

  if (segments[0].key !== undefined) {
    const address = addressOf(table, segments[0]);
    const options = queryOptionsFor(table, request.url, "single");
    const id = findId(db, table, address);
    const row = id === undefined ? undefined : retrieveOne(db, table, id, options, { annotations });
    if (!row) throw notFoundAt(table, address);
    const etag = row["@odata.etag"] as string;
    if (request.headers["if-none-match"] && request.headers["if-none-match"] === etag) {
      return { status: 304, headers: { ETag: etag, "OData-Version": "4.0" } };
    }
    return json(200, { "@odata.context": `${context}/$entity`, ...row }, { ETag: etag });
  }

  const options = queryOptionsFor(table, request.url, "collection");
  const maxPageSize = prefs.has("odata.maxpagesize") ? Number(prefs.get("odata.maxpagesize")) : undefined;
  if (maxPageSize !== undefined && !(Number.isInteger(maxPageSize) && maxPageSize > 0)) {
    throw new DataverseError("BadRequestSyntax", "The odata.maxpagesize preference must be a positive whole number.");
  }
  const result = executeQuery(db, table, options, { maxPageSize: maxPageSize ?? 5000, annotations });
  const body: Record<string, unknown> = { "@odata.context": context };
  if (result.count !== undefined) body["@odata.count"] = result.count;
  body.value = result.rows;
  if (result.nextSkipToken) {
    // Dataverse writes `$skiptoken` literally, after the caller's own query options.
    const kept = request.url.search
      .replace(/^\?/, "")
      .split("&")
      .filter((p) => p && !/^(\$|%24)skiptoken=/i.test(p));
    kept.push(`$skiptoken=${encodeURIComponent(result.nextSkipToken)}`);
    body["@odata.nextLink"] = `${request.url.origin}${request.url.pathname}?${kept.join("&")}`;
  }
  const applied = maxPageSize !== undefined ? { "Preference-Applied": `odata.maxpagesize=${maxPageSize}` } : undefined;
  return json(200, body, applied);
}
