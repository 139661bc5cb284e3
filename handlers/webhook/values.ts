/**
 * Dataverse's data-contract JSON (what a webhook receives) to the plain values handlers read: OptionSetValue and Money
 * become numbers, EntityReference a `{ logicalName, id }`, `/Date(ms)/` an ISO string, `[{key, value}]` a record.
 */
import type { Attributes, Entity, EntityReference } from "../context";

/** A payload that is JSON but not a RemoteExecutionContext; its message says which part is wrong. */
export class MalformedContextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedContextError";
  }
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `"Entity:http://schemas.microsoft.com/xrm/2011/Contracts"` → `"Entity"`. */
export function typeOf(value: JsonObject): string | undefined {
  const type = value.__type;
  return typeof type === "string" ? type.split(":")[0] : undefined;
}

/** A GUID in lower case; the empty GUID (an unsaved row) becomes undefined. */
export function guid(value: unknown, where: string): string | undefined {
  if (value === null || value === undefined || value === EMPTY_GUID) return undefined;
  if (typeof value !== "string" || !GUID.test(value)) throw new MalformedContextError(`${where} is not a GUID.`);
  return value.toLowerCase();
}

/** Keys that would reach Object.prototype where the pairs become a record (an entity's attributes). */
const prototypeNames = new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__"]);

/**
 * `[{ key, value }]`, the data contract's dictionary, as a Map that keeps the sender's order. A key given twice
 * (the last would silently win) or named like an Object.prototype member is not something Dataverse sends.
 */
export function keyValues(value: unknown, where: string): Map<string, Json> {
  if (value === undefined || value === null) return new Map();
  if (!Array.isArray(value)) throw new MalformedContextError(`${where} must be a list of { key, value } pairs.`);
  const pairs = new Map<string, Json>();
  value.forEach((pair, i) => {
    if (!isObject(pair) || typeof pair.key !== "string")
      throw new MalformedContextError(`${where}[${i}] must be a { key, value } pair.`);
    if (pairs.has(pair.key))
      throw new MalformedContextError(`${where} names the key '${pair.key.slice(0, 100)}' twice.`);
    if (prototypeNames.has(pair.key)) throw new MalformedContextError(`${where} has a key named '${pair.key}'.`);
    pairs.set(pair.key, pair.value ?? null);
  });
  return pairs;
}

export function entityReference(value: unknown, where: string): EntityReference {
  if (!isObject(value) || typeof value.LogicalName !== "string" || value.LogicalName === "")
    throw new MalformedContextError(`${where} must be an EntityReference with a LogicalName and an Id.`);
  const id = guid(value.Id, `${where}.Id`);
  if (!id) throw new MalformedContextError(`${where}.Id is missing.`);
  return { logicalName: value.LogicalName, id };
}

export function entity(value: unknown, where: string): Entity {
  if (!isObject(value) || typeof value.LogicalName !== "string" || value.LogicalName === "")
    throw new MalformedContextError(`${where} must be an Entity with a LogicalName and Attributes.`);
  const attributes: Attributes = {};
  for (const [key, v] of keyValues(value.Attributes, `${where}.Attributes`))
    attributes[key] = attributeValue(v, `${where}.${key}`);
  return { logicalName: value.LogicalName, id: guid(value.Id, `${where}.Id`), attributes };
}

/** One attribute value; unknown typed values keep their `Value` when they have one. */
export function attributeValue(value: Json, where: string): unknown {
  if (typeof value === "string") {
    const date = DATE.exec(value);
    return date ? new Date(Number(date[1])).toISOString() : value;
  }
  if (Array.isArray(value)) return value.map((v, i) => attributeValue(v, `${where}[${i}]`));
  if (!isObject(value)) return value;
  switch (typeOf(value)) {
    case "EntityReference":
      return entityReference(value, where);
    case "Entity":
      return entity(value, where);
    case "OptionSetValueCollection":
      return Array.isArray(value.Value) ? value.Value.map((v) => attributeValue(v, where)) : [];
    default:
      return "Value" in value ? attributeValue(value.Value, where) : value;
  }
}
