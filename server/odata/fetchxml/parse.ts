/**
 * `fetchXml=` to the one query model (QueryOptions): attributes, all-attributes, filters and conditions, order,
 * top, count/page/paging-cookie, link-entity (inner/outer, also over an N:N intersect) and aggregates
 * (count/countcolumn/sum/avg/min/max, distinct, groupby). What the model can't express is refused with a
 * Dataverse-style error, never ignored (Learn: fetchxml/overview, fetchxml/reference/*).
 */
import { XMLParser } from "fast-xml-parser";
import type { AnyTable } from "../../../schema";
import { serverRelationships } from "../../platform";
import { intersectColumns, tableByName } from "../../storage/layout";
import { entityModel, type EntityModel, type Property } from "../model";
import { decodePageCookie, encodePageCookie, type PageCookie } from "../paging-cookie";
import type {
  Aggregation,
  ColumnReference,
  ComparisonOperator,
  FilterExpression,
  GroupOrder,
  Grouping,
  LinkEntity,
  Literal,
  OrderByItem,
  PropertyReference,
  QueryOptions,
} from "../types";
import { MAX_CONDITIONS, MAX_DEPTH } from "../parse-filter";
import { conditionOf } from "./conditions";
import { FetchXmlError, invalidFetch, noAttribute } from "./errors";
import { readAggregateOrder, readOrderAttribute, resolveGroupOrders } from "./order";

export const MAX_FETCH_LENGTH = 32768;

type XmlNode = Record<string, unknown> & { ":@"?: Record<string, string> };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  preserveOrder: true,
  processEntities: false,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
});

const xmlUnescape = (text: string): string =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Math.min(Number(n), 0x10ffff)))
    .replace(/&amp;/g, "&");

const tagOf = (node: XmlNode): string => Object.keys(node).find((k) => k !== ":@") as string;
const childrenOf = (node: XmlNode): XmlNode[] => (node[tagOf(node)] as XmlNode[]) ?? [];
const attributesOf = (node: XmlNode): Map<string, string> =>
  new Map(Object.entries(node[":@"] ?? {}).map(([k, v]) => [k, xmlUnescape(String(v))]));

/** A table or an N:N intersect that a link-entity can name, with its columns by logical name. */
interface LinkTarget {
  readonly name: string;
  readonly columns: ReadonlyMap<string, Property>;
  readonly model?: EntityModel;
}

function columnsByLogicalName(model: EntityModel): Map<string, Property> {
  return new Map(model.allProperties.map((p) => [p.column, p]));
}

function linkTarget(name: string): LinkTarget {
  const relationship = serverRelationships.find((r) => r.intersectEntityName === name);
  if (relationship) {
    const columns = new Map<string, Property>(
      intersectColumns(relationship).map((c) => [c, { name: c, column: c, type: "guid" } as Property]),
    );
    return { name, columns };
  }
  let table: AnyTable;
  try {
    table = tableByName(name);
  } catch {
    throw new FetchXmlError(
      "0x80040217",
      `The entity with a name = '${name}' with namemapping = 'Logical' was not found in the MetadataCache.`,
    );
  }
  const model = entityModel(table);
  return { name, columns: columnsByLogicalName(model), model };
}

interface Context {
  conditions: number;
  links: LinkEntity[];
  aggregate: boolean;
  groupBy: { alias: string; column: ColumnReference }[];
  aggregates: Aggregation[];
  aliases: Set<string>;
  /** Aggregate orders by alias, the entity's and then the link-entities' (resolved once every alias is known). */
  entityOrders: GroupOrder[];
  linkOrders: GroupOrder[];
}

