/** The shared key Dataverse sends: `?code=` (WebhookKey authentication) or a header (HttpHeader authentication). */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const KEY_HEADERS = ["x-functions-key", "x-apm-webhook-key"] as const;

function presentedKey(req: IncomingMessage, url: URL): string | undefined {
  const code = url.searchParams.get("code");
  if (code) return code;
  for (const name of KEY_HEADERS) {
    const value = req.headers[name];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

/** Compares digests, so neither the key's content nor its length leaks through timing. */
export function keyMatches(expected: string, req: IncomingMessage, url: URL): boolean {
  const presented = presentedKey(req, url);
  if (presented === undefined) return false;
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
