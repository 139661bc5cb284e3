/**
 * FetchXML `<condition>` to the query model's FilterExpression: the common operators (Learn:
 * fetchxml/reference/operators). Values arrive as text and are converted to the column's type; an operator this
 * server can't evaluate is refused.
 */
import { badRequest } from "../messages";
import type { Property } from "../model";
import { MAX_PATTERN_LENGTH } from "../parse-filter";
import type { ComparisonOperator, DateFunction, FilterExpression, Literal, PropertyReference } from "../types";
import { FetchXmlError } from "./errors";

const comparisons = new Map<string, ComparisonOperator>([
  ["eq", "eq"],
  ["ne", "ne"],
  ["neq", "ne"],
  ["gt", "gt"],
  ["ge", "ge"],
  ["lt", "lt"],
  ["le", "le"],
]);

const dates = new Map<string, DateFunction>([
  ["on", "On"],
  ["on-or-after", "OnOrAfter"],
  ["on-or-before", "OnOrBefore"],
  ["last-x-days", "LastXDays"],
  ["next-x-days", "NextXDays"],
]);

const invalidValue = (property: Property, text: string) =>
  new FetchXmlError("0x80040203", `'${text}' is not a valid value for the attribute '${property.column}'.`);

export function typedValue(property: Property, text: string): Literal {
  switch (property.type) {
    case "string":
      return text;
    case "boolean":
      if (text === "1" || text === "true") return true;
      if (text === "0" || text === "false") return false;
      throw invalidValue(property, text);
    case "choice":
    case "integer":
    case "bigint": {
      const value = Number(text);
      if (text.trim() === "" || !Number.isFinite(value)) throw invalidValue(property, text);
      return value;
    }
    case "guid":
    case "lookup": {
      const id = text.replace(/^\{(.*)\}$/, "$1").toLowerCase();
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))
        throw invalidValue(property, text);
      return id;
    }
    case "datetime": {
      const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
      if (Number.isNaN(date.getTime())) throw invalidValue(property, text);
      return date.toISOString();
    }
  }
}

export function conditionOf(
  left: PropertyReference,
  operator: string,
  value: string | undefined,
  values: readonly string[],
): FilterExpression {
  const property = left.property;
  const single = (): string => {
    if (value === undefined) throw badRequest(`The '${operator}' condition on '${property.column}' needs a value.`);
    return value;
  };
  const comparison = comparisons.get(operator);
  if (comparison) return { kind: "compare", operator: comparison, left, value: typedValue(property, single()) };
  const not = (operand: FilterExpression): FilterExpression => ({ kind: "not", operand });
  const pattern = (name: "like" | "startswith" | "endswith", negated: boolean): FilterExpression => {
    if (property.type !== "string")
      throw badRequest(`The '${operator}' operator needs a string attribute; '${property.column}' is not.`);
    const text = single();
    if (text.length > MAX_PATTERN_LENGTH)
      throw badRequest(`The '${operator}' value is longer than ${MAX_PATTERN_LENGTH} characters.`);
    const expression: FilterExpression = { kind: "function", name, left, value: text };
    return negated ? not(expression) : expression;
  };
  switch (operator) {
    case "like":
    case "not-like":
      return pattern("like", operator === "not-like");
    case "begins-with":
    case "not-begin-with":
      return pattern("startswith", operator === "not-begin-with");
    case "ends-with":
    case "not-end-with":
      return pattern("endswith", operator === "not-end-with");
    case "null":
      return { kind: "compare", operator: "eq", left, value: null };
    case "not-null":
      return { kind: "compare", operator: "ne", left, value: null };
    case "in":
    case "not-in": {
      const list = values.length > 0 ? values : value !== undefined ? [value] : [];
      if (list.length === 0)
        throw badRequest(`The '${operator}' condition on '${property.column}' needs <value> elements.`);
      return { kind: "in", left, values: list.map((v) => typedValue(property, v)), negated: operator === "not-in" };
    }
    case "between":
    case "not-between":
      if (values.length !== 2) throw badRequest(`The '${operator}' condition needs exactly two <value> elements.`);
      return {
        kind: "between",
        left,
        low: typedValue(property, values[0]),
        high: typedValue(property, values[1]),
        negated: operator === "not-between",
      };
  }
  const date = dates.get(operator);
  if (date) {
    if (property.type !== "datetime") throw badRequest(`The '${operator}' operator needs a date and time attribute.`);
    const text = single();
    if (date === "LastXDays" || date === "NextXDays") {
      const days = /^[0-9]{1,5}$/.test(text) ? Number(text) : NaN;
      if (!Number.isInteger(days)) throw badRequest(`The '${operator}' operator needs a whole number of days.`);
      return { kind: "date", name: date, left, days };
    }
    const day = text.slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
      throw badRequest(`The '${operator}' operator needs a date such as 2024-01-31.`);
    return { kind: "date", name: date, left, day };
  }
  throw new FetchXmlError(
    "0x80041102",
    `The condition operator '${operator}' is not supported by this server. Supported: eq, ne, gt, ge, lt, le, like, begins-with, ends-with (and not- forms), null, not-null, in, not-in, between, not-between, on, on-or-after, on-or-before, last-x-days, next-x-days.`,
  );
}
