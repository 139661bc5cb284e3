/**
 * The local Dataverse-compatible server: an HTTP server on a SQLite file that speaks the Web API subset the
 * product uses, with bearer-token callers, CORS for the local host page, body limits and a clean shutdown.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabases } from "./db";
import { DataverseError } from "./errors";
import { getMeta, setMeta } from "./db";
import { seedDemo, seedUsers, type DemoUser } from "./seed";
import { installSchemaTables } from "./solution/install";
import { SolutionWebApi } from "./solution/webapi";
import { readTokens, writeTokens } from "./tokens";
import { loadCaller, type Caller } from "./users";
import type { WebApi, WebApiOptions } from "./webapi/service";
import { errorResponse, type ApiResponse } from "./webapi/types";

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
const corsHeaders = {
  "Access-Control-Allow-Methods": "GET, POST, PATCH, PUT, DELETE, OPTIONS",
  "Access-Control-Allow-Headers":
    "Authorization, Content-Type, Accept, Prefer, If-Match, If-None-Match, OData-Version, OData-MaxVersion, MSCRM.SuppressDuplicateDetection, MSCRM.BypassCustomPluginExecution",
  "Access-Control-Expose-Headers": "OData-EntityId, ETag, Location, Preference-Applied, OData-Version",
  "Access-Control-Max-Age": "600",
};

export async function startServer(options: ServerOptions): Promise<LocalServer> {
  const dbs = openDatabases(options.dataDir);
  const api = new SolutionWebApi(dbs, options.functions, { keyIndexDelayMs: options.keyIndexDelayMs });
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
  const callers = new Map<string, Caller>();
  const callerFor = (userId: string) =>
    callers.get(userId) ?? callers.set(userId, loadCaller(dbs.reader, userId)).get(userId)!;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;

  const server = http.createServer((req, res) => {
    const origin = req.headers.origin;
    const cors: Record<string, string> = origin
      ? { ...corsHeaders, "Access-Control-Allow-Origin": origin, Vary: "Origin" }
      : {};
    const send = (response: ApiResponse) => {
      const length = response.body === undefined ? 0 : Buffer.byteLength(response.body);
      res.writeHead(response.status, { ...cors, ...response.headers, "Content-Length": String(length) });
      res.end(response.body);
    };
    const fail = (error: unknown, extra: Record<string, string> = {}) => send(errorResponse(error, extra));
    if (req.method === "OPTIONS") return send({ status: 204, headers: {} });

    const authorization = req.headers.authorization ?? "";
    const userId = tokenToUser.get(authorization.replace(/^Bearer\s+/i, ""));
    if (!userId) {
      const message = authorization
        ? "The bearer token is not valid for this server. Use a token from tokens.json in the server's data folder."
        : "Sign in: send 'Authorization: Bearer <token>' with a token from tokens.json in the server's data folder.";
      return fail(new DataverseError("Unauthorized", message), {
        "WWW-Authenticate": 'Bearer realm="local-dataverse"',
      });
    }

    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > maxBody) {
      req.resume();
      return fail(
        new DataverseError(
          "PayloadTooLarge",
          `The request body is larger than ${maxBody} bytes, the most this server accepts.`,
        ),
      );
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody && !aborted) {
        aborted = true;
        fail(
          new DataverseError(
            "PayloadTooLarge",
            `The request body is larger than ${maxBody} bytes, the most this server accepts.`,
          ),
        );
        req.destroy();
        return;
      }
      if (!aborted) chunks.push(chunk);
    });
    req.on("end", () => {
      if (aborted) return;
      const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]),
      );
      const body = chunks.length ? Buffer.concat(chunks).toString("utf8") : undefined;
      const response = api.serve({ method: req.method ?? "GET", url, headers, body }, callerFor(userId));
      if (response instanceof Promise) response.then(send, (error) => fail(error));
      else send(response);
    });
    req.on("error", () => undefined);
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
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
