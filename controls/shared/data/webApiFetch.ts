/**
 * The controls' own small client for what context.webAPI can't send (Learn: component-framework/reference/webapi:
 * create, retrieve, retrieveMultiple, update, delete, no headers): `Prefer` (odata.maxpagesize,
 * include-annotations, return=representation), `If-Match`, `$count`, alternate keys, `entity(id)/nav`, `$ref` and
 * `$batch`. A same-origin fetch to `<org>/api/data/v9.2/`: in Dataverse the page's session signs in (no token, no
 * Xrm); the local host page proxies the same path.
 */
import type { TransportResponse } from "../../../runtime/transport";
import { buildBatch, parseBatchResponse, type BatchItem, type BatchResponsePart } from "./batch";

export const WEB_API_PATH = "/api/data/v9.2/";

export interface WebApiRequestInit {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

/** A fetch relative to the Web API root. Also a runtime Transport (GET is one of its methods). */
export type WebApiFetch = (pathAndQuery: string, init: WebApiRequestInit) => Promise<TransportResponse>;

type FetchLike = (url: string, init: RequestInit) => Promise<TransportResponse>;

export interface WebApiFetchOptions {
  /** The org URL (`https://org.crm.dynamics.com`); empty for a relative, same-origin `/api/data/v9.2/`. */
  readonly clientUrl?: string;
  /** A bearer token per request: only outside Dataverse (Node tests). Inside it the session cookie signs in. */
  readonly getToken?: () => string | Promise<string>;
  readonly fetch?: FetchLike;
}

/** `<org>/api/data/v9.2/`, or the same-origin path when the org URL is not given. */
export function webApiRoot(clientUrl = ""): string {
  return `${clientUrl.replace(/\/+$/, "")}${WEB_API_PATH}`;
}

export function createWebApiFetch(options: WebApiFetchOptions = {}): WebApiFetch {
  const root = webApiRoot(options.clientUrl);
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  return async (pathAndQuery, init) => {
    const headers: Record<string, string> = { ...init.headers };
    if (options.getToken) headers.Authorization = `Bearer ${await options.getToken()}`;
    return fetchImpl(`${root}${pathAndQuery}`, {
      method: init.method,
      headers,
      body: init.body,
      signal: init.signal,
      credentials: "same-origin",
    });
  };
}

const JSON_HEADERS: Readonly<Record<string, string>> = {
  Accept: "application/json",
  "OData-MaxVersion": "4.0",
  "OData-Version": "4.0",
};

/** A failed answer as the repository's error mapping reads it: status, Retry-After and the server's error. */
export interface WebApiFailure {
  readonly status: number;
  /** The failing $batch part's Content-ID (Dataverse answers it on the part), when the failure is a part's. */
  readonly contentId?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly error?: unknown;
}

function failureOf(status: number, headers: { get(name: string): string | null } | undefined, body: unknown) {
  const retryAfter = headers?.get("retry-after");
  const failure: WebApiFailure = {
    status,
    headers: retryAfter == null ? {} : { "retry-after": retryAfter },
    error: (body as { error?: unknown } | undefined)?.error,
  };
  return failure;
}

export interface JsonAnswer {
  readonly status: number;
  readonly headers?: { get(name: string): string | null };
  readonly body: Record<string, unknown>;
}

/** One request with a JSON body (or none); rejects with a WebApiFailure on 4xx/5xx. */
export async function sendJson(
  send: WebApiFetch,
  method: string,
  path: string,
  options: { headers?: Readonly<Record<string, string>>; body?: unknown } = {},
): Promise<JsonAnswer> {
  const headers: Record<string, string> = { ...JSON_HEADERS, ...options.headers };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await send(path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text().catch(() => "");
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = {};
  }
  if (!response.ok) throw failureOf(response.status, response.headers, body);
  return { status: response.status, headers: response.headers, body };
}

/**
 * Sends one $batch and gives its parts in request order. Dataverse fails the whole batch with the failing part's
 * status when a request fails (no `odata.continue-on-error`); either way a failing part rejects the call with
 * every failure (in the WebApiFailure shape), so the caller maps the first.
 */
export async function sendBatch(send: WebApiFetch, items: readonly BatchItem[]): Promise<BatchResponsePart[]> {
  const { contentType, body } = buildBatch(items);
  const response = await send("$batch", {
    method: "POST",
    headers: { ...JSON_HEADERS, "Content-Type": contentType },
    body,
  });
  const text = await response.text();
  const type = response.headers?.get("content-type");
  let parts: BatchResponsePart[];
  try {
    parts = parseBatchResponse(type, text);
  } catch {
    // Not a multipart answer: the batch itself was refused (a 429, a 415, a 400 in JSON).
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    throw failureOf(response.ok ? 502 : response.status, response.headers, json);
  }
  const failed = parts.filter((part) => part.status >= 400);
  if (failed.length > 0) {
    throw failed.map((part) => ({
      ...failureOf(part.status, { get: (name) => part.headers[name.toLowerCase()] ?? null }, part.body),
      ...(part.contentId === undefined ? {} : { contentId: part.contentId }),
    }));
  }
  if (!response.ok) throw failureOf(response.status, response.headers, undefined);
  return parts;
}

/** The id at the end of an `OData-EntityId` (Learn: webapi/create-entity-web-api). */
export function idFromEntityUrl(entityUrl: string | null | undefined): string | undefined {
  return /\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)$/i.exec(entityUrl ?? "")?.[1];
}
