import { DataverseError } from "../errors";
import type { ApiRequest } from "./types";

/** Deepest nesting of objects and arrays a body may have; the product's deepest body (a deep insert) has 4. */
export const MAX_JSON_DEPTH = 32;

/** Names an object inherits: a body key named like one would read the prototype wherever code looks it up. */
const prototypeNames = new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__"]);

export type JsonProblem =
  | { readonly kind: "syntax"; readonly message: string }
  | { readonly kind: "depth"; readonly depth: number }
  | { readonly kind: "duplicate"; readonly key: string }
  | { readonly kind: "prototype"; readonly key: string };

/**
 * Parses JSON and refuses what JSON.parse lets through but no caller should see: nesting deeper than `maxDepth`
 * (checked by a linear scan before parsing, so a deep body costs no recursion anywhere), duplicate keys in one
 * object (the last would silently win), and keys named like `Object.prototype` members.
 */
export function parseStrictJson(
  text: string,
  maxDepth = MAX_JSON_DEPTH,
): { ok: true; value: unknown } | { ok: false; problem: JsonProblem } {
  const scanned = scanJson(text, maxDepth);
  if (scanned) return { ok: false, problem: scanned };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problem: { kind: "syntax", message: (error as Error).message } };
  }
}

/**
 * One pass over the text: depth, duplicate and prototype-named keys. It trusts JSON.parse for the syntax, so on
 * invalid JSON it may report nothing (JSON.parse then names the error).
 */
function scanJson(text: string, maxDepth: number): JsonProblem | undefined {
  // One entry per open container: the keys seen so far for an object, undefined for an array.
  const stack: (Set<string> | undefined)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push(c === 0x7b ? new Set() : undefined);
      if (stack.length > maxDepth) return { kind: "depth", depth: stack.length };
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = stack[stack.length - 1] !== undefined;
    } else if (c === 0x22 /* " */) {
      const start = i;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
      const keys = stack[stack.length - 1];
      if (expectKey && keys) {
        expectKey = false;
        const raw = text.slice(start, i + 1);
        let key: string;
        try {
          key = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        } catch {
          return undefined; // JSON.parse reports it
        }
        if (prototypeNames.has(key)) return { kind: "prototype", key };
        if (keys.has(key)) return { kind: "duplicate", key };
        keys.add(key);
      }
    }
  }
  return undefined;
}

/** Parses a request's JSON body, naming the problem when it isn't JSON Dataverse would take. */
export function readJsonBody(request: ApiRequest): unknown {
  const text = request.body ?? "";
  if (!text.trim()) throw new DataverseError("BadRequestSyntax", "The request needs a JSON body.");
  const type = request.headers["content-type"];
  if (type && !/^application\/json\b/i.test(type)) {
    throw new DataverseError("BadRequestSyntax", `The body must be sent as application/json, not '${type}'.`, 415);
  }
  const parsed = parseStrictJson(text);
  if (parsed.ok) return parsed.value;
  throw bodyError(parsed.problem);
}

function bodyError(problem: JsonProblem): DataverseError {
  switch (problem.kind) {
    case "syntax":
      return new DataverseError("BadRequestSyntax", `The request body is not valid JSON: ${problem.message}.`);
    case "depth":
      return new DataverseError(
        "BadRequestSyntax",
        `The request body nests objects and arrays more than ${MAX_JSON_DEPTH} deep. Send a flatter body.`,
      );
    // OData refuses a property given twice ("Duplicate property named '…' is not allowed").
    case "duplicate":
      return new DataverseError(
        "BadRequestSyntax",
        `Duplicate property named '${problem.key}' is not allowed. Send each property once.`,
      );
    case "prototype":
      return new DataverseError(
        "InvalidProperty",
        `The property '${problem.key}' does not exist on this type. Make sure to only use property names that are defined by the type.`,
      );
  }
}
