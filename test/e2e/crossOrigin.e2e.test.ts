/**
 * Issue 11 #3: the host page and the local server can't be driven from another origin. A real headless Chromium,
 * signed in to the host page, visits a page served from a second local origin that tries fetch, <img>, form
 * POSTs and an iframe against the host page and the server; nothing is read and nothing is written.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { AppProfile } from "../../schema";
import { startHost } from "../../host/server";
import { rawRequest } from "../hostile/http";
import { startE2E, type E2E } from "./hostHarness";

const MARKER = "cross_origin_attack";

interface Attempt {
  readonly name: string;
  readonly outcome: string;
}

/** The attacker's page: empty; the attacks run in it through page.evaluate, exactly as its own script would. */
function startAttackerOrigin(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>Attacker</title><body></body>");
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

let e2e: E2E;
let attacker: { url: string; close(): Promise<void> };

beforeAll(async () => {
  e2e = await startE2E();
  attacker = await startAttackerOrigin();
});
afterAll(async () => {
  await attacker.close();
  await e2e.stop();
});

async function profilesNamed(name: string): Promise<number> {
  const rows = await e2e.api().retrieveMultiple({
    collection: AppProfile.entitySetName,
    select: ["apm_name"],
    filter: `apm_uniquename eq '${name}'`,
  });
  return rows.value.length;
}

/** The attacker's origin: same site as the host page (cookies with SameSite=Strict still go along) or not. */
const attackerOrigin = (which: "same-site" | "cross-site") =>
  which === "same-site" ? attacker.url : attacker.url.replace("127.0.0.1", "localhost");

describe.each([
  ["a second origin on the same site (127.0.0.1, another port)", "same-site"],
  ["another site (localhost)", "cross-site"],
] as const)("from %s", (_label, which) => {
  it("reads nothing and writes nothing on the host page or the server", async () => {
    const origin = attackerOrigin(which);
    // The victim is signed in: the page set its session cookie in this browser context.
    const { context, page } = await e2e.open("admin");
    await page
      .getByRole("menuitem", { name: /New profile/i })
      .first()
      .waitFor();
    const cookies = await context.cookies(e2e.host.url);
    expect(cookies.find((c) => c.name === "apm_session")).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    await page.goto(`${origin}/`);
    const attempts: Attempt[] = await page.evaluate(
      async ({ host, server, marker }) => {
        const results: { name: string; outcome: string }[] = [];
        const body = JSON.stringify({ apm_name: "Attack", apm_uniquename: marker, apm_app: 100000000 });
        const tryFetch = async (name: string, url: string, init: RequestInit) => {
          try {
            const response = await fetch(url, { credentials: "include", ...init });
            const text = response.type === "opaque" ? "" : await response.text();
            results.push({
              name,
              outcome: response.type === "opaque" ? "opaque" : `read ${response.status} ${text.slice(0, 80)}`,
            });
          } catch {
            results.push({ name, outcome: "blocked" });
          }
        };
        const api = `${host}/api/data/v9.2/`;
        await tryFetch("cors GET host", `${api}apm_appprofiles?$select=apm_name`, {});
        await tryFetch("cors GET host session", `${host}/session`, {});
        await tryFetch("cors GET server", `${server}/api/data/v9.2/apm_appprofiles`, {});
        await tryFetch("cors POST host", `${api}apm_appprofiles`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body,
        });
        await tryFetch("no-cors POST host", `${api}apm_appprofiles`, {
          method: "POST",
          mode: "no-cors",
          headers: { "Content-Type": "text/plain" },
          body,
        });
        await tryFetch("no-cors POST host $batch", `${api}$batch`, {
          method: "POST",
          mode: "no-cors",
          headers: { "Content-Type": "text/plain" },
          body:
            "--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            `POST ${api}apm_appprofiles HTTP/1.1\r\nContent-Type: application/json\r\n\r\n${body}\r\n--b--\r\n`,
        });
        await tryFetch("no-cors POST host session switch", `${host}/session?user=sysadmin`, {
          method: "POST",
          mode: "no-cors",
        });
        const image = (name: string, src: string) =>
          new Promise<void>((resolve) => {
            const img = new Image();
            img.onload = () => (results.push({ name, outcome: "loaded" }), resolve());
            img.onerror = () => (results.push({ name, outcome: "blocked" }), resolve());
            img.src = src;
          });
        await image("img host constructor", `${api}constructor`);
        await image("img server constructor", `${server}/api/data/v9.2/constructor`);
        const form = (name: string, action: string, enctype: string, fields: Record<string, string>) =>
          new Promise<void>((resolve) => {
            const frame = document.createElement("iframe");
            frame.name = `f${results.length}`;
            document.body.append(frame);
            const f = document.createElement("form");
            f.method = "POST";
            f.action = action;
            f.enctype = enctype;
            f.target = frame.name;
            for (const [k, v] of Object.entries(fields)) {
              const input = document.createElement("input");
              input.name = k;
              input.value = v;
              f.append(input);
            }
            document.body.append(f);
            const done = () => (results.push({ name, outcome: "submitted" }), resolve());
            frame.onload = done;
            setTimeout(done, 3000);
            f.submit();
          });
        // The classic JSON CSRF: a text/plain form whose body parses as JSON.
        await form("form POST host json", `${api}apm_appprofiles`, "text/plain", {
          [`{"apm_name":"Attack","apm_uniquename":"${marker}","apm_app":100000000,"x":"`]: '"}',
        });
        await form("form POST server json", `${server}/api/data/v9.2/apm_appprofiles`, "text/plain", {
          [`{"apm_name":"Attack","apm_uniquename":"${marker}","apm_app":100000000,"x":"`]: '"}',
        });
        await form("form POST host session", `${host}/session?user=sysadmin`, "application/x-www-form-urlencoded", {});
        return results;
      },
      { host: e2e.host.url, server: e2e.host.server.url, marker: MARKER },
    );

    const byName = new Map(attempts.map((a) => [a.name, a.outcome]));
    for (const name of ["cors GET host", "cors GET host session", "cors GET server", "cors POST host"])
      expect([name, byName.get(name)]).toEqual([name, "blocked"]);
    // Opaque and image answers can't be read; what matters is that none of them changed anything.
    expect(byName.get("img host constructor")).toBe("blocked");
    expect(byName.get("img server constructor")).toBe("blocked");
    expect(await profilesNamed(MARKER)).toBe(0);

    // The victim's session is still the admin's (no forged switch), and both servers still answer.
    await page.goto(e2e.host.url);
    await page
      .getByRole("menuitem", { name: /New profile/i })
      .first()
      .waitFor();
    await expect(page.locator("#user-switcher").inputValue()).resolves.toBe("admin");
    await context.close();
  });
});

