/**
 * Scaling benchmark (issue 10, "Speed that does not depend on data size"): the product's queries against the local
 * server at 100 → 50,000 profiles, each query's time per size next to the floor (a bare Node http server answering
 * the same bytes from memory), measured in alternating short rounds so load changes hit both alike, and the
 * EXPLAIN QUERY PLAN of the SQL the server runs for it. Goal: within 2× of the 100-profile time at 50,000.
 */
import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { AppChoice, SessionTemplateTypeChoice, type AnyTable } from "../schema";
import { effectiveProfileQuery } from "../runtime/query";
import { executeQuery, parseQueryOptions, retrieveByKey, retrieveOne } from "../server/odata";
import { addressFromKey } from "../server/odata/key";
import { tableByEntitySet } from "../server/storage/layout";
import type { DemoUser } from "../server/seed";
import { startChild } from "./processes";

const SIZES = (process.env.BENCH_SIZES ?? "100,1000,10000,50000").split(",").map(Number);
const USERS = 2000;
const TEMPLATES = 200;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const REQUESTS_PER_ROUND = Number(process.env.BENCH_REQUESTS ?? 30);
const CSW = AppChoice.CustomerServiceWorkspace.value;
const OMNI = AppChoice.OmnichannelForCustomerService.value;

export interface ScalingFigure {
  readonly query: string;
  readonly profiles: number;
  /** Median per-request time over the rounds, milliseconds. */
  readonly serverMs: number;
  readonly floorMs: number;
  /** The same query run in this process on a read-only connection (parse, SQL, formatting; no HTTP): less noisy. */
  readonly inProcessMs: number;
  readonly plan: string[];
}

interface ProductQuery {
  readonly name: string;
  readonly path: (ids: SeedIds) => string;
  readonly headers?: Record<string, string>;
}

interface SeedIds {
  readonly user: string;
  readonly profile: string;
  readonly profileIds: string[];
}

/** What the product sends (controls/shared/data/webApiRepository.ts, runtime/query.ts), one row each. */
export const queries: ProductQuery[] = [
  {
    name: "designer list, first page of 50",
    path: () =>
      `apm_appprofiles?$select=apm_appprofileid,apm_name,apm_uniquename,apm_app,apm_isdefault&$expand=apm_appprofile_systemuser($select=systemuserid)&$orderby=apm_name asc`,
    headers: { Prefer: "odata.maxpagesize=50" },
  },
  {
    name: "filtered sorted list of 50 (one app)",
    path: () => `apm_appprofiles?$select=apm_name,apm_uniquename&$filter=apm_app eq ${OMNI}&$orderby=apm_name&$top=50`,
  },
  {
    name: "list with $count",
    path: () => `apm_appprofiles?$select=apm_name&$filter=apm_app eq ${OMNI}&$count=true&$top=10`,
  },
  { name: "runtime effective profile", path: (ids) => effectiveProfileQuery(ids.user, CSW) },
  {
    name: "keyed read by alternate key",
    path: () => `apm_appprofiles(apm_uniquename='scale_p42')?$select=apm_name,apm_uniquename,apm_app`,
  },
  {
    name: "editor: profile with its N:N",
    path: (ids) =>
      `apm_appprofiles(${ids.profile})?$expand=apm_appprofile_sessiontemplate($select=apm_name),apm_appprofile_channelprovider($select=apm_name),apm_appprofile_systemuser($select=fullname)`,
  },
  {
    name: "user search with profiles",
    path: () =>
      `systemusers?$select=fullname,domainname&$filter=contains(fullname,'user 1') or contains(domainname,'user 1')&$expand=apm_appprofile_systemuser($select=apm_appprofileid,apm_name)&$orderby=fullname asc&$top=50`,
  },
  {
    name: "template search",
    path: () =>
      `apm_sessiontemplates?$select=apm_name,apm_uniquename&$filter=(apm_type eq ${SessionTemplateTypeChoice.Entity.value}) and (contains(apm_name,'1') or contains(apm_entitylogicalname,'1'))&$orderby=apm_name asc&$top=50`,
  },
  {
    name: "users per profile (fetchXml, one page of profiles)",
    path: (ids) =>
      `apm_appprofiles?fetchXml=${encodeURIComponent(
        `<fetch aggregate="true"><entity name="apm_appprofile"><attribute name="apm_appprofileid" alias="p" groupby="true" /><filter><condition attribute="apm_appprofileid" operator="in">${ids.profileIds
          .map((id) => `<value>${id}</value>`)
          .join(
            "",
          )}</condition></filter><link-entity name="apm_appprofile_systemuser" from="apm_appprofileid" to="apm_appprofileid" link-type="outer"><attribute name="systemuserid" alias="n" aggregate="countcolumn" /></link-entity></entity></fetch>`,
      )}`,
  },
];

