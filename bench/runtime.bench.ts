/**
 * Runtime benchmark (issues 6 and 13): `resolveEffectiveProfile` end to end (fetch → local server in a child process
 * → SQLite → JSON → result) against the same data read with one raw SQL join in this process, on the same file.
 * Data: 1,000 profiles (each with a rank; 100 given to a team (half the teams), 20 to a role, one custom default per app), 10,000
 * users (30 % assigned, each in 1 or 2 of 200 teams, a third holding one of 20 roles; every 5th team holds a role),
 * 200 session templates (4 per profile), 30 providers (2 each). Counts the requests and bytes of every call.
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createWebApiTransport, effectiveProfileQuery, resolveEffectiveProfile, type Transport } from "../runtime";
import type { DemoUser } from "../server/seed";
import { startServer } from "../server/app";
import { ident } from "../server/storage/layout";
import { associate } from "../server/storage/rows";
import { ROOT_BUSINESS_UNIT_ID } from "../server/platform";
import { systemCaller } from "../server/users";
import type { WriteRequest } from "../server/pipeline";
import {
  AppChoice,
  AppProfile,
  AppProfileChannelProvider,
  AppProfileSessionTemplate,
  AppProfileRole,
  AppProfileSystemUser,
  AppProfileTeam,
  ChannelProvider,
  Role,
  SessionTemplate,
  SessionTemplateTypeChoice,
  SystemUser,
  SystemUserRoles,
  Team,
  TeamMembership,
  TeamRoles,
  type ManyToManyRelationship,
} from "../schema";
import { profileColumns, providerColumns, templateColumns } from "../runtime/query";
import { measureVariants, runtimeVariants, type VariantCall, type VariantFigures } from "./runtimeVariants";
import { startChild } from "./processes";

export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
}

export interface RuntimeFigures {
  readonly profiles: number;
  readonly users: number;
  readonly sessionTemplates: number;
  readonly setupSeconds: number;
  readonly teams: number;
  readonly roles: number;
  readonly calls: number;
  /** Share of calls that resolved to an assigned profile. */
  readonly directShare: number;
  /** Calls per reason (Direct, Team, Role, CustomDefault, Default). */
  readonly reasons: Readonly<Record<string, number>>;
  /** HTTP requests per call (always 1) and the answer's bytes. */
  readonly requestsPerCall: number;
  readonly bytes: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Issue 13's one-request shapes on the same calls (bench/runtimeVariants.ts): bytes and latency of each. */
  readonly variants: readonly VariantFigures[];
  /** The answer's budget for a typical profile (issue 13), and whether the runtime's p50 answer is within it. */
  readonly budgetBytes: number;
  readonly withinBudget: boolean;
  /** Milliseconds per call. */
  readonly runtime: Latency;
  readonly rawJoin: Latency;
  /** The same calls against a bare HTTP server answering a recorded response: fetch, JSON and mapping, no server work. */
  readonly httpFloor: Latency;
  readonly ratioP50: number;
  readonly ratioP99: number;
  /** One-minute load average and CPU count when the measurement ended: tails mean little on a busy machine. */
  readonly loadAverage: number;
  readonly cpus: number;
}

const PROFILES = 1000;
const USERS = 10_000;
const TEMPLATES = 200;
const PROVIDERS = 30;
const ASSIGNED_SHARE = 0.3;
const TEAMS = 200;
const ROLES = 20;
const TEAM_PROFILES = 100;
const ROLE_PROFILES = 20;

interface SeededData {
  readonly profiles: number;
  readonly sessionTemplates: number;
  readonly userIds: readonly string[];
}

