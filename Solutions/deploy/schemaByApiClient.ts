/** A minimal Web API client for metadata requests: the headers they need, and Dataverse's error message on failure. */
import type { TokenProvider } from "./auth";

export class WebApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "WebApiError";
  }
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown> | undefined;
}

export class MetadataClient {
  readonly base: string;

  constructor(
    environment: URL,
    private readonly token: TokenProvider,
  ) {
    this.base = new URL("/api/data/v9.2/", environment).toString();
  }

  private async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(this.base + path, {
      method,
      headers: {
        Authorization: `Bearer ${await this.token()}`,
        Accept: "application/json",
        "OData-MaxVersion": "4.0",
        "OData-Version": "4.0",
        ...(body === undefined ? {} : { "Content-Type": "application/json; charset=utf-8" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }

  private static fail(method: string, path: string, answer: Answer): never {
    const error = (answer.body?.error as { message?: string } | undefined)?.message;
    throw new WebApiError(
      answer.status,
      `${method} ${path}: ${error ?? `HTTP ${answer.status}`} (HTTP ${answer.status})`,
    );
  }

  /** GET; undefined when the resource does not exist (404). */
  async find(path: string): Promise<Record<string, unknown> | undefined> {
    const answer = await this.send("GET", path);
    if (answer.status === 404) return undefined;
    if (answer.status >= 300) MetadataClient.fail("GET", path, answer);
    return answer.body;
  }

  async get(path: string): Promise<Record<string, unknown>> {
    const found = await this.find(path);
    if (!found) throw new WebApiError(404, `GET ${path}: not found (HTTP 404)`);
    return found;
  }

  /** POST; returns the id in `OData-EntityId` when the server sends one. */
  async post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer & { id?: string }> {
    const answer = await this.send("POST", path, body, headers);
    if (answer.status >= 300) MetadataClient.fail("POST", path, answer);
    const entityId = answer.headers.get("OData-EntityId") ?? "";
    const id = /\(([0-9a-fA-F-]{36})\)$/.exec(entityId)?.[1];
    return { ...answer, id };
  }
}

/** A string for an OData literal: quotes doubled. */
export const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;
