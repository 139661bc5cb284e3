import { AppProfile } from "../../schema";
import { queryCache, queryOptionsFor } from "../webapi/queryCache";
import { BoundedCache } from "./bounded-cache";

describe("caches keyed by request text (issue 11, defect 6)", () => {
  test("drop the oldest entries past their total key length", () => {
    const cache = new BoundedCache<number>(10, 10);
    cache.set("aaaa", 1);
    cache.set("bbbb", 2);
    cache.set("cccc", 3);
    expect(cache.totalLength).toBeLessThanOrEqual(10);
    expect(cache.get("aaaa")).toBeUndefined();
    expect(cache.get("cccc")).toBe(3);
  });

  test("do not keep entries whose key is longer than the entry limit", () => {
    const cache = new BoundedCache<number>(1000, 8);
    cache.set("x".repeat(9), 1);
    expect(cache.count).toBe(0);
  });

  test("the query options cache does not grow with large distinct query strings", () => {
    const before = queryCache.totalLength;
    for (let i = 0; i < 50; i++) {
      const url = new URL(`http://h/api/data/v9.2/apm_appprofiles?$filter=apm_name eq '${"x".repeat(8000)}${i}'`);
      queryOptionsFor(AppProfile, url, "collection");
    }
    expect(queryCache.totalLength).toBe(before);
    expect(queryCache.totalLength).toBeLessThanOrEqual(1 << 20);
  });
});
