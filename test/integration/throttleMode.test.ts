/**
 * Issue 10: the clients against the server's `--throttle` test mode, over HTTP. The server answers 429 with
 * `Retry-After` to every Nth request of each user; the runtime, the controls' repository and the deploy retry after
 * it within a bounded budget and say when they give up. Learn: data-platform/api-limits ("Retry operations").
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { AppChoice, AppProfile } from "../../schema";
import { createWebApiTransport, EffectiveProfileError, resolveEffectiveProfile, type Transport } from "../../runtime";
import { profileRepository } from "./repository";
import { RepositoryError } from "../../controls/shared/data/ProfileRepository";
import type { Transport as DeployTransport } from "../../Solutions/deploy/client";
import { deploy } from "../../Solutions/deploy/deploy";
import { DeployError } from "../../Solutions/deploy/steps";
import { parseThrottleSchedule } from "../../server/throttle";
import { solutionZips } from "./deployed";
import { startHarness, type DemoUserKey, type Harness } from "./harness";

const csw = AppChoice.CustomerServiceWorkspace.value;

async function withThrottledServer(
  schedule: string,
  test: (h: Harness) => Promise<void>,
  seed: "demo" | "empty" = "demo",
): Promise<void> {
  const h = await startHarness({ seed, throttle: { schedule: parseThrottleSchedule(schedule) } });
  try {
    await test(h);
  } finally {
    await h.stop();
  }
}

/** The runtime's transport as an agent's app has it, recording the status of every answer. */
function recordingTransport(h: Harness, user: DemoUserKey = "agent") {
  const inner = createWebApiTransport({ baseUrl: h.server.apiUrl, getToken: () => h.token(user) });
  const statuses: number[] = [];
  const transport: Transport = async (path, init) => {
    const response = await inner(path, init);
    statuses.push(response.status);
    return response;
  };
  return { transport, statuses };
}

/**
 * A forwarding proxy in front of the server records the status of every answer, whichever client (context.webAPI
 * or the controls' own fetch) received it.
 */
