/** Splits a Web API resource path into segments, keeping key parentheses (and quotes inside them) intact. */
import { DataverseError } from "../errors";

export interface Segment {
  readonly name: string;
  /** The text inside parentheses after the name, when present: `apm_appprofiles(<key>)`. */
  readonly key?: string;
}

export function splitPath(rawPath: string): Segment[] {
  const path = safeDecode(rawPath);
  const segments: Segment[] = [];
  let current = "";
  let depth = 0;
  let inQuote = false;
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === "'" && depth > 0) inQuote = !inQuote;
    if (!inQuote && ch === "(") depth++;
    if (!inQuote && ch === ")") depth--;
    if (ch === "/" && depth === 0 && !inQuote) {
      if (current) segments.push(toSegment(current));
      current = "";
      continue;
    }
    current += ch;
  }
  if (depth !== 0 || inQuote) {
    throw new DataverseError(
      "BadRequestSyntax",
      `Bad Request - Error in query syntax: unbalanced parentheses or quotes in '${path}'.`,
    );
  }
  if (current) segments.push(toSegment(current));
  return segments;
}

function toSegment(text: string): Segment {
  const open = text.indexOf("(");
  if (open < 0) return { name: text };
  if (!text.endsWith(")")) {
    throw new DataverseError("BadRequestSyntax", `Bad Request - Error in query syntax: '${text}' must end with ')'.`);
  }
  return { name: text.slice(0, open), key: text.slice(open + 1, -1) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new DataverseError("BadRequestSyntax", `The URL segment '${text}' is not valid percent-encoding.`);
  }
}