export function parseFetchXml(table: AnyTable, xml: string): QueryOptions {
  if (xml.length > MAX_FETCH_LENGTH) throw invalidFetch(`The FetchXml is longer than ${MAX_FETCH_LENGTH} characters.`);
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw invalidFetch("FetchXml can't contain a DOCTYPE or entity declarations.");
  let document: XmlNode[];
  try {
    document = parser.parse(xml, true) as XmlNode[];
  } catch (error) {
    throw invalidFetch(`The FetchXml is not well-formed XML: ${(error as Error).message.split("\n")[0]}`);
  }
  const roots = document.filter((n) => tagOf(n) !== "?xml");
  if (roots.length !== 1 || tagOf(roots[0]) !== "fetch")
    throw invalidFetch("The FetchXml must have one <fetch> root element.");
  const fetch = roots[0];
  const fetchAttributes = attributesOf(fetch);
  for (const name of fetchAttributes.keys()) {
    if (!fetchAttributeNames.has(name)) throw invalidFetch(`The attribute '${name}' of <fetch> is not supported.`);
  }
  const entities = childrenOf(fetch).filter((n) => tagOf(n) === "entity");
  if (entities.length !== 1 || childrenOf(fetch).length !== 1)
    throw invalidFetch("<fetch> must contain exactly one <entity> element.");
  const entity = entities[0];
  const entityName = attributesOf(entity).get("name");
  if (entityName !== table.logicalName) {
    throw invalidFetch(
      `The entity name '${entityName ?? ""}' in the FetchXml does not match the entity set '${table.entitySetName}' (entity '${table.logicalName}').`,
    );
  }
  const model = entityModel(table);
  const context: Context = {
    conditions: 0,
    links: [],
    aggregate: fetchAttributes.get("aggregate") === "true",
    groupBy: [],
    aggregates: [],
    aliases: new Set(),
    entityOrders: [],
    linkOrders: [],
  };
  const root = readEntity(entity, model, context);

  const top = integerAttribute(fetchAttributes, "top", 1, 5000);
  const count = integerAttribute(fetchAttributes, "count", 1, 5000);
  const page = integerAttribute(fetchAttributes, "page", 1, 1_000_000);
  const pagingCookie = fetchAttributes.get("paging-cookie");
  const totalRecordCount = fetchAttributes.get("returntotalrecordcount") === "true";
  // Learn: fetchxml/page-results "Don't use the fetch element top attribute with paging"; fetchxml/count-rows.
  if (top !== undefined && (count !== undefined || page !== undefined || pagingCookie !== undefined))
    throw invalidFetch("The top attribute can't be used with the count, page or paging-cookie attributes.");
  if (top !== undefined && totalRecordCount)
    throw invalidFetch("The top attribute can't be used with returntotalrecordcount.");
  if (fetchAttributes.get("distinct") === "true" && !context.aggregate)
    throw invalidFetch(
      "distinct='true' is not supported by this server; remove it or use aggregate='true' with groupby.",
    );

  let cookie: PageCookie | undefined;
  // Aggregate results have no paging cookie: they page simply, by count and page (Learn: fetchxml/page-results,
  // "Queries that don't support paging cookies").
  if (!context.aggregate && pagingCookie !== undefined && pagingCookie !== "" && (page ?? 1) > 1) {
    cookie = decodePageCookie(encodePageCookie(page ?? 2, pagingCookie));
  }
  let grouping: Grouping | undefined;
  if (context.aggregate) {
    if (context.aggregates.length === 0 && context.groupBy.length === 0)
      throw invalidFetch("An aggregate FetchXml needs at least one attribute with aggregate or groupby.");
    const orderBy = resolveGroupOrders([...context.entityOrders, ...context.linkOrders], context.aliases);
    grouping = { groupBy: context.groupBy, aggregates: context.aggregates, orderBy };
  }
  const select = root.allAttributes ? model.allProperties : withPrimaryId(model, root.attributes);
  return {
    model,
    select,
    filter: root.filter,
    orderBy: root.orderBy,
    top,
    kind: "collection",
    count: totalRecordCount,
    expand: [],
    selected: true,
    links: context.links,
    grouping,
    cookie,
    fetch: { page: page ?? 1, pageSize: count, simplePaging: cookie === undefined, totalRecordCount },
  };
}

const fetchAttributeNames = new Set([
  "version",
  "count",
  "page",
  "paging-cookie",
  "top",
  "aggregate",
  "distinct",
  "mapping",
  "output-format",
  "returntotalrecordcount",
  "no-lock",
  "useraworderby",
  "latematerialize",
  "options",
  "datasource",
]);

function withPrimaryId(model: EntityModel, attributes: readonly Property[]): Property[] {
  const set = new Set(attributes);
  set.add(model.primaryId);
  return [...set];
}

function integerAttribute(attributes: Map<string, string>, name: string, min: number, max: number): number | undefined {
  const text = attributes.get(name);
  if (text === undefined) return undefined;
  const value = /^[0-9]{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max))
    throw invalidFetch(`The ${name} attribute must be a whole number from ${min} to ${max}; '${text}' is not.`);
  return value;
}

