/** Record ids arrive as "{GUID}" from forms and as "guid" from the Web API; compare them in one form. */
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

export function normalizeId(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const match = GUID.exec(value.trim());
  return match ? match[1].toLowerCase() : undefined;
}

export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && normalizeId(a) === normalizeId(b);
}
