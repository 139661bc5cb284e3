/** The key part of an address: `(guid)`, or an alternate key such as `(apm_uniquename='x')`. */
import { defaultParser, TokenType, type Token } from "@odata/parser";
import type { AnyTable } from "../../schema";
import { badRequest } from "./messages";

export type Address = { readonly id: string } | { readonly key: Readonly<Record<string, string | number>> };

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `segment` is the decoded text after the entity set name, parentheses included (they are added when missing).
 * Key names must match one of the table's alternate keys exactly.
 */
export function addressFromKey(table: AnyTable, segment: string): Address {
  const text = segment.startsWith("(") ? segment : `(${segment})`;
  let tree: Token;
  try {
    tree = defaultParser.keys(text);
  } catch {
    throw badRequest(
      `'${text}' is not a valid key for '${table.entitySetName}'. Use (<id>) or (<alternate key>='<value>').`,
    );
  }
  if (tree.type === TokenType.SimpleKey) return { id: guidOf(table, tree.value.value as Token) };

  const pairs = tree.value as Token[];
  // Null prototype: the names come from the request ('constructor', '__proto__' are just unknown key names).
  const key: Record<string, string | number> = Object.create(null) as Record<string, string | number>;
  for (const pair of pairs) {
    const name = pair.value.key.value.name as string;
    if (name in key) throw badRequest(`The key property '${name}' appears more than once in '${text}'.`);
    key[name] = keyValue(pair.value.value as Token, name);
  }
  const names = Object.keys(key);
  if (names.length === 1 && names[0] === table.primaryIdAttribute)
    return { id: guidOf(table, pairs[0].value.value as Token) };
  const matches = table.alternateKeys.some(
    (k) => k.columns.length === names.length && k.columns.every((c) => names.includes(c)),
  );
  if (!matches) {
    // Learn: use-alternate-key-reference-record; Dataverse's sentence first, then which keys the table has.
    const defined = table.alternateKeys.map((k) => `(${k.columns.join(",")})`).join(" or ");
    throw badRequest(
      `The key in the request URI is not valid for resource 'Microsoft.Dynamics.CRM.${table.logicalName}'. ` +
        `Ensure that the names and number of key properties match the type or alternate key(s) for the resource. ` +
        (defined ? `Use (<id>) or ${defined}.` : `'${table.logicalName}' has no alternate keys; address it by id.`),
    );
  }
  return { key };
}

function guidOf(table: AnyTable, token: Token): string {
  if (token.value !== "Edm.Guid" || !GUID_PATTERN.test(token.raw)) {
    throw badRequest(
      `'${token.raw}' is not a valid id for '${table.logicalName}'. Use a GUID such as 00000000-0000-0000-0000-000000000000.`,
    );
  }
  return token.raw.toLowerCase();
}

function keyValue(token: Token, name: string): string | number {
  const type = token.value as string;
  if (type === "Edm.String") return token.raw.slice(1, -1).replace(/''/g, "'");
  if (type === "Edm.Guid") return token.raw.toLowerCase();
  const value = Number(token.raw);
  if (type !== "Edm.Boolean" && type !== "null" && Number.isFinite(value)) return value;
  throw badRequest(
    `The value '${token.raw}' of key property '${name}' is not supported. Use a quoted string or a number.`,
  );
}
