import type { TransportResponse } from "../../../runtime";
import { retryThrottled } from "./retryThrottled";

const answer = (status: number, retryAfter?: string) =>
  ({
    ok: status < 400,
    status,
    headers: { get: (name: string) => (name === "retry-after" ? (retryAfter ?? null) : null) },
    json: async () => ({}),
    text: async () => "",
  }) as unknown as TransportResponse;

describe("retryThrottled", () => {
  it("sends a request again after the Retry-After of each 429, then gives the answer", async () => {
    const statuses = [429, 429, 200];
    const sent: string[] = [];
    const waits: number[] = [];
    const send = retryThrottled(
      async (path) => {
        sent.push(path);
        return answer(statuses.shift()!, "2");
      },
      { sleep: async (ms) => void waits.push(ms) },
    );
    const response = await send("$batch", { method: "POST", headers: {} });
    expect(response.status).toBe(200);
    expect(sent).toEqual(["$batch", "$batch", "$batch"]);
    expect(waits).toEqual([2000, 2000]);
  });

  it("answers the 429 when the attempts or the waiting budget run out", async () => {
    const always = async () => answer(429, "10");
    expect(
      (await retryThrottled(always, { attempts: 2, sleep: async () => {} })("x", { method: "GET", headers: {} }))
        .status,
    ).toBe(429);
    const waits: number[] = [];
    const limited = retryThrottled(always, { maxTotalWaitMs: 15_000, sleep: async (ms) => void waits.push(ms) });
    expect((await limited("x", { method: "GET", headers: {} })).status).toBe(429);
    expect(waits).toEqual([10_000]);
  });

  it("never retries other failures", async () => {
    let calls = 0;
    const send = retryThrottled(async () => (calls++, answer(500)), { sleep: async () => {} });
    expect((await send("x", { method: "GET", headers: {} })).status).toBe(500);
    expect(calls).toBe(1);
  });
});
