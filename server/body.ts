/**
 * Validates a create/update body against the schema, the way Dataverse's Web API does: unknown properties,
 * wrong types, lengths, option values and ranges are refused with Dataverse's messages before any handler runs.
 */
import { type AnyTable, type Column, type LookupColumn, tables } from "../schema";
import { DataverseError } from "./errors";
import { parseGuid } from "./ids";
import { checkStateValue, stateProperties } from "./state";

export interface ParsedBody {
  /** Attribute values by logical name; lookups hold the referenced row's id (or null). */
  readonly attributes: Record<string, string | number | boolean | null>;
  /** A client-chosen primary id, when the body carries one. */
  readonly id?: string;
}

const entityType = (table: AnyTable) => `Microsoft.Dynamics.CRM.${table.logicalName}`;
const columnsOf = (table: AnyTable) => table.columns as Record<string, Column>;

/** Lookups are written with `Nav@odata.bind: "/entityset(id)"`; Dataverse accepts the navigation property name. */
function bindTarget(table: AnyTable, property: string): [string, LookupColumn] | undefined {
  const name = property.slice(0, -"@odata.bind".length);
  for (const [logicalName, column] of Object.entries(columnsOf(table))) {
    if (column.type === "lookup" && (column.navigationProperty === name || logicalName === name.toLowerCase())) {
      return [logicalName, column];
    }
  }
  return undefined;
}

function parseBind(value: unknown, column: LookupColumn, property: string): string | null {
  if (value === null) return null;
  const target = tables.find((t) => t.logicalName === column.target);
  const match = typeof value === "string" ? /(?:^|\/)([A-Za-z_]+)\(([^)]+)\)$/.exec(value) : null;
  if (!target || !match || match[1] !== target.entitySetName) {
    throw new DataverseError(
      "InvalidProperty",
      `The value of '${property}' must be a reference such as '/${target?.entitySetName}(00000000-0000-0000-0000-000000000000)'.`,
    );
  }
  return parseGuid(match[2], property);
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

export function parseEntityBody(table: AnyTable, body: unknown): ParsedBody {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new DataverseError("BadRequestSyntax", "The request body must be a JSON object of column values.");
  }
  const attributes: Record<string, string | number | boolean | null> = {};
  let id: string | undefined;
  for (const [property, value] of Object.entries(body as Record<string, unknown>)) {
    if (property.startsWith("@odata.")) continue;
    if (property === table.primaryIdAttribute) {
      id = parseGuid(value, property);
      continue;
    }
    if (property.endsWith("@odata.bind")) {
      const bound = bindTarget(table, property);
      if (!bound) throw invalidProperty(table, property);
      attributes[bound[0]] = parseBind(value, bound[1], property);
      continue;
    }
    if (stateProperties.has(property)) {
      attributes[property] = checkStateValue(table, property, value);
      continue;
    }
    const column = columnsOf(table)[property];
    if (!column) throw invalidProperty(table, property);
    attributes[property] = checkValue(table, property, column, value);
  }
  return { attributes, id };
}

function invalidProperty(table: AnyTable, property: string): DataverseError {
  return new DataverseError(
    "InvalidProperty",
    `Invalid property '${property}' was found in entity '${entityType(table)}'. Check the column's logical name in the table's definition.`,
  );
}
