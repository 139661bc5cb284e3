/**
 * FetchXML `<order>`: by `attribute` in a plain query, by `alias` in an aggregate one (Learn: fetchxml/order-rows,
 * fetchxml/aggregate-data "Grouping": "specify an order element with an alias value set to the alias of the group").
 * Each misuse gets the QueryBuilder error Dataverse answers (Learn: reference/web-service-error-codes).
 */
import type { Property } from "../model";
import type { GroupOrder, OrderByItem } from "../types";
import { FetchXmlError, invalidFetch, noAttribute } from "./errors";

/** Learn: web-service-error-codes, QueryBuilderDeserializeInvalidDescending. */
function descendingOf(attributes: ReadonlyMap<string, string>): boolean {
  const text = attributes.get("descending");
  if (text === undefined || text === "false" || text === "0") return false;
  if (text === "true" || text === "1") return true;
  throw new FetchXmlError(
    "0x80041119",
    `The only valid values for descending attribute are 'true', 'false', '1', and '0'; '${text}' is not one of them.`,
  );
}

/** An order of a plain query: the attribute of the entity, ascending unless `descending`. */
export function readOrderAttribute(
  attributes: ReadonlyMap<string, string>,
  columns: ReadonlyMap<string, Property>,
  entity: string,
): OrderByItem {
  const descending = descendingOf(attributes);
  if (attributes.has("alias"))
    throw new FetchXmlError(
      "0x80041132",
      "An alias cannot be specified for an order clause for a non-aggregate Query. Use an attribute.",
    );
  const name = attributes.get("attribute");
  if (!name)
    throw new FetchXmlError("0x80041133", "An attribute is required for an order clause for a non-aggregate Query.");
  // entityname names a link-entity's alias (Learn: fetchxml/order-rows): ordering by a linked column is not served.
  if (attributes.has("entityname"))
    throw invalidFetch("Ordering by a link-entity's attribute (entityname) is not supported by this server.");
  const property = columns.get(name);
  if (!property) throw noAttribute(entity, name);
  return { property, descending };
}

/** An order of an aggregate query: an alias, checked against the query's aliases once all are read. */
export function readAggregateOrder(attributes: ReadonlyMap<string, string>): GroupOrder {
  const descending = descendingOf(attributes);
  if (attributes.has("attribute"))
    throw new FetchXmlError(
      "0x80041131",
      "An attribute cannot be specified for an order clause for an aggregate Query. Use an alias.",
    );
  const alias = attributes.get("alias");
  if (!alias) throw new FetchXmlError("0x80041134", "An alias is required for an order clause for an aggregate Query.");
  return { alias, descending };
}

/** Every order alias must be one of the query's groupby or aggregate aliases (QueryBuilderInvalid_Alias). */
export function resolveGroupOrders(orders: readonly GroupOrder[], aliases: ReadonlySet<string>): GroupOrder[] {
  for (const order of orders) {
    if (!aliases.has(order.alias))
      throw new FetchXmlError(
        "0x80041109",
        `Invalid alias for aggregate operation: the order alias '${order.alias}' is not the alias of a groupby or aggregate attribute of this query.`,
      );
  }
  return [...orders];
}