interface EntityParts {
  attributes: Property[];
  allAttributes: boolean;
  filter?: FilterExpression;
  orderBy: OrderByItem[];
}

function readEntity(node: XmlNode, model: EntityModel, context: Context): EntityParts {
  const columns = columnsByLogicalName(model);
  const parts: EntityParts = { attributes: [], allAttributes: false, orderBy: [] };
  const filters: FilterExpression[] = [];
  for (const child of childrenOf(node)) {
    const tag = tagOf(child);
    const attributes = attributesOf(child);
    if (tag === "attribute") {
      const property = columns.get(attributes.get("name") ?? "");
      if (!property) throw noAttribute(model.table.logicalName, attributes.get("name") ?? "");
      if (context.aggregate) readAggregateAttribute(attributes, { property }, context, model.table.logicalName);
      else parts.attributes.push(property);
    } else if (tag === "all-attributes") {
      parts.allAttributes = true;
    } else if (tag === "order") {
      if (context.aggregate) context.entityOrders.push(readAggregateOrder(attributes));
      else parts.orderBy.push(readOrderAttribute(attributes, columns, model.table.logicalName));
    } else if (tag === "filter") {
      const filter = readFilter(child, (name) => columns.get(name), undefined, model.table.logicalName, context);
      if (filter) filters.push(filter);
    } else if (tag === "link-entity") {
      readLink(child, undefined, { name: model.table.logicalName, columns, model }, context);
    } else {
      throw invalidFetch(`The element <${tag}> is not supported inside <entity>.`);
    }
  }
  if (filters.length > 0) parts.filter = filters.reduce((left, right) => ({ kind: "and", left, right }));
  return parts;
}

function readAggregateAttribute(
  attributes: Map<string, string>,
  column: ColumnReference,
  context: Context,
  entity: string,
): void {
  const alias = attributes.get("alias");
  // Learn: fetchxml/aggregate-data: every aggregate and groupby attribute needs an alias.
  if (!alias)
    throw invalidFetch(
      `An attribute of an aggregate query needs an alias ('${column.property.column}' of '${entity}').`,
    );
  // Learn: reference/web-service-error-codes: QueryBuilderDuplicateAlias, QueryBuilderAttributeCannotBeGroupByAndAggregate.
  if (context.aliases.has(alias))
    throw new FetchXmlError("0x80041130", `FetchXML should have unique aliases: '${alias}' is used more than once.`);
  context.aliases.add(alias);
  if (attributes.get("groupby") === "true" && attributes.has("aggregate"))
    throw new FetchXmlError(
      "0x80041137",
      `An attribute can either be an aggregate or a Group By but not both: remove aggregate or groupby from '${alias}'.`,
    );
  if (attributes.get("groupby") === "true") {
    if (attributes.has("dategrouping")) throw invalidFetch("dategrouping is not supported by this server.");
    context.groupBy.push({ alias, column });
    return;
  }
  const fn = attributes.get("aggregate");
  const distinct = attributes.get("distinct") === "true";
  switch (fn) {
    case "count":
      context.aggregates.push({ alias, fn: "count" });
      return;
    case "countcolumn":
      context.aggregates.push({ alias, fn: distinct ? "countdistinct" : "countcolumn", column });
      return;
    case "sum":
    case "avg":
    case "min":
    case "max":
      context.aggregates.push({ alias, fn, column });
      return;
    default:
      throw invalidFetch(
        `The attribute '${column.property.column}' of an aggregate query needs aggregate="count|countcolumn|sum|avg|min|max" or groupby="true".`,
      );
  }
}

let linkNumber = 0;

/** Learn: fetchxml/join-tables: a query has at most 15 link-entity elements. */
const MAX_LINKS = 15;