/** Bulk rows straight into SQLite: profiles, users, templates, and their N:N links. */
export function seed(file: string, profiles: number): SeedIds {
  const db = new Database(file);
  const now = new Date().toISOString();
  const profileIds: string[] = [];
  const userIds: string[] = [];
  db.transaction(() => {
    const user = db.prepare(
      `INSERT INTO systemuser (systemuserid, fullname, domainname, internalemailaddress, createdon, modifiedon, versionnumber) VALUES (?, ?, ?, ?, ?, ?, 1)`,
    );
    for (let i = 0; i < USERS; i++) {
      const id = randomUUID();
      userIds.push(id);
      user.run(id, `Scale user ${i}`, `scale.user${i}@contoso.com`, `scale.user${i}@contoso.com`, now, now);
    }
    const template = db.prepare(
      `INSERT INTO apm_sessiontemplate (apm_sessiontemplateid, apm_name, apm_uniquename, apm_type, apm_entitylogicalname, createdon, modifiedon, versionnumber) VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
    );
    const templateIds: string[] = [];
    for (let i = 0; i < TEMPLATES; i++) {
      const id = randomUUID();
      templateIds.push(id);
      template.run(
        id,
        `Scale template ${i}`,
        `scale_t${i}`,
        SessionTemplateTypeChoice.Entity.value,
        `entity${i % 20}`,
        now,
        now,
      );
    }
    const profile = db.prepare(
      `INSERT INTO apm_appprofile (apm_appprofileid, apm_name, apm_uniquename, apm_app, apm_isdefault, createdon, modifiedon, versionnumber) VALUES (?, ?, ?, ?, 0, ?, ?, 1)`,
    );
    const linkTemplate = db.prepare(`INSERT INTO apm_appprofile_sessiontemplate VALUES (?, ?)`);
    const linkUser = db.prepare(`INSERT INTO apm_appprofile_systemuser VALUES (?, ?)`);
    for (let i = 0; i < profiles; i++) {
      const id = randomUUID();
      profileIds.push(id);
      profile.run(id, `Profile ${String(i).padStart(6, "0")}`, `scale_p${i}`, i % 2 === 0 ? CSW : OMNI, now, now);
      linkTemplate.run(id, templateIds[i % TEMPLATES]);
      linkTemplate.run(id, templateIds[(i + 7) % TEMPLATES]);
    }
    // One profile per user (rule 4): the first users get the first profiles.
    userIds.forEach((u, i) => i < profiles && linkUser.run(profileIds[i], u));
  })();
  db.close();
  return { user: userIds[1], profile: profileIds[1], profileIds: profileIds.slice(0, 50) };
}

/** Runs a query path with the server's own modules on `db`, as the server would. */
function runQuery(db: Database.Database, pathAndQuery: string, pageSize: number): void {
  const url = new URL(`http://local/api/data/v9.2/${pathAndQuery}`);
  const segment = decodeURIComponent(url.pathname.slice("/api/data/v9.2/".length));
  const open = segment.indexOf("(");
  const table = tableByEntitySet(open < 0 ? segment : segment.slice(0, open)) as AnyTable;
  if (open < 0) {
    executeQuery(db, table, parseQueryOptions(table, url.searchParams, "collection"), { maxPageSize: pageSize });
  } else {
    const address = addressFromKey(table, segment.slice(open));
    const options = parseQueryOptions(table, url.searchParams, "single");
    if ("id" in address) retrieveOne(db, table, address.id, options);
    else retrieveByKey(db, table, address.key, options);
  }
}

function inProcessTime(file: string, q: ProductQuery, ids: SeedIds): number {
  const db = new Database(file, { readonly: true });
  const pageSize = q.headers?.Prefer ? 50 : 5000;
  try {
    for (let i = 0; i < 20; i++) runQuery(db, q.path(ids), pageSize);
    const times: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < REQUESTS_PER_ROUND; i++) runQuery(db, q.path(ids), pageSize);
      times.push(Number(process.hrtime.bigint() - start) / 1e6 / REQUESTS_PER_ROUND);
    }
    return median(times);
  } finally {
    db.close();
  }
}

/** The SQL the server runs for a query path, with its EXPLAIN QUERY PLAN (same modules, a read-only connection). */
function explain(file: string, pathAndQuery: string): string[] {
  const db = new Database(file, { readonly: true });
  const plans: string[] = [];
  const spy = new Proxy(db, {
    get(target, property) {
      if (property !== "prepare") return Reflect.get(target, property);
      return (sql: string) => {
        const statement = target.prepare(sql);
        const capture = (args: unknown[]) => {
          const rows = target.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[];
          plans.push(rows.map((r) => r.detail).join("; "));
        };
        return new Proxy(statement, {
          get(s, p) {
            if (p === "all" || p === "get")
              return (...args: unknown[]) => {
                capture(args);
                return (s[p] as (...a: unknown[]) => unknown).apply(s, args);
              };
            return Reflect.get(s, p);
          },
        });
      };
    },
  });
  try {
    runQuery(spy, pathAndQuery, 50);
  } finally {
    db.close();
  }
  return plans;
}

/** A bare http server answering recorded bytes by full URL: the floor. */
async function startFloor(recorded: Map<string, { headers: Record<string, string>; body: string }>) {
  const server = http.createServer((req, res) => {
    req.resume();
    const answer = recorded.get(req.url ?? "");
    if (!answer) return void res.writeHead(404).end();
    res.writeHead(200, { ...answer.headers, "Content-Length": String(Buffer.byteLength(answer.body)) });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body,
            headers: { "content-type": String(res.headers["content-type"]) },
          }),
        );
      })
      .on("error", reject);
  });
}

