/**
 * MetadataIds as stable GUIDs. Dataverse gives every definition (table, column, key, relationship) a GUID when it is
 * created; a local environment derives it from the definition's name instead (RFC 4122 version 5, SHA-1 of a fixed
 * namespace and the name), so the same table has the same MetadataId in every data folder and after every restart.
 */
import { createHash } from "node:crypto";

/** This server's namespace for name-based ids (itself a random v4 GUID, fixed once). */
const NAMESPACE = Buffer.from("5f8a6c2e9d0b4e7aa1c34b6d2e8f0a17", "hex");

export function nameBasedGuid(name: string): string {
  const hash = createHash("sha1").update(NAMESPACE).update(name, "utf8").digest();
  hash[6] = (hash[6] & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const entityMetadataId = (entity: string): string => nameBasedGuid(`entity:${entity}`);
export const attributeMetadataId = (entity: string, attribute: string): string =>
  nameBasedGuid(`attribute:${entity}.${attribute}`);
export const keyMetadataId = (entity: string, key: string): string => nameBasedGuid(`key:${entity}.${key}`);
export const relationshipMetadataId = (schemaName: string): string => nameBasedGuid(`relationship:${schemaName}`);
