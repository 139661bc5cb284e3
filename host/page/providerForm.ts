/**
 * The provider form's pure parts: defaults from the schema, what changed, and each field's problem, checked with the
 * same rule 8 functions the server's handler runs (handlers/rules/channelProvider.ts), so the live message and the
 * refusal on save are the same sentence.
 */
import { ChannelProvider } from "../../schema";
import { validateChannelUrl, validateTrustedDomain } from "../../handlers/rules/channelProvider";
import type { ProviderFields, ProviderRow } from "./providersApi";

export type ProviderField = keyof ProviderFields;
export type FieldProblems = Partial<Record<ProviderField, string>>;

const columns = ChannelProvider.columns;

export function newProviderFields(): ProviderFields {
  return {
    apm_name: "",
    apm_label: "",
    apm_channelurl: "",
    apm_trusteddomain: "",
    apm_apiversion: columns.apm_apiversion.defaultValue ?? null,
    apm_enableoutbound: columns.apm_enableoutbound.defaultValue ?? false,
    apm_sortorder: columns.apm_sortorder.defaultValue ?? 0,
  };
}

export function fieldsOf(row: ProviderRow): ProviderFields {
  return {
    apm_name: row.name,
    apm_label: row.label,
    apm_channelurl: row.channelUrl,
    apm_trusteddomain: row.trustedDomain,
    apm_apiversion: row.apiVersion,
    apm_enableoutbound: row.enableOutbound,
    apm_sortorder: row.sortOrder,
  };
}

/** Only the columns the admin changed: an update sends nothing else (an unchanged column is not rewritten). */
export function changedFields(original: ProviderFields, draft: ProviderFields): Partial<ProviderFields> {
  const changes: Partial<Record<ProviderField, unknown>> = {};
  for (const key of Object.keys(draft) as ProviderField[]) if (draft[key] !== original[key]) changes[key] = draft[key];
  return changes as Partial<ProviderFields>;
}

function requiredText(value: string, label: string, maxLength: number): string | undefined {
  const text = value.trim();
  if (text === "") return `Enter the ${label.toLowerCase()}.`;
  if (text.length > maxLength)
    return `Shorten the ${label.toLowerCase()} to ${maxLength} characters (it has ${text.length}).`;
  return undefined;
}

/** Each field's problem, as one sentence that says how to fix it; no entry when the field is fine. */
export function providerProblems(fields: ProviderFields): FieldProblems {
  const sortOrder = fields.apm_sortorder;
  const { min = 0, max = 2147483647 } = columns.apm_sortorder;
  const problems: FieldProblems = {
    apm_name: requiredText(fields.apm_name, columns.apm_name.displayName, columns.apm_name.maxLength),
    apm_label: requiredText(fields.apm_label, columns.apm_label.displayName, columns.apm_label.maxLength),
    apm_channelurl: validateChannelUrl(fields.apm_channelurl, fields.apm_trusteddomain)?.message,
    apm_trusteddomain: validateTrustedDomain(fields.apm_trusteddomain)?.message,
    apm_sortorder:
      sortOrder !== null && (!Number.isInteger(sortOrder) || sortOrder < min || sortOrder > max)
        ? `Enter a whole number from ${min} to ${max} for the sort order.`
        : undefined,
  };
  for (const key of Object.keys(problems) as ProviderField[]) if (problems[key] === undefined) delete problems[key];
  return problems;
}

/** Reads the sort order box: empty is no value, anything else a number (checked by providerProblems). */
export function parseSortOrder(text: string): number | null {
  const trimmed = text.trim();
  return trimmed === "" ? null : Number(trimmed);
}