const benchId = (kind: number, n: number) =>
  `be0c${kind.toString(16).padStart(4, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

/**
 * Writes the data through the server's own pipeline as the system, in one transaction, so every handler checks it
 * (unique names, one template per entity, one profile per user) without 23,000 HTTP round trips.
 */
export async function seedRuntimeData(dataDir: string): Promise<SeededData> {
  const server = await startServer({ dataDir, port: 0, seed: "demo" });
  const { api } = server;
  const run = (request: WriteRequest) => api.pipeline.execute(request, systemCaller);
  const ref = (logicalName: string, id: string) => ({ logicalName, id });
  const userIds = Array.from({ length: USERS }, (_, i) => benchId(1, i));
  const profileIds = Array.from({ length: PROFILES }, (_, i) => benchId(2, i));
  const templateIds = Array.from({ length: TEMPLATES }, (_, i) => benchId(3, i));
  const providerIds = Array.from({ length: PROVIDERS }, (_, i) => benchId(4, i));
  const teamIds = Array.from({ length: TEAMS }, (_, i) => benchId(5, i));
  const roleIds = Array.from({ length: ROLES }, (_, i) => benchId(6, i));
  // The platform's own links (memberships, role holders) are written as the platform keeps them, not through handlers.
  const link = (relationship: { schemaName: string }, a: string, b: string) =>
    associate(api.dbs.writer, relationship as unknown as ManyToManyRelationship, a, b);
  try {
    await api.inTransaction(async () => {
      for (const [i, id] of teamIds.entries())
        await run({
          message: "Create",
          table: Team,
          id,
          attributes: { name: `Bench team ${i}`, businessunitid: ROOT_BUSINESS_UNIT_ID },
        });
      for (const [i, id] of roleIds.entries())
        await run({
          message: "Create",
          table: Role,
          id,
          attributes: { name: `Bench role ${i}`, businessunitid: ROOT_BUSINESS_UNIT_ID },
        });
      for (let t = 0; t < TEAMS; t += 5) link(TeamRoles, teamIds[t], roleIds[(t / 5) % ROLES]);
      for (const [i, id] of userIds.entries()) {
        const domainname = `bench.user${i}@contoso.example`;
        await run({
          message: "Create",
          table: SystemUser,
          id,
          attributes: { fullname: `Bench User ${i}`, domainname },
        });
        link(TeamMembership, id, teamIds[(i * 31) % TEAMS]);
        if (i % 2 === 0) link(TeamMembership, id, teamIds[(i * 17 + 3) % TEAMS]);
        if (i % 3 === 0) link(SystemUserRoles, id, roleIds[(i * 13) % ROLES]);
      }
      for (const [i, id] of templateIds.entries()) {
        await run({
          message: "Create",
          table: SessionTemplate,
          id,
          attributes: {
            apm_name: `Bench template ${i}`,
            apm_uniquename: `bench_template${i}`,
            apm_type: SessionTemplateTypeChoice.Entity.value,
            apm_entitylogicalname: `bench_entity${i % 100}`,
          },
        });
      }
      for (const [i, id] of providerIds.entries()) {
        await run({
          message: "Create",
          table: ChannelProvider,
          id,
          attributes: {
            apm_name: `bench_provider${i}`,
            apm_label: `Bench provider ${i}`,
            apm_channelurl: `https://cti${i}.bench.example/agent`,
            apm_trusteddomain: "https://bench.example",
            apm_sortorder: PROVIDERS - i,
          },
        });
      }
      for (const [i, id] of profileIds.entries()) {
        await run({
          message: "Create",
          table: AppProfile,
          id,
          attributes: {
            apm_name: `Bench profile ${i}`,
            apm_uniquename: `bench_profile${i}`,
            apm_app: apps[i % apps.length],
            apm_productivitypaneenabled: i % 3 === 0,
            apm_allactivechannels: i % 2 === 0,
            // Unique across apps too, so every rank is unique among an app's profiles with teams or roles.
            apm_rank: i + 1,
            apm_iscustomdefault: i >= PROFILES - apps.length,
          },
        });
        const profile = ref(AppProfile.logicalName, id);
        if (i < TEAM_PROFILES) {
          const team = ref(Team.logicalName, teamIds[i % TEAMS]);
          await run({ message: "Associate", relationship: AppProfileTeam, record: profile, related: team });
        } else if (i < TEAM_PROFILES + ROLE_PROFILES) {
          const role = ref(Role.logicalName, roleIds[i % ROLES]);
          await run({ message: "Associate", relationship: AppProfileRole, record: profile, related: role });
        }
        // Four consecutive templates: four different entities, as rule 6 requires.
        for (let k = 0; k < 4; k++) {
          const template = ref(SessionTemplate.logicalName, templateIds[(i * 4 + k) % TEMPLATES]);
          await run({
            message: "Associate",
            relationship: AppProfileSessionTemplate,
            record: profile,
            related: template,
          });
        }
        for (let k = 0; k < 2; k++) {
          const provider = ref(ChannelProvider.logicalName, providerIds[(i + k * 7) % PROVIDERS]);
          await run({
            message: "Associate",
            relationship: AppProfileChannelProvider,
            record: profile,
            related: provider,
          });
        }
      }
      for (let u = 0; u < USERS * ASSIGNED_SHARE; u++) {
        const profile = ref(AppProfile.logicalName, profileIds[(u * 7919) % PROFILES]);
        const user = ref(SystemUser.logicalName, userIds[u]);
        await run({ message: "Associate", relationship: AppProfileSystemUser, record: profile, related: user });
      }
    });
  } finally {
    await server.close();
  }
  return { profiles: PROFILES, sessionTemplates: TEMPLATES, userIds };
}

