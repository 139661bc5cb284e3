/** Resolves the entity set and the key of an address to a table and a row id. */
import type Database from "better-sqlite3";
import type { AnyTable } from "../../schema";
import { DataverseError } from "../errors";
import { addressFromKey } from "../odata";
import { BoundedCache } from "../odata/bounded-cache";
import { tableByEntitySet } from "../storage/layout";
import { findIdByKey, readRow } from "../storage/rows";
import type { Segment } from "./path";

export function entitySet(segment: Segment): AnyTable {
  const table = tableByEntitySet(segment.name);
  if (!table) {
    // Entity set names are case-sensitive; the service document lists them (Learn: troubleshoot web-api-client-errors).
    throw resourceNotFound(segment.name);
  }
  return table;
}

export type Address = { readonly id: string } | { readonly key: Record<string, string | number> };

/**
 * Parsed keys by table and key text: parsing a key predicate costs more than the read it addresses. The key text is
 * the request's, so the cache is bounded by the total length of its keys (1 MiB) and keeps none over 4 KB: distinct
 * long keys can't grow the heap. Exported for tests.
 */
export const parsedKeys = new BoundedCache<Address>(1 << 20, 4096);

export function addressOf(table: AnyTable, segment: Segment): Address {
  if (segment.key === undefined)
    throw new DataverseError("BadRequestSyntax", `'${segment.name}' needs a key, such as (<id>).`);
  const cacheKey = `${table.logicalName}(${segment.key})`;
  let address = parsedKeys.get(cacheKey);
  if (!address) {
    address = addressFromKey(table, segment.key);
    parsedKeys.set(cacheKey, address);
  }
  return address;
}

/**
 * The row's id, or undefined when no row has that alternate key. An id address is returned as is, without a read:
 * the keyed read that follows finds out whether the row exists. Writes use `existingId`.
 */
export function findId(db: Database.Database, table: AnyTable, address: Address): string | undefined {
  if ("id" in address) return address.id;
  return findIdByKey(db, table, address.key);
}

/** The id of the row the address names, or undefined when there is no such row (by id or by alternate key). */
export function existingId(db: Database.Database, table: AnyTable, address: Address): string | undefined {
  if ("id" in address) return readRow(db, table, address.id) ? address.id : undefined;
  return findIdByKey(db, table, address.key);
}

export function requireId(db: Database.Database, table: AnyTable, address: Address): string {
  const id = existingId(db, table, address);
  if (id === undefined) throw notFoundAt(table, address);
  return id;
}

/** Learn: troubleshoot web-api-client-errors ("Resource not found for the segment"). */
export function resourceNotFound(segment: string): DataverseError {
  return new DataverseError("ResourceNotFound", `Resource not found for the segment '${segment}'.`);
}

/** The key form of an address, as Dataverse writes it in OData-EntityId after an upsert by key (Learn: use-upsert-insert-update-record). */
export function keyText(address: Address): string {
  if ("id" in address) return address.id;
  return Object.entries(address.key)
    .map(([name, value]) => `${name}=${typeof value === "string" ? `'${value.replace(/'/g, "''")}'` : value}`)
    .join(",");
}

/**
 * 404 as Dataverse words it: ObjectDoesNotExist for an id (Learn: webapi/perform-conditional-operations-using-web-api),
 * RecordNotFoundByEntityKey for an alternate key (fidelity S19).
 */
export function notFoundAt(table: AnyTable, address: Address): DataverseError {
  if ("id" in address) {
    return new DataverseError("NotFound", `${table.logicalName} With Id = ${address.id} Does Not Exist`);
  }
  return new DataverseError(
    "RecordNotFoundByEntityKey",
    `A record with the specified key values does not exist in ${table.logicalName} entity`,
  );
}

export function entityUrl(base: URL, table: AnyTable, id: string): string {
  return new URL(`${table.entitySetName}(${id})`, base).toString();
}
