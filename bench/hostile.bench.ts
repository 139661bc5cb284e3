/**
 * Hostile benchmark (issue 11): the p50/p99 of normal requests (an admin's keyed read at a steady 200 requests per
 * second over 4 connections) alone, and while a read-only user (agent) sends the worst batches it can: 1,000 GETs
 * of filtered lists per $batch, from 2 connections at once. The service protection limits are Dataverse's, except
 * the number of requests per window, raised so the normal traffic itself (12,000 requests) isn't throttled.
 */
import autocannon from "autocannon";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AppChoice, AppProfile, SessionTemplate } from "../schema";
import type { DemoUser } from "../server/seed";
import { startChild } from "./processes";

export interface LoadFigures {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly requestsPerSecond: number;
  readonly errors: number;
}

export interface HostileFigures {
  readonly seconds: number;
  readonly alone: LoadFigures;
  readonly underAttack: LoadFigures;
  readonly attack: {
    readonly batches: number;
    readonly partsPerBatch: number;
    readonly statuses: Record<string, number>;
    readonly slowestBatchMs: number;
  };
}

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PARTS = 1000;
const ATTACKERS = 2;
const NORMAL_RATE = 200;

function worstBatch(apiPath: string): string {
  // The widest read a read-only user may send, 1,000 times: every column, a 40-term filter, the largest page.
  const filter = Array.from({ length: 40 }, (_, i) => `contains(apm_name,'x${i}')`).join(" or ");
  const part =
    "--batch_hostile\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
    `GET ${apiPath}${SessionTemplate.entitySetName}?$filter=${encodeURIComponent(filter)} HTTP/1.1\r\n` +
    "Accept: application/json\r\nPrefer: odata.maxpagesize=5000\r\n\r\n";
  return `${part.repeat(PARTS)}--batch_hostile--\r\n`;
}

async function normalLoad(url: string, token: string) {
  const result = await autocannon({
    url,
    connections: 4,
    overallRate: NORMAL_RATE,
    duration: SECONDS,
    headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requestsPerSecond: Math.round(result.requests.average),
    errors: result.errors + result.non2xx,
  };
}

export async function benchHostile(): Promise<HostileFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "apm-bench-hostile-"));
  const server = await startChild(
    "server/cli.ts",
    ["--port", "0", "--data", dataDir, "--service-limits", "requests=1000000"],
    /listening at (http:\/\/\S+)/,
  );
  try {
    const users = (JSON.parse(fs.readFileSync(path.join(dataDir, "tokens.json"), "utf8")) as { users: DemoUser[] })
      .users;
    const admin = users.find((u) => u.key === "admin")!;
    const agent = users.find((u) => u.key === "agent")!;
    const api = `${server.url}/api/data/v9.2/`;
    const headers = { Authorization: `Bearer ${admin.token}`, "Content-Type": "application/json" };
    await fetch(`${api}${AppProfile.entitySetName}`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        apm_name: "Bench",
        apm_uniquename: "bench_keyed",
        apm_app: AppChoice.CustomerServiceWorkspace.value,
      }),
    });
    const keyed = `${api}${AppProfile.entitySetName}(apm_uniquename='bench_keyed')?$select=apm_name,apm_uniquename`;
    const probe = await fetch(keyed, { headers });
    if (probe.status !== 200) throw new Error(`The keyed read failed: ${probe.status} ${await probe.text()}`);

    console.log(`Normal traffic alone for ${SECONDS} s ...`);
    const alone = await normalLoad(keyed, admin.token);

    console.log(`Normal traffic while ${ATTACKERS} connections of a read-only user send ${PARTS}-GET batches ...`);
    const body = worstBatch(new URL(api).pathname);
    const statuses: Record<string, number> = {};
    let batches = 0;
    let slowestBatchMs = 0;
    let attacking = true;
    const attacker = async () => {
      while (attacking) {
        const started = Date.now();
        try {
          const response = await fetch(`${api}$batch`, {
            method: "POST",
            headers: {
              Authorization: `Bearer ${agent.token}`,
              "Content-Type": "multipart/mixed; boundary=batch_hostile",
            },
            body,
          });
          await response.arrayBuffer();
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          const retryAfter = Number(response.headers.get("retry-after") ?? 0);
          if (response.status === 429) await new Promise((r) => setTimeout(r, retryAfter * 1000));
        } catch {
          statuses.error = (statuses.error ?? 0) + 1;
        }
        batches++;
        slowestBatchMs = Math.max(slowestBatchMs, Date.now() - started);
      }
    };
    const attacks = Array.from({ length: ATTACKERS }, attacker);
    await new Promise((r) => setTimeout(r, 500)); // let the first batches land
    const underAttack = await normalLoad(keyed, admin.token);
    attacking = false;
    await Promise.all(attacks);
    return {
      seconds: SECONDS,
      alone,
      underAttack,
      attack: { batches, partsPerBatch: PARTS, statuses, slowestBatchMs },
    };
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printHostileFigures(f: HostileFigures): void {
  console.log(
    `normal keyed read alone:        p50 ${f.alone.p50} ms, p99 ${f.alone.p99} ms, max ${f.alone.max} ms, ` +
      `${f.alone.requestsPerSecond} req/s, ${f.alone.errors} errors`,
  );
  console.log(
    `normal keyed read under attack: p50 ${f.underAttack.p50} ms, p99 ${f.underAttack.p99} ms, max ${f.underAttack.max} ms, ` +
      `${f.underAttack.requestsPerSecond} req/s, ${f.underAttack.errors} errors`,
  );
  console.log(
    `attack: ${f.attack.batches} batches of ${f.attack.partsPerBatch} GETs, statuses ${JSON.stringify(f.attack.statuses)}, ` +
      `slowest ${f.attack.slowestBatchMs} ms`,
  );
}
