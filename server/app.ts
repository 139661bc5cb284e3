/**
 * The local Dataverse-compatible server: an HTTP server on a SQLite file that speaks the Web API subset the
 * product uses, with bearer-token callers, CORS only for origins the operator names, service protection limits,
 * the connection limits of a production server and a clean shutdown. No request can end the process: every one
 * runs inside a last-resort handler that answers 500 in Dataverse's shape and logs it with a request id.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { pipeline, Readable } from "node:stream";
import { getMeta, openDatabases, setMeta } from "./db";
import { ensurePlatformRows } from "./platformRows";
import { DataverseError } from "./errors";
import {
  corsFor,
  defaultConnectionLimits,
  hostChecker,
  MAX_HEADER_BYTES,
  MAX_URL_LENGTH,
  type ConnectionLimits,
} from "./httpGuards";
import { seedDemo, seedUsers, type DemoUser } from "./seed";
import { installSchemaTables } from "./solution/install";
import { SolutionWebApi } from "./solution/webapi";
import { ServiceProtection, type ThrottleOptions } from "./throttle";
import { readTokens, writeTokens } from "./tokens";
import { loadCaller } from "./users";
import type { WebApi, WebApiOptions } from "./webapi/service";
import { errorResponse, json, type ApiRequest, type ApiResponse } from "./webapi/types";

export interface ServerOptions {
  readonly dataDir: string;
  readonly host?: string;
  readonly port?: number;
  /**
   * "demo" (the default) seeds the solution's tables and demo data on first start; "empty" seeds only the platform
   * (users, roles, tokens), so the solution's tables answer 404 until `npm run deploy` imports the solution.
   */
  readonly seed?: "demo" | "empty";
  /** Largest request body accepted, in bytes. */
  readonly maxBodyBytes?: number;
  readonly functions?: WebApiOptions["functions"];
  /** Milliseconds a new alternate key stays Pending/InProgress after ImportSolution (default 1500). */
  readonly keyIndexDelayMs?: number;
  /** ImportSolution refuses a zip that breaks Dataverse's checks (default true). */
  readonly strictImport?: boolean;
  /** Origins granted CORS (`--cors-origin`); no other origin gets a grant. */
  readonly corsOrigins?: readonly string[];
  /** Host names accepted besides the bound address (and the loopback names when bound to loopback). */
  readonly allowedHosts?: readonly string[];
  /** Service protection limits (Dataverse's by default) and the `--throttle` test schedule. */
  readonly throttle?: ThrottleOptions;
  readonly connections?: Partial<ConnectionLimits>;
  /** Where unexpected errors are logged (default: console.error). */
  readonly log?: (line: string) => void;
}