describe("the host page over HTTP", () => {
  const api = () => `/api/data/v9.2/${AppProfile.entitySetName}?$select=apm_name`;

  it("gives no API access without its session cookie, and a session only from the page itself", async () => {
    const anonymous = await rawRequest(e2e.host.url, { path: api() });
    expect(anonymous.status).toBe(401);
    const page = await rawRequest(e2e.host.url, { path: "/" });
    const cookie = String(page.headers["set-cookie"]);
    expect(cookie).toMatch(/^apm_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const signedIn = await rawRequest(e2e.host.url, { path: api(), headers: { Cookie: cookie.split(";")[0] } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers["access-control-allow-origin"]).toBeUndefined();
    const forged = await rawRequest(e2e.host.url, { path: api(), headers: { Cookie: "apm_user=admin" } });
    expect(forged.status).toBe(401);
  });

  it("refuses writes without the page's own Origin, and any request another origin sends", async () => {
    const { Cookie } = e2e.pageHeaders("admin");
    const write = (headers: Record<string, string>) =>
      rawRequest(e2e.host.url, {
        method: "POST",
        path: `/api/data/v9.2/${AppProfile.entitySetName}`,
        headers: { Cookie, "Content-Type": "application/json", ...headers },
        body: JSON.stringify({ apm_name: "Attack", apm_uniquename: MARKER, apm_app: 100000000 }),
      });
    expect((await write({})).status).toBe(403);
    expect((await write({ Origin: "http://evil.example" })).status).toBe(403);
    expect((await write({ Origin: e2e.host.url, "Sec-Fetch-Site": "same-site" })).status).toBe(403);
    const read = await rawRequest(e2e.host.url, { path: api(), headers: { Cookie, "Sec-Fetch-Site": "cross-site" } });
    expect(read.status).toBe(403);
    const preflight = await rawRequest(e2e.host.url, {
      method: "OPTIONS",
      path: api(),
      headers: { Origin: "http://evil.example", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    expect(await profilesNamed(MARKER)).toBe(0);
  });

  it.each(["evil.example", "evil.example:8080", "attacker.127.0.0.1.nip.io"])(
    "refuses Host: %s (DNS rebinding)",
    async (host) => {
      const answer = await rawRequest(e2e.host.url, { path: api(), headers: { Host: host, ...e2e.pageHeaders() } });
      expect(answer.status).toBe(400);
      expect((await rawRequest(e2e.host.url, { path: "/", headers: { Host: host } })).status).toBe(400);
    },
  );

  it("strips Access-Control headers from the upstream's answers and forbids framing", async () => {
    // An upstream that grants every origin, as the server did before: the page must not pass the grant on.
    const upstream = http.createServer((_req, res) =>
      res
        .writeHead(200, {
          "Content-Type": "application/json",
          "Access-Control-Allow-Origin": "*",
          "Access-Control-Allow-Credentials": "true",
        })
        .end('{"value":[]}'),
    );
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", () => resolve()));
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const host = await startHost({
      dataDir: e2e.host.server.tokensFile,
      server: { ...e2e.host.server, url, apiUrl: `${url}/api/data/v9.2/` },
    });
    try {
      const answer = await rawRequest(host.url, {
        path: api(),
        headers: { Cookie: `apm_session=${host.createSession()}`, Origin: host.url },
      });
      expect(answer.text).toBe('{"value":[]}');
      expect(Object.keys(answer.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);
    } finally {
      await host.close();
      await new Promise((resolve) => upstream.close(resolve));
    }
    const page = await rawRequest(e2e.host.url, { path: "/" });
    expect(page.headers["content-security-policy"]).toBe("frame-ancestors 'none'");
    expect(page.headers["x-frame-options"]).toBe("DENY");
  });
});