/**
 * The floor: the same question as one SQL statement on the same file — the app's default or the user's profile,
 * joined to its templates and providers — with no HTTP, no OData and no JSON.
 */
function rawJoin(db: Database.Database): (user: string, app: number) => unknown[] {
  const col = (alias: string, names: readonly string[]) => names.map((n) => `${alias}.${ident(n)}`).join(", ");
  const [pt, pc, pu] = [AppProfileSessionTemplate, AppProfileChannelProvider, AppProfileSystemUser].map((r) =>
    ident(r.intersectEntityName),
  );
  const [pid, tid, cid, uid] = [AppProfile, SessionTemplate, ChannelProvider, SystemUser].map((t) =>
    ident(t.primaryIdAttribute),
  );
  const statement = db.prepare(
    `SELECT ${col("p", profileColumns)}, ${col("t", templateColumns)}, ${col("c", providerColumns)}, ` +
      `EXISTS (SELECT 1 FROM ${pu} u WHERE u.${pid} = p.${pid} AND u.${uid} = @user) AS direct ` +
      `FROM ${ident(AppProfile.logicalName)} p ` +
      `LEFT JOIN ${pt} pt ON pt.${pid} = p.${pid} ` +
      `LEFT JOIN ${ident(SessionTemplate.logicalName)} t ON t.${tid} = pt.${tid} ` +
      `LEFT JOIN ${pc} pc ON pc.${pid} = p.${pid} ` +
      `LEFT JOIN ${ident(ChannelProvider.logicalName)} c ON c.${cid} = pc.${cid} ` +
      `WHERE p.${ident("apm_app")} = @app AND (p.${ident("apm_isdefault")} = 1 OR EXISTS (SELECT 1 FROM ${pu} u ` +
      `WHERE u.${pid} = p.${pid} AND u.${uid} = @user)) ` +
      `ORDER BY direct DESC, c.${ident("apm_sortorder")}`,
  );
  return (user, app) => statement.all({ user, app });
}

/** Issue 13: "under 5 KB for a typical profile". */
const BUDGET_BYTES = 5 * 1024;
const CALLS = Number(process.env.BENCH_RUNTIME_CALLS ?? 2000);
const WARMUP = 200;
const apps = [AppChoice.CustomerServiceWorkspace.value, AppChoice.OmnichannelForCustomerService.value];

function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { p50: round(at(0.5)), p99: round(at(0.99)), mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length) };
}

/** A deterministic mix: random users (assigned or not) in a random app, the same list for both readers. */
interface Call {
  readonly user: string;
  readonly app: number;
}

function workload(data: SeededData, count: number): Call[] {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () => ({
    user: data.userIds[Math.floor(random() * data.userIds.length)],
    app: apps[Math.floor(random() * apps.length)],
  }));
}

