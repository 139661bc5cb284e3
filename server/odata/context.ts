/** The `@odata.context` fragment after `$metadata#`, as Dataverse writes it. */
import type { AnyTable } from "../../schema";
import type { QueryOptions } from "./types";

export function contextFragment(table: AnyTable, options: QueryOptions): string {
  const items: string[] = options.selected ? options.select.map((p) => p.name) : [];
  for (const expand of options.expand) {
    const { select, model } = expand.options;
    const nested = select === model.allProperties ? "" : select.map((p) => p.name).join(",");
    items.push(`${expand.navigation.name}(${nested})`);
  }
  const selection = items.length > 0 ? `(${items.join(",")})` : "";
  return `${table.entitySetName}${selection}${options.kind === "single" ? "/$entity" : ""}`;
}