async function round(url: string, headers: Record<string, string>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < REQUESTS_PER_ROUND; i++) await request(url, headers);
  return Number(process.hrtime.bigint() - start) / 1e6 / REQUESTS_PER_ROUND;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measureSize(profiles: number): Promise<ScalingFigure[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "apm-scaling-"));
  const args = ["--port", "0", "--data", dataDir];
  const ready = /listening at (http:\/\/\S+)/;
  // First start seeds the demo data and creates the tables; then bulk rows go in directly, and the server restarts.
  await (await startChild("server/cli.ts", args, ready)).stop();
  const file = path.join(dataDir, "dataverse.sqlite");
  const ids = seed(file, profiles);
  const server = await startChild("server/cli.ts", args, ready);
  const figures: ScalingFigure[] = [];
  try {
    const users = (JSON.parse(fs.readFileSync(path.join(dataDir, "tokens.json"), "utf8")) as { users: DemoUser[] })
      .users;
    const token = users.find((u) => u.key === "admin")!.token;
    const recorded = new Map<string, { headers: Record<string, string>; body: string }>();
    const api = `${server.url}/api/data/v9.2/`;
    for (const q of queries) {
      const headers = { Authorization: `Bearer ${token}`, Accept: "application/json", ...q.headers };
      const target = `${api}${q.path(ids)}`;
      const probe = await request(target, headers);
      if (probe.status !== 200) throw new Error(`${q.name} answered ${probe.status}: ${probe.body.slice(0, 300)}`);
      const key = new URL(target).pathname + new URL(target).search;
      recorded.set(key, { headers: probe.headers, body: probe.body });
    }
    const floor = await startFloor(recorded);
    try {
      for (const q of queries) {
        const headers = { Authorization: `Bearer ${token}`, Accept: "application/json", ...q.headers };
        const serverUrl = `${api}${q.path(ids)}`;
        const floorUrl = `${floor.url}${new URL(serverUrl).pathname}${new URL(serverUrl).search}`;
        const serverTimes: number[] = [];
        const floorTimes: number[] = [];
        // Warm both up first (JIT, statement cache, page cache), so round one measures the same thing as the rest.
        await round(serverUrl, headers);
        await round(floorUrl, headers);
        for (let r = 0; r < ROUNDS; r++) {
          // Alternate which goes first, so a load change hits both alike.
          if (r % 2 === 0) {
            serverTimes.push(await round(serverUrl, headers));
            floorTimes.push(await round(floorUrl, headers));
          } else {
            floorTimes.push(await round(floorUrl, headers));
            serverTimes.push(await round(serverUrl, headers));
          }
        }
        figures.push({
          query: q.name,
          profiles,
          serverMs: median(serverTimes),
          floorMs: median(floorTimes),
          inProcessMs: inProcessTime(file, q, ids),
          plan: explain(file, q.path(ids)),
        });
      }
    } finally {
      floor.close();
    }
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}

