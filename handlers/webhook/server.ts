/**
 * The webhook host: Dataverse posts a RemoteExecutionContext; the host runs the registered handlers and answers
 * 200 (go on) or 400 (cancel; the body is the handler's message). Dataverse reads only the status code, so every
 * refusal is also logged with the correlation id. Bodies never carry a stack trace.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { OrganizationService } from "../context";
import { InvalidPluginExecutionError } from "../errors";
import { keyMatches } from "./key";
import { toPluginContext } from "./remoteContext";
import { runRegisteredSteps } from "./run";
import { MalformedContextError } from "./values";
import { parseStrictJson, type JsonProblem } from "../../server/webapi/jsonBody";

export interface WebhookOptions {
  /** The shared key; Dataverse sends it as `?code=` or in a header. */
  readonly key: string;
  /** Where handlers read rows: the calling environment's Web API, the local server, or an in-memory service. */
  readonly service: OrganizationService;
  /** Largest body accepted, in bytes (default 512 KiB; Dataverse trims contexts past 256 KB). */
  readonly maxBodyBytes?: number;
  readonly systemUserIds?: readonly string[];
  readonly log?: (line: string) => void;
}

export const DEFAULT_MAX_BODY_BYTES = 512 * 1024;

interface Answer {
  readonly status: number;
  readonly body: string;
}

const answer = (status: number, body: string): Answer => ({ status, body });

/** Converts and runs one body; every failure becomes a status and a message, never a throw. */
export async function handleBody(text: string, options: WebhookOptions): Promise<Answer> {
  const log = options.log ?? console.log;
  const strict = parseStrictJson(text.replace(/^\uFEFF/, ""), MAX_CONTEXT_DEPTH);
  if (!strict.ok) return answer(400, refusalFor(strict.problem));
  const parsed = strict.value;
  let correlation = "-";
  try {
    const conversion = toPluginContext(parsed, { systemUserIds: options.systemUserIds });
    if (conversion.kind === "ignored") return answer(200, `Allowed: ${conversion.reason}.`);
    const { context } = conversion;
    correlation = logSafe(context.correlationId || "-");
    const what = logSafe(`${context.messageName} ${context.primaryEntityName} (stage ${context.stage})`);
    try {
      await runRegisteredSteps(context, options.service);
    } catch (error) {
      if (!(error instanceof InvalidPluginExecutionError)) throw error;
      log(`[${correlation}] refused ${what}: ${logSafe(error.message, 2000)}`);
      return answer(400, error.message);
    }
    log(`[${correlation}] allowed ${what}`);
    return answer(200, "Allowed.");
  } catch (error) {
    if (error instanceof MalformedContextError) return answer(400, `Not a RemoteExecutionContext: ${error.message}`);
    // A failed read (Dataverse unreachable, token expired): refuse rather than let an unchecked write through.
    const reason = logSafe(error instanceof Error ? error.message : String(error), 2000);
    log(`[${correlation}] could not check the operation: ${reason}`);
    return answer(500, `The webhook host could not check this operation (correlation id ${correlation}).`);
  }
}

/**
 * A RemoteExecutionContext nests a few levels per ParentContext and per entity in its parameters; anything
 * deeper than this is not one, and parsing it further only costs the host.
 */
export const MAX_CONTEXT_DEPTH = 64;

function refusalFor(problem: JsonProblem): string {
  switch (problem.kind) {
    case "syntax":
      return "The body is not JSON. Send Dataverse's RemoteExecutionContext as application/json.";
    case "depth":
      return `The body nests objects and arrays more than ${MAX_CONTEXT_DEPTH} deep: it is not a RemoteExecutionContext.`;
    case "duplicate":
      return `The body names '${problem.key.slice(0, 100)}' twice in one object: send each property once.`;
    case "prototype":
      return `The body has a property named '${problem.key}', which no RemoteExecutionContext has.`;
  }
}

/**
 * A caller-controlled value as it may appear in a log line: control characters, quotes and non-ASCII escaped
 * as \uXXXX (no forged lines, no terminal escapes), and at most `max` characters.
 */
export function logSafe(value: string, max = 200): string {
  const clipped = value.length > max ? `${value.slice(0, max)}…(${value.length} characters)` : value;
  return clipped.replace(/[^\x20-\x7e]|[\\"]/g, (c) =>
    c === "…" ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

export function createWebhookListener(options: WebhookOptions): http.RequestListener {
  if (!options.key) throw new Error("The webhook host needs a shared key.");
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return (req, res) => {
    const send = ({ status, body }: Answer, extra: Record<string, string> = {}) => {
      if (res.headersSent) return;
      res.writeHead(status, {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Length": String(Buffer.byteLength(body)),
        ...extra,
      });
      res.end(body);
    };
    const url = new URL(req.url ?? "/", "http://webhook.invalid");
    if (!keyMatches(options.key, req, url)) {
      req.resume();
      return send(answer(401, "Unauthorized: send the shared key as ?code= or an x-functions-key header."), {
        Connection: "close",
      });
    }
    if (req.method !== "POST") {
      req.resume();
      return send(answer(405, "Only POST is accepted."), { Allow: "POST" });
    }
    const tooLarge = answer(413, `The body is larger than ${maxBody} bytes, the most this host accepts.`);
    if (Number(req.headers["content-length"] ?? 0) > maxBody) {
      req.resume();
      return send(tooLarge, { Connection: "close" });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBody) return void chunks.push(chunk);
      send(tooLarge, { Connection: "close" });
      req.destroy();
    });
    req.on("end", () => {
      if (size > maxBody) return;
      handleBody(Buffer.concat(chunks).toString("utf8"), options).then(send, () =>
        send(answer(500, "The webhook host could not check this operation.")),
      );
    });
    req.on("error", () => undefined);
  };
}

export interface WebhookHost {
  readonly url: string;
  close(): Promise<void>;
}

export async function startWebhookHost(
  options: WebhookOptions & { readonly port?: number; readonly host?: string },
): Promise<WebhookHost> {
  // Timeouts are checked every second (Node's default: every 30 s, which lets a slow sender keep its socket).
  const server = http.createServer({ connectionsCheckingInterval: 1000 }, createWebhookListener(options));
  // Dataverse gives a synchronous webhook 60 s; a stalled sender must not hold a socket longer.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  server.maxConnections = 256;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.address.includes(":") ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
