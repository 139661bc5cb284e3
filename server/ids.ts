import { randomUUID } from "node:crypto";
import { DataverseError } from "./errors";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const newId = (): string => randomUUID();

export function isGuid(value: unknown): value is string {
  return typeof value === "string" && GUID.test(value);
}

/** Ids are stored lower-case so that lookups by id match whatever case a client sends. */
export function parseGuid(value: unknown, what: string): string {
  if (!isGuid(value)) {
    throw new DataverseError(
      "BadRequestSyntax",
      `'${String(value)}' is not a valid id for '${what}'. Use a GUID such as 00000000-0000-0000-0000-000000000000.`,
    );
  }
  return value.toLowerCase();
}