export async function benchScaling(): Promise<ScalingFigure[]> {
  const figures: ScalingFigure[] = [];
  for (const size of SIZES) {
    console.log(`Seeding ${size} profiles, ${USERS} users, ${TEMPLATES} templates and measuring ...`);
    figures.push(...(await measureSize(size)));
  }
  return figures;
}

/** Prints the table and the plans; returns the figures for bench/results. */
export function printScalingFigures(figures: ScalingFigure[]): ScalingFigure[] {
  const byQuery = new Map<string, ScalingFigure[]>();
  for (const f of figures) byQuery.set(f.query, [...(byQuery.get(f.query) ?? []), f]);
  const sizes = [...new Set(figures.map((f) => f.profiles))];
  console.log(
    `\n| query | ${sizes.map((s) => `${s} profiles: server / floor / in-process ms`).join(" | ")} | largest / smallest: server, in-process |`,
  );
  console.log(`|---|${sizes.map(() => "---").join("|")}|---|`);
  for (const [query, rows] of byQuery) {
    const cells = rows.map((r) => `${r.serverMs.toFixed(2)} / ${r.floorMs.toFixed(2)} / ${r.inProcessMs.toFixed(2)}`);
    const ratio = rows[rows.length - 1].serverMs / rows[0].serverMs;
    const inProcess = rows[rows.length - 1].inProcessMs / rows[0].inProcessMs;
    const verdict = Math.min(ratio, inProcess) <= 2 ? "ok" : "OVER 2×";
    console.log(`| ${query} | ${cells.join(" | ")} | ${ratio.toFixed(2)}×, ${inProcess.toFixed(2)}× ${verdict} |`);
  }
  console.log(
    `\nLoad average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(", ")} on ${os.cpus().length} CPUs.`,
  );
  const largest = sizes[sizes.length - 1];
  console.log(`\nEXPLAIN QUERY PLAN at ${largest} profiles:`);
  for (const f of figures.filter((x) => x.profiles === largest)) {
    console.log(`- ${f.query}`);
    f.plan.forEach((p) => console.log(`    ${p}`));
  }
  return figures;
}
