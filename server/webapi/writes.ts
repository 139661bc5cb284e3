/** POST, PATCH (update or upsert), DELETE, and associate/disassociate through `$ref`, all through the pipeline. */
import { manyToManyRelationships, type AnyTable, type ManyToManyRelationship } from "../../schema";
import { parseEntityBody } from "../body";
import { DataverseError } from "../errors";
import { etag, parseQueryOptions, retrieveOne } from "../odata";
import { relationshipByNavigation, type WriteRequest, type WriteResult } from "../pipeline";
import { tableByName } from "../storage/layout";
import type { Caller } from "../users";
import { readJsonBody } from "./jsonBody";
import type { Segment } from "./path";
import type { WebApi } from "./service";
import { splitPath } from "./path";
import { addressOf, entitySet, entityUrl, findId, notFoundAt, requireId } from "./target";
import { API_PATH, json, noContent, preferences, type ApiRequest, type ApiResponse } from "./types";

/** "own": the request takes the write lock and its own transaction; "outer": a $batch change set holds both. */
export type WriteMode = "own" | "outer";

export async function handleWrite(
  api: WebApi,
  segments: Segment[],
  request: ApiRequest,
  caller: Caller,
  mode: WriteMode,
): Promise<ApiResponse> {
  const run = <T>(task: () => Promise<T>) => (mode === "own" ? api.inTransaction(task) : task());
  const table = entitySet(segments[0]);
  const db = api.dbs.writer;

  if (segments.length >= 3 && segments[segments.length - 1].name === "$ref") {
    return run(async () => {
      await executeRef(api, table, segments, request, caller);
      return noContent();
    });
  }
  if (segments.length !== 1) {
    throw new DataverseError(
      "ResourceNotFound",
      `Resource not found for the segment '${segments.map((s) => s.name).join("/")}'.`,
    );
  }
  const segment = segments[0];

  if (request.method === "POST") {
    if (segment.key !== undefined)
      throw new DataverseError("BadRequestSyntax", "Create with POST on the entity set, without a key.", 405);
    const body = parseEntityBody(table, readJsonBody(request));
    return run(async () => {
      const result = await api.pipeline.execute(
        { message: "Create", table, id: body.id, attributes: body.attributes },
        caller,
      );
      return written(api, request, table, result, 201);
    });
  }

  if (request.method === "DELETE") {
    return run(async () => {
      const id = requireId(db, table, addressOf(table, segment));
      await api.pipeline.execute({ message: "Delete", table, id, ifMatch: request.headers["if-match"] }, caller);
      return noContent();
    });
  }

  // PATCH (and PUT) is an upsert unless If-Match says "update only" or If-None-Match says "create only".
  const address = addressOf(table, segment);
  const body = parseEntityBody(table, readJsonBody(request));
  return run(async () => {
    const existing = findId(db, table, address);
    const ifMatch = request.headers["if-match"];
    const ifNoneMatch = request.headers["if-none-match"];
    if (existing !== undefined && ifNoneMatch === "*") {
      throw new DataverseError(
        "RecordAlreadyExists",
        `A record with matching key values already exists in '${table.logicalName}'.`,
      );
    }
    if (existing === undefined) {
      if (ifMatch !== undefined) throw notFoundAt(table, address);
      const keyValues = "key" in address ? address.key : {};
      const id = "id" in address ? address.id : body.id;
      const attributes = { ...body.attributes, ...keyValues };
      const result = await api.pipeline.execute({ message: "Create", table, id, attributes }, caller);
      return written(api, request, table, result, 201);
    }
    const write: WriteRequest = { message: "Update", table, id: existing, attributes: body.attributes, ifMatch };
    const result = await api.pipeline.execute(write, caller);
    return written(api, request, table, result, 200);
  });
}

/** 204 with OData-EntityId, or the row itself with `Prefer: return=representation`. */
function written(
  api: WebApi,
  request: ApiRequest,
  table: AnyTable,
  result: WriteResult,
  representationStatus: number,
): ApiResponse {
  const id = result.id as string;
  const headers = {
    "OData-EntityId": entityUrl(new URL(API_PATH, request.url), table, id),
    ETag: etag(result.version),
  };
  if (preferences(request.headers["prefer"]).get("return") !== "representation") return noContent(headers);
  const options = parseQueryOptions(table, request.url.searchParams, "single");
  const row = retrieveOne(api.dbs.writer, table, id, options, { annotations: false });
  return json(representationStatus, row, { ...headers, "Preference-Applied": "return=representation" });
}

async function executeRef(
  api: WebApi,
  table: AnyTable,
  segments: Segment[],
  request: ApiRequest,
  caller: Caller,
): Promise<void> {
  const db = api.dbs.writer;
  const recordId = requireId(db, table, addressOf(table, segments[0]));
  const navigation = segments[1];
  const relationship = relationshipByNavigation(table, navigation.name);
  if (!relationship || segments.length !== 3) {
    throw new DataverseError(
      "ResourceNotFound",
      `'${navigation.name}' is not a many-to-many navigation property of '${table.logicalName}'. ` +
        `Use one of: ${manyToManyRelationships.map((r) => r.schemaName).join(", ")}.`,
    );
  }
  const otherTable = tableByName(
    relationship.entity1 === table.logicalName ? relationship.entity2 : relationship.entity1,
  );
  const record = { logicalName: table.logicalName, id: recordId };

  let relatedId: string;
  if (request.method === "POST" || request.method === "PUT") {
    const body = readJsonBody(request) as Record<string, unknown>;
    relatedId = idFromODataId(api, body?.["@odata.id"], otherTable, relationship);
  } else if (request.method === "DELETE") {
    const $id = request.url.searchParams.get("$id");
    relatedId =
      navigation.key !== undefined
        ? requireId(db, otherTable, addressOf(otherTable, { name: otherTable.entitySetName, key: navigation.key }))
        : idFromODataId(api, $id, otherTable, relationship);
  } else {
    throw new DataverseError(
      "BadRequestSyntax",
      `Use POST to associate and DELETE to disassociate through '$ref'.`,
      405,
    );
  }
  const message = request.method === "DELETE" ? "Disassociate" : "Associate";
  await api.pipeline.execute(
    { message, relationship, record, related: { logicalName: otherTable.logicalName, id: relatedId } },
    caller,
  );
}

/** Reads `{"@odata.id": ".../systemusers(<id>)"}` (absolute, relative, or a change set's `$n`). */
function idFromODataId(api: WebApi, value: unknown, table: AnyTable, relationship: ManyToManyRelationship): string {
  if (typeof value !== "string" || !value) {
    throw new DataverseError(
      "BadRequestSyntax",
      `Give the related record as {"@odata.id": "${table.entitySetName}(<id>)"} to use '${relationship.schemaName}'.`,
    );
  }
  const path = value.includes(API_PATH)
    ? value.slice(value.indexOf(API_PATH) + API_PATH.length)
    : value.replace(/^\//, "");
  const segments = splitPath(path);
  const last = segments[segments.length - 1];
  if (!last || last.name !== table.entitySetName || last.key === undefined) {
    throw new DataverseError(
      "BadRequestSyntax",
      `'${value}' does not address a row of '${table.entitySetName}', which '${relationship.schemaName}' relates.`,
    );
  }
  return requireId(api.dbs.writer, table, addressOf(table, last));
}
