/** What every rule returns when a value breaks it: the column to show it at, and a message that says how to fix it. */
export interface RuleProblem {
  readonly attribute: string;
  readonly message: string;
}

/** Quotes a user's value for a message, shortened so a pasted essay does not become the message. */
export function quote(value: string, max = 60): string {
  const shown = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  return JSON.stringify(shown);
}

/** Names characters so a reader can find them: a space is invisible when quoted. */
export function describeCharacters(characters: Iterable<string>): string {
  const unique = [...new Set(characters)];
  return unique.map((c) => (c === " " ? "spaces" : JSON.stringify(c))).join(", ");
}
