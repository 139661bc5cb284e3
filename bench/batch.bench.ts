/**
 * A 1,000-GET $batch (as the demo admin, who reads every row) against the local server (in a child process): the server's peak memory
 * (VmHWM) and the latency of normal GETs sent by another user while the batch runs.
 *
 * `npx tsx bench/batch.bench.ts [--parts 1000] [--rows 5000]`: `--rows` adds that many profiles first, so each part
 * reads a full page (Dataverse's cap, 5,000 rows) instead of the demo's 17.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startChild } from "./processes";

interface DemoToken {
  readonly key: string;
  readonly token: string;
}

const { values } = parseArgs({
  options: { parts: { type: "string", default: "1000" }, rows: { type: "string", default: "0" } },
});
const parts = Number(values.parts);
const extraRows = Number(values.rows);

/** Peak resident memory of the process and its children (tsx runs the server in a child node process). */
function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const own = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  return Math.max(own, ...children.map((child) => peakRssMb(Number(child))));
}

const filter = (i: number) => `apm_app ne 1 and contains(apm_name,'${i % 10}') or apm_isdefault eq false`;

function batchBody(boundary: string, count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(
      `--${boundary}`,
      "Content-Type: application/http",
      "Content-Transfer-Encoding: binary",
      "",
      `GET /api/data/v9.2/apm_appprofiles?$select=apm_name,apm_uniquename,apm_app&$filter=${encodeURIComponent(filter(i))} HTTP/1.1`,
      "Accept: application/json",
      "",
    );
  }
  lines.push(`--${boundary}--`, "");
  return lines.join("\r\n");
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "apm-bench-batch-"));
  const child = await startChild("server/cli.ts", ["--port", "0", "--data", dataDir], /listening at (http:\/\/\S+)/);
  try {
    const tokens = JSON.parse(fs.readFileSync(path.join(dataDir, "tokens.json"), "utf8")) as { users: DemoToken[] };
    const tokenOf = (key: string) => tokens.users.find((u) => u.key === key)!.token;
    const api = `${child.url}/api/data/v9.2/`;
    const admin = { Authorization: `Bearer ${tokenOf("admin")}` };
    for (let i = 0; i < extraRows; i += 500) {
      const boundary = `seed_${i}`;
      const body: string[] = [];
      for (let j = i; j < Math.min(extraRows, i + 500); j++) {
        body.push(
          `--${boundary}`,
          "Content-Type: application/http",
          "Content-Transfer-Encoding: binary",
          "",
          "POST /api/data/v9.2/apm_appprofiles HTTP/1.1",
          "Content-Type: application/json",
          "",
          JSON.stringify({ apm_name: `Bench ${j}`, apm_uniquename: `bench_${j}`, apm_app: 192350000 }),
        );
      }
      body.push(`--${boundary}--`, "");
      const seeded = await fetch(`${api}$batch`, {
        method: "POST",
        headers: { ...admin, "Content-Type": `multipart/mixed;boundary=${boundary}` },
        body: body.join("\r\n"),
      });
      await seeded.text();
      if (seeded.status !== 200) throw new Error(`seeding answered ${seeded.status}`);
    }
    const pid = child.process.pid!;
    const before = peakRssMb(pid);
    const latencies: number[] = [];
    let running = true;
    const probe = (async () => {
      while (running) {
        const start = performance.now();
        const response = await fetch(`${api}apm_appprofiles?$select=apm_name&$top=5`, { headers: admin });
        await response.text();
        latencies.push(performance.now() - start);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const start = performance.now();
    const response = await fetch(`${api}$batch`, {
      method: "POST",
      headers: { ...admin, "Content-Type": "multipart/mixed;boundary=b" },
      body: batchBody("b", parts),
    });
    // Counted as it arrives: a 1,000 x 5,000-row answer is larger than a JavaScript string can be.
    let bytes = 0;
    const reader = response.body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.length;
    const elapsed = performance.now() - start;
    running = false;
    await probe;
    latencies.sort((a, b) => a - b);
    const result = {
      parts,
      extraRows,
      status: response.status,
      responseMb: +(bytes / 1024 / 1024).toFixed(1),
      batchMs: Math.round(elapsed),
      peakRssMbBefore: Math.round(before),
      peakRssMbAfter: Math.round(peakRssMb(pid)),
      concurrentGets: latencies.length,
      concurrentP50Ms: +percentile(latencies, 50).toFixed(1),
      concurrentP99Ms: +percentile(latencies, 99).toFixed(1),
      concurrentMaxMs: +(latencies[latencies.length - 1] ?? 0).toFixed(1),
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await child.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
