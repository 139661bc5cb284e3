/**
 * Dataverse's service protection limits: the Web API answers 429 Too Many Requests with a `Retry-After` header, the
 * seconds to wait before sending again (Learn: data-platform/api-limits, "Retry operations"). A client waits that
 * long and retries; an interactive one tells the user. One bounded policy for the runtime and the controls.
 */

export interface ThrottlePolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** The most the caller waits in all; a Retry-After that would pass it ends the retries at once. */
  readonly maxTotalWaitMs: number;
  /** Injected by tests; defaults to a timer that an abort signal cancels. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const defaultThrottlePolicy: ThrottlePolicy = { maxAttempts: 3, maxTotalWaitMs: 30_000 };

/** When Dataverse sends no Retry-After (it always should), wait this long. */
const FALLBACK_WAIT_MS = 1_000;

/** `Retry-After` as seconds (what Dataverse sends) or an HTTP date; missing or malformed gives the fallback. */
export function retryAfterMs(value: unknown, now = Date.now()): number {
  const text = typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "";
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? FALLBACK_WAIT_MS : Math.max(0, date - now);
}

/** What the user reads when the retries are spent. */
export function throttledMessage(waitMs: number): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return (
    `Dataverse is limiting requests right now (service protection). Try again in ${seconds} ` +
    `second${seconds === 1 ? "" : "s"}.`
  );
}

const timer = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const handle = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(handle);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/**
 * Runs `attempt` until it is not throttled. `throttled` says, for an outcome, how long Dataverse asks to wait (or
 * undefined when it was not a 429). When the budget is spent, `giveUp` builds the error to throw, given the wait
 * Dataverse asked for last.
 */
export async function retryWhenThrottled<T>(
  attempt: () => Promise<T>,
  throttled: (outcome: { value: T } | { error: unknown }) => number | undefined,
  giveUp: (waitMs: number, outcome: { value: T } | { error: unknown }) => Error,
  policy: ThrottlePolicy = defaultThrottlePolicy,
  signal?: AbortSignal,
): Promise<T> {
  const sleep = policy.sleep ?? timer;
  let waited = 0;
  for (let tried = 1; ; tried++) {
    let outcome: { value: T } | { error: unknown };
    try {
      outcome = { value: await attempt() };
    } catch (error) {
      outcome = { error };
    }
    const wait = throttled(outcome);
    if (wait === undefined) {
      if ("error" in outcome) throw outcome.error;
      return outcome.value;
    }
    if (tried >= policy.maxAttempts || waited + wait > policy.maxTotalWaitMs) throw giveUp(wait, outcome);
    await sleep(wait, signal);
    waited += wait;
  }
}
