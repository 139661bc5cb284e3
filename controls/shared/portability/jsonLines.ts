/**
 * JSON.parse with line numbers: a small strict JSON reader (RFC 8259) that also records the line each value starts
 * on, by its path (`profiles[2].rank`), so a problem in an imported file names the line and the field. Object keys go
 * into null-prototype objects: a file's `__proto__` key is a key like any other.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonLinesResult =
  | { readonly ok: true; readonly value: JsonValue; readonly lineOf: (path: string) => number | undefined }
  | { readonly ok: false; readonly line: number; readonly column: number; readonly message: string };

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

export function parseJsonWithLines(text: string): JsonLinesResult {
  const lines = new Map<string, number>();
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const lineAt = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a UTF-8 byte order mark is not part of the JSON

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, at);
  };
  const skipSpace = () => {
    while (at < text.length && " \t\n\r".includes(text[at])) at++;
  };
  const expect = (char: string) => {
    if (text[at] !== char) fail(`expected '${char}' but found ${describe(text[at])}`);
    at++;
  };

  function value(path: string, depth: number): JsonValue {
    if (depth > 64) fail("the document is nested more than 64 levels deep");
    skipSpace();
    lines.set(path, lineAt(at));
    const char = text[at];
    if (char === "{") return object(path, depth);
    if (char === "[") return array(path, depth);
    if (char === '"') return string();
    if (char === "-" || (char >= "0" && char <= "9")) return number();
    for (const [word, result] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return result;
      }
    }
    return fail(`unexpected ${describe(char)}`);
  }

  function object(path: string, depth: number): JsonValue {
    const result = Object.create(null) as { [key: string]: JsonValue };
    at++;
    skipSpace();
    if (text[at] === "}") {
      at++;
      return result;
    }
    for (;;) {
      skipSpace();
      if (text[at] !== '"') fail(`expected a property name in double quotes but found ${describe(text[at])}`);
      const key = string();
      if (Object.prototype.hasOwnProperty.call(result, key)) fail(`the property "${key}" appears twice`);
      skipSpace();
      expect(":");
      result[key] = value(path ? `${path}.${key}` : key, depth + 1);
      skipSpace();
      if (text[at] === ",") {
        at++;
        continue;
      }
      expect("}");
      return result;
    }
  }

  function array(path: string, depth: number): JsonValue {
    const result: JsonValue[] = [];
    at++;
    skipSpace();
    if (text[at] === "]") {
      at++;
      return result;
    }
    for (;;) {
      result.push(value(`${path}[${result.length}]`, depth + 1));
      skipSpace();
      if (text[at] === ",") {
        at++;
        continue;
      }
      expect("]");
      return result;
    }
  }

  function string(): string {
    const start = at;
    at++;
    for (;;) {
      if (at >= text.length) {
        at = start;
        fail("a string is not closed");
      }
      const char = text[at];
      if (char === '"') break;
      if (char < " ") fail("a control character (a line break or tab) inside a string must be escaped");
      if (char === "\\") {
        at++;
        if (text[at] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) fail("\\u must be followed by 4 hex digits");
          at += 4;
        } else if (!'"\\/bfnrt'.includes(text[at] ?? "")) fail(`unknown escape \\${text[at] ?? ""}`);
      }
      at++;
    }
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  }

  function number(): number {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (!match) return fail("a number is malformed");
    at += match[0].length;
    return Number(match[0]);
  }

  try {
    const result = value("", 0);
    skipSpace();
    if (at < text.length) fail(`unexpected ${describe(text[at])} after the end of the document`);
    return { ok: true, value: result, lineOf: (path) => lines.get(path) };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const line = lineAt(error.at);
    return { ok: false, line, column: error.at - lineStarts[line - 1] + 1, message: error.message };
  }
}

function describe(char: string | undefined): string {
  if (char === undefined) return "the end of the file";
  return JSON.stringify(char);
}
