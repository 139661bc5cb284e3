/**
 * `$apply` to the query model's Grouping (and a filter): the subset Dataverse supports (Learn:
 * webapi/query/aggregate-data): `filter(...)`, `groupby((a,b))`, `groupby((a),aggregate(...))` and `aggregate(...)`,
 * with `$count as x` and `col with sum|min|max|average|countdistinct as x`. Anything else is refused.
 */
import type { EntityModel } from "./model";
import { badRequest, unknownProperty } from "./messages";
import { splitTopLevel } from "./split";
import { parseFilter, type Aliases } from "./parse-filter";
import type { AggregateFunction, Aggregation, FilterExpression, GroupOrder, Grouping } from "./types";

const withFunctions = new Map<string, AggregateFunction>([
  ["sum", "sum"],
  ["min", "min"],
  ["max", "max"],
  ["average", "avg"],
  ["countdistinct", "countdistinct"],
]);

export interface ParsedApply {
  readonly filter?: FilterExpression;
  readonly grouping: Grouping;
}

export function parseApply(model: EntityModel, text: string, aliases: Aliases): ParsedApply {
  let filter: FilterExpression | undefined;
  let grouping: Grouping | undefined;
  for (const step of splitTopLevel(text.trim(), "/", "$apply")) {
    const { name, inner } = call(step);
    if (grouping) throw badRequest(`The $apply transformation '${name}' after groupby/aggregate is not supported.`);
    if (name === "filter") {
      if (filter) throw badRequest("Use one filter() transformation in $apply.");
      filter = parseFilter(model, inner, aliases);
    } else if (name === "groupby") grouping = groupBy(model, inner);
    else if (name === "aggregate") grouping = { groupBy: [], aggregates: aggregates(model, inner) };
    else {
      throw badRequest(
        `The $apply transformation '${name}' is not supported. Use filter, groupby and aggregate (Learn: Aggregate data using OData).`,
      );
    }
  }
  if (!grouping) throw badRequest("$apply needs a groupby or aggregate transformation.");
  return { filter, grouping };
}

function groupBy(model: EntityModel, text: string): Grouping {
  const [columns, ...rest] = splitTopLevel(text, ",", "$apply");
  const list = columns.trim();
  if (!list.startsWith("(") || !list.endsWith(")"))
    throw badRequest(`groupby takes a parenthesised list of properties, as in groupby((statuscode)).`);
  const groupBy = list
    .slice(1, -1)
    .split(",")
    .map((n) => n.trim())
    .map((name) => {
      const property = model.properties.get(name);
      if (!property) {
        if (name.includes("/"))
          throw badRequest(`groupby of a related table's column ('${name}') is not supported here.`);
        throw unknownProperty(model, name);
      }
      // Learn: webapi/query/aggregate-data: "groupby with datetime values is not supported".
      if (property.type === "datetime") throw badRequest(`groupby with datetime values is not supported ('${name}').`);
      return { alias: name, column: { property } };
    });
  if (rest.length > 1) throw badRequest("groupby takes the properties and at most one aggregate(...).");
  const aggregated = rest.length === 1 ? call(rest[0]) : undefined;
  if (aggregated && aggregated.name !== "aggregate")
    throw badRequest(`The transformation '${aggregated.name}' inside groupby is not supported; use aggregate(...).`);
  return { groupBy, aggregates: aggregated ? aggregates(model, aggregated.inner) : [] };
}

function aggregates(model: EntityModel, text: string): Aggregation[] {
  const seen = new Set<string>();
  return splitTopLevel(text, ",", "$apply").map((item) => {
    const words = item.trim().split(/\s+/);
    let aggregation: Aggregation;
    if (words.length === 3 && words[0] === "$count" && words[1] === "as") {
      aggregation = { alias: words[2], fn: "count" };
    } else if (words.length === 5 && words[1] === "with" && words[3] === "as") {
      const fn = withFunctions.get(words[2]);
      if (!fn)
        throw badRequest(
          `The aggregation method '${words[2]}' is not supported. Use sum, min, max, average or countdistinct.`,
        );
      if (words[0].includes("("))
        throw badRequest(
          `Aggregating a navigation property ('${words[0]}') is not supported; use FetchXML link-entity aggregates.`,
        );
      const property = model.properties.get(words[0]);
      if (!property) throw unknownProperty(model, words[0]);
      aggregation = { alias: words[4], fn, column: { property } };
    } else {
      throw badRequest(
        `'${item.trim()}' is not an aggregate expression. Use '$count as name' or 'column with sum as name'.`,
      );
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(aggregation.alias))
      throw badRequest(`'${aggregation.alias}' is not a valid alias.`);
    if (seen.has(aggregation.alias) || model.properties.has(aggregation.alias))
      throw badRequest(`The alias '${aggregation.alias}' is already in use.`);
    seen.add(aggregation.alias);
    return aggregation;
  });
}

/**
 * `$orderby` after `$apply`: the groupby properties only. Learn: webapi/query/aggregate-data: "`$orderby` with
 * aggregate values is not supported. This will return the error: The query node SingleValueOpenPropertyAccess is not
 * supported" (FetchXML's `<order alias>` sorts by an aggregate).
 */
export function parseGroupOrderBy(grouping: Grouping, text: string): GroupOrder[] {
  return text.split(",").map((item) => {
    const words = item.trim().split(/\s+/);
    const [name, direction = "asc"] = words;
    if (words.length > 2 || name === "" || (direction !== "asc" && direction !== "desc"))
      throw badRequest(`The $orderby item '${item.trim()}' is not valid. Use a property name followed by asc or desc.`);
    if (grouping.aggregates.some((a) => a.alias === name))
      throw badRequest(
        `The query node SingleValueOpenPropertyAccess is not supported. Dataverse can't order by the aggregate '${name}' in $orderby; use FetchXML with <order alias="${name}" />.`,
      );
    if (!grouping.groupBy.some((g) => g.alias === name))
      throw badRequest(
        `'${name}' is not a groupby property of the $apply; $orderby after $apply names groupby properties.`,
      );
    return { alias: name, descending: direction === "desc" };
  });
}

/** `name(inner)` with balanced parentheses. */
function call(text: string): { name: string; inner: string } {
  const trimmed = text.trim();
  const open = trimmed.indexOf("(");
  if (open <= 0 || !trimmed.endsWith(")")) throw badRequest(`'${trimmed}' is not a valid $apply transformation.`);
  return { name: trimmed.slice(0, open).trim(), inner: trimmed.slice(open + 1, -1) };
}
