/** Parsed query options by table and query string: clients repeat the same few queries, so parse each once. */
import type { AnyTable } from "../../schema";
import { parseQueryOptions, type QueryOptions } from "../odata";
import { BoundedCache } from "../odata/bounded-cache";

/** 1 MB of query strings; a query string over 4 KB is parsed every time (parsing is linear and cheap). */
export const queryCache = new BoundedCache<QueryOptions>(1 << 20, 4096);

export function queryOptionsFor(table: AnyTable, url: URL, kind: "collection" | "single"): QueryOptions {
  const key = `${kind} ${table.logicalName} ${url.search}`;
  let options = queryCache.get(key);
  if (!options) {
    options = parseQueryOptions(table, url.searchParams, kind);
    queryCache.set(key, options);
  }
  return options;
}
