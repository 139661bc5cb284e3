/**
 * `$skiptoken` as Dataverse writes it: a paging cookie holding the page number and, for each sort key and the primary
 * key, the last (and first) value of the page, so the next page starts after that row (keyset paging): rows inserted
 * or deleted between pages never repeat or vanish (Learn: webapi/query/page-results, fetchxml/page-results).
 *
 *   <cookie pagenumber="2" pagingcookie="%3ccookie%20page%3d%221%22%3e%3capm_name%20last%3d%22B%22%20first%3d%22A%22%20%2f%3e…%3c%2fcookie%3e" istracking="False" />
 *
 * A null sort value is written `lastnull="1"`: Dataverse leaves such keys out of its cookies, which would lose the
 * position inside a run of nulls.
 */
import { badRequest } from "./messages";

export type CookieValue = string | number | null;

export interface PageCookie {
  /** The page this cookie leads to (2 after the first page). */
  readonly page: number;
  /** Last row of the previous page, by column logical name. */
  readonly last: ReadonlyMap<string, CookieValue>;
  readonly first: ReadonlyMap<string, CookieValue>;
}

const xmlEscape = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const xmlUnescape = (text: string): string =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/** The inner cookie: `<cookie page="1"><col last="…" first="…" />…</cookie>`. */
export function innerCookie(
  page: number,
  columns: readonly string[],
  last: readonly CookieValue[],
  first: readonly CookieValue[],
): string {
  const value = (name: string, v: CookieValue) =>
    v === null ? `${name}null="1"` : `${name}="${xmlEscape(String(v))}"`;
  const keys = columns.map((c, i) => `<${c} ${value("last", last[i])} ${value("first", first[i])} />`).join("");
  return `<cookie page="${page}">${keys}</cookie>`;
}

export function encodePageCookie(nextPage: number, inner: string): string {
  // Dataverse percent-encodes the inner cookie with lower-case escapes.
  const encoded = encodeURIComponent(inner).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
  return `<cookie pagenumber="${nextPage}" pagingcookie="${encoded}" istracking="False" />`;
}

const MAX_COOKIE_LENGTH = 16384;

export function decodePageCookie(token: string): PageCookie {
  const invalid = () =>
    badRequest(
      `The $skiptoken '${token.slice(0, 200)}' is not valid. Follow the @odata.nextLink of the previous page.`,
    );
  if (token.length > MAX_COOKIE_LENGTH) throw invalid();
  const outer = /^\s*<cookie\s+([^>]*?)\s*\/>\s*$/.exec(token);
  if (!outer) throw invalid();
  const attributes = readAttributes(outer[1]);
  const page = Number(attributes.get("pagenumber"));
  const encoded = attributes.get("pagingcookie");
  if (!Number.isSafeInteger(page) || page < 2 || encoded === undefined) throw invalid();
  let inner: string;
  try {
    inner = decodeURIComponent(encoded);
  } catch {
    throw invalid();
  }
  const body = /^\s*<cookie\b[^>]*>([\s\S]*)<\/cookie>\s*$/.exec(inner);
  if (!body) throw invalid();
  const last = new Map<string, CookieValue>();
  const first = new Map<string, CookieValue>();
  const element = /<([A-Za-z_][A-Za-z0-9_]*)\s+([^>]*?)\s*\/>/g;
  let rest = body[1];
  let match: RegExpExecArray | null;
  while ((match = element.exec(body[1])) !== null) {
    rest = rest.replace(match[0], "");
    const values = readAttributes(match[2]);
    if (last.has(match[1])) throw invalid();
    last.set(match[1], values.get("lastnull") === "1" ? null : (values.get("last") ?? null));
    first.set(match[1], values.get("firstnull") === "1" ? null : (values.get("first") ?? null));
  }
  if (rest.trim() !== "" || last.size === 0) throw invalid();
  return { page, last, first };
}

function readAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const attribute = /([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"([^"]*)"/g;
  let match: RegExpExecArray | null;
  while ((match = attribute.exec(text)) !== null) attributes.set(match[1].toLowerCase(), xmlUnescape(match[2]));
  return attributes;
}

/** Dataverse writes ids in cookies as `{GUID}` in upper case; either form reads back as the stored lower case. */
export const cookieId = (value: CookieValue): CookieValue =>
  typeof value === "string" ? value.replace(/^\{(.*)\}$/, "$1").toLowerCase() : value;
