/** `resolveEffectiveProfile`: the profile an agent's app applies to a user, in exactly one Web API request. */
import { AppChoice } from "../schema/model";
import { EffectiveProfileError, errorFromResponse } from "./errors";
import { candidatesQuery, checkApp, effectiveProfileQuery, normalizeUserId } from "./query";
import { rankCandidates, toEffectiveProfile, toProfileChoice, type Picked, type Row } from "./rows";
import { retryAfterMs, retryWhenThrottled, throttledMessage, type ThrottlePolicy } from "./throttle";
import type { Transport, TransportResponse } from "./transport";
import type { EffectiveProfile, EffectiveProfileChoice } from "./types";

export interface ResolveOptions {
  readonly transport: Transport;
  readonly signal?: AbortSignal;
  /** Retries after a 429's Retry-After; by default 3 attempts and at most 30 s of waiting in all. */
  readonly throttle?: ThrottlePolicy;
}

/**
 * No `Prefer: odata.include-annotations`: the runtime reads no formatted value or lookup annotation, and each would
 * lengthen the answer. `If-None-Match: null`: an expanded collection may otherwise come from the browser's cache,
 * without recent changes (Learn: webapi/query/join-tables).
 */
const headers = {
  Accept: "application/json",
  "OData-Version": "4.0",
  "OData-MaxVersion": "4.0",
  "If-None-Match": "null",
} as const;

const appLabel = (app: number) => Object.values(AppChoice).find((c) => c.value === app)?.label ?? String(app);

/**
 * `user` is a systemuserid (Xrm's `{GUID}` form is accepted); `app` an AppChoice value. The caller supplies the user
 * rather than the runtime asking WhoAmI, which would be a second request.
 */
export async function resolveEffectiveProfile(
  user: string,
  app: number,
  options: ResolveOptions,
): Promise<EffectiveProfile> {
  const [picked] = await readCandidates(effectiveProfileQuery(normalizeUserId(user), checkApp(app)), app, options);
  return toEffectiveProfile(picked.row, picked.reason, picked.via, app);
}

/**
 * Every profile that applies to the user in the app, the effective one first, then the one that would apply if it went
 * away, and so on to the built-in: which profile and why, without what it holds (Search by user explains the chain in
 * a smaller answer and a smaller bundle). The same one request and precedence (rows.ts rankCandidates).
 */
export async function resolveProfileChain(
  user: string,
  app: number,
  options: ResolveOptions,
): Promise<EffectiveProfileChoice[]> {
  // Its own query, so a bundle with the chain only (the designer's) carries no agent's query.
  const candidates = await readCandidates(candidatesQuery(normalizeUserId(user), checkApp(app)), app, options);
  return candidates.map((p) => toProfileChoice(p.row, p.reason, p.via, app));
}

/** The one GET, ranked; never empty (nothing applying is an error). */
async function readCandidates(query: string, app: number, options: ResolveOptions): Promise<Picked[]> {
  const response = await retryWhenThrottled<TransportResponse>(
    () => options.transport(query, { method: "GET", headers, signal: options.signal }),
    (outcome) =>
      "value" in outcome && outcome.value.status === 429
        ? retryAfterMs(outcome.value.headers?.get("Retry-After"))
        : undefined,
    (waitMs) => new EffectiveProfileError(throttledMessage(waitMs), { status: 429 }),
    options.throttle,
    options.signal,
  );
  if (!response.ok) throw await errorFromResponse(response);
  const body = (await response.json()) as { value?: unknown };
  if (!Array.isArray(body?.value)) throw new EffectiveProfileError("The Web API answered without a 'value' list.");
  const candidates = rankCandidates(body.value as Row[]);
  if (candidates.length === 0) {
    throw new EffectiveProfileError(
      `No app profile applies: the user has none for ${appLabel(app)}, and the built-in default profile of that app ` +
        `is missing or not readable. Check that the App Profile Manager solution is installed and that the user has ` +
        `the App Profile User role.`,
    );
  }
  return candidates;
}
