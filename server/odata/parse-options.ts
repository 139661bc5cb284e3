/** Query string to QueryOptions: every name checked against the schema, `$filter` parsed by @odata/parser. */
import type { AnyTable } from "../../schema";
import { entityModel, type EntityModel, type Property } from "./model";
import { BoundedCache } from "./bounded-cache";
import { badRequest, unknownProperty } from "./messages";
import { parseFetchXml } from "./fetchxml/parse";
import { parseApply, parseGroupOrderBy } from "./parse-apply";
import { parseFilter } from "./parse-filter";
import { splitTopLevel } from "./split";
import { decodePageCookie } from "./paging-cookie";
import type { CollectionOptions, Expand, OrderByItem, QueryOptions } from "./types";

const collectionOptions = new Set([
  "$select",
  "$filter",
  "$orderby",
  "$top",
  "$count",
  "$expand",
  "$skiptoken",
  "$apply",
]);
const singleOptions = new Set(["$select", "$expand"]);

export function parseQueryOptions(
  table: AnyTable,
  params: URLSearchParams,
  kind: "collection" | "single",
): QueryOptions {
  return parseModelOptions(entityModel(table), params, kind);
}

/** The same for any model the planner reads (a schema table's, or one with its own TableSource: the audit's). */
export function parseModelOptions(
  model: EntityModel,
  params: URLSearchParams,
  kind: "collection" | "single",
): QueryOptions {
  const values = new Map<string, string>();
  const aliases = new Map<string, string>();
  for (const [rawName, value] of params) {
    // Learn: webapi/query/overview, parameter aliases: `@p1=<literal>` used in $filter and $orderby.
    if (rawName.startsWith("@")) {
      if (aliases.has(rawName)) throw badRequest(`The parameter alias '${rawName}' is given more than once.`);
      aliases.set(rawName, value);
      continue;
    }
    if (!rawName.startsWith("$")) continue; // custom options are not ours to judge
    // Learn: webapi/query/overview "Option names are case-sensitive": `$SELECT` is not `$select`.
    const name = rawName;
    const allowed = kind === "collection" ? collectionOptions : singleOptions;
    if (!allowed.has(name)) {
      throw badRequest(
        collectionOptions.has(name)
          ? `The query parameter ${rawName} is not supported when retrieving a single record.`
          : `The query parameter ${rawName} is not supported.`,
      );
    }
    if (values.has(name))
      throw badRequest(`Query option '${name}' was specified more than once, but it must be specified at most once.`);
    values.set(name, value);
  }

  // Learn: fetchxml/retrieve-data (Web API): `?fetchXml=<url-encoded FetchXML>` on the entity set.
  const fetchXml = params.get("fetchXml");
  if (fetchXml !== null) {
    if (kind !== "collection")
      throw badRequest("The fetchXml parameter is used on an entity set, not on a single record.");
    for (const name of values.keys()) {
      // Learn's own fetchXml example sends $count=true alongside; nothing else combines with it.
      if (name !== "$count")
        throw badRequest(`The query option ${name} can't be combined with fetchXml; put it in the FetchXml.`);
    }
    return parseFetchXml(model.table, fetchXml);
  }
  const select = values.get("$select");
  const filter = values.get("$filter");
  const orderBy = values.get("$orderby");
  const top = values.get("$top");
  const expand = values.get("$expand");
  const skipToken = values.get("$skiptoken");
  const apply = values.get("$apply");
  if (apply !== undefined) return applyOptions(model, kind, values, aliases, apply);
  // Built field by field: this runs on every keyed read, and object spread costs more than the rest of it.
  return {
    model,
    select: select === undefined ? model.allProperties : parseSelect(model, select),
    filter: filter === undefined ? undefined : parseFilter(model, filter, aliases),
    orderBy: orderBy === undefined ? (model.source?.defaultOrderBy ?? noOrder) : parseOrderBy(model, orderBy, aliases),
    top: top === undefined ? undefined : parseTop(top),
    kind,
    count: parseCount(values.get("$count")),
    expand: expand === undefined ? noExpansions : parseExpand(model, expand),
    cookie: skipToken === undefined ? undefined : decodePageCookie(skipToken),
    selected: select !== undefined,
  };
}

/**
 * `$apply`: groups instead of rows; `$filter` narrows the input, `$orderby` sorts the groups by their groupby
 * properties, `$top` caps them (Learn: webapi/query/aggregate-data).
 */
