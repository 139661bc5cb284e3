/** Issue 11, the local server: each defect found by the hostile review, as a test that failed before its fix. */
import fs from "node:fs";
import path from "node:path";
import { AdministratorRole, AppChoice, AppProfile } from "../../schema";
import { json } from "../../server/webapi/types";
import { startHarness, tempDataDir, type Harness } from "../integration/harness";
import { dataverseError, rawRequest, slowClient, stackTrace } from "./http";

const set = AppProfile.entitySetName;
const prototypeNames = [...Object.getOwnPropertyNames(Object.prototype), "__proto__"];

async function countProfiles(h: Harness, uniqueName: string): Promise<number> {
  const answer = await h.raw(`${set}?$select=apm_name&$filter=apm_uniquename eq '${uniqueName}'`);
  return ((await answer.json()) as { value: unknown[] }).value.length;
}

describe("defect 1: no request ends the process", () => {
  const logged: string[] = [];
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      log: (line) => logged.push(line),
      functions: new Map([
        ["hostile_Throws", async () => Promise.reject(new TypeError("boom from a handler"))],
        ["hostile_BadStatus", async () => ({}) as never],
        ["hostile_BadHeader", async () => json(200, {}, { "X-Bad": "line\r\nbreak" })],
      ]),
    });
  });
  afterAll(() => h.stop());

  it.each(prototypeNames)("answers GET /%s from a user with no role with a 4xx, and keeps serving", async (name) => {
    const answer = await h.raw(encodeURIComponent(name), { user: "norole" });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(await h.raw("WhoAmI", { user: "norole" }).then((r) => r.status)).toBe(200);
  });

  it.each(prototypeNames)("answers POST /%s with a 4xx", async (name) => {
    const answer = await h.raw(encodeURIComponent(name), {
      user: "norole",
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  });

  it.each(["hostile_Throws", "hostile_BadStatus", "hostile_BadHeader"])(
    "turns an unexpected failure in %s into a 500 in Dataverse's shape with a request id, logged, and serves the next request",
    async (name) => {
      logged.length = 0;
      const answer = await rawRequest(h.server.url, {
        method: "POST",
        path: `/api/data/v9.2/${name}`,
        headers: { Authorization: `Bearer ${h.token("admin")}`, Host: new URL(h.server.url).host },
      });
      expect(answer.status).toBe(500);
      expect(dataverseError(answer)?.code).toBe("0x80040216");
      expect(answer.text).not.toMatch(stackTrace);
      const requestId = answer.headers["x-ms-service-request-id"] as string;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(logged.some((line) => line.includes(`[${requestId}]`))).toBe(true);
      expect((await h.raw("WhoAmI")).status).toBe(200);
    },
  );
});

async function* chunks(parts: (string | Error)[]): AsyncIterable<Buffer> {
  for (const part of parts) {
    if (part instanceof Error) throw part;
    yield Buffer.from(part);
  }
}

describe("streamed answers (a $batch response)", () => {
  let h: Harness;
  const logged: string[] = [];
  beforeAll(async () => {
    h = await startHarness({
      log: (line) => logged.push(line),
      functions: new Map([
        ["hostile_Streamed", async () => ({ status: 200, headers: {}, stream: chunks(["a", "b"]) }) as never],
        [
          "hostile_StreamFails",
          async () => ({ status: 200, headers: {}, stream: chunks(["a", new Error("cut")]) }) as never,
        ],
      ]),
    });
  });
  afterAll(() => h.stop());

  it("sends a streamed body as it comes", async () => {
    const answer = await h.raw("hostile_Streamed", { method: "POST" });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("ab");
  });

  it("cuts the body short when the stream fails half way, logs it, and keeps serving", async () => {
    const answer = await h.raw("hostile_StreamFails", { method: "POST" });
    await expect(answer.text()).rejects.toThrow();
    expect(logged.some((line) => line.includes("cut"))).toBe(true);
    expect((await h.raw("WhoAmI")).status).toBe(200);
  });
});

