/**
 * The deploy's Web API client: JSON requests with the bearer token over an injectable transport (`fetch` by
 * default, a fake in tests), Dataverse's error bodies turned into errors that carry its status, code and message,
 * and service protection limits honoured: a 429 is retried after its `Retry-After`, within a bounded budget, and the
 * deploy says when it gives up. Learn: data-platform/api-limits ("Retry-After ... the duration to wait").
 */
import type { TokenProvider } from "./auth";

export interface TransportResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}
export type Transport = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<TransportResponse>;

export interface RetryBudget {
  /** Retries of one request after a 429 (so at most 1 + maxRetries attempts). */
  readonly maxRetries: number;
  /** The longest the deploy waits in total for one request; a longer Retry-After gives up at once. */
  readonly maxWaitMs: number;
}

/** Dataverse's limits are per 5-minute window; a deploy waits at most that long for one request. */
export const DEFAULT_RETRY: RetryBudget = { maxRetries: 5, maxWaitMs: 5 * 60 * 1000 };

export class WebApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "WebApiError";
  }
}

export interface ClientOptions {
  readonly transport?: Transport;
  readonly retry?: RetryBudget;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Progress lines (a throttled request says it waits). */
  readonly log?: (line: string) => void;
  readonly timeoutMs?: number;
}

export type Json = Record<string, unknown>;

const DEFAULT_TIMEOUT_MS = 120_000;

/** Retry-After is seconds (or an HTTP date); without one, wait a few seconds as Dataverse's samples do. */
function retryAfterMs(header: string | null): number {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  return 5000;
}

export class WebApiClient {
  private readonly transport: Transport;
  private readonly retry: RetryBudget;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    readonly baseUrl: string,
    private readonly token: TokenProvider,
    private readonly options: ClientOptions = {},
  ) {
    this.transport = options.transport ?? (fetch as unknown as Transport);
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** One request; answers the parsed JSON body (undefined for 204). Throws WebApiError for a non-2xx answer. */
  async request<T = Json>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  ): Promise<T | undefined> {
    const url = new URL(path, this.baseUrl).toString();
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      const response = await this.transport(url, {
        method,
        headers: {
          Authorization: `Bearer ${await this.token()}`,
          Accept: "application/json",
          "OData-Version": "4.0",
          "OData-MaxVersion": "4.0",
          ...(body === undefined ? {} : { "Content-Type": "application/json; charset=utf-8" }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (response.status === 429) {
        const wait = retryAfterMs(response.headers.get("retry-after"));
        if (attempt >= this.retry.maxRetries || waited + wait > this.retry.maxWaitMs) {
          throw new WebApiError(
            429,
            errorOf(text)?.code ?? "",
            `Dataverse kept throttling ${method} ${path} (429, service protection limits): gave up after ` +
              `${attempt + 1} attempts and ${Math.round(waited / 1000)} s of waiting. Run the deploy again later; ` +
              `it changes only what differs. Last answer: ${errorOf(text)?.message ?? text}`,
          );
        }
        this.options.log?.(
          `      throttled (429): retrying ${method} ${path} in ${Math.ceil(wait / 1000)} s (retry ${attempt + 1} of ${this.retry.maxRetries})`,
        );
        waited += wait;
        await this.sleep(wait);
        continue;
      }
      if (response.status < 200 || response.status > 299) {
        const error = errorOf(text);
        throw new WebApiError(
          response.status,
          error?.code ?? "",
          error?.message ?? (text || `HTTP ${response.status}`),
        );
      }
      return text ? (JSON.parse(text) as T) : undefined;
    }
  }

  get<T = Json>(path: string): Promise<T | undefined> {
    return this.request<T>("GET", path);
  }

  /** A collection's rows (`value`). */
  async list<T = Json>(path: string): Promise<T[]> {
    return ((await this.get<{ value: T[] }>(path))?.value ?? []) as T[];
  }

  /** GET of one row; undefined for a 404. */
  async find<T = Json>(path: string): Promise<T | undefined> {
    try {
      return await this.get<T>(path);
    } catch (error) {
      if (error instanceof WebApiError && error.status === 404) return undefined;
      throw error;
    }
  }
}

function errorOf(text: string): { code?: string; message?: string } | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return parsed.error;
  } catch {
    return undefined;
  }
}

/** An OData string literal. */
export const odataString = (value: string): string => `'${value.replace(/'/g, "''")}'`;
