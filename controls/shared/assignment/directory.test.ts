import type { AssignmentCsvRow } from "./csv";
import {
  LOOKUP_CONCURRENCY,
  LOOKUP_PATH_BUDGET,
  profileLookupPaths,
  readDirectory,
  userLookupPaths,
  type JsonRowReader,
} from "./directory";

const id = (i: number) => `0000aaaa-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
const rows = (count: number, user: (i: number) => string, profile = (i: number) => `p${i % 3}`): AssignmentCsvRow[] =>
  Array.from({ length: count }, (_, i) => ({ line: i + 2, user: user(i), profile: profile(i) }));

/** The values an encoded `In` filter lists, in order. */
function listed(path: string, column: string): string[] {
  const filter = decodeURIComponent(path.slice(path.indexOf("$filter=") + 8));
  const list = new RegExp(`PropertyName='${column}',PropertyValues=\\[(.*?)\\]\\)`).exec(filter)?.[1] ?? "";
  return list ? list.split(",").map((v) => v.slice(1, -1).replace(/''/g, "'")) : [];
}

describe("userLookupPaths", () => {
  it("reads 10,000 users in a few dozen requests, each under the URL budget, every user once", () => {
    const file = rows(10_000, (i) => (i % 3 === 2 ? id(i) : `Bulk.User${i}@Contoso.example`));
    const paths = userLookupPaths(file);
    // The old fixed chunks of 100 made 101 requests for this file; as many as fit the budget make about half.
    expect(paths.length).toBeLessThan(60);
    for (const path of paths) expect(path.length).toBeLessThanOrEqual(LOOKUP_PATH_BUDGET);
    const ids = paths.flatMap((p) => listed(p, "systemuserid"));
    const names = paths.flatMap((p) => listed(p, "domainname"));
    expect(ids).toHaveLength(3333);
    expect(new Set(ids)).toEqual(new Set(file.filter((_, i) => i % 3 === 2).map((_, k) => id(3 * k + 2))));
    expect(names).toHaveLength(6667);
    expect(names[0]).toBe("bulk.user0@contoso.example");
    // A name is looked up as a principal name and as an email, in the same request.
    expect(paths.flatMap((p) => listed(p, "internalemailaddress"))).toEqual(names);
  });

  it("keeps long values under the budget, and puts short ones together", () => {
    const long = userLookupPaths(rows(50, (i) => `${"x".repeat(900)}${i}@contoso.example`));
    expect(long.length).toBeGreaterThan(1);
    for (const path of long) expect(path.length).toBeLessThanOrEqual(LOOKUP_PATH_BUDGET);
    const short = profileLookupPaths(
      rows(
        1_200,
        () => "u",
        (i) => `p${i}`,
      ),
    );
    expect(short).toHaveLength(1);
    expect(listed(short[0], "apm_uniquename")).toHaveLength(1_200);
  });

  it("quotes every value (a quote in a name is doubled, never ends the string)", () => {
    const [path] = userLookupPaths(rows(1, () => "o'brien@contoso.example"));
    expect(decodeURIComponent(path)).toContain("PropertyValues=['o''brien@contoso.example']");
    expect(listed(path, "domainname")).toEqual(["o'brien@contoso.example"]);
  });
});

describe("readDirectory", () => {
  it("reads a few lookups at a time, reports each, and keeps each user and profile once", async () => {
    let inFlight = 0;
    let most = 0;
    const reader: JsonRowReader = {
      async readAll(path) {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        if (path.startsWith("apm_appprofiles")) {
          return [{ apm_appprofileid: "p", apm_uniquename: "p0", apm_name: "P" }];
        }
        // Both queries of a user (by id and by name) find the same row.
        return [{ systemuserid: id(1), fullname: "One", domainname: "one@contoso.example" }];
      },
    };
    const file = rows(
      3_000,
      (i) => (i % 2 ? id(i) : `user${i}@contoso.example`),
      () => "p0",
    );
    const progress: [number, number][] = [];
    const directory = await readDirectory(file, reader, (done, total) => progress.push([done, total]));
    const total = userLookupPaths(file).length + profileLookupPaths(file).length;
    expect(total).toBeGreaterThan(LOOKUP_CONCURRENCY);
    expect(most).toBe(LOOKUP_CONCURRENCY);
    expect(progress.map(([done]) => done)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(progress.every(([, t]) => t === total)).toBe(true);
    expect(directory.users.map((u) => u.fullName)).toEqual(["One"]);
    expect(directory.profiles).toEqual([{ id: "p", uniqueName: "p0", name: "P" }]);
  });

  it("fails as a whole when one lookup fails, so the preview never shows half a directory", async () => {
    let reads = 0;
    const reader: JsonRowReader = {
      async readAll() {
        if (++reads === 2) throw new Error("The server answered 500.");
        return [];
      },
    };
    await expect(
      readDirectory(
        rows(5_000, (i) => `u${i}@contoso.example`),
        reader,
      ),
    ).rejects.toThrow("500");
  });
});
