/**
 * Paths beyond `set` and `set(key)`: `set/$count`, `entity(id)/nav[/$ref|/$count]`, `entity(id)/prop[/$value]`.
 * Anything else is "Resource not found for the segment" naming the first segment the service doesn't know.
 */
import type { AnyTable } from "../../schema";
import { requirePrivilege, type Caller } from "../users";
import { countResponse, navigationOf, readNavigation, writeRef } from "./navigation";
import type { Segment } from "./path";
import { propertyOf, readProperty, writeProperty } from "./property";
import type { WebApi } from "./service";
import { resourceNotFound } from "./target";
import type { ApiRequest, ApiResponse } from "./types";
import { methodNotAllowed, type Run } from "./writes";

export function readPath(
  api: WebApi,
  table: AnyTable,
  segments: Segment[],
  request: ApiRequest,
  caller: Caller,
): ApiResponse {
  const [record, second, third] = segments;
  if (record.key === undefined) {
    if (segments.length === 2 && second.name === "$count" && second.key === undefined) {
      requirePrivilege(caller, table.logicalName, "read");
      return countResponse(api, table, request);
    }
    throw resourceNotFound(second.name);
  }
  if (second.key !== undefined || segments.length > 3) throw resourceNotFound(segments[2]?.name ?? second.name);
  const navigation = navigationOf(table, second.name);
  if (navigation) {
    const suffix = third?.name ?? "";
    if (suffix !== "" && suffix !== "$ref" && suffix !== "$count") throw resourceNotFound(suffix);
    return readNavigation(api, table, record, navigation, request, caller, suffix);
  }
  const property = propertyOf(table, second.name);
  if (property && (!third || third.name === "$value")) {
    return readProperty(api, table, record, property, request, caller, third !== undefined);
  }
  throw resourceNotFound(property ? third.name : second.name);
}

export function writePath(
  api: WebApi,
  table: AnyTable,
  segments: Segment[],
  request: ApiRequest,
  caller: Caller,
  run: Run,
): Promise<ApiResponse> {
  const [record, second, third] = segments;
  if (record.key === undefined) throw resourceNotFound(second.name);
  if (third?.name === "$ref") return writeRef(api, table, segments, request, caller, run);
  if (segments.length === 2 && second.key === undefined && propertyOf(table, second.name)) {
    if (request.method !== "PUT" && request.method !== "DELETE") throw methodNotAllowed(request);
    return writeProperty(api, table, record, second.name, request, caller, run);
  }
  if (segments.length === 2 && navigationOf(table, second.name)) throw methodNotAllowed(request);
  throw resourceNotFound(third?.name ?? second.name);
}
