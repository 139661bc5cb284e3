/**
 * The local host page: it serves a model-driven-app-like page that loads the built PCF bundles with React and
 * Fluent from node_modules, and proxies the same-origin Web API to the local server as the signed-in demo user
 * (the way Dataverse authenticates a browser by its session, so the controls never handle a token). Only the
 * page itself may use it: a session cookie it sets, its own Host, its own Origin for writes, and no CORS grant.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { startServer, type LocalServer } from "../server/app";
import { defaultConnectionLimits, hostChecker } from "../server/httpGuards";
import { API_PATH } from "../server/webapi/types";
import { iconFontsDir, platformLibraries, readBuiltControl, type BuiltControl } from "./assets";
import { buildHostScript } from "./build";
import { hostPageHtml } from "./page/html";
import { CONTROL_NAMES } from "./page/routes";

export { CONTROL_NAMES };
import { Sessions } from "./sessions";

export interface HostOptions {
  readonly dataDir: string;
  readonly port?: number;
  readonly host?: string;
  /** The local server's port (0, the default: any free port); unused with `server`. */
  readonly apiPort?: number;
  /** Reuse a running local server instead of starting one (tests and benchmarks). */
  readonly server?: LocalServer;
}

export interface Host {
  readonly url: string;
  readonly server: LocalServer;
  /** A session signed in as a demo user, for tests: send it as the `apm_session` cookie. */
  createSession(userKey?: string): string;
  close(): Promise<void>;
}

/** On every answer: no other origin may frame the page, sniff a type or embed a response. */
const securityHeaders = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Content-Security-Policy": "frame-ancestors 'none'",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Referrer-Policy": "same-origin",
};

/** Request headers the proxy never passes on: the page's session and what only the page should read. */
const notForwarded = new Set(["cookie", "origin", "referer", "authorization"]);

const apiError = (res: http.ServerResponse, status: number, code: string, message: string) => {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
};