async function time<T>(calls: readonly T[], run: (call: T) => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (const call of calls) {
    const start = performance.now();
    await run(call);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Records one real answer, then replays it from bench/floor.ts for the same calls. */
async function measureFloor(transport: Transport, calls: readonly Call[], warmup: readonly Call[]): Promise<number[]> {
  const path = effectiveProfileQuery(calls[0].user, calls[0].app);
  const response = await transport(path, { method: "GET", headers: { Accept: "application/json" } });
  const recorded = {
    status: response.status,
    headers: { "content-type": "application/json; odata.metadata=minimal", "odata-version": "4.0" },
    body: await response.text(),
  };
  const floor = await startChild("bench/floor.ts", [], /listening at (http:\/\/\S+)/, {
    FLOOR_RESPONSES: JSON.stringify({ [`GET /api/data/v9.2/${AppProfile.entitySetName}`]: recorded }),
  });
  try {
    const floorTransport = createWebApiTransport({ baseUrl: `${floor.url}/api/data/v9.2/`, getToken: () => "floor" });
    const resolve = (c: Call) => resolveEffectiveProfile(c.user, c.app, { transport: floorTransport });
    await time(warmup, resolve);
    console.log(`Measuring the same calls against the bare HTTP floor ...`);
    return await time(calls, resolve);
  } finally {
    await floor.stop();
  }
}

export async function benchRuntime(): Promise<RuntimeFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "apm-bench-runtime-"));
  try {
    const setupStart = performance.now();
    console.log("Seeding 1,000 profiles, 10,000 users and 200 session templates through the pipeline ...");
    const data = await seedRuntimeData(dataDir);
    const setupSeconds = Math.round((performance.now() - setupStart) / 100) / 10;
    console.log(`Seeded in ${setupSeconds} s.`);

    // Five shapes of 2,200 calls each from one user would pass Dataverse's 6,000 requests per 5 minutes (Learn:
    // data-platform/api-limits); the bench measures the shapes, not the limits, so the server runs without them.
    const server = await startChild(
      "server/cli.ts",
      ["--port", "0", "--data", dataDir, "--service-limits", "off"],
      /listening at (http:\/\/\S+)/,
    );
    const db = new Database(path.join(dataDir, "dataverse.sqlite"), { readonly: true });
    try {
      const users = (JSON.parse(fs.readFileSync(path.join(dataDir, "tokens.json"), "utf8")) as { users: DemoUser[] })
        .users;
      const token = users.find((u) => u.key === "agent")!.token;
      const inner = createWebApiTransport({ baseUrl: `${server.url}/api/data/v9.2/`, getToken: () => token });
      // Counts every request and its answer's bytes (the body is read once here and handed on).
      let requests = 0;
      let sizes: number[] = [];
      const transport: Transport = async (pathAndQuery, init) => {
        requests += 1;
        const response = await inner(pathAndQuery, init);
        const text = await response.text();
        sizes.push(Buffer.byteLength(text));
        return {
          ok: response.ok,
          status: response.status,
          headers: response.headers,
          json: async () => JSON.parse(text) as unknown,
          text: async () => text,
        };
      };
      const calls = workload(data, CALLS);
      const warmup = workload(data, WARMUP);

      const reasons: Record<string, number> = {};
      const winners = new Map<Call, string>();
      const resolve = async (c: Call) => {
        const result = await resolveEffectiveProfile(c.user, c.app, { transport });
        reasons[result.reason] = (reasons[result.reason] ?? 0) + 1;
        winners.set(c, result.profile.id);
      };
      await time(warmup, resolve);
      for (const key of Object.keys(reasons)) delete reasons[key];
      requests = 0;
      sizes = [];
      console.log(`Measuring resolveEffectiveProfile over ${CALLS} calls ...`);
      const runtimeSamples = await time(calls, resolve);
      const requestsPerCall = requests / CALLS;
      const sortedSizes = [...sizes].sort((a, b) => a - b);
      const sizeAt = (q: number) =>
        sortedSizes[Math.min(sortedSizes.length - 1, Math.ceil(q * sortedSizes.length) - 1)];
      const bytes = { p50: sizeAt(0.5), p99: sizeAt(0.99), max: sortedSizes[sortedSizes.length - 1] };

      const floorSamples = await measureFloor(transport, calls, warmup);

      const apiUrl = `${server.url}/api/data/v9.2/`;
      const withWinner = (list: readonly Call[]): VariantCall[] => list.map((c) => ({ ...c, winner: winners.get(c)! }));
      console.log(
        `Measuring the ${runtimeVariants(apiUrl).length} one-request shapes over ${CALLS} calls, interleaved ...`,
      );
      const variants = await measureVariants(
        runtimeVariants(apiUrl),
        apiUrl,
        token,
        withWinner(calls),
        withWinner(warmup),
      );

      const join = rawJoin(db);
      await time(warmup, (c) => join(c.user, c.app));
      console.log(`Measuring the raw SQL join over ${CALLS} calls ...`);
      const joinSamples = await time(calls, (c) => join(c.user, c.app));

      const runtime = latency(runtimeSamples);
      const raw = latency(joinSamples);
      return {
        profiles: data.profiles,
        users: data.userIds.length,
        sessionTemplates: data.sessionTemplates,
        setupSeconds,
        teams: TEAMS,
        roles: ROLES,
        calls: CALLS,
        directShare: Math.round(((reasons.Direct ?? 0) / CALLS) * 100) / 100,
        reasons,
        requestsPerCall,
        bytes,
        variants,
        budgetBytes: BUDGET_BYTES,
        withinBudget: bytes.p50 < BUDGET_BYTES,
        runtime,
        rawJoin: raw,
        httpFloor: latency(floorSamples),
        ratioP50: Math.round((runtime.p50 / raw.p50) * 10) / 10,
        ratioP99: Math.round((runtime.p99 / raw.p99) * 10) / 10,
        loadAverage: Math.round(os.loadavg()[0] * 10) / 10,
        cpus: os.cpus().length,
      };
    } finally {
      db.close();
      await server.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printRuntimeFigures(f: RuntimeFigures): void {
  const met = (ok: boolean) => (ok ? "met" : "NOT met");
  console.log(
    `\nEffective profile (${f.profiles} profiles, ${f.users} users, ${f.sessionTemplates} templates; ` +
      `${f.teams} teams, ${f.roles} roles; ${f.calls} sequential calls; setup ${f.setupSeconds} s; ` +
      `load ${f.loadAverage} on ${f.cpus} CPUs):`,
  );
  console.log(`reasons: ${JSON.stringify(f.reasons)}`);
  console.log(
    `requests per call: ${f.requestsPerCall} (goal 1: ${met(f.requestsPerCall === 1)}); answer bytes p50 ` +
      `${f.bytes.p50}, p99 ${f.bytes.p99}, max ${f.bytes.max}`,
  );
  console.log(
    `5 KB budget (${f.budgetBytes} B, typical profile = p50 answer): ${f.withinBudget ? "WITHIN" : "OVER"} ` +
      `(p50 ${f.bytes.p50} B, ${f.budgetBytes - f.bytes.p50} B to spare; p99 ${f.bytes.p99} B ` +
      `${f.bytes.p99 < f.budgetBytes ? "within" : "over"})`,
  );
  console.log("reader                      p50 ms   p99 ms   mean ms");
  for (const [name, l] of [
    ["resolveEffectiveProfile", f.runtime],
    ["raw SQL join (in process)", f.rawJoin],
    ["same calls, bare HTTP floor", f.httpFloor],
  ] as const) {
    console.log(
      `${name.padEnd(26)} ${l.p50.toFixed(3).padStart(7)}  ${l.p99.toFixed(3).padStart(7)}  ${l.mean.toFixed(3).padStart(7)}`,
    );
  }
  console.log("one request, each shape (same calls)              bytes p50  bytes p99   p50 ms   p99 ms  5 KB");
  for (const v of f.variants) {
    console.log(
      `${v.name.padEnd(48)} ${String(v.bytesP50).padStart(10)} ${String(v.bytesP99).padStart(10)} ` +
        `${v.p50.toFixed(3).padStart(8)} ${v.p99.toFixed(3).padStart(8)}  ${v.bytesP50 < f.budgetBytes ? "within" : "OVER"}`,
    );
  }
  console.log(`runtime p99 = ${f.runtime.p99} ms (goal < 10 ms: ${met(f.runtime.p99 < 10)})`);
  console.log(
    `runtime / raw join: p50 ${f.ratioP50}x, p99 ${f.ratioP99}x (goal <= 3x: ${met(f.ratioP50 <= 3 && f.ratioP99 <= 3)})`,
  );
}

if (require.main === module) {
  benchRuntime().then(printRuntimeFigures, (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
