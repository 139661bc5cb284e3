import type { AlternateKey, Column, TableDefinition } from "../../schema";

/**
 * Any table of the schema, seen from outside: `TableDefinition<N, C>` is invariant in its columns (`keyof C`), so
 * the packer reads tables through this structural view, which every concrete definition satisfies.
 */
export interface TableShape {
  readonly logicalName: string;
  readonly entitySetName: string;
  readonly displayName: string;
  readonly displayCollectionName: string;
  readonly description?: string;
  readonly ownership: TableDefinition["ownership"];
  readonly platform?: boolean;
  readonly primaryIdAttribute: string;
  readonly primaryNameAttribute: string;
  readonly alternateKeys: readonly AlternateKey[];
  readonly columns: Readonly<Record<string, Column>>;
}
