/** POST, PATCH (update or upsert), DELETE, and the paths under a record (`$ref`, properties), all through the pipeline. */
import type { AnyTable } from "../../schema";
import { parseEntityBody, type KeyResolver, type ParsedBody } from "../body";
import { DataverseError } from "../errors";
import { contextFragment, etag, parseQueryOptions, retrieveOne } from "../odata";
import { relationshipByNavigation, type WriteRequest, type WriteResult } from "../pipeline";
import type { Caller } from "../users";
import { readJsonBody } from "./jsonBody";
import { writePath } from "./paths";
import type { Segment } from "./path";
import type { WebApi } from "./service";
import { addressOf, entitySet, entityUrl, existingId, keyText, notFoundAt, requireId, type Address } from "./target";
import { API_PATH, json, noContent, preferences, type ApiRequest, type ApiResponse } from "./types";

/** "own": the request takes the write lock and its own transaction; "outer": a $batch change set holds both. */
export type WriteMode = "own" | "outer";

export type Run = <T>(task: () => Promise<T>) => Promise<T>;

export async function handleWrite(
  api: WebApi,
  segments: Segment[],
  request: ApiRequest,
  caller: Caller,
  mode: WriteMode,
): Promise<ApiResponse> {
  const run: Run = (task) => (mode === "own" ? api.inTransaction(task) : task());
  const table = entitySet(segments[0]);
  if (segments.length > 1) return writePath(api, table, segments, request, caller, run);
  const segment = segments[0];

  if (segment.key === undefined) {
    // Learn: webapi/compose-http-requests-handle-errors: "you can't use DELETE or PATCH on a collection".
    if (request.method !== "POST") throw methodNotAllowed(request);
    return run(async () => {
      const body = parseEntityBody(table, readJsonBody(request), keyResolver(api));
      const result = await api.pipeline.execute(
        { message: "Create", table, id: body.id, attributes: body.attributes },
        caller,
      );
      await associateOnCreate(api, table, result.id as string, body, caller);
      return written(api, request, table, result, 201);
    });
  }
  // PUT is for single properties only (Learn: webapi/compose-http-requests-handle-errors, "HTTP methods").
  if (request.method === "POST" || request.method === "PUT") throw methodNotAllowed(request);

  const address = addressOf(table, segment);
  if (request.method === "DELETE") {
    return run(async () => {
      const id = requireId(api.dbs.writer, table, address);
      await api.pipeline.execute({ message: "Delete", table, id, ifMatch: request.headers["if-match"] }, caller);
      return noContent();
    });
  }
  return run(() => upsert(api, table, address, request, caller));
}

/**
 * PATCH is an upsert unless `If-Match: *` says "update only" or `If-None-Match: *` says "create only", by id or by
 * alternate key (Learn: use-upsert-insert-update-record; webapi/perform-conditional-operations-using-web-api).
 */
async function upsert(
  api: WebApi,
  table: AnyTable,
  address: Address,
  request: ApiRequest,
  caller: Caller,
): Promise<ApiResponse> {
  const body = parseEntityBody(table, readJsonBody(request), keyResolver(api));
  if (body.associations.length > 0) {
    throw new DataverseError(
      "BadRequestSyntax",
      `'${body.associations[0].navigation}@odata.bind' binds a collection, which only a create (POST) can do. ` +
        `Associate existing rows with POST ${table.entitySetName}(<id>)/${body.associations[0].navigation}/$ref.`,
    );
  }
  const existing = existingId(api.dbs.writer, table, address);
  const ifMatch = request.headers["if-match"];
  const ifNoneMatch = request.headers["if-none-match"];
  const entityId = "key" in address ? keyText(address) : undefined;
  if (existing !== undefined && ifNoneMatch === "*") {
    throw new DataverseError("DuplicateRecord", "A record with matching key values already exists.");
  }
  if (existing === undefined) {
    if (ifMatch !== undefined) throw notFoundAt(table, address);
    // Creating by key: alternate key values in the body win over the URL's (Learn: use-upsert-insert-update-record).
    const attributes = "key" in address ? { ...address.key, ...body.attributes } : body.attributes;
    const id = "id" in address ? address.id : body.id;
    if ("id" in address && body.id !== undefined && body.id !== address.id) {
      throw new DataverseError(
        "BadRequestSyntax",
        `The body's ${table.primaryIdAttribute} '${body.id}' differs from the id in the URL '${address.id}'. Leave it out of the body.`,
      );
    }
    const result = await api.pipeline.execute({ message: "Create", table, id, attributes }, caller);
    return written(api, request, table, result, 201, entityId);
  }
  // Updating by key: key values can't change through the key that identifies the row, so they are dropped.
  const attributes = { ...body.attributes };
  if ("key" in address) for (const name of Object.keys(address.key)) delete attributes[name];
  const write: WriteRequest = { message: "Update", table, id: existing, attributes, ifMatch };
  const result = await api.pipeline.execute(write, caller);
  return written(api, request, table, result, 200, entityId);
}

/** Collection-valued `@odata.bind` on create: each reference is associated in the same transaction. */
async function associateOnCreate(api: WebApi, table: AnyTable, id: string, body: ParsedBody, caller: Caller) {
  for (const { navigation, ids } of body.associations) {
    const relationship = relationshipByNavigation(table, navigation);
    if (!relationship) continue; // parseEntityBody accepts N:N navigation properties only
    const other = relationship.entity1 === table.logicalName ? relationship.entity2 : relationship.entity1;
    for (const relatedId of ids) {
      await api.pipeline.execute(
        {
          message: "Associate",
          relationship,
          record: { logicalName: table.logicalName, id },
          related: { logicalName: other, id: relatedId },
        },
        caller,
      );
    }
  }
}

/** `@odata.bind` references by alternate key resolve against the writer, inside the write's transaction. */
export function keyResolver(api: WebApi): KeyResolver {
  return (target, key) => requireId(api.dbs.writer, target, addressOf(target, { name: target.entitySetName, key }));
}

/**
 * 204 with OData-EntityId (the key form when the request addressed a key), or with `Prefer: return=representation`
 * the row with its `@odata.context` and no OData-EntityId (Learn: webapi/create-entity-web-api).
 */
function written(
  api: WebApi,
  request: ApiRequest,
  table: AnyTable,
  result: WriteResult,
  representationStatus: number,
  key?: string,
): ApiResponse {
  const id = result.id as string;
  const base = new URL(API_PATH, request.url);
  if (preferences(request.headers["prefer"]).get("return") !== "representation") {
    const entityId = key === undefined ? entityUrl(base, table, id) : new URL(`${table.entitySetName}(${key})`, base);
    return noContent({ "OData-EntityId": entityId.toString(), ETag: etag(result.version) });
  }
  const options = parseQueryOptions(table, request.url.searchParams, "single");
  const row = retrieveOne(api.dbs.writer, table, id, options, { annotations: false });
  const body = { "@odata.context": `${base}$metadata#${contextFragment(table, options)}`, ...row };
  return json(representationStatus, body, {
    ETag: etag(result.version),
    "Preference-Applied": "return=representation",
  });
}

export function methodNotAllowed(request: ApiRequest): DataverseError {
  return new DataverseError(
    "MethodNotAllowed",
    `The requested resource does not support http method '${request.method}'.`,
  );
}
