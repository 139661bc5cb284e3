/**
 * Validates a create/update body against the schema, the way Dataverse's Web API does: unknown properties,
 * wrong types, lengths, option values and ranges are refused with Dataverse's messages before any handler runs.
 */
import type { AnyTable, Column, LookupColumn } from "../schema";
import { serverRelationships, serverTables } from "./platform";
import { DataverseError } from "./errors";
import { parseGuid } from "./ids";
import { checkStateValue, stateProperties } from "./state";

export interface ParsedBody {
  /** Attribute values by logical name; lookups hold the referenced row's id (or null). */
  readonly attributes: Record<string, string | number | boolean | null>;
  /** A client-chosen primary id, when the body carries one. */
  readonly id?: string;
  /** Collection-valued `nav@odata.bind: [...]`: the rows to associate once the row is created. */
  readonly associations: readonly { readonly navigation: string; readonly ids: readonly string[] }[];
}

/**
 * Resolves a reference that is not a GUID, such as `environmentvariabledefinitions(schemaname='x')`, to the row's
 * id (Learn: use-alternate-key-reference-record). The text is what the parentheses hold.
 */
export type KeyResolver = (table: AnyTable, key: string) => string;

const entityType = (table: AnyTable) => `Microsoft.Dynamics.CRM.${table.logicalName}`;
const columnsOf = (table: AnyTable) => table.columns as Record<string, Column>;
const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

/**
 * Lookups are written with `Nav@odata.bind: "/entityset(id)"`, where Nav is the single-valued navigation property,
 * spelt exactly: names are case-sensitive (Learn: troubleshoot web-api-client-errors, "An undeclared property").
 */
function bindTarget(table: AnyTable, name: string): [string, LookupColumn] | undefined {
  for (const [logicalName, column] of Object.entries(columnsOf(table))) {
    if (column.type === "lookup" && column.navigationProperty === name) return [logicalName, column];
  }
  return undefined;
}

/** The table a collection-valued (N:N) navigation property of `table` leads to. */
function collectionTarget(table: AnyTable, name: string): AnyTable | undefined {
  for (const r of serverRelationships) {
    if (r.entity1 === table.logicalName && r.entity1NavigationProperty === name)
      return serverTables.find((t) => t.logicalName === r.entity2);
    if (r.entity2 === table.logicalName && r.entity2NavigationProperty === name)
      return serverTables.find((t) => t.logicalName === r.entity1);
  }
  return undefined;
}

/** `/entityset(id)`, `entityset(key='v')` or an absolute URL ending in one of them, as the referenced row's id. */
function parseReference(value: unknown, target: AnyTable, property: string, resolve?: KeyResolver): string {
  const match = typeof value === "string" ? /(?:^|\/)([A-Za-z_][A-Za-z0-9_]*)\((.+)\)$/.exec(value) : null;
  if (!match || match[1] !== target.entitySetName) {
    throw new DataverseError(
      "InvalidProperty",
      `The value of '${property}' must be a reference such as '/${target.entitySetName}(00000000-0000-0000-0000-000000000000)'` +
        (target.alternateKeys.length > 0
          ? ` or '/${target.entitySetName}(${target.alternateKeys[0].columns.map((c) => `${c}='…'`).join(",")})'.`
          : "."),
    );
  }
  const key = match[2];
  if (GUID.test(key) || !resolve) return parseGuid(key, property);
  return resolve(target, key);
}

function parseBind(value: unknown, column: LookupColumn, property: string, resolve?: KeyResolver): string | null {
  if (value === null) return null;
  const target = serverTables.find((t) => t.logicalName === column.target) as AnyTable;
  return parseReference(value, target, property, resolve);
}

function checkValue(table: AnyTable, name: string, column: Column, value: unknown): string | number | boolean | null {
  if (value === null) return null;
  const where = `the '${name}' attribute of the '${table.logicalName}' entity`;
  switch (column.type) {
    case "string":
    case "memo":
      if (typeof value !== "string") throw typeError(name, value, "Edm.String");
      if (value.length > column.maxLength) {
        throw new DataverseError(
          "ValidationFailed",
          `A validation error occurred. The length of ${where} exceeded the maximum allowed length of '${column.maxLength}'.`,
        );
      }
      return value;
    case "boolean":
      if (typeof value !== "boolean") throw typeError(name, value, "Edm.Boolean");
      return value;
    case "integer":
    case "choice": {
      if (typeof value !== "number" || !Number.isInteger(value)) throw typeError(name, value, "Edm.Int32");
      if (column.type === "choice" && !column.options.some((o) => o.value === value)) {
        const accepted = column.options.map((o) => `${o.value} (${o.label})`).join(", ");
        throw new DataverseError(
          "ValidationFailed",
          `A validation error occurred. The value ${value} of ${where} is outside the valid range. Accepted values: ${accepted}.`,
        );
      }
      if (column.type === "integer" && (value < column.min || value > column.max)) {
        throw new DataverseError(
          "ValidationFailed",
          `A validation error occurred. The value ${value} of ${where} is outside the valid range of ${column.min} to ${column.max}.`,
        );
      }
      return value;
    }
    case "lookup":
      throw new DataverseError("InvalidProperty", `Set '${name}' with '${column.navigationProperty}@odata.bind'.`);
  }
}