async function recordingProxy(target: string) {
  const statuses: number[] = [];
  const upstream = new URL(target);
  const proxy = http.createServer((req, res) => {
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        statuses.push(answer.statusCode ?? 0);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    statuses,
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
}

describe("the runtime against --throttle (Learn: data-platform/api-limits)", () => {
  it("resolves the effective profile after a 429, once Retry-After has passed", () =>
    withThrottledServer("every=2,retry-after=1", async (h) => {
      // The agent's first request is admitted, so the runtime's own request is the 2nd: refused.
      expect((await h.raw("WhoAmI", { user: "agent" })).status).toBe(200);
      const { transport, statuses } = recordingTransport(h);
      const result = await resolveEffectiveProfile(h.userId("agent"), csw, { transport });
      expect(statuses).toEqual([429, 200]);
      expect(result.profile.id).toEqual(expect.any(String));
    }));

  it("gives up at once, with status 429 and when to try again, when Retry-After is past its budget", () =>
    withThrottledServer("every=1,retry-after=60", async (h) => {
      const { transport, statuses } = recordingTransport(h);
      const error = await resolveEffectiveProfile(h.userId("agent"), csw, { transport }).catch((e: unknown) => e);
      // The default budget waits at most 30 s in all: a 60 s Retry-After is not waited for.
      expect(statuses).toEqual([429]);
      expect(error).toBeInstanceOf(EffectiveProfileError);
      expect(error).toMatchObject({
        status: 429,
        message: "Dataverse is limiting requests right now (service protection). Try again in 60 seconds.",
      });
    }));
});

describe("WebApiProfileRepository against --throttle", () => {
  it("lists and creates profiles through a 429", () =>
    withThrottledServer("every=2,limit=concurrent,retry-after=1", async (h) => {
      const proxy = await recordingProxy(h.server.url);
      try {
        const repository = profileRepository(h, "admin", { serverUrl: proxy.url });
        // Request 1 admitted; then the page, its user counts and its roles/teams counts are each refused once and
        // admitted after Retry-After: our fetch goes through every 429.
        expect((await h.raw("WhoAmI")).status).toBe(200);
        const page = await repository.listProfilePage({ sort: { column: "name", descending: false }, status: "all" });
        expect(page.rows.length).toBeGreaterThan(0);
        expect(proxy.statuses).toEqual([429, 200, 429, 200, 429, 200]);
        // The next request is refused, the one after admitted: context.webAPI's create is sent again (after the fallback wait: the
        // platform's error carries no Retry-After) and saved once.
        const id = await repository.createProfile({
          apm_name: "Throttled create",
          apm_uniquename: "thr_create",
          apm_description: "",
          apm_app: csw,
        });
        expect(proxy.statuses).toEqual([429, 200, 429, 200, 429, 200, 429, 204]);
        // Read as another user: the admin's own next request would be refused.
        const saved = await (
          await h.raw(`${AppProfile.entitySetName}?$filter=apm_uniquename eq 'thr_create'`, { user: "sysadmin" })
        ).json();
        expect(saved.value.map((row: { apm_appprofileid: string }) => row.apm_appprofileid)).toEqual([id]);
      } finally {
        await proxy.close();
      }
    }));

  it("tells the admin when to try again once the budget is spent", () =>
    withThrottledServer("every=1,retry-after=45", async (h) => {
      const proxy = await recordingProxy(h.server.url);
      try {
        const repository = profileRepository(h, "admin", { serverUrl: proxy.url });
        const error = await repository
          .listProfilePage({ sort: { column: "name", descending: false }, status: "all" })
          .catch((e: unknown) => e);
        expect(proxy.statuses).toEqual([429]);
        expect(error).toBeInstanceOf(RepositoryError);
        expect(error).toMatchObject({
          kind: "throttled",
          message: "Dataverse is limiting requests right now (service protection). Try again in 45 seconds.",
        });
      } finally {
        await proxy.close();
      }
    }));
});

describe("npm run deploy against --throttle", () => {
  it("deploys to an empty server that refuses every 4th request, retrying after Retry-After", () =>
    withThrottledServer(
      "every=4,retry-after=1",
      async (h) => {
        const statuses: number[] = [];
        const transport: DeployTransport = async (url, init) => {
          const response = await fetch(url, init);
          statuses.push(response.status);
          return response;
        };
        const lines: string[] = [];
        await deploy({
          url: h.server.url,
          auth: { kind: "token", token: h.token("sysadmin") },
          zipPath: (await solutionZips()).unmanaged,
          chatLicense: true,
          log: (line) => lines.push(line),
          keyWait: { timeoutMs: 30_000, intervalMs: 50 },
          client: { transport },
        });
        // Every request of the deploy went through the transport: each 4th was refused and sent again.
        expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
        expect(statuses.filter((s) => s === 429).length).toBe(Math.floor(statuses.length / 4));
        expect(statuses.filter((_, i) => (i + 1) % 4 === 0).every((s) => s === 429)).toBe(true);
        expect(lines.some((l) => /throttled \(429\): retrying/.test(l))).toBe(true);
        // Everything landed: the built-in profiles are readable through the deployed table.
        const profiles = await (await h.raw(`${AppProfile.entitySetName}?$select=apm_uniquename`)).json();
        expect(profiles.value.length).toBeGreaterThan(0);
      },
      "empty",
    ));

  it("stops at once and says so when Retry-After is past the deploy's 5-minute budget", () =>
    withThrottledServer(
      "every=1,retry-after=600",
      async (h) => {
        const statuses: number[] = [];
        const transport: DeployTransport = async (url, init) => {
          const response = await fetch(url, init);
          statuses.push(response.status);
          return response;
        };
        const error = await deploy({
          url: h.server.url,
          auth: { kind: "token", token: h.token("sysadmin") },
          zipPath: (await solutionZips()).unmanaged,
          log: () => undefined,
          client: { transport },
        }).catch((e: unknown) => e);
        expect(statuses).toEqual([429]);
        // The step, what was throttled, that it gave up, and Dataverse's own 429 (0x80072322's message).
        expect(error).toBeInstanceOf(DeployError);
        expect((error as DeployError).step).toMatch(/Import .+ \(ImportSolution\)/);
        expect((error as DeployError).detail).toMatch(
          /^Dataverse kept throttling POST ImportSolution \(429, service protection limits\): gave up after 1 attempts and 0 s of waiting\. Run the deploy again later; it changes only what differs\. Last answer: Number of requests exceeded the limit of 6000 over time window of 300 seconds\..* \(HTTP 429\)$/,
        );
      },
      "empty",
    ));
});
