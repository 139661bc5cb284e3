/** One request and one response of the Web API, independent of the transport (HTTP or a $batch part). */
import { toErrorResponse, type ErrorResponseOptions } from "../errors";
export interface ApiRequest {
  readonly method: string;
  /** Absolute URL, so links in responses can be built from it. */
  readonly url: URL;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
  /** A body too large to build in memory (a $batch response): sent chunk by chunk, instead of `body`. */
  stream?: AsyncIterable<Buffer>;
}

export const API_PATH = "/api/data/v9.2/";

export const jsonHeaders = { "Content-Type": "application/json; odata.metadata=minimal", "OData-Version": "4.0" };

export function json(status: number, value: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { ...jsonHeaders, ...headers }, body: JSON.stringify(value) };
}

export function noContent(headers: Record<string, string> = {}): ApiResponse {
  return { status: 204, headers: { "OData-Version": "4.0", ...headers } };
}

/**
 * Anything thrown while serving, as Dataverse answers it: its status and `{"error":{"code","message"}}`, typed
 * `application/json; odata.metadata=minimal` (Learn: webapi/perform-conditional-operations-using-web-api).
 */
export function errorResponse(
  error: unknown,
  headers: Record<string, string> = {},
  options: ErrorResponseOptions = {},
): ApiResponse {
  const { status, body } = toErrorResponse(error, options);
  return { status, headers: { ...jsonHeaders, ...headers }, body: JSON.stringify(body) };
}

/** Whether `Prefer: odata.include-annotations` asks for the `Microsoft.PowerApps.CDS` error details. */
export function wantsErrorDetails(prefer: string | undefined): boolean {
  const value = preferences(prefer).get("odata.include-annotations");
  if (value === undefined) return false;
  return value.split(",").some((pattern) => {
    const p = pattern.trim();
    return p === "*" || p === "Microsoft.*" || p.startsWith("Microsoft.PowerApps.CDS.");
  });
}

/** Parses the `Prefer` header into its preferences (`return=representation`, `odata.maxpagesize=50`, ...). */
export function preferences(header: string | undefined): Map<string, string> {
  const prefs = new Map<string, string>();
  for (const part of (header ?? "").split(",")) {
    const [name, ...rest] = part.trim().split("=");
    if (name) prefs.set(name.toLowerCase(), rest.join("=").replace(/^"|"$/g, ""));
  }
  return prefs;
}
