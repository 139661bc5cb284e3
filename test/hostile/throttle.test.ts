/**
 * Service protection limits per user (issue 10 #14, issue 11 #5): 429 with Retry-After and the documented codes.
 * Learn: data-platform/api-limits.
 */
import { parseServiceLimits, parseThrottleSchedule, ServiceProtection } from "../../server/throttle";
import { normalizeOrigin } from "../../server/httpGuards";
import { json } from "../../server/webapi/types";
import { startHarness, type Harness } from "../integration/harness";

async function withServer(options: Parameters<typeof startHarness>[0], test: (h: Harness) => Promise<void>) {
  const h = await startHarness(options);
  try {
    await test(h);
  } finally {
    await h.stop();
  }
}

const slow = (ms: number) => async () => {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return json(200, {});
};

describe("service protection limits (Learn: data-platform/api-limits)", () => {
  it("answers 429 with Retry-After and 0x80072322 past the number of requests per window, per user", () =>
    withServer({ throttle: { limits: { requests: 5, windowSeconds: 60 } } }, async (h) => {
      for (let i = 0; i < 5; i++) expect((await h.raw("WhoAmI")).status).toBe(200);
      const refused = await h.raw("WhoAmI");
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      const { error } = await refused.json();
      expect(error.code).toBe("0x80072322");
      expect(error.message).toMatch(/Number of requests exceeded the limit of 5 over time window of 60 seconds/);
      expect((await h.raw("WhoAmI", { user: "agent" })).status).toBe(200);
    }));

  it("answers 0x80072326 past the concurrent requests of one user", () =>
    withServer(
      { throttle: { limits: { concurrent: 2 } }, functions: new Map([["hostile_Slow", slow(400)]]) },
      async (h) => {
        const answers = await Promise.all(Array.from({ length: 4 }, () => h.raw("hostile_Slow", { method: "POST" })));
        const statuses = answers.map((a) => a.status).sort();
        expect(statuses).toEqual([200, 200, 429, 429]);
        const refused = answers.find((a) => a.status === 429)!;
        expect((await refused.json()).error.code).toBe("0x80072326");
        expect(refused.headers.get("retry-after")).toBe("1");
        expect((await h.raw("hostile_Slow", { method: "POST" })).status).toBe(200);
      },
    ));

  it("answers 0x80072321 past the combined execution time of one user", () =>
    withServer(
      {
        throttle: { limits: { executionMs: 150, windowSeconds: 60 } },
        functions: new Map([["hostile_Slow", slow(200)]]),
      },
      async (h) => {
        expect((await h.raw("hostile_Slow", { method: "POST" })).status).toBe(200);
        const refused = await h.raw("WhoAmI");
        expect(refused.status).toBe(429);
        expect((await refused.json()).error.code).toBe("0x80072321");
        expect((await h.raw("WhoAmI", { user: "agent" })).status).toBe(200);
      },
    ));

  it("frees the window as it slides", () => {
    let now = 0;
    const protection = new ServiceProtection({ limits: { requests: 2, windowSeconds: 10 } }, () => now);
    protection.admit("u").done();
    now = 5000;
    protection.admit("u").done();
    expect(protection.admit("u").refused?.headers["Retry-After"]).toBe("5");
    now = 10_001;
    expect(protection.admit("u").refused).toBeUndefined();
  });
});

describe("--throttle test mode", () => {
  it("answers 429 to every Nth request of each user with the chosen code and Retry-After", () =>
    withServer(
      { throttle: { schedule: parseThrottleSchedule("every=3,limit=execution,retry-after=7") } },
      async (h) => {
        const statuses: number[] = [];
        for (let i = 0; i < 6; i++) statuses.push((await h.raw("WhoAmI")).status);
        expect(statuses).toEqual([200, 200, 429, 200, 200, 429]);
        const agent = [await h.raw("WhoAmI", { user: "agent" }), await h.raw("WhoAmI", { user: "agent" })];
        expect(agent.map((a) => a.status)).toEqual([200, 200]);
        const refused = await h.raw("WhoAmI", { user: "agent" });
        expect(refused.headers.get("retry-after")).toBe("7");
        expect((await refused.json()).error.code).toBe("0x80072321");
      },
    ));

  it("parses the option and names what is wrong", () => {
    expect(parseThrottleSchedule("every=5")).toEqual({ every: 5, limit: "requests", retryAfterSeconds: 1 });
    expect(() => parseThrottleSchedule("every=0")).toThrow(/every=N/);
    expect(() => parseThrottleSchedule("each=2")).toThrow(/knows every/);
    expect(() => parseThrottleSchedule("every=2,limit=cpu")).toThrow(/requests, execution or concurrent/);
    expect(parseServiceLimits("requests=10,window=30")).toEqual({ requests: 10, windowSeconds: 30 });
    expect(parseServiceLimits("off")).toBe(false);
    expect(() => parseServiceLimits("requests=-1")).toThrow(/whole numbers/);
  });
});

describe("--cors-origin", () => {
  it("takes origins only, exactly as a browser sends them", () => {
    expect(normalizeOrigin("http://localhost:3000")).toBe("http://localhost:3000");
    expect(normalizeOrigin("https://contoso.example/")).toBe("https://contoso.example");
    expect(() => normalizeOrigin("*")).toThrow(/not an origin/);
    expect(() => normalizeOrigin("http://localhost:3000/app")).toThrow(/no path/);
    expect(() => normalizeOrigin("file:///tmp")).toThrow(/not an origin/);
  });
});
