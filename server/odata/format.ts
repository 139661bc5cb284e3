/** SQLite rows to Web API rows: etag, booleans, and (when asked for) formatted values and lookup annotations. */
import type { Property } from "./model";
import { lookupNameColumn, VERSION_COLUMN } from "./sql";

export const FORMATTED_VALUE = "@OData.Community.Display.V1.FormattedValue";
export const LOOKUP_LOGICAL_NAME = "@Microsoft.Dynamics.CRM.lookuplogicalname";
export const ASSOCIATED_NAVIGATION_PROPERTY = "@Microsoft.Dynamics.CRM.associatednavigationproperty";

export type SqlRow = Record<string, unknown>;
export type WebApiRow = Record<string, unknown>;

export const etag = (version: unknown): string => `W/"${String(version)}"`;

export function formatRow(raw: SqlRow, select: readonly Property[], annotate: boolean): WebApiRow {
  const row: WebApiRow = { "@odata.etag": etag(raw[VERSION_COLUMN]) };
  for (const property of select) {
    const name = property.name;
    const value = raw[name] ?? null;
    if (property.type === "boolean") {
      if (annotate && value !== null) row[name + FORMATTED_VALUE] = value === 1 ? "Yes" : "No";
      row[name] = value === null ? null : value === 1;
      continue;
    }
    if (annotate && value !== null) annotateValue(row, raw, property, value);
    row[name] = value;
  }
  return row;
}

/** Dataverse writes a value's annotations just before the value. */
function annotateValue(row: WebApiRow, raw: SqlRow, property: Property, value: unknown): void {
  const name = property.name;
  if (property.type === "choice") {
    row[name + FORMATTED_VALUE] = property.labels?.get(value as number) ?? String(value);
  } else if (property.type === "lookup" && property.target) {
    const targetName = raw[lookupNameColumn(property)];
    if (targetName !== null && targetName !== undefined) row[name + FORMATTED_VALUE] = targetName;
    row[name + ASSOCIATED_NAVIGATION_PROPERTY] = property.navigationProperty;
    row[name + LOOKUP_LOGICAL_NAME] = property.target.logicalName;
  }
}
