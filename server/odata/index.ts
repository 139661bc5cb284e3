/** The read side of the Web API: query options, keys, and reads that return rows shaped as Dataverse returns them. */
export { parseQueryOptions } from "./parse-options";
export { executeQuery, retrieveByKey, retrieveOne, type ReadSettings, type QueryResult } from "./execute";
export { addressFromKey, type Address } from "./key";
export { contextFragment } from "./context";
export { etag, FORMATTED_VALUE, LOOKUP_LOGICAL_NAME, type WebApiRow } from "./format";
export { entityModel, type EntityModel, type Property } from "./model";
export type { QueryOptions, FilterExpression, Expand } from "./types";
