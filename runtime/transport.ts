/**
 * The one seam between the runtime and the network: a fetch-like function that takes a path relative to the Web API
 * root (`apm_appprofiles?$select=...`). In Node it carries a bearer token; inside Dataverse it is a same-origin fetch
 * to /api/data/v9.2/, where the browser's session cookie authenticates and no token (and no Xrm) is needed.
 */

export interface TransportResponse {
  readonly status: number;
  readonly ok: boolean;
  /** Read for `Retry-After` on a 429; fetch's Response has it. */
  readonly headers?: { get(name: string): string | null };
  json(): Promise<unknown>;
  text(): Promise<string>;
}

export interface TransportRequest {
  readonly method: "GET";
  readonly headers: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

export type Transport = (pathAndQuery: string, init: TransportRequest) => Promise<TransportResponse>;

type FetchLike = (url: string, init: RequestInit) => Promise<TransportResponse>;

export interface WebApiTransportOptions {
  /** The Web API root: `https://org.crm.dynamics.com/api/data/v9.2/`, or `/api/data/v9.2/` in a Dataverse page. */
  readonly baseUrl: string;
  /** A bearer token per request (Node, or a SPA outside Dataverse). Left out inside Dataverse: the cookie signs in. */
  readonly getToken?: () => string | Promise<string>;
  /** Defaults to the global fetch (Node 18+, every browser). */
  readonly fetch?: FetchLike;
}

export function createWebApiTransport(options: WebApiTransportOptions): Transport {
  const base = options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`;
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  return async (pathAndQuery, init) => {
    const headers: Record<string, string> = { ...init.headers };
    if (options.getToken) headers.Authorization = `Bearer ${await options.getToken()}`;
    // String concatenation, not new URL(): a relative base is what a Dataverse page uses.
    return fetchImpl(`${base}${pathAndQuery}`, {
      method: init.method,
      headers,
      signal: init.signal,
      credentials: "same-origin",
    });
  };
}
