/**
 * Tokens of a `$filter` (and of parameter alias values): one pass, no backtracking, so reading a filter costs time in
 * proportion to its length. Literal forms are OData 4.0's URL conventions as Dataverse reads them.
 */
import { badRequest } from "./messages";

export type TokenKind =
  | "string"
  /** A double-quoted (JSON) string, as in `PropertyValues=["O'Brian"]` (Learn: webapi/query/filter-rows). */
  | "dstring"
  | "number"
  | "guid"
  | "datetime"
  | "date"
  | "name"
  | "alias"
  | "("
  | ")"
  | ","
  | "/"
  | ":"
  | "="
  | "["
  | "]"
  | "end";

export interface FilterToken {
  readonly kind: TokenKind;
  /** The source text; for strings, the value with `''` read as `'`. */
  readonly text: string;
  readonly position: number;
}

const patterns: readonly [TokenKind, RegExp][] = [
  ["guid", /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/y],
  ["datetime", /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})(?![\w:.])/y],
  ["date", /\d{4}-\d{2}-\d{2}(?![\w:.-])/y],
  ["number", /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?:[mMdDfFlL])?(?![\w.])/y],
  ["name", /[A-Za-z_$][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y],
  ["alias", /@[A-Za-z_][A-Za-z0-9_]*/y],
];

const punctuation = new Set(["(", ")", ",", "/", ":", "=", "[", "]"]);

export class FilterLexer {
  private index = 0;
  private current: FilterToken;

  constructor(readonly source: string) {
    this.current = this.read();
  }

  peek(): FilterToken {
    return this.current;
  }

  next(): FilterToken {
    const token = this.current;
    this.current = this.read();
    return token;
  }

  private read(): FilterToken {
    const s = this.source;
    while (
      this.index < s.length &&
      (s[this.index] === " " || s[this.index] === "\t" || s[this.index] === "\n" || s[this.index] === "\r")
    )
      this.index++;
    const position = this.index;
    if (position >= s.length) return { kind: "end", text: "", position };
    const c = s[position];
    if (c === "'") return this.readString(position);
    if (c === '"') return this.readJsonString(position);
    if (punctuation.has(c)) {
      this.index++;
      return { kind: c as TokenKind, text: c, position };
    }
    for (const [kind, pattern] of patterns) {
      pattern.lastIndex = position;
      const match = pattern.exec(s);
      if (match) {
        this.index = position + match[0].length;
        return { kind, text: match[0], position };
      }
    }
    throw badRequest(`Syntax error at position ${position} in '${s}'.`);
  }

  private readJsonString(position: number): FilterToken {
    const s = this.source;
    let i = position + 1;
    while (i < s.length && s[i] !== '"') i += s[i] === "\\" ? 2 : 1;
    if (i >= s.length) throw badRequest(`There is an unterminated literal at position ${position} in '${s}'.`);
    this.index = i + 1;
    let value: string;
    try {
      value = JSON.parse(s.slice(position, i + 1)) as string;
    } catch {
      throw badRequest(`Invalid JSON string at position ${position} in '${s}'.`);
    }
    return { kind: "dstring", text: value, position };
  }

  private readString(position: number): FilterToken {
    const s = this.source;
    let value = "";
    let i = position + 1;
    for (;;) {
      const close = s.indexOf("'", i);
      if (close < 0) throw badRequest(`There is an unterminated literal at position ${position} in '${s}'.`);
      value += s.slice(i, close);
      if (s[close + 1] === "'") {
        value += "'";
        i = close + 2;
        continue;
      }
      this.index = close + 1;
      return { kind: "string", text: value, position };
    }
  }
}
