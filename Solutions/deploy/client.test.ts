import { WebApiClient, WebApiError, type Transport } from "./client";
import { waitForKey } from "./keys";

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

/** A transport that answers from a script and records each request. */
function scripted(answers: Answer[]) {
  const calls: { url: string; method: string }[] = [];
  const transport: Transport = async (url, init) => {
    calls.push({ url, method: init.method });
    const answer = answers.shift() ?? { status: 500 };
    return {
      status: answer.status,
      headers: { get: (name: string) => answer.headers?.[name.toLowerCase()] ?? null },
      text: async () => (answer.body === undefined ? "" : JSON.stringify(answer.body)),
    };
  };
  return { transport, calls };
}

const throttled = (seconds: string): Answer => ({
  status: 429,
  headers: { "retry-after": seconds },
  body: {
    error: {
      code: "0x80072322",
      message: "Number of requests exceeded the limit of 6000 over time window of 300 seconds.",
    },
  },
});

function client(answers: Answer[], maxRetries = 3, maxWaitMs = 60_000) {
  const { transport, calls } = scripted(answers);
  const waits: number[] = [];
  const lines: string[] = [];
  const api = new WebApiClient("http://env.example/api/data/v9.2/", async () => "t", {
    transport,
    retry: { maxRetries, maxWaitMs },
    sleep: async (ms) => void waits.push(ms),
    log: (line) => lines.push(line),
  });
  return { api, calls, waits, lines };
}

describe("the deploy's Web API client (Learn: data-platform/api-limits)", () => {
  it("retries a 429 after its Retry-After and says so", async () => {
    const { api, calls, waits, lines } = client([
      throttled("2"),
      throttled("1"),
      { status: 200, body: { value: [1] } },
    ]);
    expect(await api.list("things")).toEqual([1]);
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([2000, 1000]);
    expect(lines[0]).toMatch(/throttled \(429\): retrying GET things in 2 s \(retry 1 of 3\)/);
  });

  it("gives up after its retry budget, naming the limit", async () => {
    const { api, calls } = client([throttled("1"), throttled("1"), throttled("1")], 2);
    const error = (await api.get("things").catch((e) => e)) as WebApiError;
    expect(error).toBeInstanceOf(WebApiError);
    expect(error.status).toBe(429);
    expect(error.message).toMatch(/gave up after 3 attempts and 2 s of waiting.*Number of requests exceeded/);
    expect(calls).toHaveLength(3);
  });

  it("gives up at once when Retry-After exceeds the wait budget", async () => {
    const { api, calls } = client([throttled("600")], 5, 300_000);
    await expect(api.get("things")).rejects.toThrow(/gave up after 1 attempts/);
    expect(calls).toHaveLength(1);
  });

  it("carries Dataverse's status, code and message on other errors", async () => {
    const { api } = client([{ status: 403, body: { error: { code: "0x80040220", message: "missing prvX" } } }]);
    await expect(api.get("x")).rejects.toMatchObject({ status: 403, code: "0x80040220", message: "missing prvX" });
  });
});

describe("waiting for an alternate key (Learn: data-platform/define-alternate-keys-entity)", () => {
  const key = { logicalName: "apm_uniquename_key", displayName: "Unique name", columns: ["apm_uniquename"] };
  const keys = (status: string): Answer => ({
    status: 200,
    body: { value: [{ LogicalName: "apm_uniquename_key", EntityKeyIndexStatus: status }] },
  });

  it("polls until Active and reports each status", async () => {
    const { api, calls } = client([keys("Pending"), keys("InProgress"), keys("InProgress"), keys("Active")]);
    const notes: string[] = [];
    await waitForKey(
      api,
      "apm_appprofile",
      key,
      { timeoutMs: 10_000, intervalMs: 1, sleep: async () => undefined },
      (l) => notes.push(l),
    );
    expect(calls[0].url).toBe(
      "http://env.example/api/data/v9.2/EntityDefinitions(LogicalName='apm_appprofile')/Keys?$select=LogicalName,EntityKeyIndexStatus",
    );
    expect(calls).toHaveLength(4);
    expect(notes.map((n) => n.replace(/ after \d+ s/, ""))).toEqual([
      "apm_appprofile key apm_uniquename_key: Pending",
      "apm_appprofile key apm_uniquename_key: InProgress",
      "apm_appprofile key apm_uniquename_key: Active",
    ]);
  });

  it("fails on Failed, naming the key and what to do", async () => {
    const { api } = client([keys("Failed")]);
    await expect(
      waitForKey(api, "apm_appprofile", key, { timeoutMs: 10_000, intervalMs: 1 }, () => undefined),
    ).rejects.toThrow(/apm_uniquename_key on apm_appprofile failed to build \(EntityKeyIndexStatus Failed\)/);
  });

  it("times out with the key and its last status", async () => {
    const { api } = client(Array.from({ length: 50 }, () => keys("InProgress")));
    await expect(
      waitForKey(api, "apm_appprofile", key, { timeoutMs: 30, intervalMs: 10 }, () => undefined),
    ).rejects.toThrow(
      /Timed out after 0 s waiting for the alternate key apm_uniquename_key on apm_appprofile: its index is still InProgress/,
    );
  });
});