describe("defect 7: 400, not 500 or a silent drop", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());
  const post = (body: string | Blob) =>
    h.raw(set, { method: "POST", headers: { "Content-Type": "application/json" }, body });
  const profile = (uniqueName: string) => ({
    apm_name: "Hostile",
    apm_uniquename: uniqueName,
    apm_app: AppChoice.CustomerServiceWorkspace.value,
  });

  it.each(prototypeNames)("refuses a body key named %s with 0x80048d19 and stores nothing", async (name) => {
    const uniqueName = `hostile_proto_${name.replace(/_/g, "")}`;
    const text = `{${JSON.stringify(profile(uniqueName)).slice(1, -1)},${JSON.stringify(name)}:{"a":1}}`;
    const answer = await post(text);
    expect(answer.status).toBe(400);
    expect((await answer.json()).error.code).toBe("0x80048d19");
    expect(await countProfiles(h, uniqueName)).toBe(0);
  });

  it("refuses a prototype-named key nested inside a value", async () => {
    const answer = await post(JSON.stringify({ ...profile("hostile_nested"), apm_name: { toString: "x" } }));
    expect(answer.status).toBe(400);
    expect(await countProfiles(h, "hostile_nested")).toBe(0);
  });

  it("refuses duplicate keys (the last one would silently win)", async () => {
    const text = `{"apm_name":"A","apm_name":"B","apm_uniquename":"hostile_dup","apm_app":${AppChoice.CustomerServiceWorkspace.value}}`;
    const answer = await post(text);
    expect(answer.status).toBe(400);
    expect((await answer.json()).error.message).toMatch(/Duplicate property named 'apm_name'/);
    expect(await countProfiles(h, "hostile_dup")).toBe(0);
  });

  it.each([64, 10_000, 1_000_000])("refuses JSON nested %i deep with 400", async (depth) => {
    const answer = await post(`{"apm_name":${"[".repeat(depth)}${"]".repeat(depth)}}`);
    expect(answer.status).toBe(400);
    expect((await answer.json()).error.message).toMatch(/nests objects and arrays more than/);
  });

  it("refuses invalid UTF-8 instead of storing U+FFFD", async () => {
    const text = JSON.stringify(profile("hostile_utf8")).replace('"Hostile"', '"Hostile \u0001"');
    const bytes = Buffer.from(text, "utf8");
    bytes[bytes.indexOf(0x01)] = 0xff; // a byte that is never UTF-8
    const answer = await post(new Blob([bytes]));
    expect(answer.status).toBe(400);
    expect((await answer.json()).error.message).toMatch(/not valid UTF-8/);
    expect(await countProfiles(h, "hostile_utf8")).toBe(0);
  });

  it("refuses a query string with broken percent-encoding instead of reading it as U+FFFD", async () => {
    const answer = await h.raw(`${set}?$select=apm_name&$filter=apm_name eq '%E0%A4%A'`);
    expect(answer.status).toBe(400);
    expect((await answer.json()).error.message).toMatch(/not valid percent-encoding/);
  });

  it.each(["constructor", "__proto__", "toString"])(
    "reads a key property named %s as an unknown key name, not an Object.prototype member",
    async (name) => {
      const answer = await h.raw(`${set}(${name}='x')`);
      expect(answer.status).toBe(400);
      expect((await answer.json()).error.message).toMatch(/The key in the request URI is not valid/);
    },
  );

  it.each([20_000, 32_000])("serves a GET URL of %i characters, as Dataverse serves up to 32 KB", async (length) => {
    const prefix = `${set}?$select=apm_name&$filter=apm_name eq '`;
    const padding = "x".repeat(length - prefix.length - 20 - new URL(h.server.apiUrl).pathname.length);
    const answer = await h.raw(`${prefix}${padding}'`);
    expect(answer.status).toBe(200);
    expect((await answer.json()).value).toEqual([]);
  });

  it.each([40_000, 100_000])(
    "answers a %i-character URL with 414 in Dataverse's shape, not Node's bare 431",
    async (length) => {
      const answer = await h.raw(`${set}?$filter=${"x".repeat(length)}`);
      expect(answer.status).toBe(414);
      expect((await answer.json()).error.message).toMatch(/32768 characters/);
      expect((await h.raw("WhoAmI")).status).toBe(200);
    },
  );
});

