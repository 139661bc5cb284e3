/**
 * Optional CPU profiles of the UI bench's steps (Chrome DevTools protocol Profiler), to find where a missed budget
 * goes: `APM_UIBENCH_CPUPROFILE=1 npm run bench -- ui` writes one .cpuprofile per step to bench/results/profiles/
 * (open them in DevTools' Performance panel) and prints each step's heaviest functions by self time.
 */
import fs from "node:fs";
import path from "node:path";
import type { CDPSession, Page } from "playwright-core";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export const profilesDir = path.join(__dirname, "results", "profiles");
export const profiling = process.env.APM_UIBENCH_CPUPROFILE === "1";

/** Self time by function (name and place), heaviest first. */
export function heaviest(profile: CpuProfile, top = 8): { name: string; ms: number }[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byNode.get(samples[i]);
    if (!node) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const key = `${functionName || "(anonymous)"} ${path.basename(url) || ""}:${lineNumber + 1}:${columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  return [...self]
    .map(([name, ms]) => ({ name, ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
}

/** Runs `work` under the page's CPU profiler when profiling is on; otherwise just runs it. */
export async function withCpuProfile<T>(page: Page, name: string, work: () => Promise<T>): Promise<T> {
  if (!profiling) return work();
  const session: CDPSession = await page.context().newCDPSession(page);
  await session.send("Profiler.enable");
  await session.send("Profiler.setSamplingInterval", { interval: 200 });
  await session.send("Profiler.start");
  try {
    return await work();
  } finally {
    const { profile } = (await session.send("Profiler.stop")) as unknown as { profile: CpuProfile };
    await session.detach().catch(() => undefined);
    fs.mkdirSync(profilesDir, { recursive: true });
    const file = path.join(profilesDir, `${name.replace(/[^a-z0-9]+/gi, "-")}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    const lines = heaviest(profile)
      .filter((h) => !h.name.startsWith("(idle)") && !h.name.startsWith("(program)"))
      .map((h) => `      ${h.ms.toFixed(1).padStart(8)} ms  ${h.name}`);
    console.log(`    CPU profile ${path.relative(process.cwd(), file)}; heaviest self time:\n${lines.join("\n")}`);
  }
}
