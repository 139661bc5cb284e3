import { createHash } from "node:crypto";

/**
 * A GUID derived from a name (RFC 4122 version 5 layout over SHA-1), so every build writes the same ids for the same
 * forms and views: re-importing a newer build updates components instead of adding copies.
 */
export function stableGuid(...parts: readonly string[]): string {
  const hash = createHash("sha1")
    .update(`AppProfileManager:${parts.join(":")}`)
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** `{guid}` as Dataverse writes ids in solution files. */
export const braced = (guid: string): string => `{${guid}}`;
