/** Global choices (option sets): one per distinct `optionSetName` among the solution's choice columns. */
import type { ChoiceColumn } from "../../schema";
import type { TableShape } from "./table";
import { el, leaf, type XmlElement } from "./xml";
import { descriptions, displayNames, labels } from "./labels";
import { INTRODUCED_VERSION } from "./attributes";

export function choiceColumns(tables: readonly TableShape[]): ChoiceColumn[] {
  const byName = new Map<string, ChoiceColumn>();
  for (const table of tables) {
    for (const column of Object.values(table.columns)) {
      if (column.type !== "choice") continue;
      const seen = byName.get(column.optionSetName);
      if (seen && JSON.stringify(seen.options) !== JSON.stringify(column.options)) {
        throw new Error(`Option set ${column.optionSetName} is defined twice with different options`);
      }
      if (!seen) byName.set(column.optionSetName, column);
    }
  }
  return [...byName.values()];
}

export function globalOptionSet(column: ChoiceColumn): XmlElement {
  return el(
    "optionset",
    { Name: column.optionSetName, localizedName: column.displayName, description: column.description ?? "" },
    leaf("OptionSetType", "picklist"),
    leaf("IsGlobal", 1),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
    leaf("IsCustomizable", 1),
    displayNames(column.displayName),
    descriptions(column.description ?? ""),
    el(
      "options",
      {},
      column.options.map((option) =>
        el("option", { value: option.value, ExternalValue: "" }, labels(option.label), descriptions("")),
      ),
    ),
  );
}

export const optionSets = (tables: readonly TableShape[]): XmlElement =>
  el("optionsets", {}, choiceColumns(tables).map(globalOptionSet));
