/**
 * Service protection API limits, per user, as Dataverse applies them: over a sliding window (300 s) a user may
 * send so many requests (6,000) and use so much execution time (1,200,000 ms), and have so many requests in
 * flight (52). Past a limit the Web API answers 429 Too Many Requests with `Retry-After` (seconds) and one of
 * three codes. Learn: data-platform/api-limits ("Service protection API limit errors returned").
 *
 * `schedule` is the local server's test mode (`npm run server -- --throttle every=N`): every Nth request of each
 * user is answered 429, so a client's retry can be tested without sending thousands of requests.
 */
import { json, type ApiResponse } from "./webapi/types";

export type LimitKind = "requests" | "execution" | "concurrent";

export interface ServiceLimits {
  /** Sliding window, in seconds (Dataverse: 300). */
  readonly windowSeconds: number;
  /** Requests per user per window (Dataverse: 6,000). */
  readonly requests: number;
  /** Combined execution time per user per window, in milliseconds (Dataverse: 1,200,000). */
  readonly executionMs: number;
  /** Requests of one user in flight at once (Dataverse: 52). */
  readonly concurrent: number;
}

export interface ThrottleSchedule {
  /** Every Nth request of each user is answered 429 (N >= 1; 1 refuses every request). */
  readonly every: number;
  /** Which limit the 429 names (its code and message). */
  readonly limit: LimitKind;
  /** The `Retry-After` the 429 carries, in seconds. */
  readonly retryAfterSeconds: number;
}

export interface ThrottleOptions {
  /** The limits; `false` turns them off (load tests). Defaults to Dataverse's. */
  readonly limits?: Partial<ServiceLimits> | false;
  readonly schedule?: ThrottleSchedule;
}

export const dataverseLimits: ServiceLimits = {
  windowSeconds: 300,
  requests: 6000,
  executionMs: 1_200_000,
  concurrent: 52,
};

/** The three documented errors (Learn: data-platform/api-limits). */
export const limitErrors: Record<LimitKind, { code: string; message: (limits: ServiceLimits) => string }> = {
  requests: {
    code: "0x80072322",
    message: (l) =>
      `Number of requests exceeded the limit of ${l.requests} over time window of ${l.windowSeconds} seconds. ` +
      "Wait for the Retry-After interval, then send the request again.",
  },
  execution: {
    code: "0x80072321",
    message: (l) =>
      `Combined execution time of incoming requests exceeded limit of ${l.executionMs} milliseconds over time ` +
      `window of ${l.windowSeconds} seconds. Decrease number of concurrent requests or reduce the duration of ` +
      "requests and try again later.",
  },
  concurrent: {
    code: "0x80072326",
    message: (l) =>
      `Number of concurrent requests exceeded the limit of ${l.concurrent}. Wait for earlier requests to ` +
      "finish, then send the request again.",
  },
};

interface Entry {
  start: number;
  durationMs: number;
  gone: boolean;
}

/** One user's recent requests in the window, oldest first (a queue with a moving head). */
class UserWindow {
  private entries: Entry[] = [];
  private head = 0;
  executionMs = 0;
  inFlight = 0;
  seen = 0;

  forget(before: number): void {
    while (this.head < this.entries.length && this.entries[this.head].start < before) {
      this.executionMs -= this.entries[this.head].durationMs;
      this.entries[this.head].gone = true;
      this.head++;
    }
    if (this.head > 1024) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  get count(): number {
    return this.entries.length - this.head;
  }

  get oldest(): number | undefined {
    return this.entries[this.head]?.start;
  }

  record(start: number): Entry {
    const entry: Entry = { start, durationMs: 0, gone: false };
    this.entries.push(entry);
    return entry;
  }

  finish(entry: Entry, durationMs: number): void {
    // An entry that already left the window was subtracted with 0 ms; don't count it now.
    if (entry.gone) return;
    entry.durationMs = durationMs;
    this.executionMs += durationMs;
  }
}

export interface Admission {
  /** Set when the request is refused: the 429 to send. */
  readonly refused?: ApiResponse;
  /** Call when the request has been answered (admitted requests only). */
  done(): void;
}

export class ServiceProtection {
  private readonly limits: ServiceLimits | undefined;
  private readonly users = new Map<string, UserWindow>();

