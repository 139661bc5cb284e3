/** The `@odata.context` fragment after `$metadata#`, as Dataverse writes it. */
import type { AnyTable } from "../../schema";
import { selectedNames } from "./parse-options";
import type { CollectionOptions, Expand, QueryOptions } from "./types";

/**
 * `accounts(name,primarycontactid(fullname,createdby(fullname)))`: the selected names (not the implicit primary id)
 * and each expansion with its own selection, nested (Learn: webapi/query/filter-rows, webapi/query/join-tables).
 */
export function contextFragment(table: AnyTable, options: QueryOptions): string {
  const items = selectionItems(options, options.selected, options.expand);
  const selection = items.length > 0 ? `(${items.join(",")})` : "";
  return `${table.entitySetName}${selection}${options.kind === "single" ? "/$entity" : ""}`;
}

function selectionItems(options: CollectionOptions, selected: boolean, expand: readonly Expand[]): string[] {
  const items: string[] = selected ? selectedNames(options.select) : [];
  for (const e of expand) {
    const nested = e.options;
    const nestedSelected = nested.select !== nested.model.allProperties;
    items.push(
      `${e.navigation.name}(${selectionItems(nested, nestedSelected, e.kind === "single" ? (e.expand ?? []) : []).join(",")})`,
    );
  }
  return items;
}
