/**
 * The local host page: it serves a model-driven-app-like page that loads the built PCF bundles with React and
 * Fluent from node_modules, and proxies the same-origin Web API to the local server as the signed-in demo user
 * (the way Dataverse authenticates a browser by its session, so the controls never handle a token).
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { startServer, type LocalServer } from "../server/app";
import type { DemoUser } from "../server/seed";
import { API_PATH } from "../server/webapi/types";
import { iconFontsDir, platformLibraries, readBuiltControl, type BuiltControl } from "./assets";
import { buildHostScript } from "./build";
import { hostPageHtml } from "./page/html";

export const CONTROL_NAMES = ["ProfileDesigner", "ProfileEditor"] as const;
const SESSION_COOKIE = "apm_user";

export interface HostOptions {
  readonly dataDir: string;
  readonly port?: number;
  readonly host?: string;
  /** Reuse a running local server instead of starting one (tests and benchmarks). */
  readonly server?: LocalServer;
}

export interface Host {
  readonly url: string;
  readonly server: LocalServer;
  close(): Promise<void>;
}

function cookieUser(header: string | undefined, users: readonly DemoUser[]): DemoUser {
  const key = /(?:^|;\s*)apm_user=([a-z0-9]+)/.exec(header ?? "")?.[1];
  return users.find((u) => u.key === key) ?? users.find((u) => u.key === "admin") ?? users[0];
}

export async function startHost(options: HostOptions): Promise<Host> {
  const controls: BuiltControl[] = CONTROL_NAMES.map(readBuiltControl);
  const script = await buildHostScript();
  const server = options.server ?? (await startServer({ dataDir: options.dataDir, port: 0 }));
  const api = new URL(server.url);

  const http200 = (res: http.ServerResponse, type: string, body: string | Buffer) => {
    res.writeHead(200, {
      "Content-Type": type,
      "Cache-Control": "no-cache",
      "Content-Length": Buffer.byteLength(body),
    });
    res.end(body);
  };

  const host = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const user = cookieUser(req.headers.cookie, server.users);

    if (url.pathname.startsWith(API_PATH)) {
      // The original Host stays, so links in answers (nextLink, OData-EntityId) point back at this page's origin.
      const headers = { ...req.headers, authorization: `Bearer ${user.token}` };
      delete headers.cookie;
      const upstream = http.request(
        { host: api.hostname, port: api.port, method: req.method, path: req.url, headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => {
        res.writeHead(502, { "Content-Type": "application/json" });
        res.end(
          JSON.stringify({ error: { code: "0x80040216", message: "The local Dataverse server did not answer." } }),
        );
      });
      req.pipe(upstream);
      return;
    }
    if (url.pathname === "/session" && req.method === "POST") {
      const next = server.users.find((u) => u.key === url.searchParams.get("user"));
      if (!next) {
        res
          .writeHead(400, { "Content-Type": "text/plain" })
          .end(`Unknown demo user. Use one of: ${server.users.map((u) => u.key).join(", ")}.`);
        return;
      }
      res.writeHead(204, { "Set-Cookie": `${SESSION_COOKIE}=${next.key}; Path=/; SameSite=Strict` }).end();
      return;
    }
    if (url.pathname === "/session") {
      const users = server.users.map(({ key, fullname, userId }) => ({ key, fullname, userId }));
      return http200(
        res,
        "application/json",
        JSON.stringify({ user: { key: user.key, fullname: user.fullname, userId: user.userId }, users }),
      );
    }
    const library = platformLibraries[url.pathname];
    if (library) return http200(res, "text/javascript; charset=utf-8", fs.readFileSync(library));
    const font = /^\/platform\/fonts\/([a-z0-9-]+\.woff2?)$/.exec(url.pathname)?.[1];
    if (font && fs.existsSync(path.join(iconFontsDir, font)))
      return http200(res, "font/woff", fs.readFileSync(path.join(iconFontsDir, font)));
    const control = controls.find((c) => url.pathname === `/controls/${c.name}/bundle.js`);
    if (control) return http200(res, "text/javascript; charset=utf-8", fs.readFileSync(control.bundle));
    const strings = controls.find((c) => url.pathname === `/controls/${c.name}/strings.json`);
    if (strings) return http200(res, "application/json", JSON.stringify(strings.strings));
    if (url.pathname === "/host.js") return http200(res, "text/javascript; charset=utf-8", script);
    if (url.pathname === "/" || url.pathname === "/index.html") {
      return http200(res, "text/html; charset=utf-8", hostPageHtml(CONTROL_NAMES));
    }
    if (url.pathname === "/favicon.ico") return void res.writeHead(204).end();
    res.writeHead(404, { "Content-Type": "text/plain" }).end(`Not found: ${url.pathname}`);
  });

  await new Promise<void>((resolve, reject) => {
    host.once("error", reject);
    host.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = host.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    server,
    async close() {
      await new Promise<void>((resolve) => {
        host.close(() => resolve());
        host.closeAllConnections();
      });
      if (!options.server) await server.close();
    },
  };
}