describe("defect 8: slow clients don't keep sockets", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ connections: { headersMs: 500, requestMs: 1000, keepAliveMs: 500, maxConnections: 8 } });
  });
  afterAll(() => h.stop());

  it("closes a connection whose headers don't arrive in time", async () => {
    const { closedAfterMs } = await slowClient(h.server.url, "GET /api/data/v9.2/WhoAmI HTTP/1.1\r\nHost: x\r\n", 5000);
    expect(closedAfterMs).toBeDefined();
    expect(closedAfterMs!).toBeLessThan(3000);
  });

  it("closes a connection whose body doesn't arrive in time", async () => {
    const head =
      `POST /api/data/v9.2/${set} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${h.token("admin")}\r\n` +
      "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{";
    const { closedAfterMs } = await slowClient(h.server.url, head, 6000);
    expect(closedAfterMs).toBeDefined();
    expect(closedAfterMs!).toBeLessThan(4000);
  });

  it("closes an idle keep-alive connection and says when", async () => {
    const request = `GET /api/data/v9.2/WhoAmI HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${h.token("admin")}\r\n\r\n`;
    const { closedAfterMs, received } = await slowClient(h.server.url, request, 5000);
    expect(received).toMatch(/^HTTP\/1.1 200/);
    expect(received).toMatch(/Keep-Alive: timeout=\d+/i);
    expect(closedAfterMs!).toBeLessThan(3000);
  });

  it("caps open connections", async () => {
    const held = Array.from({ length: 20 }, () => slowClient(h.server.url, "", 1500));
    const results = await Promise.all(held);
    const closedEarly = results.filter((r) => r.closedAfterMs !== undefined && r.closedAfterMs < 1000);
    expect(closedEarly.length).toBeGreaterThanOrEqual(20 - 8);
    expect((await h.raw("WhoAmI")).status).toBe(200);
  });
});

describe("defect 9: roles and file modes", () => {
  it("applies a role granted or removed at once, without a restart", async () => {
    const h = await startHarness();
    try {
      const create = () =>
        h.raw(set, {
          user: "agent",
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            apm_name: "Granted",
            apm_uniquename: `hostile_role_${Date.now()}`,
            apm_app: AppChoice.CustomerServiceWorkspace.value,
          }),
        });
      expect((await create()).status).toBe(403);
      const db = h.server.api.dbs.writer;
      db.prepare("INSERT INTO systemuserroles (systemuserid, roleid) VALUES (?, ?)").run(
        h.userId("agent"),
        AdministratorRole.id,
      );
      expect((await create()).status).toBe(204);
      db.prepare("DELETE FROM systemuserroles WHERE systemuserid = ? AND roleid = ?").run(
        h.userId("agent"),
        AdministratorRole.id,
      );
      expect((await create()).status).toBe(403);
    } finally {
      await h.stop();
    }
  });

  it("keeps the data folder 0700 and the SQLite file 0600, tightening an existing folder", async () => {
    const dataDir = path.join(tempDataDir(), "data");
    fs.mkdirSync(dataDir, { mode: 0o755 });
    const h = await startHarness({ dataDir });
    try {
      expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
      for (const file of ["dataverse.sqlite", "dataverse.sqlite-wal", "tokens.json"])
        expect(fs.statSync(path.join(dataDir, file)).mode & 0o077).toBe(0);
    } finally {
      await h.stop();
    }
  });
});

describe("defect 3 (server side): CORS and Host", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ corsOrigins: ["http://localhost:3000"] });
  });
  afterAll(() => h.stop());
  const preflight = (origin: string) =>
    fetch(`${h.server.apiUrl}${set}`, {
      method: "OPTIONS",
      headers: { Origin: origin, "Access-Control-Request-Method": "PATCH" },
    });

  it("grants CORS to an origin named with --cors-origin", async () => {
    const answer = await preflight("http://localhost:3000");
    expect(answer.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(answer.headers.get("access-control-allow-headers")).toMatch(/If-Match/);
  });

  it.each(["http://evil.example", "http://localhost:3001", "null"])("grants nothing to %s", async (origin) => {
    const answer = await preflight(origin);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    const read = await h.raw("WhoAmI", { headers: { Origin: origin } });
    expect(read.headers.get("access-control-allow-origin")).toBeNull();
  });

  it.each(["evil.example", "evil.example:5555", "127.0.0.1.nip.io"])(
    "refuses Host: %s (DNS rebinding) in Dataverse's shape",
    async (host) => {
      const answer = await rawRequest(h.server.url, {
        path: "/api/data/v9.2/WhoAmI",
        headers: { Host: host, Authorization: `Bearer ${h.token("admin")}` },
      });
      expect(answer.status).toBe(400);
      expect(dataverseError(answer)?.message).toMatch(/Host header/);
    },
  );

  it.each(["localhost", `127.0.0.1:1`, "[::1]:8080"])("accepts Host: %s", async (host) => {
    const answer = await rawRequest(h.server.url, {
      path: "/api/data/v9.2/WhoAmI",
      headers: { Host: host, Authorization: `Bearer ${h.token("admin")}` },
    });
    expect(answer.status).toBe(200);
  });
});
