/**
 * The metadata requests' view of the deploy's Web API client (client.ts: Dataverse's errors, 429 retried after
 * Retry-After): a GET that must find its resource, a GET that may not (404), and a POST.
 */
import type { WebApiClient } from "./client";

export { odataString as literal } from "./client";

type Json = Record<string, unknown>;

export class MetadataClient {
  constructor(readonly api: WebApiClient) {}

  /** GET; undefined when the resource does not exist (404). */
  find(path: string): Promise<Json | undefined> {
    return this.api.find<Json>(path);
  }

  async get(path: string): Promise<Json> {
    return (await this.api.get<Json>(path)) ?? {};
  }

  /** POST; the answer's body (empty for a 204). */
  async post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Json> {
    return (await this.api.request<Json>("POST", path, body, headers)) ?? {};
  }
}
