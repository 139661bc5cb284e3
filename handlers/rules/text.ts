/** Rule 2 and the schema's text limits: required columns and maximum lengths come from the one schema. */
import type { ColumnModel } from "../../schema/define";
import { AppProfile } from "../../schema/model";
import { ProfileColumn } from "../columns";
import type { RuleProblem } from "./problem";

/** Any table of the schema (the schema's TableDefinition type does not accept its concrete tables). */
export interface TableColumns {
  readonly logicalName: string;
  readonly columns: Readonly<Record<string, ColumnModel>>;
}

type TextColumn = Extract<ColumnModel, { readonly type: "string" | "memo" }>;

function stringColumn(table: TableColumns, attribute: string): TextColumn {
  const column = table.columns[attribute];
  if (column?.type !== "string" && column?.type !== "memo") {
    throw new Error(`${table.logicalName}.${attribute} is not a text column in the schema`);
  }
  return column;
}

/**
 * What the messages call the profile's text columns: their display names (schema/labels.ts) in lower case, which
 * schema/tables.test.ts checks. Spelt here so the rules, which run in the control bundles, need no labels.
 */
export const profileTextLabels = { apm_name: "name", apm_description: "description" } as const;

/**
 * Checks a text value against its column: required (blank counts as missing) and at most maxLength characters.
 * `label` names the column in the message.
 */
export function validateText(
  table: TableColumns,
  attribute: string,
  value: unknown,
  options: { readonly label: string; readonly required?: boolean },
): RuleProblem | undefined {
  const column = stringColumn(table, attribute);
  const label = options.label;
  const required = options.required ?? column.required ?? false;
  if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) {
    return required ? { attribute, message: `Enter a ${label}: the ${label} is required.` } : undefined;
  }
  if (typeof value !== "string") {
    return { attribute, message: `The ${label} must be text, not ${typeof value}.` };
  }
  if (value.length > column.maxLength) {
    return {
      attribute,
      message: `The ${label} is ${value.length} characters long: shorten it to ${column.maxLength} characters or fewer.`,
    };
  }
  return undefined;
}

/** Rule 2: a profile's name is required, at most 100 characters (the schema's maxLength). */
export function validateProfileName(value: unknown): RuleProblem | undefined {
  return validateText(AppProfile, ProfileColumn.name, value, { label: profileTextLabels.apm_name, required: true });
}

/** Rule 2: a profile's description is optional, at most 2,000 characters (the schema's maxLength). */
export function validateProfileDescription(value: unknown): RuleProblem | undefined {
  return validateText(AppProfile, ProfileColumn.description, value, {
    label: profileTextLabels.apm_description,
    required: false,
  });
}
