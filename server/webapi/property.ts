/**
 * One property of a record: `GET entity(id)/prop` (and `/$value`, the raw value), `PUT entity(id)/prop {"value":…}`
 * and `DELETE entity(id)/prop` (sets it to null). Learn: webapi/retrieve-entity-using-web-api ("Retrieve a single
 * property value"), webapi/update-delete-entities-using-web-api ("Update a single property value", "Delete a
 * single property value").
 */
import type { AnyTable, Column } from "../../schema";
import { parseEntityBody } from "../body";
import { DataverseError } from "../errors";
import { entityModel, parseQueryOptions, retrieveOne, type Property } from "../odata";
import { requirePrivilege, type Caller } from "../users";
import { readJsonBody } from "./jsonBody";
import type { Segment } from "./path";
import type { WebApi } from "./service";
import { addressOf, requireId } from "./target";
import { API_PATH, json, noContent, type ApiRequest, type ApiResponse } from "./types";
import type { Run } from "./writes";

export function propertyOf(table: AnyTable, name: string): Property | undefined {
  return entityModel(table).properties.get(name);
}

export function readProperty(
  api: WebApi,
  table: AnyTable,
  record: Segment,
  property: Property,
  request: ApiRequest,
  caller: Caller,
  raw: boolean,
): ApiResponse {
  requirePrivilege(caller, table.logicalName, "read");
  for (const name of request.url.searchParams.keys()) {
    if (name.startsWith("$"))
      throw new DataverseError("BadRequestSyntax", `The query parameter ${name} is not supported on a property.`);
  }
  const db = api.dbs.reader;
  const id = requireId(db, table, addressOf(table, record));
  const model = entityModel(table);
  const options = { ...parseQueryOptions(table, new URLSearchParams(), "single"), select: [property, model.primaryId] };
  const row = retrieveOne(db, table, id, options);
  const value = row?.[property.name] ?? null;
  // OData: a null property answers 204 No Content.
  if (value === null) return noContent();
  if (raw)
    return { status: 200, headers: { "Content-Type": "text/plain", "OData-Version": "4.0" }, body: String(value) };
  const base = new URL(API_PATH, request.url);
  return json(200, { "@odata.context": `${base}$metadata#${table.entitySetName}(${id})/${property.name}`, value });
}

export async function writeProperty(
  api: WebApi,
  table: AnyTable,
  record: Segment,
  name: string,
  request: ApiRequest,
  caller: Caller,
  run: Run,
): Promise<ApiResponse> {
  const column = (table.columns as Record<string, Column>)[name];
  if (!column || column.type === "lookup") {
    throw new DataverseError(
      "BadRequestSyntax",
      column
        ? `'${name}' is a lookup: set it with PUT ${table.entitySetName}(<id>)/${column.navigationProperty}/$ref.`
        : `'${name}' is not a column of '${table.logicalName}' that can be written; PUT and DELETE take one of its columns.`,
    );
  }
  let value: unknown = null;
  if (request.method === "PUT") {
    const body = readJsonBody(request) as Record<string, unknown> | null;
    if (typeof body !== "object" || body === null || !("value" in body)) {
      throw new DataverseError("BadRequestSyntax", `Send the new value of '${name}' as {"value": …}.`);
    }
    value = body.value;
  }
  const { attributes } = parseEntityBody(table, { [name]: value });
  return run(async () => {
    const id = requireId(api.dbs.writer, table, addressOf(table, record));
    await api.pipeline.execute(
      { message: "Update", table, id, attributes, ifMatch: request.headers["if-match"] },
      caller,
    );
    return noContent();
  });
}