function typeError(name: string, value: unknown, edmType: string): DataverseError {
  return new DataverseError(
    "InvalidProperty",
    `Cannot convert the literal '${JSON.stringify(value)}' to the expected type '${edmType}' of the property '${name}'.`,
  );
}

export function parseEntityBody(table: AnyTable, body: unknown, resolve?: KeyResolver): ParsedBody {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new DataverseError("BadRequestSyntax", "The request body must be a JSON object of column values.");
  }
  const attributes: Record<string, string | number | boolean | null> = {};
  const associations: { navigation: string; ids: string[] }[] = [];
  let id: string | undefined;
  for (const [property, value] of Object.entries(body as Record<string, unknown>)) {
    if (property.startsWith("@odata.")) continue;
    if (property === table.primaryIdAttribute) {
      id = parseGuid(value, property);
      continue;
    }
    if (property.endsWith("@odata.bind")) {
      const name = property.slice(0, -"@odata.bind".length);
      const bound = bindTarget(table, name);
      if (bound) {
        attributes[bound[0]] = parseBind(value, bound[1], property, resolve);
        continue;
      }
      const related = collectionTarget(table, name);
      if (!related) throw undeclaredProperty(table, name);
      // Learn: webapi/create-entity-web-api ("Associate table rows on create"): an array of references.
      if (!Array.isArray(value)) {
        throw new DataverseError(
          "InvalidProperty",
          `'${property}' is a collection-valued navigation property: give an array such as ["/${related.entitySetName}(<id>)"].`,
        );
      }
      associations.push({ navigation: name, ids: value.map((v) => parseReference(v, related, property, resolve)) });
      continue;
    }
    if (stateProperties.has(property)) {
      attributes[property] = checkStateValue(table, property, value);
      continue;
    }
    const column = columnsOf(table)[property];
    if (!column) {
      if (typeof value === "object" && value !== null && isNavigation(table, property))
        throw deepInsert(table, property);
      throw invalidProperty(table, property);
    }
    attributes[property] = checkValue(table, property, column, value);
  }
  return { attributes, id, associations };
}

function isNavigation(table: AnyTable, name: string): boolean {
  return !!bindTarget(table, name) || !!collectionTarget(table, name);
}

/**
 * Deep insert (related rows created inside the body, Learn: webapi/create-entity-web-api) is not served here:
 * refused by name, never half-applied.
 */
function deepInsert(table: AnyTable, name: string): DataverseError {
  return new DataverseError(
    "BadRequestSyntax",
    `Creating related rows inside the body ('${name}' of '${table.logicalName}') is not supported by this server. ` +
      `Create them first, then reference them with '${name}@odata.bind'.`,
  );
}

/** Learn: troubleshoot web-api-client-errors ("An undeclared property ... which only has property annotations"). */
function undeclaredProperty(table: AnyTable, name: string): DataverseError {
  const lookups = Object.values(columnsOf(table)).filter((c): c is LookupColumn => c.type === "lookup");
  const sameName = lookups.find((c) => c.navigationProperty.toLowerCase() === name.toLowerCase());
  return new DataverseError(
    "InvalidProperty",
    `An undeclared property '${name}' which only has property annotations in the payload but no property value ` +
      `was found in the payload. In OData, only declared navigation properties and declared named streams can be ` +
      `represented as properties without values.` +
      (sameName
        ? ` Navigation property names are case-sensitive: use '${sameName.navigationProperty}@odata.bind'.`
        : ""),
  );
}

function invalidProperty(table: AnyTable, property: string): DataverseError {
  return new DataverseError(
    "InvalidProperty",
    `Invalid property '${property}' was found in entity '${entityType(table)}'. Check the column's logical name in the table's definition.`,
  );
}
