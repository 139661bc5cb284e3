/**
 * The web resource as an agent's page loads it: the built IIFE evaluated in a fresh global scope that has only
 * `fetch`, which (like a page inside Dataverse) resolves /api/data/v9.2/ against the org and carries the session.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { AppChoice, builtInProfiles } from "../../schema";
import { buildRuntime } from "../../runtime/build";
import { startHarness, type Harness } from "./harness";

let h: Harness;
let outRoot: string;
beforeAll(async () => {
  h = await startHarness();
  outRoot = fs.mkdtempSync(path.join(os.tmpdir(), "apm-runtime-"));
});
afterAll(async () => {
  await h.stop();
  fs.rmSync(outRoot, { recursive: true, force: true });
});

interface PageGlobal {
  AppProfileRuntime: {
    resolveEffectiveProfile(user: string, app: number): Promise<{ reason: string; profile: { id: string } }>;
    apps: Record<string, number>;
  };
}

it("builds apm_/runtime/profile.js, which defines AppProfileRuntime and resolves in one same-origin request", async () => {
  const file = await buildRuntime(outRoot);
  expect(path.relative(outRoot, file).split(path.sep).join("/")).toBe("apm_/runtime/profile.js");
  const source = fs.readFileSync(file, "utf8");
  expect(source.length).toBeLessThan(40_000);

  const requests: { url: string; headers: Record<string, string> }[] = [];
  const pageFetch = (url: string, init: RequestInit) => {
    requests.push({ url, headers: init.headers as Record<string, string> });
    const sessionCookie = { Authorization: `Bearer ${h.token("agent")}` };
    return fetch(new URL(url, h.server.url), { ...init, headers: { ...init.headers, ...sessionCookie } });
  };
  const page = vm.createContext({ fetch: pageFetch }) as unknown as PageGlobal;
  vm.runInContext(source, page);

  const runtime = page.AppProfileRuntime;
  expect(runtime.apps.OmnichannelForCustomerService).toBe(AppChoice.OmnichannelForCustomerService.value);
  const result = await runtime.resolveEffectiveProfile(
    `{${h.userId("agent").toUpperCase()}}`,
    runtime.apps.OmnichannelForCustomerService,
  );
  expect(result).toMatchObject({ reason: "Default", profile: { id: builtInProfiles[1].apm_appprofileid } });
  expect(requests).toHaveLength(1);
  expect(requests[0].url).toMatch(/^\/api\/data\/v9\.2\/apm_appprofiles\?\$select=/);
  expect(requests[0].headers).not.toHaveProperty("Authorization");
});
