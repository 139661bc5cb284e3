/**
 * `GET EntityDefinitions`, as Dataverse serves table definitions: the collection (with `$filter`, `$select`,
 * `$expand`), one definition by MetadataId or `LogicalName='…'`, and its `Attributes` and `Keys` collections (each
 * by MetadataId or `LogicalName='…'`, and Attributes cast to a derived type).
 * Learn: webapi/query-metadata-web-api, webapi/retrieve-metadata-name-metadataid.
 */
import { DataverseError } from "../errors";
import { isGuid } from "../ids";
import type { Segment } from "../webapi/path";
import type { WebApi } from "../webapi/service";
import { API_PATH, json, type ApiRequest, type ApiResponse } from "../webapi/types";
import { entityDefinitions, type EntityDefinition, type MetadataRecord, type TypedRecord } from "./entityMetadata";
import {
  matches,
  metadataType,
  parseExpand,
  parseMetadataFilter,
  parseSelect,
  project,
  unknownMetadataProperty,
  type MetadataType,
} from "./metadataQuery";

const ENTITY_TYPE = "Microsoft.Dynamics.CRM.EntityMetadata";
const ATTRIBUTE_TYPE = "Microsoft.Dynamics.CRM.AttributeMetadata";
const KEY_TYPE = "Microsoft.Dynamics.CRM.EntityKeyMetadata";
/** Query options a definitions query takes; the others are refused, as "there is no paging" of definitions. */
const OPTIONS = new Set(["$select", "$filter", "$expand"]);

const notFound = (message: string) => new DataverseError("NotFound", message);
const badRequest = (message: string) => new DataverseError("BadRequestSyntax", message);

/** A key segment: a MetadataId, or the alternate key `LogicalName='…'`. */
function readKey(key: string, what: string): { id: string } | { logicalName: string } {
  if (isGuid(key as unknown)) return { id: key.toLowerCase() };
  const match = /^LogicalName='((?:[^']|'')*)'$/.exec(key.trim());
  if (match) return { logicalName: match[1].replace(/''/g, "'") };
  throw badRequest(`'${key}' is not a key of ${what}: use its MetadataId (a GUID) or LogicalName='<logical name>'.`);
}

function find<T>(items: readonly T[], record: (item: T) => MetadataRecord, key: string, what: string): T | undefined {
  const address = readKey(key, what);
  return items.find((item) => {
    const r = record(item);
    return "id" in address ? r.MetadataId === address.id : String(r.LogicalName) === address.logicalName.toLowerCase();
  });
}

function checkOptions(url: URL, allowed: ReadonlySet<string>): void {
  for (const name of url.searchParams.keys()) {
    if (name.startsWith("$") && !allowed.has(name)) {
      throw badRequest(`The query parameter ${name} is not supported on definitions (EntityDefinitions).`);
    }
  }
}

const selectedContext = (base: string, select: readonly string[] | undefined) =>
  select ? `${base}(${select.join(",")})` : base;

class DefinitionQuery {
  private readonly all: EntityDefinition[];
  readonly entityType: MetadataType;
  readonly attributeType: MetadataType;
  readonly keyType: MetadataType;

  constructor(api: WebApi) {
    this.all = entityDefinitions(api.dbs.writer);
    this.entityType = metadataType(
      ENTITY_TYPE,
      this.all.map((d) => d.record),
    );
    this.attributeType = metadataType(ATTRIBUTE_TYPE, baseAttributes(this.all));
    this.keyType = metadataType(
      KEY_TYPE,
      this.all.flatMap((d) => d.keys.map((k) => k.record)),
    );
  }

  entities(): EntityDefinition[] {
    return this.all;
  }

  entity(key: string): EntityDefinition {
    const found = find(this.all, (d) => d.record, key, "EntityDefinitions");
    if (!found) {
      const address = readKey(key, "EntityDefinitions");
      // The platform's wording (recorded from Dataverse in public code).
      throw notFound(
        "id" in address
          ? `Could not find an entity with MetadataId = ${address.id}.`
          : `The entity with a name = '${address.logicalName}' with namemapping = 'Logical' was not found in the MetadataCache.`,
      );
    }
    return found;
  }

  /** Records of a collection after `$filter`, with `$select` applied. */
  collection(records: readonly MetadataRecord[], type: MetadataType, options: ReadonlyMap<string, string>) {
    const select = parseSelect(type, options.get("$select"));
    const filterText = options.get("$filter");
    const filter = filterText === undefined ? undefined : parseMetadataFilter(type, filterText);
    const rows = filter ? records.filter((r) => matches(filter, r)) : records;
    return { select, rows: rows.map((r) => project(r, select)) };
  }

