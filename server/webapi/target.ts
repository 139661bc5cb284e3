/** Resolves the entity set and the key of an address to a table and a row id. */
import type Database from "better-sqlite3";
import type { AnyTable } from "../../schema";
import { DataverseError } from "../errors";
import { addressFromKey } from "../odata";
import { tableByEntitySet } from "../storage/layout";
import { findIdByKey } from "../storage/rows";
import type { Segment } from "./path";

export function entitySet(segment: Segment): AnyTable {
  const table = tableByEntitySet(segment.name);
  if (!table) {
    throw new DataverseError(
      "ResourceNotFound",
      `Resource not found for the segment '${segment.name}'. Use an entity set name such as 'apm_appprofiles'; ` +
        `EntityDefinitions lists them.`,
    );
  }
  return table;
}

export type Address = { readonly id: string } | { readonly key: Record<string, string | number> };

/** Parsed keys by table and key text: parsing a key predicate costs more than the read it addresses. */
const parsedKeys = new Map<string, Address>();
const MAX_PARSED_KEYS = 2000;

export function addressOf(table: AnyTable, segment: Segment): Address {
  if (segment.key === undefined)
    throw new DataverseError("BadRequestSyntax", `'${segment.name}' needs a key, such as (<id>).`);
  const cacheKey = `${table.logicalName}(${segment.key})`;
  let address = parsedKeys.get(cacheKey);
  if (!address) {
    address = addressFromKey(table, segment.key);
    if (parsedKeys.size >= MAX_PARSED_KEYS) parsedKeys.delete(parsedKeys.keys().next().value as string);
    parsedKeys.set(cacheKey, address);
  }
  return address;
}

/** The row's id, or undefined when no row has that key. */
export function findId(db: Database.Database, table: AnyTable, address: Address): string | undefined {
  if ("id" in address) return address.id;
  return findIdByKey(db, table, address.key);
}

export function requireId(db: Database.Database, table: AnyTable, address: Address): string {
  const id = findId(db, table, address);
  if (id === undefined) throw notFoundAt(table, address);
  return id;
}

export function notFoundAt(table: AnyTable, address: Address): DataverseError {
  const what =
    "id" in address
      ? `Id = ${address.id}`
      : Object.entries(address.key)
          .map(([k, v]) => `${k} = ${v}`)
          .join(", ");
  return new DataverseError("NotFound", `${table.logicalName} With ${what} Does Not Exist`);
}

export function entityUrl(base: URL, table: AnyTable, id: string): string {
  return new URL(`${table.entitySetName}(${id})`, base).toString();
}
