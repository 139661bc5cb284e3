/**
 * SQLite rows to Web API rows: etag (for a table whose rows are versioned), booleans, date-times, and the
 * annotations the request asked for.
 */
import { noAnnotations, type Annotations } from "./annotations";
import type { Property } from "./model";
import { lookupNameColumn, lookupTableColumn, VERSION_COLUMN } from "./sql";

export const FORMATTED_VALUE = "@OData.Community.Display.V1.FormattedValue";
export const LOOKUP_LOGICAL_NAME = "@Microsoft.Dynamics.CRM.lookuplogicalname";
export const ASSOCIATED_NAVIGATION_PROPERTY = "@Microsoft.Dynamics.CRM.associatednavigationproperty";

export type SqlRow = Record<string, unknown>;
export type WebApiRow = Record<string, unknown>;

export const etag = (version: unknown): string => `W/"${String(version)}"`;

/** Dataverse writes date-times in whole seconds, UTC: `2023-04-07T21:59:01Z` (Learn: webapi/query/select-columns). */
export const webApiDateTime = (stored: string): string => stored.replace(/\.\d+Z$/, "Z");

export function formatRow(
  raw: SqlRow,
  select: readonly Property[],
  annotations: Annotations = noAnnotations,
): WebApiRow {
  const row: WebApiRow = {};
  // Only a versioned table's SQL selects the version (sql.ts compileColumns); the audit's rows have no etag.
  if (VERSION_COLUMN in raw) row["@odata.etag"] = etag(raw[VERSION_COLUMN]);
  for (const property of select) {
    const name = property.name;
    const value = raw[name] ?? null;
    if (property.type === "boolean") {
      if (annotations.formattedValue && value !== null) row[name + FORMATTED_VALUE] = value === 1 ? "Yes" : "No";
      row[name] = value === null ? null : value === 1;
      continue;
    }
    if (property.type === "datetime") {
      row[name] = typeof value === "string" ? webApiDateTime(value) : value;
      continue;
    }
    if (value !== null) annotateValue(row, raw, property, value, annotations);
    row[name] = value;
  }
  return row;
}

/** Dataverse writes a value's annotations just before the value. */
function annotateValue(
  row: WebApiRow,
  raw: SqlRow,
  property: Property,
  value: unknown,
  annotations: Annotations,
): void {
  const name = property.name;
  if (property.type === "choice") {
    if (annotations.formattedValue)
      row[name + FORMATTED_VALUE] = property.labels?.get(value as number) ?? String(value);
  } else if (property.type === "lookup" && property.target) {
    const targetName = raw[lookupNameColumn(property)];
    if (annotations.formattedValue && targetName !== null && targetName !== undefined)
      row[name + FORMATTED_VALUE] = targetName;
    if (annotations.associatedNavigationProperty)
      row[name + ASSOCIATED_NAVIGATION_PROPERTY] = property.navigationProperty;
    if (annotations.lookupLogicalName) row[name + LOOKUP_LOGICAL_NAME] = property.target.logicalName;
  } else if (property.type === "lookup" && property.targetTableColumn) {
    const table = raw[lookupTableColumn(property)];
    if (annotations.lookupLogicalName && typeof table === "string") row[name + LOOKUP_LOGICAL_NAME] = table;
  }
}
