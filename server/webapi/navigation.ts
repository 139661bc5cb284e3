/**
 * Navigation paths under a record: `entity(id)/nav` (a collection with query options, or the single related row),
 * `…/nav/$count`, `set/$count`, and `$ref` links: read, associate and disassociate, for N:N, 1:N and lookups.
 * Learn: webapi/retrieve-related-entities-query-web-api ("Retrieve related table records with a query"),
 * webapi/associate-disassociate-entities-using-web-api, webapi/query/count-rows.
 */
import { lookupValueProperty, type AnyTable } from "../../schema";
import { DataverseError } from "../errors";
import {
  contextFragment,
  entityModel,
  executeQuery,
  retrieveOne,
  type FilterExpression,
  type QueryOptions,
} from "../odata";
import type { CollectionNavigation, SingleNavigation } from "../odata/model";
import { relationshipByNavigation } from "../pipeline";
import { readRow } from "../storage/rows";
import { requirePrivilege, type Caller } from "../users";
import { readJsonBody } from "./jsonBody";
import { splitPath, type Segment } from "./path";
import { queryOptionsFor } from "./queryCache";
import type { WebApi } from "./service";
import { addressOf, entityUrl, requireId, resourceNotFound } from "./target";
import { API_PATH, json, noContent, type ApiRequest, type ApiResponse } from "./types";
import type { Run } from "./writes";
import { answerCollection, readPreferences } from "./reads";

/** `/$count` answers at most 5,000 (Learn: webapi/query/count-rows). */
const MAX_COUNT = 5000;

export type Navigation =
  | { readonly kind: "single"; readonly navigation: SingleNavigation }
  | { readonly kind: "collection"; readonly navigation: CollectionNavigation };

export function navigationOf(table: AnyTable, name: string): Navigation | undefined {
  const model = entityModel(table);
  const single = model.singleNavigations.get(name);
  if (single) return { kind: "single", navigation: single };
  const collection = model.collectionNavigations.get(name);
  return collection && { kind: "collection", navigation: collection };
}

const apiBase = (request: ApiRequest) => new URL(API_PATH, request.url);
const metadata = (request: ApiRequest, fragment: string) => `${apiBase(request)}$metadata#${fragment}`;

/** `set/$count` and `entity(id)/nav/$count`: the number as text/plain, capped at 5,000. */
export function countResponse(api: WebApi, table: AnyTable, request: ApiRequest, restrict?: FilterExpression) {
  const options = restricted(queryOptionsFor(table, request.url, "collection"), restrict);
  const result = executeQuery(api.dbs.reader, table, { ...options, top: 0, count: true });
  const count = Math.min(result.count ?? 0, MAX_COUNT);
  return { status: 200, headers: { "Content-Type": "text/plain", "OData-Version": "4.0" }, body: String(count) };
}

/** GET `entity(id)/nav`, `…/nav/$ref` and `…/nav/$count`. */
export function readNavigation(
  api: WebApi,
  table: AnyTable,
  record: Segment,
  navigation: Navigation,
  request: ApiRequest,
  caller: Caller,
  suffix: "" | "$ref" | "$count",
): ApiResponse {
  const db = api.dbs.reader;
  requirePrivilege(caller, table.logicalName, "read");
  const target = navigation.navigation.target;
  requirePrivilege(caller, target.logicalName, "read");
  const id = requireId(db, table, addressOf(table, record));

  if (navigation.kind === "single") {
    if (suffix === "$count") throw resourceNotFound("$count");
    const relatedId = readRow(db, table, id)?.[navigation.navigation.column] as string | null | undefined;
    if (suffix === "$ref") {
      if (!relatedId) return noContent();
      return json(200, {
        "@odata.context": metadata(request, "$ref"),
        "@odata.id": entityUrl(apiBase(request), target, relatedId),
      });
    }
    const options = queryOptionsFor(target, request.url, "single");
    const { annotations } = readPreferences(request);
    const row = relatedId ? retrieveOne(db, target, relatedId, options, { annotations }) : undefined;
    // OData: a single-valued navigation property without a value answers 204 No Content.
    if (!row) return noContent();
    return json(200, { "@odata.context": metadata(request, contextFragment(target, options)), ...row });
  }

  const restrict = relatedTo(table, id, navigation.navigation);
  if (suffix === "$count") return countResponse(api, target, request, restrict);
  if (suffix === "$ref") {
    const options = restricted(queryOptionsFor(target, request.url, "collection"), restrict);
    const result = executeQuery(db, target, { ...options, select: [options.model.primaryId], expand: [] });
    const idName = options.model.primaryId.name;
    return json(200, {
      "@odata.context": metadata(request, "Collection($ref)"),
      value: result.rows.map((r) => ({ "@odata.id": entityUrl(apiBase(request), target, r[idName] as string) })),
    });
  }
  return collectionResponse(api, target, request, restrict);
}

/** The related rows as a collection: every query option of an entity set applies, paging included. */
function collectionResponse(api: WebApi, target: AnyTable, request: ApiRequest, restrict: FilterExpression) {
  return answerCollection(
    api,
    target,
    restricted(queryOptionsFor(target, request.url, "collection"), restrict),
    request,
  );
}