export async function startHost(options: HostOptions): Promise<Host> {
  const controls: BuiltControl[] = CONTROL_NAMES.map(readBuiltControl);
  const script = await buildHostScript();
  const bindAddress = options.host ?? "127.0.0.1";
  const server =
    options.server ??
    (await startServer({ dataDir: options.dataDir, port: options.apiPort ?? 0, allowedHosts: [bindAddress] }));
  const api = new URL(server.url);
  const sessions = new Sessions(server.users);
  const hostAllowed = hostChecker(bindAddress);

  const http200 = (
    res: http.ServerResponse,
    type: string,
    body: string | Buffer,
    extra: Record<string, string> = {},
  ) => {
    res.writeHead(200, {
      "Content-Type": type,
      "Cache-Control": "no-cache",
      "Content-Length": Buffer.byteLength(body),
      ...extra,
    });
    res.end(body);
  };

  const route = (req: http.IncomingMessage, res: http.ServerResponse) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    // DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 sends Host: evil.example.
    if (!hostAllowed(req.headers.host ?? "")) {
      req.resume();
      return void res
        .writeHead(400, { "Content-Type": "text/plain; charset=utf-8" })
        .end(
          `The Host header does not name this page. Open http://${bindAddress === "0.0.0.0" ? "localhost" : bindAddress}:${(host.address() as AddressInfo).port}/.`,
        );
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    // Fetch metadata: a browser says whether another site (or another origin of this site) sent the request.
    const site = req.headers["sec-fetch-site"];
    const fromElsewhere = site !== undefined && site !== "same-origin" && site !== "none";
    const selfOrigin = `http://${req.headers.host}`;
    const sameOriginWrite =
      !fromElsewhere &&
      (req.headers.origin === selfOrigin || (req.headers.origin === undefined && site === "same-origin"));
    const reading = req.method === "GET" || req.method === "HEAD";
    const session = sessions.userOf(req.headers.cookie);

    // No CORS here: the page's own scripts never preflight, and no other origin gets a grant.
    if (req.method === "OPTIONS") {
      req.resume();
      return void res.writeHead(403, { "Content-Type": "text/plain" }).end("This page serves its own origin only.");
    }
    if (url.pathname.startsWith(API_PATH)) {
      if (fromElsewhere || !session || (!reading && !sameOriginWrite)) {
        req.resume();
        if (!session && !fromElsewhere)
          return apiError(res, 401, "0x80040220", "Open the page first: it signs you in with a session cookie.");
        return apiError(
          res,
          403,
          "0x80040220",
          "The Web API of this page answers only the page itself (same origin, with its session cookie).",
        );
      }
      return proxy(req, res, session.user.token);
    }
    if (url.pathname === "/session") {
      if (fromElsewhere || !session) {
        req.resume();
        return void res
          .writeHead(fromElsewhere ? 403 : 401, { "Content-Type": "text/plain" })
          .end("Open the page first.");
      }
      if (req.method === "POST") {
        req.resume();
        if (!sameOriginWrite) return void res.writeHead(403, { "Content-Type": "text/plain" }).end("Same origin only.");
        if (!sessions.switchUser(session.id, url.searchParams.get("user") ?? ""))
          return void res
            .writeHead(400, { "Content-Type": "text/plain" })
            .end(`Unknown demo user. Use one of: ${server.users.map((u) => u.key).join(", ")}.`);
        return void res.writeHead(204).end();
      }
      const users = server.users.map(({ key, fullname, userId }) => ({ key, fullname, userId }));
      const { user } = session;
      return http200(
        res,
        "application/json",
        JSON.stringify({ user: { key: user.key, fullname: user.fullname, userId: user.userId }, users }),
      );
    }
    if (!reading) {
      req.resume();
      return void res.writeHead(405, { Allow: "GET", "Content-Type": "text/plain" }).end("Only GET is served here.");
    }
    const library = Object.hasOwn(platformLibraries, url.pathname) ? platformLibraries[url.pathname] : undefined;
    if (library) return http200(res, "text/javascript; charset=utf-8", fs.readFileSync(library));
    const font = /^\/platform\/fonts\/([a-z0-9-]+\.woff2?)$/.exec(url.pathname)?.[1];
    if (font && fs.existsSync(path.join(iconFontsDir, font)))
      return http200(res, "font/woff", fs.readFileSync(path.join(iconFontsDir, font)));
    const control = controls.find((c) => url.pathname === `/controls/${c.name}/bundle.js`);
    if (control) return http200(res, "text/javascript; charset=utf-8", fs.readFileSync(control.bundle));
    const strings = controls.find((c) => url.pathname === `/controls/${c.name}/strings.json`);
    if (strings) return http200(res, "application/json", JSON.stringify(strings.strings));
    if (url.pathname === "/host.js") return http200(res, "text/javascript; charset=utf-8", script);
    // main.aspx: the model-driven app's own page addresses (the channel provider list and form), as in Dataverse.
    if (url.pathname === "/" || url.pathname === "/index.html" || url.pathname === "/main.aspx") {
      // The page signs in on load: a visitor without a session gets one (as the demo admin).
      // Not for an <img> or a fetch from another origin: only the page itself, or a navigation to it, signs in.
      const navigation = !fromElsewhere || req.headers["sec-fetch-mode"] === "navigate";
      const cookie: Record<string, string> =
        session || !navigation ? {} : { "Set-Cookie": Sessions.cookie(sessions.create()) };
      return http200(res, "text/html; charset=utf-8", hostPageHtml(), cookie);
    }
    if (url.pathname === "/favicon.ico") return void res.writeHead(204).end();
    res.writeHead(404, { "Content-Type": "text/plain" }).end(`Not found: ${url.pathname}`);
  };

  const proxy = (req: http.IncomingMessage, res: http.ServerResponse, token: string) => {
    // The original Host stays, so links in answers (nextLink, OData-EntityId) point back at this page's origin.
    const headers: http.OutgoingHttpHeaders = { authorization: `Bearer ${token}` };
    for (const [name, value] of Object.entries(req.headers))
      if (!notForwarded.has(name) && !name.startsWith("sec-fetch-")) headers[name] = value;
    const upstream = http.request(
      { host: api.hostname, port: api.port, method: req.method, path: req.url, headers },
      (answer) => {
        const passed: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(answer.headers))
          if (!name.startsWith("access-control-") && name !== "set-cookie") passed[name] = value;
        res.writeHead(answer.statusCode ?? 502, passed);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (res.headersSent) return void res.destroy();
      apiError(res, 502, "0x80040216", "The local Dataverse server did not answer.");
    });
    req.pipe(upstream);
  };

  const host = http.createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    try {
      route(req, res);
    } catch (error) {
      console.error(`The host page could not answer ${req.method} ${req.url}:`, error);
      if (!res.headersSent) apiError(res, 500, "0x80040216", "The host page could not answer; see its log.");
      else res.destroy();
    }
  });
  host.headersTimeout = defaultConnectionLimits.headersMs;
  host.requestTimeout = defaultConnectionLimits.requestMs;
  host.keepAliveTimeout = defaultConnectionLimits.keepAliveMs;
  host.maxConnections = defaultConnectionLimits.maxConnections;

  await listenOrClose(host, options, server);
  const address = host.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    server,
    createSession: (userKey) => sessions.create(userKey),
    async close() {
      await new Promise<void>((resolve) => {
        host.close(() => resolve());
        host.closeAllConnections();
      });
      if (!options.server) await server.close();
    },
  };
}

/** Listens for the page; when that fails (the port was taken meanwhile), the server it started is closed too. */
async function listenOrClose(host: http.Server, options: HostOptions, server: LocalServer): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      host.once("error", reject);
      host.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
    });
  } catch (error) {
    if (!options.server) await server.close();
    throw error;
  }
}