  /** An entity record with `$expand` of Attributes and Keys. */
  withExpand(definition: EntityDefinition, record: MetadataRecord, expandText: string | undefined): MetadataRecord {
    if (expandText === undefined) return record;
    const out = { ...record };
    for (const item of parseExpand(expandText)) {
      const source = expandSource(definition, item.name);
      if (!source) throw unknownMetadataProperty(ENTITY_TYPE, item.name);
      const type = item.name === "Keys" ? this.keyType : this.attributeType;
      out[item.name] = this.collection(
        source.map((s) => s.record),
        type,
        item.options,
      ).rows;
    }
    return out;
  }
}

/** The base AttributeMetadata properties: those every attribute type carries. */
function baseAttributes(all: readonly EntityDefinition[]): MetadataRecord[] {
  const records = all.flatMap((d) => d.attributes.map((a) => a.record));
  const common = records.length
    ? Object.keys(records[0]).filter((name) => records.every((r) => name in r))
    : ["MetadataId", "LogicalName"];
  return [Object.fromEntries(common.map((name) => [name, records[0]?.[name] ?? null]))];
}

function expandSource(definition: EntityDefinition, name: string): readonly TypedRecord[] | undefined {
  if (name === "Attributes") return definition.attributes;
  if (name === "Keys") return definition.keys;
  return undefined;
}

function options(url: URL): Map<string, string> {
  const map = new Map<string, string>();
  for (const name of OPTIONS) {
    const value = url.searchParams.get(name);
    if (value !== null) map.set(name, value);
  }
  return map;
}

/** Reads only: other methods (the metadata writes) are left to the Web API's other handlers (`undefined`). */
export function serveEntityDefinitions(
  api: WebApi,
  segments: readonly Segment[],
  request: ApiRequest,
): ApiResponse | undefined {
  if (request.method !== "GET") return undefined;
  const context = `${new URL(API_PATH, request.url)}$metadata#`;
  const url = request.url;
  const query = new DefinitionQuery(api);
  const [first, second, third, ...rest] = segments;
  const all = options(url);

  if (first.key === undefined) {
    if (second)
      throw badRequest(
        `'${second.name}' needs one definition: address it as EntityDefinitions(LogicalName='…')/${second.name}.`,
      );
    checkOptions(url, OPTIONS);
    const { select, rows } = query.collection(
      query.entities().map((d) => d.record),
      query.entityType,
      all,
    );
    const byId = new Map(query.entities().map((d) => [d.record.MetadataId, d]));
    const expanded = rows.map((r) => query.withExpand(byId.get(r.MetadataId)!, r, all.get("$expand")));
    return json(200, {
      "@odata.context": `${selectedContext(`${context}EntityDefinitions`, select)}`,
      value: expanded,
    });
  }

  const definition = query.entity(first.key);
  const entityId = String(definition.record.MetadataId);
  if (!second) {
    checkOptions(url, new Set(["$select", "$expand"]));
    const select = parseSelect(query.entityType, all.get("$select"));
    const record = query.withExpand(definition, project(definition.record, select), all.get("$expand"));
    return json(200, {
      "@odata.context": `${selectedContext(`${context}EntityDefinitions`, select)}/$entity`,
      ...record,
    });
  }
  if (rest.length > 0) throw resourceNotFound(segments);
  const source = expandSource(definition, second.name);
  if (!source) throw resourceNotFound(segments);
  const navigation = `${context}EntityDefinitions(${entityId})/${second.name}`;
  let items = source;
  let type = second.name === "Keys" ? query.keyType : query.attributeType;
  let castPath = "";
  if (third) {
    // A cast to a derived attribute type: its rows only, and its own properties become selectable.
    if (second.name !== "Attributes" || third.key !== undefined || !third.name.startsWith("Microsoft.Dynamics.CRM.")) {
      throw resourceNotFound(segments);
    }
    items = source.filter((a) => a.type === third.name);
    type = metadataType(
      third.name,
      items.map((a) => a.record),
    );
    castPath = `/${third.name}`;
  }
  if (second.key !== undefined) {
    const item = find(items, (a) => a.record, second.key, second.name);
    if (!item)
      throw notFound(
        `Could not find the ${second.name === "Keys" ? "key" : "attribute"} ${second.key} of ${definition.record.LogicalName}.`,
      );
    checkOptions(url, new Set(["$select"]));
    const select = parseSelect(type, all.get("$select"));
    return json(200, {
      "@odata.context": `${selectedContext(`${navigation}${castPath}`, select)}/$entity`,
      ...project(item.record, select),
    });
  }
  checkOptions(url, new Set(["$select", "$filter"]));
  const { select, rows } = query.collection(
    items.map((a) => a.record),
    type,
    all,
  );
  return json(200, { "@odata.context": selectedContext(`${navigation}${castPath}`, select), value: rows });
}

function resourceNotFound(segments: readonly Segment[]): DataverseError {
  const last = segments[segments.length - 1];
  return new DataverseError("ResourceNotFound", `Resource not found for the segment '${last.name}'.`);
}