function restricted(options: QueryOptions, restrict: FilterExpression | undefined): QueryOptions {
  if (!restrict) return options;
  const filter: FilterExpression = options.filter ? { kind: "and", left: restrict, right: options.filter } : restrict;
  return { ...options, filter };
}

/** The filter, on the navigation's target, that keeps the rows related to the source row `id`. */
function relatedTo(source: AnyTable, id: string, navigation: CollectionNavigation): FilterExpression {
  const targetModel = entityModel(navigation.target);
  const sourceModel = entityModel(source);
  const link = navigation.link;
  if (link.kind === "lookup") {
    const property = targetModel.properties.get(lookupValueProperty(link.column));
    if (!property) throw new Error(`No lookup '${link.column}' on '${navigation.target.logicalName}'`);
    return { kind: "compare", operator: "eq", left: { property }, value: id };
  }
  // N:N: the target's own navigation over the same intersect table, any() of it naming the source row.
  const back = [...targetModel.collectionNavigations.values()].find(
    (n) => n.link.kind === "intersect" && n.link.table === link.table && n.target === source,
  );
  if (!back) throw new Error(`No way back from '${navigation.target.logicalName}' over '${link.table}'`);
  return {
    kind: "lambda",
    quantifier: "any",
    navigation: back,
    variable: "r",
    predicate: { kind: "compare", operator: "eq", left: { variable: "r", property: sourceModel.primaryId }, value: id },
  };
}

/**
 * Writes through `$ref`: POST associates with a collection-valued navigation, PUT sets a single-valued one,
 * DELETE removes either (`nav/$ref?$id=…` or `nav(<id>)/$ref` for a collection).
 * Learn: webapi/associate-disassociate-entities-using-web-api.
 */
export async function writeRef(
  api: WebApi,
  table: AnyTable,
  segments: Segment[],
  request: ApiRequest,
  caller: Caller,
  run: Run,
): Promise<ApiResponse> {
  const navSegment = segments[1];
  const navigation = navigationOf(table, navSegment.name);
  if (!navigation || segments.length !== 3) throw resourceNotFound(navSegment.name);
  const target = navigation.navigation.target;
  const method = request.method;
  const allowed = navigation.kind === "single" ? ["PUT", "DELETE"] : ["POST", "DELETE"];
  if (!allowed.includes(method)) {
    throw new DataverseError(
      "MethodNotAllowed",
      navigation.kind === "single"
        ? `Set '${navSegment.name}' with PUT and remove it with DELETE through '$ref'.`
        : `Use POST to associate and DELETE to disassociate through '${navSegment.name}/$ref'.`,
    );
  }
  if (navigation.kind === "single" && navSegment.key !== undefined)
    throw resourceNotFound(`${navSegment.name}(${navSegment.key})`);
  if (navigation.kind === "single" && !(navigation.navigation.column in table.columns)) {
    // createdby, modifiedby: the platform sets them; no request can.
    throw new DataverseError(
      "BadRequestSyntax",
      `'${navSegment.name}' of '${table.logicalName}' is set by the system and can't be changed.`,
    );
  }
  const referenced = () => {
    if (method !== "DELETE") {
      const body = readJsonBody(request) as Record<string, unknown> | null;
      return idFromODataId(api, body?.["@odata.id"], target, navSegment.name);
    }
    if (navSegment.key !== undefined)
      return requireId(api.dbs.writer, target, addressOf(target, { name: target.entitySetName, key: navSegment.key }));
    if (navigation.kind === "single") return undefined;
    return idFromODataId(api, request.url.searchParams.get("$id"), target, navSegment.name);
  };

  return run(async () => {
    const db = api.dbs.writer;
    const id = requireId(db, table, addressOf(table, segments[0]));
    const relatedId = referenced();
    if (navigation.kind === "single") {
      const attributes = { [navigation.navigation.column]: relatedId ?? null };
      await api.pipeline.execute({ message: "Update", table, id, attributes }, caller);
      return noContent();
    }
    const link = navigation.navigation.link;
    if (link.kind === "lookup") {
      // 1:N: the related row's lookup points at this row (or, on DELETE, at nothing).
      const attributes = { [link.column]: method === "DELETE" ? null : id };
      await api.pipeline.execute({ message: "Update", table: target, id: relatedId as string, attributes }, caller);
      return noContent();
    }
    const relationship = relationshipByNavigation(table, navSegment.name);
    if (!relationship) throw resourceNotFound(navSegment.name);
    await api.pipeline.execute(
      {
        message: method === "DELETE" ? "Disassociate" : "Associate",
        relationship,
        record: { logicalName: table.logicalName, id },
        related: { logicalName: target.logicalName, id: relatedId as string },
      },
      caller,
    );
    return noContent();
  });
}

/** Reads `{"@odata.id": ".../systemusers(<id>)"}` (absolute or relative; by id or by alternate key). */
function idFromODataId(api: WebApi, value: unknown, table: AnyTable, navigation: string): string {
  if (typeof value !== "string" || !value) {
    throw new DataverseError(
      "BadRequestSyntax",
      `Give the related record as {"@odata.id": "${table.entitySetName}(<id>)"} to use '${navigation}'.`,
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
      `'${value}' does not address a row of '${table.entitySetName}', which '${navigation}' relates.`,
    );
  }
  return requireId(api.dbs.writer, table, addressOf(table, last));
}