export interface LocalServer {
  readonly url: string;
  readonly apiUrl: string;
  readonly users: readonly DemoUser[];
  readonly tokensFile: string;
  readonly api: WebApi;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 32 * 1024 * 1024;
/** Dataverse sends every answer's request id in this header; the log names the same id. */
const REQUEST_ID_HEADER = "x-ms-service-request-id";
const utf8 = new TextDecoder("utf-8", { fatal: true });

export async function startServer(options: ServerOptions): Promise<LocalServer> {
  const dbs = openDatabases(options.dataDir);
  ensurePlatformRows(dbs.writer);
  const api = new SolutionWebApi(dbs, options.functions, {
    keyIndexDelayMs: options.keyIndexDelayMs,
    strictImport: options.strictImport,
  });
  let users = readTokens(options.dataDir);
  const seeded = getMeta(dbs.writer, "seeded");
  if (!seeded) {
    users = (options.seed ?? "demo") === "demo" ? await seedDemo(api) : await seedUsers(api);
    setMeta(dbs.writer, "seeded", options.seed ?? "demo");
  } else if (seeded === "demo") {
    // Demo folders from before installs were recorded: their tables exist, record them.
    installSchemaTables(dbs.writer, api.store);
  }
  const tokensFile = writeTokens(options.dataDir, users);
  const tokenToUser = new Map(users.map((u) => [u.token, u.userId]));
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const corsOrigins = new Set(options.corsOrigins ?? []);
  const protection = new ServiceProtection(options.throttle);
  const limits = { ...defaultConnectionLimits, ...options.connections };
  const log = options.log ?? ((line: string) => console.error(line));
  const bindAddress = options.host ?? "127.0.0.1";
  const hostAllowed = hostChecker(bindAddress, options.allowedHosts);

  /** One request, from its headers to its answer; `respond` never throws and answers at most once. */
  const handleRequest = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    respond: (response: ApiResponse) => void,
  ) => {
    if (!hostAllowed(req.headers.host ?? ""))
      return respond(
        errorResponse(
          new DataverseError(
            "BadRequestSyntax",
            `The Host header '${req.headers.host ?? ""}' does not name this server. Use ${bindAddress} or localhost.`,
          ),
        ),
      );
    if (req.method === "OPTIONS") return respond({ status: 204, headers: {} });
    if ((req.url ?? "").length > MAX_URL_LENGTH) {
      req.resume();
      return respond(urlTooLong());
    }

    const authorization = req.headers.authorization ?? "";
    const userId = tokenToUser.get(authorization.replace(/^Bearer\s+/i, ""));
    if (!userId) {
      req.resume();
      const message = authorization
        ? "The bearer token is not valid for this server. Use a token from tokens.json in the server's data folder."
        : "Sign in: send 'Authorization: Bearer <token>' with a token from tokens.json in the server's data folder.";
      return respond(
        errorResponse(new DataverseError("Unauthorized", message), {
          "WWW-Authenticate": 'Bearer realm="local-dataverse"',
        }),
      );
    }

    const tooLarge = () =>
      errorResponse(
        new DataverseError(
          "PayloadTooLarge",
          `The request body is larger than ${maxBody} bytes, the most this server accepts.`,
        ),
        { Connection: "close" },
      );
    if (Number(req.headers["content-length"] ?? 0) > maxBody) {
      req.resume();
      return respond(tooLarge());
    }
    const admission = protection.admit(userId);
    if (admission.refused) {
      req.resume();
      return respond(admission.refused);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on("data", (chunk: Buffer) => {
      if (aborted) return;
      size += chunk.length;
      if (size <= maxBody) return void chunks.push(chunk);
      aborted = true;
      chunks.length = 0;
      respond(tooLarge());
      req.destroy();
    });
    // The request's slot and time end when its answer is written (a streamed batch answer too) or the client
    // leaves; the time spent until then counts.
    res.on("close", () => admission.done());
    req.on("end", () => {
      if (aborted) return;
      let body: string | undefined;
      try {
        body = chunks.length ? utf8.decode(Buffer.concat(chunks)) : undefined;
      } catch {
        return respond(
          errorResponse(
            new DataverseError(
              "BadRequestSyntax",
              "The request body is not valid UTF-8. Send JSON and batch bodies encoded as UTF-8.",
            ),
          ),
        );
      }
      const request: ApiRequest = {
        method: req.method ?? "GET",
        url: new URL(req.url ?? "/", `http://${req.headers.host}`),
        headers: headersOf(req),
        body,
      };
      const response = api.serve(request, loadCaller(dbs.reader, userId));
      if (response instanceof Promise) response.then(respond, (error) => respond(errorResponse(error)));
      else respond(response);
    });
    req.on("error", () => undefined);
  };

  const server = http.createServer(
    { maxHeaderSize: MAX_HEADER_BYTES, connectionsCheckingInterval: Math.min(1000, limits.headersMs) },
    (req, res) => {
      const requestId = randomUUID();
      const cors = corsFor(req.headers.origin, corsOrigins);
      let answered = false;
      const respond = (response: ApiResponse) => {
        if (answered) return;
        answered = true;
        writeResponse(res, response, { ...cors, [REQUEST_ID_HEADER]: requestId }, (error) =>
          log(`[${requestId}] could not write the answer to ${req.method} ${req.url}: ${describe(error)}`),
        );
        if (response.status >= 500) log(`[${requestId}] ${response.status} ${req.method} ${req.url}`);
      };
      try {
        handleRequest(req, res, (response) => {
          try {
            respond(response);
          } catch (error) {
            lastResort(error);
          }
        });
      } catch (error) {
        lastResort(error);
      }
      function lastResort(error: unknown) {
        log(`[${requestId}] unexpected error serving ${req.method} ${req.url}: ${describe(error)}`);
        if (!answered) respond(unexpected(requestId));
        else if (!res.writableEnded) res.destroy();
      }
    },
  );
  server.headersTimeout = limits.headersMs;
  server.requestTimeout = limits.requestMs;
  server.keepAliveTimeout = limits.keepAliveMs;
  server.maxConnections = limits.maxConnections;
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket));

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, bindAddress, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    apiUrl: `${url}/api/data/v9.2/`,
    users,
    tokensFile,
    api,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          api.lock.run(async () => dbs.close()).then(() => resolve());
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Header names in lower case, on a null-prototype object: a lookup never finds Object.prototype's members. */
function headersOf(req: http.IncomingMessage): Record<string, string | undefined> {
  const headers = Object.create(null) as Record<string, string | undefined>;
  for (const [name, value] of Object.entries(req.headers))
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  return headers;
}

