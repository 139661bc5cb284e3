/**
 * The one place where a failed request becomes a sentence for a person (issue 12, item 6). Dataverse's own text
 * ("Principal user (Id=…, type=8, roleCount=0) is missing prv… privilege") is for developers: each error code the
 * product can meet gets a sentence that says what happened and what to do. A plugin's refusal (our rules,
 * ISVAborted 0x80040265) is already written for a person and is shown as is.
 * Learn: reference/web-service-error-codes; webapi/compose-http-requests-handle-errors.
 */
import { RepositoryError } from "./data/ProfileRepository";
import type { Translate } from "./strings";

export type ErrorSentenceKey =
  | "noAccess"
  | "conflict"
  | "errorNoPermission"
  | "errorSignedOut"
  | "errorNotFound"
  | "errorBusy"
  | "errorUnavailable"
  | "errorUnknown"
  | "loadBusy"
  | "loadUnavailable"
  | "loadUnknown"
  | "errorAggregateLimit";

/** Dataverse error codes by meaning (handlers/errors.ts lists the ones the server sends). */
const PRIVILEGE_DENIED = "0x80040220";
const PLUGIN_ABORTED = "0x80040265";
/** AggregateQueryRecordLimit: an aggregate FetchXML would read more than 50,000 rows. Learn: fetchxml/aggregate-data */
const AGGREGATE_LIMIT = "0x8004e023";

/** What the person was doing: reading ("load") or changing something ("change"). */
export type Attempt = "load" | "change";

/** Text that names a record by GUID or quotes a hex code is platform text, not a sentence for a person. */
const platformText = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|0x[0-9a-f]{8}|\bprv[A-Z]/i;

export interface ErrorFacts {
  readonly kind: RepositoryError["kind"] | "network";
  readonly status?: number;
  readonly code?: string;
  readonly message: string;
}

export function factsOf(error: unknown): ErrorFacts {
  if (error instanceof RepositoryError)
    return { kind: error.kind, status: error.status, code: error.code, message: error.message };
  // fetch rejects with a TypeError when the server can't be reached.
  return { kind: "network", message: error instanceof Error ? error.message : String(error) };
}

/** True when the user may not read app profiles at all: the form shows the one no-access notice instead. */
export function isNoAccess(error: unknown): boolean {
  const facts = factsOf(error);
  return facts.status === 403 || (facts.code === PRIVILEGE_DENIED && facts.status !== 401);
}

export function sentenceForError(error: unknown, strings: Translate<ErrorSentenceKey>, attempt: Attempt): string {
  const facts = factsOf(error);
  const reference = facts.code || (facts.status ? `HTTP ${facts.status}` : "network");
  if (facts.status === 401) return strings("errorSignedOut");
  if (isNoAccess(error)) return attempt === "load" ? strings("noAccess") : strings("errorNoPermission");
  if (facts.kind === "conflict") return strings("conflict");
  if (facts.code?.toLowerCase() === AGGREGATE_LIMIT) return strings("errorAggregateLimit");
  if (facts.kind === "notFound") return strings("errorNotFound");
  if (facts.kind === "throttled") return strings(attempt === "load" ? "loadBusy" : "errorBusy");
  if (facts.kind === "network" || facts.kind === "unavailable")
    return strings(attempt === "load" ? "loadUnavailable" : "errorUnavailable");
  // A rule's refusal (or another 4xx) worded for a person: keep it, it says what to fix.
  const sentence = facts.message.trim();
  const forAPerson = sentence.length > 0 && sentence.length <= 400 && !platformText.test(sentence);
  if (forAPerson && (facts.code === PLUGIN_ABORTED || facts.kind === "refused" || facts.kind === "duplicate"))
    return sentence;
  return strings(attempt === "load" ? "loadUnknown" : "errorUnknown", reference);
}