function applyOptions(
  model: EntityModel,
  kind: "collection" | "single",
  values: ReadonlyMap<string, string>,
  aliases: ReadonlyMap<string, string>,
  text: string,
): QueryOptions {
  for (const name of values.keys()) {
    if (name !== "$apply" && name !== "$filter" && name !== "$top" && name !== "$orderby") {
      throw badRequest(
        `The query option ${name} can't be combined with $apply. Use $filter, $orderby and $top, or filter() in $apply.`,
      );
    }
  }
  const parsed = parseApply(model, text, aliases);
  const orderText = values.get("$orderby");
  const grouping =
    orderText === undefined
      ? parsed.grouping
      : { ...parsed.grouping, orderBy: parseGroupOrderBy(parsed.grouping, orderText) };
  const filterText = values.get("$filter");
  const outer = filterText === undefined ? undefined : parseFilter(model, filterText, aliases);
  const filter =
    outer && parsed.filter ? { kind: "and" as const, left: outer, right: parsed.filter } : (outer ?? parsed.filter);
  const top = values.get("$top");
  return {
    model,
    select: model.allProperties,
    filter,
    orderBy: noOrder,
    top: top === undefined ? undefined : parseTop(top),
    kind,
    count: false,
    expand: noExpansions,
    selected: false,
    grouping,
  };
}

const noOrder: readonly OrderByItem[] = [];
const noAliases: ReadonlyMap<string, string> = new Map();
const noExpansions: readonly Expand[] = [];

interface RawCollectionOptions {
  select?: string;
  filter?: string;
  orderBy?: string;
  top?: string;
}

function collectionOptionsOf(model: EntityModel, raw: RawCollectionOptions): CollectionOptions {
  return {
    model,
    select: raw.select === undefined ? model.allProperties : parseSelect(model, raw.select),
    filter: raw.filter === undefined ? undefined : parseFilter(model, raw.filter),
    orderBy: raw.orderBy === undefined ? noOrder : parseOrderBy(model, raw.orderBy),
    top: raw.top === undefined ? undefined : parseTop(raw.top),
  };
}

/**
 * Only properties: a lookup is selected by its value property (`_createdby_value`), never by its navigation name
 * (Learn: webapi/query/select-columns "you can't use $select" with a navigation property; use $expand).
 */
function selectableProperty(model: EntityModel, name: string): Property | undefined {
  return model.properties.get(name);
}

/**
 * Parsed `$select` texts per model, so that the same selection is the same array (and hits the column cache).
 * Bounded by bytes: 256 KB of selections per table, none over 2 KB.
 */
const selections = new WeakMap<EntityModel, BoundedCache<readonly Property[]>>();

function parseSelect(model: EntityModel, text: string): readonly Property[] {
  let cache = selections.get(model);
  if (!cache) selections.set(model, (cache = new BoundedCache(256 * 1024, 2048)));
  let select = cache.get(text);
  if (!select) {
    select = resolveSelect(model, text);
    cache.set(text, select);
  }
  return select;
}

function resolveSelect(model: EntityModel, text: string): Property[] {
  const selected = new Set<Property>();
  for (const item of text.split(",")) {
    const name = item.trim();
    if (name === "") throw badRequest(`The $select query option '${text}' has an empty item.`);
    if (name === "*") {
      model.allProperties.forEach((p) => selected.add(p));
      continue;
    }
    const property = selectableProperty(model, name);
    if (!property) throw unknownProperty(model, name);
    selected.add(property);
  }
  const explicitId = selected.has(model.primaryId);
  selected.add(model.primaryId); // always returned, listed last
  const list = [...selected];
  if (!explicitId) implicitIds.add(list);
  return list;
}

/** Selections whose primary id was added, not asked for: `@odata.context` lists only what was asked. */
const implicitIds = new WeakSet<readonly Property[]>();

/** The names `$select` asked for, as `@odata.context` lists them (Learn: webapi/query/page-results, `contacts(fullname)`). */
export function selectedNames(select: readonly Property[]): string[] {
  const names = select.map((p) => p.name);
  if (implicitIds.has(select)) names.pop();
  return names;
}

function parseOrderBy(
  model: EntityModel,
  text: string,
  aliases: ReadonlyMap<string, string> = noAliases,
): OrderByItem[] {
  const seen = new Set<Property>();
  return text.split(",").map((item) => {
    const words = item.trim().split(/\s+/);
    const [written, direction = "asc"] = words;
    // An alias stands for the property name it holds (`$orderby=@p1&@p1=apm_name`).
    const name = written.startsWith("@") ? (aliases.get(written) ?? written).trim() : written;
    if (words.length > 2 || name === "" || (direction !== "asc" && direction !== "desc")) {
      throw badRequest(`The $orderby item '${item.trim()}' is not valid. Use a property name followed by asc or desc.`);
    }
    const property = model.properties.get(name);
    if (!property) throw unknownProperty(model, name);
    // Microsoft's OData library, which parses the Web API's URLs, refuses it with this text (OData/WebApi#376); a
    // page's cookie names each key once.
    if (seen.has(property)) {
      throw badRequest(`Duplicate property named '${name}' is not supported in '$orderby'. Give each property once.`);
    }
    seen.add(property);
    return { property, descending: direction === "desc" };
  });
}