  constructor(
    private readonly options: ThrottleOptions = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.limits = options.limits === false ? undefined : { ...dataverseLimits, ...options.limits };
  }

  /** Decides whether one request of `userId` runs now; an admitted request must call `done()` when answered. */
  admit(userId: string): Admission {
    let user = this.users.get(userId);
    if (!user) this.users.set(userId, (user = new UserWindow()));
    user.seen++;
    const schedule = this.options.schedule;
    if (schedule && user.seen % schedule.every === 0)
      return refusal(schedule.limit, schedule.retryAfterSeconds, this.limits ?? dataverseLimits);
    const limits = this.limits;
    if (!limits) return admitted;
    const start = this.now();
    const windowMs = limits.windowSeconds * 1000;
    user.forget(start - windowMs);
    const retryAfter = () => Math.max(1, Math.ceil(((user.oldest ?? start) + windowMs - start) / 1000));
    if (user.inFlight >= limits.concurrent) return refusal("concurrent", 1, limits);
    if (user.count >= limits.requests) return refusal("requests", retryAfter(), limits);
    if (user.executionMs >= limits.executionMs) return refusal("execution", retryAfter(), limits);
    const entry = user.record(start);
    user.inFlight++;
    let finished = false;
    const window = user;
    return {
      done: () => {
        if (finished) return;
        finished = true;
        window.inFlight--;
        window.finish(entry, this.now() - start);
      },
    };
  }
}

const admitted: Admission = { done: () => undefined };

function refusal(kind: LimitKind, retryAfterSeconds: number, limits: ServiceLimits): Admission {
  const { code, message } = limitErrors[kind];
  return {
    refused: json(429, { error: { code, message: message(limits) } }, { "Retry-After": String(retryAfterSeconds) }),
    done: () => undefined,
  };
}

/**
 * Parses `--throttle every=N[,limit=requests|execution|concurrent][,retry-after=S]`
 * (defaults: limit=requests, retry-after=1).
 */
export function parseThrottleSchedule(text: string): ThrottleSchedule {
  const fields = new Map<string, string>();
  for (const part of text.split(",")) {
    const [name, value, extra] = part.split("=").map((s) => s.trim());
    if (!name || value === undefined || extra !== undefined)
      throw new Error(
        `--throttle takes name=value pairs separated by commas, e.g. every=5,retry-after=2 (not '${text}').`,
      );
    fields.set(name, value);
  }
  for (const name of fields.keys())
    if (!["every", "limit", "retry-after"].includes(name))
      throw new Error(`--throttle knows every, limit and retry-after, not '${name}'.`);
  const every = Number(fields.get("every"));
  if (!Number.isInteger(every) || every < 1) throw new Error("--throttle needs every=N with N a whole number >= 1.");
  const limit = (fields.get("limit") ?? "requests") as LimitKind;
  if (!(["requests", "execution", "concurrent"] as const).includes(limit))
    throw new Error(`--throttle limit= is requests, execution or concurrent, not '${limit}'.`);
  const retryAfterSeconds = Number(fields.get("retry-after") ?? "1");
  if (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 0 || retryAfterSeconds > 3600)
    throw new Error("--throttle retry-after= is a whole number of seconds from 0 to 3600.");
  return { every, limit, retryAfterSeconds };
}

/** Parses `--service-limits requests=6000,execution-ms=1200000,concurrent=52,window=300` or `off`. */
export function parseServiceLimits(text: string): Partial<ServiceLimits> | false {
  if (text.trim() === "off") return false;
  const names = new Map<string, keyof ServiceLimits>([
    ["requests", "requests"],
    ["execution-ms", "executionMs"],
    ["concurrent", "concurrent"],
    ["window", "windowSeconds"],
  ]);
  const limits: Partial<Record<keyof ServiceLimits, number>> = {};
  for (const part of text.split(",")) {
    const [name, value] = part.split("=").map((s) => s.trim());
    const key = names.get(name ?? "");
    const number = Number(value);
    if (!key || !Number.isInteger(number) || number < 1)
      throw new Error(
        `--service-limits takes requests=N,execution-ms=N,concurrent=N,window=SECONDS (whole numbers >= 1) or off, not '${part}'.`,
      );
    limits[key] = number;
  }
  return limits;
}