/** Writes one answer; an answer Node refuses (a bad status, a header it can't send) becomes a plain 500. */
function writeResponse(
  res: http.ServerResponse,
  response: ApiResponse,
  extra: Record<string, string>,
  onError: (error: unknown) => void,
): void {
  try {
    if (!Number.isInteger(response.status) || response.status < 100 || response.status > 599)
      throw new Error(`the handler answered the status ${String(response.status)}`);
    // A streamed answer ($batch): the status is sent first, so a failure half way can only cut the body short.
    const stream = response.stream;
    if (stream) {
      res.writeHead(response.status, { ...response.headers, ...extra });
      pipeline(Readable.from(stream), res, (error) => {
        if (error && (error as NodeJS.ErrnoException).code !== "ERR_STREAM_PREMATURE_CLOSE") onError(error);
      });
      return;
    }
    const body = typeof response.body === "string" ? response.body : undefined;
    res.writeHead(response.status, {
      ...response.headers,
      ...extra,
      "Content-Length": String(body === undefined ? 0 : Buffer.byteLength(body)),
    });
    res.end(body);
  } catch (error) {
    onError(error);
    if (res.headersSent) return void res.destroy();
    const fallback = unexpected(extra[REQUEST_ID_HEADER] ?? "");
    res.writeHead(500, { ...fallback.headers, ...extra, "Content-Length": Buffer.byteLength(fallback.body!) });
    res.end(fallback.body);
  }
}

function unexpected(requestId: string): ApiResponse {
  const message = `An unexpected error occurred on the server (request id ${requestId}). See the server log for details.`;
  return json(500, { error: { code: "0x80040216", message } });
}

function urlTooLong(): ApiResponse {
  return errorResponse(
    new DataverseError(
      "BadRequestSyntax",
      `The URL is longer than ${MAX_URL_LENGTH} characters (or the headers larger than ${MAX_HEADER_BYTES / 1024} KB), ` +
        "the most the Web API accepts. Send a long query as a GET inside a $batch request.",
      414,
    ),
  );
}

/** Requests Node refuses before a handler sees them (headers too large, bad syntax) still get Dataverse's shape. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === "ECONNRESET") return void socket.destroy();
  const overflow = error.code === "HPE_HEADER_OVERFLOW";
  const timeout = error.code === "ERR_HTTP_REQUEST_TIMEOUT";
  const response = overflow
    ? urlTooLong()
    : errorResponse(
        new DataverseError(
          "BadRequestSyntax",
          timeout
            ? "The request took too long to arrive; the server closed the connection."
            : "The request is not valid HTTP.",
          timeout ? 408 : 400,
        ),
      );
  const body = response.body ?? "";
  const reason = overflow ? "URI Too Long" : timeout ? "Request Timeout" : "Bad Request";
  const head = [
    `HTTP/1.1 ${response.status} ${reason}`,
    ...Object.entries(response.headers).map(([k, v]) => `${k}: ${v}`),
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Connection: close",
  ];
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
