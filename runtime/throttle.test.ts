/**
 * 429 handling (Learn: data-platform/api-limits, "Retry operations"): wait Retry-After, retry within a bounded
 * budget, then say so. A fake transport for the budget, and a real HTTP server that throttles once for fetch.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { AppChoice } from "../schema";
import { EffectiveProfileError } from "./errors";
import { resolveEffectiveProfile } from "./resolve";
import { retryAfterMs } from "./throttle";
import { createWebApiTransport, type Transport, type TransportResponse } from "./transport";

const user = "8d1a7a52-0000-4000-8000-00000000a901";
const csw = AppChoice.CustomerServiceWorkspace.value;
const defaultRow = { apm_appprofileid: "d", apm_name: "Default", apm_isdefault: true, apm_appprofile_systemuser: [] };

const answer = (status: number, body: unknown, headers: Record<string, string> = {}): TransportResponse => ({
  status,
  ok: status < 400,
  headers: { get: (name) => headers[name.toLowerCase()] ?? null },
  json: async () => body,
  text: async () => JSON.stringify(body),
});
const throttled = (seconds: string) =>
  answer(
    429,
    { error: { code: "0x80072322", message: "Number of requests exceeded the limit" } },
    { "retry-after": seconds },
  );

function scripted(...responses: TransportResponse[]) {
  const calls: string[] = [];
  const transport: Transport = async (path) => {
    calls.push(path);
    return responses[Math.min(calls.length - 1, responses.length - 1)];
  };
  return { transport, calls };
}

describe("retrying after 429", () => {
  it("waits Retry-After and retries, then resolves", async () => {
    const { transport, calls } = scripted(throttled("2"), answer(200, { value: [defaultRow] }));
    const waits: number[] = [];
    const result = await resolveEffectiveProfile(user, csw, {
      transport,
      throttle: { maxAttempts: 3, maxTotalWaitMs: 10_000, sleep: async (ms) => void waits.push(ms) },
    });
    expect(result.reason).toBe("Default");
    expect(waits).toEqual([2000]);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toBe(calls[1]);
  });

  it("gives up after 3 attempts and tells the user when to try again", async () => {
    const { transport, calls } = scripted(throttled("4"));
    const waits: number[] = [];
    const error = await resolveEffectiveProfile(user, csw, {
      transport,
      throttle: { maxAttempts: 3, maxTotalWaitMs: 60_000, sleep: async (ms) => void waits.push(ms) },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EffectiveProfileError);
    expect((error as EffectiveProfileError).status).toBe(429);
    expect((error as Error).message).toBe(
      "Dataverse is limiting requests right now (service protection). Try again in 4 seconds.",
    );
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([4000, 4000]);
  });

  it("gives up at once when Retry-After passes the total wait cap", async () => {
    const { transport, calls } = scripted(throttled("300"));
    const sleep = jest.fn(async () => undefined);
    await expect(
      resolveEffectiveProfile(user, csw, { transport, throttle: { maxAttempts: 3, maxTotalWaitMs: 30_000, sleep } }),
    ).rejects.toThrow("Try again in 300 seconds.");
    expect(calls).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs(null)).toBe(1000);
  });

  it("retries over fetch against a real HTTP server that answers 429 once", async () => {
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests++;
      if (requests === 1) {
        res.writeHead(429, { "Content-Type": "application/json", "Retry-After": "1" });
        res.end(JSON.stringify({ error: { code: "0x80072321", message: "Combined execution time exceeded" } }));
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ value: [defaultRow] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const transport = createWebApiTransport({ baseUrl: `http://127.0.0.1:${port}/api/data/v9.2/` });
      const started = Date.now();
      const result = await resolveEffectiveProfile(user, csw, { transport });
      expect(result.profile.id).toBe("d");
      expect(requests).toBe(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
