/** Parsed query options by table and query string: clients repeat the same few queries, so parse each once. */
import type { AnyTable } from "../../schema";
import { parseQueryOptions, type QueryOptions } from "../odata";

const MAX_ENTRIES = 500;
const cache = new Map<string, QueryOptions>();

export function queryOptionsFor(table: AnyTable, url: URL, kind: "collection" | "single"): QueryOptions {
  const key = `${kind} ${table.logicalName} ${url.search}`;
  let options = cache.get(key);
  if (!options) {
    options = parseQueryOptions(table, url.searchParams, kind);
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(key, options);
  }
  return options;
}
