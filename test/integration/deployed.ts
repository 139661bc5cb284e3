/**
 * A server provisioned the way a real environment is: started empty, the solution deployed with `npm run deploy`'s
 * code (from a zip the packer builds from a controls fixture), then the demo rows written through the Web API as the
 * System Administrator. Suites run against it and against the demo-seeded server alike (`harnessKinds`).
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ChannelProvider, SessionTemplate } from "../../schema";
import { demoRows } from "../../server/seed";
import { packSolution } from "../../Solutions/src/pack";
import { makeControlsFixture } from "../../Solutions/test/fixtures";
import { deploy } from "../../Solutions/deploy/deploy";
import { startHarness, type Harness } from "./harness";
import type { ServerOptions } from "../../server/app";

export interface SolutionZips {
  readonly unmanaged: string;
  readonly managed: string;
}

let packed: Promise<SolutionZips> | undefined;

/** Both zips, packed once per test file from the controls fixture (the real build may not exist in CI's test step). */
export function solutionZips(): Promise<SolutionZips> {
  packed ??= (async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), "apm-deploy-"));
    const files = await packSolution({ controlsDir: makeControlsFixture(), outDir });
    const find = (managed: boolean) => files.find((f) => f.managed === managed)!.path;
    return { unmanaged: find(false), managed: find(true) };
  })();
  return packed;
}

/** Deploys to a started server as its System Administrator; returns the deploy's progress lines. */
export async function deployTo(h: Harness, zipPath?: string): Promise<string[]> {
  const lines: string[] = [];
  await deploy({
    url: h.server.url,
    auth: { kind: "token", token: h.token("sysadmin") },
    zipPath: zipPath ?? (await solutionZips()).unmanaged,
    chatLicense: true,
    log: (line) => lines.push(line),
    keyWait: { timeoutMs: 30_000, intervalMs: 50 },
  });
  return lines;
}

export async function startDeployedHarness(options: Partial<ServerOptions> = {}): Promise<Harness> {
  const h = await startHarness({ ...options, seed: "empty" });
  await deployTo(h);
  const sysadmin = h.client("sysadmin");
  for (const data of demoRows.sessionTemplates)
    await sysadmin.create({ collection: SessionTemplate.entitySetName, data });
  for (const data of demoRows.channelProviders)
    await sysadmin.create({ collection: ChannelProvider.entitySetName, data });
  return h;
}

/** `describe.each(harnessKinds)("against the %s server", (_kind, start) => ...)`. */
export const harnessKinds: [string, () => Promise<Harness>][] = [
  ["demo-seeded", () => startHarness()],
  ["deployed", () => startDeployedHarness()],
];
