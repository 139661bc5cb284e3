/**
 * The one place that turns user text into OData literals. Every value that goes into a `$filter` passes through here,
 * so a quote in a search box cannot change the query.
 */

/** Doubles single quotes, as OData requires inside a string literal. */
export function escapeODataString(value: string): string {
  return value.replace(/'/g, "''");
}

/** A quoted OData string literal: `O'Brien` → `'O''Brien'`. */
export function odataString(value: string): string {
  return `'${escapeODataString(value)}'`;
}

/** A literal for any scalar a filter compares with. GUIDs go unquoted, as the Web API expects for id columns. */
export function odataLiteral(value: string | number | boolean | null, options: { guid?: boolean } = {}): string {
  if (value === null) return "null";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return options.guid ? value : odataString(value);
}

/**
 * In `contains`/`startswith`/`endswith` Dataverse reads `%`, `_` and `[ ]` as LIKE wildcards; a user's text matches
 * them literally when each is wrapped in brackets: `[%]`, `[_]`, `[[]` (Learn: webapi/query/filter-rows, "Use
 * wildcard characters").
 */
export function escapeLikeWildcards(value: string): string {
  return value.replace(/[%_[]/g, (c) => `[${c}]`);
}

/** A literal for `contains`/`startswith`/`endswith` built from user text: wildcards escaped, quotes doubled. */
export function odataLikeString(value: string): string {
  return odataString(escapeLikeWildcards(value));
}

/** `contains(a,'x') or contains(b,'x')` over the given columns; empty text gives no filter. */
export function containsAny(columns: readonly string[], text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return columns.map((c) => `contains(${c},${odataLikeString(trimmed)})`).join(" or ");
}

/** Joins filter parts with `and`, wrapping each in parentheses; undefined parts are skipped. */
export function allOf(...parts: (string | undefined)[]): string | undefined {
  const present = parts.filter((p): p is string => p !== undefined && p !== "");
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : present.map((p) => `(${p})`).join(" and ");
}