function parseTop(text: string): number {
  // Digits only: `1e3`, `0x10`, ` 5` and `+5` are not the non-negative integer $top takes.
  const top = /^[0-9]{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(top)) {
    throw badRequest(
      `Invalid value '${text}' for $top query option found. The $top query option requires a non-negative integer value.`,
    );
  }
  return top;
}

function parseCount(text: string | undefined): boolean {
  if (text === undefined || text === "false") return false;
  if (text === "true") return true;
  throw badRequest(`'${text}' is not a valid count option. Use $count=true or $count=false.`);
}

/** Learn: webapi/query/join-tables: lookups expand within lookups; this server follows them this many levels. */
const MAX_EXPAND_DEPTH = 10;

function parseExpand(model: EntityModel, text: string, depth = 1): Expand[] {
  if (depth > MAX_EXPAND_DEPTH) throw badRequest(`$expand is nested more than ${MAX_EXPAND_DEPTH} levels deep.`);
  const seen = new Set<string>();
  return splitTopLevel(text, ",", "$expand").map((item) => {
    const trimmed = item.trim();
    const open = trimmed.indexOf("(");
    const name = (open < 0 ? trimmed : trimmed.slice(0, open)).trim();
    if (open >= 0 && !trimmed.endsWith(")")) throw badRequest(`The $expand item '${trimmed}' is not valid.`);
    if (seen.has(name)) throw badRequest(`The navigation property '${name}' is expanded more than once.`);
    seen.add(name);
    const nested = open < 0 ? new Map<string, string>() : parseNestedOptions(trimmed.slice(open + 1, -1), name);

    const single = model.singleNavigations.get(name);
    if (single) {
      for (const option of nested.keys()) {
        if (option !== "$select" && option !== "$expand") {
          throw badRequest(
            `The query option ${option} is not supported in $expand of the single-valued navigation property '${name}'.`,
          );
        }
      }
      const targetModel = entityModel(single.target);
      const options = collectionOptionsOf(targetModel, { select: nested.get("$select") });
      const inner = nested.get("$expand");
      if (inner === undefined) return { kind: "single", navigation: single, options };
      const expand = parseExpand(targetModel, inner, depth + 1).map((e) => {
        if (e.kind !== "single") {
          throw badRequest(
            `The collection '${e.navigation.name}' can't be expanded under the lookup '${name}'; only lookups nest under a lookup.`,
          );
        }
        return e;
      });
      return { kind: "single", navigation: single, options, expand };
    }
    const collection = model.collectionNavigations.get(name);
    if (collection) {
      // Learn: webapi/query/join-tables: $expand nested under a collection-valued navigation property is not supported.
      if (nested.has("$expand"))
        throw badRequest(`The query option $expand is not supported in $expand of the collection '${name}'.`);
      const options = collectionOptionsOf(entityModel(collection.target), {
        select: nested.get("$select"),
        filter: nested.get("$filter"),
        orderBy: nested.get("$orderby"),
        top: nested.get("$top"),
      });
      return { kind: "collection", navigation: collection, options };
    }
    if (model.properties.has(name))
      throw badRequest(`'${name}' is not a navigation property of '${model.typeName}' and cannot be expanded.`);
    throw unknownProperty(model, name);
  });
}

const nestedOptionNames = new Set(["$select", "$filter", "$orderby", "$top", "$expand"]);

function parseNestedOptions(text: string, navigation: string): Map<string, string> {
  const options = new Map<string, string>();
  for (const part of splitTopLevel(text, ";", "$expand")) {
    if (part.trim() === "") continue; // `nav()` and a trailing `;` add nothing
    const equals = part.indexOf("=");
    const name = (equals < 0 ? part : part.slice(0, equals)).trim(); // case-sensitive, as at the top level
    if (equals < 0 || !nestedOptionNames.has(name)) {
      throw badRequest(
        `The query option '${part.trim()}' is not supported in $expand of '${navigation}'. Use $select, $filter, $orderby or $top.`,
      );
    }
    if (options.has(name))
      throw badRequest(`Query option '${name}' was specified more than once in $expand of '${navigation}'.`);
    options.set(name, part.slice(equals + 1));
  }
  return options;
}
