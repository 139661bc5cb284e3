/** The one splitter of query option text: `$expand`, `$select` lists and `$apply` steps. */
import { badRequest } from "./messages";

/**
 * Splits `text` at each `separator` outside parentheses and quoted text (`nav1($select=a,b;$filter=x eq 'a,b'),nav2`).
 * An escaped quote (`''`) toggles twice, which leaves the state as it was. Unbalanced parentheses or quotes are a
 * client's mistake in `optionName` (400).
 */
export function splitTopLevel(text: string, separator: string, optionName: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    else if (quoted) continue;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) break;
  }
  if (depth !== 0 || quoted)
    throw badRequest(`The ${optionName} query option '${text}' has unbalanced parentheses or quotes.`);
  parts.push(text.slice(start));
  return parts;
}
