/**
 * `$select`, `$filter` and `$expand` over definitions held in memory. `$filter` is parsed by the same parser as row
 * queries (into the one FilterExpression model) against a model of the definition type's primitive properties, then
 * evaluated here: metadata lives in the schema module, not in SQL. Learn: webapi/query-metadata-web-api ("you can
 * use $filter on any properties which use primitive or enumeration values"; "The MetadataId property value is always
 * returned"; "There is no paging").
 */
import type { AnyTable } from "../../schema";
import { DataverseError } from "../errors";
import type { EntityModel, Property, PropertyType } from "../odata/model";
import { parseFilter } from "../odata/parse-filter";
import { splitTopLevel } from "../odata/split";
import type { FilterExpression, Literal } from "../odata/types";
import type { MetadataRecord } from "./entityMetadata";

const badRequest = (message: string) => new DataverseError("BadRequestSyntax", message);

export const unknownMetadataProperty = (typeName: string, name: string) =>
  badRequest(`Could not find a property named '${name}' on type '${typeName}'.`);

/** A definition type's queryable shape: its primitive properties and its collection-valued navigation properties. */
export interface MetadataType {
  readonly typeName: string;
  readonly model: EntityModel;
  /** Every property name a `$select` may name (complex values included). */
  readonly selectable: ReadonlySet<string>;
}

const typeOfValue = (name: string, value: unknown): PropertyType | undefined => {
  if (name === "MetadataId") return "guid";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return "integer";
  if (typeof value === "string" || value === null) return "string";
  return undefined; // complex values (labels, managed properties) and collections can't be compared
};

/** The type of a set of records, from the properties they carry. */
export function metadataType(typeName: string, records: readonly MetadataRecord[]): MetadataType {
  const properties = new Map<string, Property>();
  const selectable = new Set<string>();
  for (const record of records) {
    for (const [name, value] of Object.entries(record)) {
      if (name.startsWith("@")) continue;
      selectable.add(name);
      const type = typeOfValue(name, value);
      if (type && !properties.has(name)) properties.set(name, { name, column: name, type });
    }
  }
  const primaryId: Property = properties.get("MetadataId") ?? {
    name: "MetadataId",
    column: "MetadataId",
    type: "guid",
  };
  const model: EntityModel = {
    // The filter parser reads names and types only; definitions have no SQL table behind them.
    table: undefined as unknown as AnyTable,
    typeName,
    primaryId,
    properties,
    allProperties: [...properties.values()],
    singleNavigations: new Map(),
    collectionNavigations: new Map(),
  };
  return { typeName, model, selectable };
}

/** `Microsoft.Dynamics.CRM.OwnershipTypes'UserOwned'` compares as the string 'UserOwned' (enum members are names). */
const ENUM_LITERAL = /Microsoft\.Dynamics\.CRM\.[A-Za-z]+('(?:[^']|'')*')/g;

export function parseMetadataFilter(type: MetadataType, text: string): FilterExpression {
  try {
    return parseFilter(type.model, text.replace(ENUM_LITERAL, "$1"));
  } catch (error) {
    // A real property with a complex value (a Label, a managed property) can't be compared as a whole.
    const name = /Could not find a property named '([^']+)'/.exec((error as Error).message)?.[1];
    if (name && type.selectable.has(name) && !type.model.properties.has(name)) {
      throw badRequest(
        `The property '${name}' of '${type.typeName}' has a complex value; $filter compares primitive and enumeration properties only.`,
      );
    }
    throw error;
  }
}

const fold = (value: unknown): unknown => (typeof value === "string" ? value.toLowerCase() : value);

function compare(operator: string, actual: unknown, expected: Literal): boolean {
  if (expected === null || actual === null || actual === undefined) {
    const same = (actual ?? null) === expected;
    return operator === "eq" ? same : operator === "ne" ? !same : false;
  }
  const a = fold(actual) as string | number | boolean;
  const b = fold(expected) as string | number | boolean;
  switch (operator) {
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    case "gt":
      return a > b;
    case "ge":
      return a >= b;
    case "lt":
      return a < b;
    case "le":
      return a <= b;
  }
  return false;
}

export function matches(filter: FilterExpression, record: MetadataRecord): boolean {
  switch (filter.kind) {
    case "and":
      return matches(filter.left, record) && matches(filter.right, record);
    case "or":
      return matches(filter.left, record) || matches(filter.right, record);
    case "not":
      return !matches(filter.operand, record);
    case "compare":
      return compare(filter.operator, record[filter.left.property.name], filter.value);
    case "function": {
      const value = String(record[filter.left.property.name] ?? "").toLowerCase();
      const text = filter.value.toLowerCase();
      if (filter.name === "contains") return value.includes(text);
      return filter.name === "startswith" ? value.startsWith(text) : value.endsWith(text);
    }
    default:
      throw badRequest(`This filter is not supported on definitions; filter on their primitive properties.`);
  }
}

export function parseSelect(type: MetadataType, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const names = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw badRequest("The $select query option is empty.");
  for (const name of names) if (!type.selectable.has(name)) throw unknownMetadataProperty(type.typeName, name);
  return names;
}

/** The selected properties, `MetadataId` always, and the `@odata.type` of derived types. */
export function project(record: MetadataRecord, select: readonly string[] | undefined): MetadataRecord {
  if (!select) return { ...record };
  const out: MetadataRecord = {};
  if (record["@odata.type"] !== undefined) out["@odata.type"] = record["@odata.type"];
  for (const name of select) out[name] = record[name];
  out.MetadataId = record.MetadataId;
  return out;
}

export interface ExpandItem {
  readonly name: string;
  readonly options: ReadonlyMap<string, string>;
}

/** `Attributes($select=LogicalName;$filter=...),Keys` into its items. */
export function parseExpand(text: string): ExpandItem[] {
  const items: ExpandItem[] = [];
  for (const part of splitItems(text, ",")) {
    const open = part.indexOf("(");
    const name = (open < 0 ? part : part.slice(0, open)).trim();
    if (!name) throw badRequest(`The $expand query option '${text}' names no navigation property.`);
    const options = new Map<string, string>();
    if (open >= 0) {
      if (!part.trimEnd().endsWith(")")) throw badRequest(`The $expand item '${part}' must end with ')'.`);
      for (const option of splitItems(part.slice(open + 1, part.trimEnd().length - 1), ";")) {
        const equals = option.indexOf("=");
        const key = option.slice(0, equals).trim();
        if (equals < 0 || (key !== "$select" && key !== "$filter")) {
          throw badRequest(`The query option '${option.trim()}' is not supported inside $expand of definitions.`);
        }
        options.set(key, option.slice(equals + 1));
      }
    }
    items.push({ name, options });
  }
  return items;
}

/** The shared splitter (unbalanced parentheses or quotes are a 400); a trailing separator adds no item. */
function splitItems(text: string, separator: string): string[] {
  const parts = splitTopLevel(text, separator, "$expand");
  if (parts.length > 0 && parts[parts.length - 1].trim() === "") parts.pop();
  return parts;
}