function readLink(node: XmlNode, parent: LinkEntity | undefined, parentTarget: LinkTarget, context: Context): void {
  if (context.links.length >= MAX_LINKS)
    throw invalidFetch(`A FetchXml query can have at most ${MAX_LINKS} link-entity elements.`);
  if (++context.conditions > MAX_CONDITIONS)
    throw new FetchXmlError("0x8004430C", "Number of conditions in query exceeded maximum limit.");
  const attributes = attributesOf(node);
  const name = attributes.get("name") ?? "";
  const target = linkTarget(name);
  const from = attributes.get("from") ?? "";
  const to = attributes.get("to") ?? "";
  if (!target.columns.has(from)) throw noAttribute(name, from);
  if (!parentTarget.columns.has(to)) throw noAttribute(parentTarget.name, to);
  const linkType = attributes.get("link-type") ?? "inner";
  if (linkType !== "inner" && linkType !== "outer")
    throw invalidFetch(`link-type '${linkType}' is not supported by this server; use inner or outer.`);
  const alias = attributes.get("alias") ?? `${name}${++linkNumber}`;
  if (context.links.some((l) => l.alias === alias))
    throw invalidFetch(`The link-entity alias '${alias}' is used more than once.`);
  const selected: Property[] = [];
  const filters: FilterExpression[] = [];
  const link: LinkEntity = {
    alias,
    tableName: name,
    properties: target.columns,
    fromColumn: from,
    toColumn: to,
    parent,
    outer: linkType === "outer",
    attributes: selected,
  };
  context.links.push(link);
  for (const child of childrenOf(node)) {
    const tag = tagOf(child);
    const childAttributes = attributesOf(child);
    if (tag === "attribute") {
      const property = target.columns.get(childAttributes.get("name") ?? "");
      if (!property) throw noAttribute(name, childAttributes.get("name") ?? "");
      if (context.aggregate) readAggregateAttribute(childAttributes, { link, property }, context, name);
      else selected.push(property);
    } else if (tag === "all-attributes") {
      selected.push(...target.columns.values());
    } else if (tag === "filter") {
      const filter = readFilter(child, (n) => target.columns.get(n), alias, name, context);
      if (filter) filters.push(filter);
    } else if (tag === "link-entity") {
      readLink(child, link, target, context);
    } else if (tag === "order") {
      // Learn: fetchxml/order-rows: a link-entity's orders apply after the entity's.
      if (context.aggregate) context.linkOrders.push(readAggregateOrder(childAttributes));
      else throw invalidFetch("Ordering by a link-entity's attribute is not supported by this server.");
    } else {
      throw invalidFetch(`The element <${tag}> is not supported inside <link-entity>.`);
    }
  }
  if (filters.length > 0) {
    (link as { filter?: FilterExpression }).filter = filters.reduce((left, right) => ({ kind: "and", left, right }));
  }
}

function readFilter(
  node: XmlNode,
  column: (name: string) => Property | undefined,
  variable: string | undefined,
  entity: string,
  context: Context,
  depth = 1,
): FilterExpression | undefined {
  if (depth > MAX_DEPTH) throw invalidFetch(`Filters are nested more than ${MAX_DEPTH} levels deep.`);
  const type = attributesOf(node).get("type") ?? "and";
  if (type !== "and" && type !== "or") throw invalidFetch(`Filter type '${type}' is not valid; use and or or.`);
  const parts: FilterExpression[] = [];
  for (const child of childrenOf(node)) {
    const tag = tagOf(child);
    if (tag === "filter") {
      const nested = readFilter(child, column, variable, entity, context, depth + 1);
      if (nested) parts.push(nested);
    } else if (tag === "condition") {
      if (++context.conditions > MAX_CONDITIONS)
        throw new FetchXmlError("0x8004430C", "Number of conditions in query exceeded maximum limit.");
      const attributes = attributesOf(child);
      if (attributes.has("entityname"))
        throw invalidFetch(
          "Conditions with entityname are not supported by this server; put them in the link-entity's filter.",
        );
      const name = attributes.get("attribute") ?? "";
      const property = column(name);
      if (!property) throw noAttribute(entity, name);
      const reference: PropertyReference = variable ? { variable, property } : { property };
      const values = childrenOf(child)
        .filter((n) => tagOf(n) === "value")
        .map((n) => xmlUnescape(String((childrenOf(n)[0] as { "#text"?: unknown } | undefined)?.["#text"] ?? "")));
      parts.push(conditionOf(reference, attributes.get("operator") ?? "", attributes.get("value"), values));
    } else throw invalidFetch(`The element <${tag}> is not supported inside <filter>.`);
  }
  // An empty filter matches every row.
  if (parts.length === 0) return undefined;
  return parts.reduce((left, right) => ({ kind: type, left, right }));
}

export type { ComparisonOperator, Literal };
