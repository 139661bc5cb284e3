/**
 * Dataverse's service protection answers 429 with `Retry-After` before it runs a request (Learn:
 * data-platform/api-limits, "Retry operations": wait the seconds Retry-After gives, then send it again). A long import
 * meets it, so every request is sent again after the wait, within a budget of attempts and total waiting; then the 429
 * is answered as it came, and the caller reports it.
 */
import type { WebApiFetch } from "../data/webApiFetch";

export interface RetryOptions {
  readonly attempts?: number;
  readonly maxTotalWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onWait?: (seconds: number) => void;
}

export function retryThrottled(send: WebApiFetch, options: RetryOptions = {}): WebApiFetch {
  const attempts = options.attempts ?? 5;
  const budget = options.maxTotalWaitMs ?? 5 * 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (path, init) => {
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      const response = await send(path, init);
      if (response.status !== 429 || attempt >= attempts) return response;
      const seconds = Number(response.headers?.get("retry-after"));
      const waitMs = (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000;
      if (waited + waitMs > budget) return response;
      options.onWait?.(waitMs / 1000);
      await sleep(waitMs);
      waited += waitMs;
    }
  };
}
