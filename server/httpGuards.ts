/**
 * What the local server checks before it reads a request: the Host header (DNS rebinding), the CORS grant (only
 * to origins named with `--cors-origin`), the URL length and the connection limits of a production server.
 */
import { isIP } from "node:net";

/** Dataverse serves GET URLs up to 32 KB; longer queries go in a $batch (Learn: webapi/query/overview). */
export const MAX_URL_LENGTH = 32 * 1024;
/** Node's header limit must hold a 32 KB URL and ordinary headers; past this Node refuses before we see it. */
export const MAX_HEADER_BYTES = 64 * 1024;

export interface ConnectionLimits {
  /** Time to receive a request's headers (Node's default: 60 s). */
  readonly headersMs: number;
  /** Time to receive a whole request, body included (Node's default: 300 s). */
  readonly requestMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveMs: number;
  /** Open connections at once; more are refused. */
  readonly maxConnections: number;
}

export const defaultConnectionLimits: ConnectionLimits = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
  maxConnections: 256,
};

const corsHeaders = {
  "Access-Control-Allow-Methods": "GET, POST, PATCH, PUT, DELETE, OPTIONS",
  "Access-Control-Allow-Headers":
    "Authorization, Content-Type, Accept, Prefer, If-Match, If-None-Match, OData-Version, OData-MaxVersion, MSCRM.SuppressDuplicateDetection, MSCRM.BypassCustomPluginExecution",
  "Access-Control-Expose-Headers": "OData-EntityId, ETag, Location, Preference-Applied, OData-Version, Retry-After",
  "Access-Control-Max-Age": "600",
};

/** The CORS headers for a request's Origin: a grant only to an origin the operator named. */
export function corsFor(origin: string | undefined, allowed: ReadonlySet<string>): Record<string, string> {
  if (!origin || !allowed.has(origin)) return allowed.size ? { Vary: "Origin" } : {};
  return { ...corsHeaders, "Access-Control-Allow-Origin": origin, Vary: "Origin" };
}

/** `--cors-origin` values must be origins (scheme, host, port), exactly as a browser sends them. */
export function normalizeOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--cors-origin '${text}' is not an origin such as http://localhost:3000.`);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== text.replace(/\/$/, ""))
    throw new Error(`--cors-origin '${text}' is not an origin such as http://localhost:3000 (no path, no '*').`);
  return url.origin;
}

const loopbackNames = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * Which Host headers name this server. Bound to loopback: the loopback names; bound to one address: that
 * address; bound to every interface: any IP literal. A DNS name (what a rebinding attack sends) only when the
 * operator allowed it. The port is not checked: a proxy (the host page) or a port forward may change it.
 */
export function hostChecker(boundAddress: string, allowedHosts: readonly string[] = []): (host: string) => boolean {
  const allowed = new Set(allowedHosts.map((h) => h.toLowerCase()));
  const bound = boundAddress.toLowerCase();
  // A proxy in front of this server (the host page) bound to every interface passes its wildcard as allowed.
  const wildcard = [bound, ...allowed].some((h) => h === "0.0.0.0" || h === "::");
  const loopback = loopbackNames.has(bound) || bound.startsWith("127.");
  return (header) => {
    const name = hostName(header);
    if (name === undefined) return false;
    if (allowed.has(name) || name === bound || name === `[${bound}]`) return true;
    if (loopbackNames.has(name)) return loopback || wildcard;
    return wildcard && isIP(name.replace(/^\[|\]$/g, "")) !== 0;
  };
}

/** The host name of a Host header, lower case, without the port; undefined when it isn't a host[:port]. */
function hostName(header: string): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(header.trim());
  return match?.[1].toLowerCase();
}
