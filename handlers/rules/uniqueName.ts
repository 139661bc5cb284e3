/**
 * Rule 1: a unique name is `<prefix>_<name>`: a prefix of 3 to 8 ASCII letters or digits, one underscore, then one or
 * more ASCII letters, digits or underscores; at most 128 characters overall. Pure, so the UI can call it on every key.
 */
import { AppProfile } from "../../schema/model";
import { ProfileColumn } from "../columns";
import { describeCharacters, quote, type RuleProblem } from "./problem";

export type UniqueNamePart = "required" | "prefix" | "separator" | "name" | "length";

export interface UniqueNameProblem extends RuleProblem {
  readonly part: UniqueNamePart;
}

export const UNIQUE_NAME_PREFIX_MIN_LENGTH = 3;
export const UNIQUE_NAME_PREFIX_MAX_LENGTH = 8;
export const UNIQUE_NAME_MAX_LENGTH = AppProfile.columns.apm_uniquename.maxLength;
/** The prefix a suggestion uses when the caller has none (Dataverse's default publisher prefix). */
export const DEFAULT_UNIQUE_NAME_PREFIX = "new";

const SEPARATOR = "_";
const EXAMPLE = "contoso_sales";
const isPrefixCharacter = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);
const isNameCharacter = (c: string): boolean => c === SEPARATOR || isPrefixCharacter(c);

function problem(part: UniqueNamePart, message: string): UniqueNameProblem {
  return { attribute: ProfileColumn.uniqueName, part, message };
}

function missingSeparator(value: string): UniqueNameProblem {
  const wrongSeparator = Array.from(value).find((c) => !isPrefixCharacter(c));
  const hint = wrongSeparator === undefined ? "" : ` (not ${describeCharacters([wrongSeparator])})`;
  return problem(
    "separator",
    `The unique name ${quote(value)} has no underscore: separate the prefix (3 to 8 letters or digits) from the name ` +
      `with one underscore${hint}, for example ${quote(EXAMPLE)}.`,
  );
}

function prefixProblem(prefix: string): UniqueNameProblem | undefined {
  if (prefix === "") {
    return problem(
      "prefix",
      `The unique name starts with an underscore: put a prefix of 3 to 8 letters or digits before it, for example ${quote(EXAMPLE)}.`,
    );
  }
  const wrong = Array.from(prefix).filter((c) => !isPrefixCharacter(c));
  if (wrong.length > 0) {
    return problem(
      "prefix",
      `The prefix ${quote(prefix)} can contain only ASCII letters and digits: remove ${describeCharacters(wrong)}.`,
    );
  }
  if (prefix.length < UNIQUE_NAME_PREFIX_MIN_LENGTH) {
    return problem(
      "prefix",
      `The prefix ${quote(prefix)} is ${prefix.length} characters long: a prefix needs ${UNIQUE_NAME_PREFIX_MIN_LENGTH} to ` +
        `${UNIQUE_NAME_PREFIX_MAX_LENGTH} letters or digits before the underscore.`,
    );
  }
  if (prefix.length > UNIQUE_NAME_PREFIX_MAX_LENGTH) {
    return problem(
      "prefix",
      `The prefix ${quote(prefix)} is ${prefix.length} characters long: shorten it to at most ` +
        `${UNIQUE_NAME_PREFIX_MAX_LENGTH} letters or digits before the underscore.`,
    );
  }
  return undefined;
}

function nameProblem(prefix: string, name: string): UniqueNameProblem | undefined {
  if (name === "") {
    return problem(
      "name",
      `The unique name has no name after the underscore: add one or more letters, digits or underscores, for example ` +
        `${quote(`${prefix}${SEPARATOR}sales`)}.`,
    );
  }
  const wrong = Array.from(name).filter((c) => !isNameCharacter(c));
  if (wrong.length > 0) {
    return problem(
      "name",
      `The name after ${quote(prefix + SEPARATOR)} can contain only ASCII letters, digits and underscores: ` +
        `remove ${describeCharacters(wrong)}.`,
    );
  }
  return undefined;
}

/** Returns what is wrong with a unique name (the first part, reading left to right), or undefined when it is valid. */
export function validateUniqueName(value: string | null | undefined): UniqueNameProblem | undefined {
  if (value === null || value === undefined || value.trim() === "") {
    return problem("required", `Enter a unique name in the form <prefix>_<name>, for example ${quote(EXAMPLE)}.`);
  }
  const separatorAt = value.indexOf(SEPARATOR);
  if (separatorAt < 0) return missingSeparator(value);
  const prefix = value.slice(0, separatorAt);
  const found = prefixProblem(prefix) ?? nameProblem(prefix, value.slice(separatorAt + 1));
  if (found) return found;
  if (value.length > UNIQUE_NAME_MAX_LENGTH) {
    return problem(
      "length",
      `The unique name is ${value.length} characters long: shorten it to ${UNIQUE_NAME_MAX_LENGTH} characters or fewer.`,
    );
  }
  return undefined;
}

/** Letters and digits of any script folded to ASCII where a plain form exists ("Café" → "Cafe"); the rest dropped. */
/** Accents that NFKD splits off their letters ("é" → "e" + U+0301): dropped, not turned into separators. */
const COMBINING_MARKS = /[\u0300-\u036f]/g;

function asciiWords(text: string): string {
  return text
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .replace(/[^A-Za-z0-9]+/g, SEPARATOR)
    .replace(/^_+|_+$/g, "")
    .toLowerCase();
}

function suggestedPrefix(prefix: string | undefined): string {
  const cleaned = (prefix ?? "")
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .replace(/[^A-Za-z0-9]/g, "")
    .toLowerCase()
    .slice(0, UNIQUE_NAME_PREFIX_MAX_LENGTH);
  return cleaned.length >= UNIQUE_NAME_PREFIX_MIN_LENGTH ? cleaned : DEFAULT_UNIQUE_NAME_PREFIX;
}

/**
 * Suggests a valid unique name from a display name: deterministic, and valid for any input.
 * A prefix that cannot be made valid falls back to "new"; `taken` (compared ignoring case) adds a "_2", "_3"… suffix.
 */
export function suggestUniqueName(displayName: string, prefix?: string, taken: Iterable<string> = []): string {
  const safePrefix = suggestedPrefix(prefix);
  const room = UNIQUE_NAME_MAX_LENGTH - safePrefix.length - SEPARATOR.length;
  const base = asciiWords(displayName) || "profile";
  const fit = (name: string, suffix: string) => name.slice(0, room - suffix.length).replace(/_+$/, "") + suffix;
  const takenLower = new Set(Array.from(taken, (t) => t.toLowerCase()));
  let candidate = `${safePrefix}${SEPARATOR}${fit(base, "")}`;
  for (let n = 2; takenLower.has(candidate.toLowerCase()); n++) {
    candidate = `${safePrefix}${SEPARATOR}${fit(base, `${SEPARATOR}${n}`)}`;
  }
  return candidate;
}

/** Rule 1, uniqueness: the message when another profile already has the name (compared ignoring case). */
export function uniqueNameTakenProblem(
  value: string,
  existing: { readonly name?: string | null; readonly uniqueName?: string | null },
): UniqueNameProblem {
  const owner = existing.name ? `the app profile ${quote(existing.name)}` : "another app profile";
  const spelled = existing.uniqueName && existing.uniqueName !== value ? ` as ${quote(existing.uniqueName)}` : "";
  return problem(
    "name",
    `The unique name ${quote(value)} is already used by ${owner}${spelled}; unique names are compared ignoring case. ` +
      `Choose another unique name.`,
  );
}
