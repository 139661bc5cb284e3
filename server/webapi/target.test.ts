/** The parsed-key cache is bounded by the total length of request-chosen key text, not by entry count. */
import { AppProfile } from "../../schema";
import { addressOf, parsedKeys } from "./target";

const keyed = (value: string) =>
  addressOf(AppProfile, { name: AppProfile.entitySetName, key: `apm_uniquename='${value}'` });

it("parses but doesn't keep a key over 4 KB", () => {
  const before = parsedKeys.count;
  const value = "x".repeat(5000);
  expect(keyed(value)).toEqual({ key: { apm_uniquename: value } });
  expect(parsedKeys.count).toBe(before);
});

it("keeps at most 1 MiB of key text however many distinct keys arrive", () => {
  for (let i = 0; i < 400; i++) keyed(`${i}-${"y".repeat(4000)}`);
  expect(parsedKeys.totalLength).toBeLessThanOrEqual(1 << 20);
  expect(parsedKeys.totalLength).toBeGreaterThan(1 << 19);
  // Short keys are still cached: the second parse returns the same object.
  expect(keyed("short")).toBe(keyed("short"));
});
