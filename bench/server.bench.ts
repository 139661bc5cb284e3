/**
 * Server benchmark (issue 3): the local server against the floor (bare Node http answering the same bytes from
 * memory), 16 connections each, for a keyed read, a filtered list of 50 rows, and a create that runs the handlers.
 */
import autocannon from "autocannon";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AppChoice, AppProfile, SessionTemplate, SessionTemplateTypeChoice } from "../schema";
import type { DemoUser } from "../server/seed";
import { startChild } from "./processes";
import type { Recorded } from "./floor";

export interface Figure {
  readonly scenario: string;
  readonly target: "server" | "floor";
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;

let sequence = 0;

/** Each request gets its own body when the template has `{n}`, so every create is a new, valid row. */
async function load(url: string, init: { method: "GET" | "POST"; headers: Record<string, string>; body?: string }) {
  const { body, ...rest } = init;
  const requests = body?.includes("{n}")
    ? [
        {
          method: init.method,
          setupRequest: (req: object) => ({ ...req, body: body.replace(/\{n\}/g, String(++sequence)) }),
        },
      ]
    : undefined;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    ...rest,
    body: requests ? undefined : body,
    requests,
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

export async function benchServer(): Promise<Figure[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "apm-bench-"));
  const server = await startChild("server/cli.ts", ["--port", "0", "--data", dataDir], /listening at (http:\/\/\S+)/);
  try {
    const users = (JSON.parse(fs.readFileSync(path.join(dataDir, "tokens.json"), "utf8")) as { users: DemoUser[] })
      .users;
    const admin = users.find((u) => u.key === "admin")!;
    const headers = {
      Authorization: `Bearer ${admin.token}`,
      "Content-Type": "application/json",
      Accept: "application/json",
    };
    const api = `${server.url}/api/data/v9.2/`;
    console.log("Seeding 200 session templates and one profile for the benchmark ...");
    for (let i = 0; i < 200; i++) {
      const body = {
        apm_name: `Bench template ${i}`,
        apm_uniquename: `bench_t${i}`,
        apm_type: SessionTemplateTypeChoice.Entity.value,
        apm_entitylogicalname: `bench_entity${i % 20}`,
      };
      const r = await fetch(`${api}${SessionTemplate.entitySetName}`, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
      });
      if (r.status !== 204) throw new Error(`Seeding failed: ${r.status} ${await r.text()}`);
    }
    await fetch(`${api}${AppProfile.entitySetName}`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        apm_name: "Bench",
        apm_uniquename: "bench_keyed",
        apm_app: AppChoice.CustomerServiceWorkspace.value,
      }),
    });

    const scenarios = [
      {
        name: "keyed read",
        path: `${AppProfile.entitySetName}(apm_uniquename='bench_keyed')?$select=apm_name,apm_uniquename,apm_app`,
        method: "GET" as const,
      },
      {
        name: "filtered list of 50",
        path: `${SessionTemplate.entitySetName}?$select=apm_name,apm_entitylogicalname&$filter=startswith(apm_uniquename,'bench_t') and apm_type eq ${SessionTemplateTypeChoice.Entity.value}&$orderby=apm_name&$top=50`,
        method: "GET" as const,
      },
      {
        name: "create with handlers",
        path: AppProfile.entitySetName,
        method: "POST" as const,
        body: JSON.stringify({
          apm_name: "Load {n}",
          apm_uniquename: "load_{n}",
          apm_app: AppChoice.CustomerServiceWorkspace.value,
        }),
      },
    ];
    const recorded: Record<string, Recorded> = {};
    for (const s of scenarios) {
      const url = `${api}${s.path}`;
      const body = s.body?.replace(/\{n\}/g, "probe");
      const r = await fetch(url, { method: s.method, headers, body });
      const text = await r.text();
      if (r.status >= 400) throw new Error(`${s.name} failed before the benchmark: ${r.status} ${text}`);
      const keep = ["content-type", "odata-version", "etag", "odata-entityid"];
      const recordedHeaders = Object.fromEntries([...r.headers].filter(([k]) => keep.includes(k)));
      recorded[`${s.method} ${decodeURIComponent(new URL(url).pathname)}`] = {
        status: r.status,
        headers: recordedHeaders,
        body: text,
      };
    }
    const floor = await startChild("bench/floor.ts", [], /listening at (http:\/\/\S+)/, {
      FLOOR_RESPONSES: JSON.stringify(recorded),
    });
    const figures: Figure[] = [];
    try {
      for (const s of scenarios) {
        for (const [target, base] of [
          ["server", server.url],
          ["floor", floor.url],
        ] as const) {
          console.log(`Measuring ${s.name} on the ${target} for ${DURATION} s ...`);
          const url = `${base}/api/data/v9.2/${s.path}`;
          const result = await load(url, { method: s.method, headers, body: s.body });
          figures.push({ scenario: s.name, target, ...result });
        }
      }
    } finally {
      await floor.stop();
    }
    return figures;
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printServerFigures(figures: readonly Figure[]): void {
  console.log("\nServer vs floor (16 connections):");
  console.log("scenario               target  req/s     p50 ms  p99 ms  errors");
  for (const f of figures) {
    console.log(
      `${f.scenario.padEnd(22)} ${f.target.padEnd(7)} ${String(f.requestsPerSecond).padStart(7)}  ${String(f.p50).padStart(6)}  ${String(f.p99).padStart(6)}  ${f.errors}`,
    );
  }
  for (const scenario of new Set(figures.map((f) => f.scenario))) {
    const server = figures.find((f) => f.scenario === scenario && f.target === "server")!;
    const floor = figures.find((f) => f.scenario === scenario && f.target === "floor")!;
    const ratio = server.requestsPerSecond / floor.requestsPerSecond;
    const goal = scenario === "keyed read" ? (ratio >= 0.5 ? "  (goal >= 0.5: met)" : "  (goal >= 0.5: NOT met)") : "";
    console.log(`${scenario}: server/floor throughput = ${ratio.toFixed(2)}${goal}`);
  }
}
