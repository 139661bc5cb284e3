/**
 * Issue 13's done-when for the command line: `npm run assign` with a 10,000-row CSV against the real server over
 * HTTP. A dry run reads, prints the plan and writes nothing; the real run prints `[n/N]` progress per change set of
 * at most 1,000 operations and leaves exactly the rows the file asks for. A throttled environment (429 with
 * Retry-After) is waited out, not reported as failed rows.
 */
import path from "node:path";
import { AppChoice } from "../../schema";
import { applyChangeSets } from "../../controls/shared/assignment/applyChangeSets";
import { planAssignments } from "../../controls/shared/assignment/bulkPlan";
import { groupsFromPlan, packChangeSets } from "../../controls/shared/assignment/changeSets";
import { parseAssignmentCsv } from "../../controls/shared/assignment/csv";
import { webApiBulkAssignment } from "../../controls/shared/assignment/webApiAssignment";
import { createWebApiFetch } from "../../controls/shared/data/webApiFetch";
import { runAssign } from "./assignCliRun";
import { startHarness, tempDataDir, type Harness } from "./harness";

const ROWS = 10_000;
const userId = (i: number) => `c5c5c5c5-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
const principal = (i: number) => `cli.u${i}@contoso.example`;
const email = (i: number) => `cu${i}@mail.example`;
const userCell = (i: number) => [principal(i), email(i), userId(i)][i % 3];
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

const TARGET = "contoso_cli_target";
const OTHER = "contoso_cli_other";
/** Users 0..9999, one row each. */
const part = {
  assign: range(0, 8000),
  move: range(8000, 9000),
  already: range(9000, 9500),
  remove: range(9500, 9800),
  unknown: range(9800, 9900),
  disabled: range(9900, 9950),
  profileMissing: range(9950, 10_000),
};

/** Straight into the server's SQLite file, as bench/ui.bench.ts seeds: 10,000 creates over HTTP are slow. */
function seed(h: Harness, users: number, profiles: readonly string[]): Map<string, string> {
  const db = h.server.api.dbs.writer;
  const now = new Date().toISOString();
  const profile = db.prepare(
    `INSERT INTO apm_appprofile (apm_appprofileid, apm_name, apm_uniquename, apm_app, apm_isdefault, createdon, modifiedon, versionnumber) VALUES (?, ?, ?, ?, 0, ?, ?, 1)`,
  );
  const user = db.prepare(
    `INSERT INTO systemuser (systemuserid, fullname, domainname, internalemailaddress, isdisabled, createdon, modifiedon, versionnumber) VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const ids = new Map<string, string>();
  const disabled = new Set(part.disabled);
  db.transaction(() => {
    for (const [i, name] of profiles.entries()) {
      const id = `c5c5c5c5-0000-4000-9000-${i.toString(16).padStart(12, "0")}`;
      ids.set(name, id);
      profile.run(id, name, name, AppChoice.CustomerServiceWorkspace.value, now, now);
    }
    for (const i of range(0, users)) {
      user.run(userId(i), `CLI User ${i}`, principal(i), email(i), disabled.has(i) ? 1 : 0, now, now);
    }
  })();
  return ids;
}

function link(h: Harness, profileId: string, users: readonly number[]) {
  const insert = h.server.api.dbs.writer.prepare(`INSERT INTO apm_appprofile_systemuser VALUES (?, ?)`);
  h.server.api.dbs.writer.transaction(() => users.forEach((i) => insert.run(profileId, userId(i))))();
}

/** Each profile's users, read from the server's SQLite file. */
function assigned(h: Harness, profileId: string): Set<string> {
  const rows = h.server.api.dbs.writer
    .prepare(`SELECT systemuserid AS id FROM apm_appprofile_systemuser WHERE apm_appprofileid = ?`)
    .all(profileId) as { id: string }[];
  return new Set(rows.map((r) => r.id.toLowerCase()));
}

const idsOf = (...lists: number[][]) => new Set(lists.flat().map(userId));

const run = (h: Harness, folder: string, csv: string, ...flags: string[]) =>
  runAssign(h, path.join(folder, "many.csv"), csv, ...flags);

const realFetch = globalThis.fetch.bind(globalThis);

/** The $batch requests the CLI sends, with the number of write parts (POST or DELETE) in each. */
function watchBatches() {
  const writes: number[] = [];
  const spy = jest.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    if (String(input).endsWith("/$batch") && typeof init?.body === "string") {
      writes.push(init.body.match(/^(POST|DELETE) /gm)?.length ?? 0);
    }
    return realFetch(input, init);
  });
  return { writes, restore: () => spy.mockRestore() };
}

describe("npm run assign with 10,000 rows (issue 13)", () => {
  let h: Harness;
  let folder: string;
  let ids: Map<string, string>;
  beforeAll(async () => {
    h = await startHarness();
    folder = tempDataDir();
    ids = seed(h, ROWS, [TARGET, OTHER]);
    link(h, ids.get(OTHER)!, part.move);
    link(h, ids.get(TARGET)!, [...part.already, ...part.remove]);
  }, 120_000);
  afterAll(() => h?.stop());

  const csv = () =>
    "user,profile,action\n" +
    [
      ...part.assign.map((i) => `${userCell(i)},${TARGET},`),
      ...part.move.map((i) => `${userCell(i)},${TARGET},move`),
      ...part.already.map((i) => `${userCell(i)},${TARGET},`),
      ...part.remove.map((i) => `${userCell(i)},${TARGET},remove`),
      ...part.unknown.map((i) => `ghost${i}@contoso.example,${TARGET},`),
      ...part.disabled.map((i) => `${userCell(i)},${TARGET},`),
      ...part.profileMissing.map((i) => `${userCell(i)},contoso_cli_nosuch,`),
    ].join("\n");

  it("a dry run reads the 10,000 rows in batches, prints the plan and writes nothing", async () => {
    const batches = watchBatches();
    const started = Date.now();
    const { code, out, result } = await run(h, folder, csv(), "--dry-run").finally(batches.restore);
    const ms = Date.now() - started;
    expect(code).toBe(0);
    expect(out).toEqual(
      expect.arrayContaining([
        `${ROWS} rows in many.csv:`,
        `  ${part.assign.length} will assign`,
        `  ${part.move.length} will move`,
        `  ${part.already.length} already there`,
        `  ${part.remove.length} will remove`,
        `  ${part.unknown.length} unknown user`,
        `  ${part.disabled.length} disabled user`,
        `  ${part.profileMissing.length} profile missing`,
        "  … and 180 more in the result file.",
      ]),
    );
    expect(out.at(-1)).toBe(`Dry run: nothing written. The preview is in ${path.join(folder, "many.result.csv")}.`);
    // Lookups in chunks, never a request per row.
    const reads = out.filter((l) => / reading users and profiles$/.test(l));
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.length).toBeLessThan(ROWS / 50);
    expect(batches.writes.filter((n) => n > 0)).toEqual([]);
    expect(result).toHaveLength(ROWS + 1);
    expect(result.slice(1).every((l) => l.includes(",dry run,"))).toBe(true);
    expect(assigned(h, ids.get(TARGET)!)).toEqual(idsOf(part.already, part.remove));
    expect(assigned(h, ids.get(OTHER)!)).toEqual(idsOf(part.move));
    console.log(`npm run assign --dry-run, ${ROWS} rows: ${ms} ms`);
  }, 120_000);

  it("applies with [n/N] progress in change sets of at most 1,000 operations and leaves exactly the rows asked for", async () => {
    const batches = watchBatches();
    const started = Date.now();
    const { code, out, result } = await run(h, folder, csv(), "--skip-problems").finally(batches.restore);
    const ms = Date.now() - started;
    const changes = part.assign.length + part.move.length + part.remove.length;
    const operations = part.assign.length + 2 * part.move.length + part.remove.length;
    expect(code).toBe(0);
    const progress = out
      .map((l) => /^\[(\d+)\/(\d+)\] rows applied$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => [Number(m[1]), Number(m[2])]);
    expect(progress.length).toBe(Math.ceil(operations / 1000));
    expect(progress.every(([, total]) => total === changes)).toBe(true);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual([changes, changes]);
    const writes = batches.writes.filter((n) => n > 0);
    expect(writes.every((n) => n <= 1000)).toBe(true);
    expect(writes.reduce((a, b) => a + b, 0)).toBe(operations);
    expect(writes).toHaveLength(progress.length);
    expect(out.at(-1)).toBe(
      `${changes} rows applied, 0 failed. The result is in ${path.join(folder, "many.result.csv")}.`,
    );
    expect(assigned(h, ids.get(TARGET)!)).toEqual(idsOf(part.assign, part.move, part.already));
    expect(assigned(h, ids.get(OTHER)!)).toEqual(new Set());
    expect(result.filter((l) => l.includes(",applied,"))).toHaveLength(changes);
    console.log(`npm run assign, ${ROWS} rows (${operations} operations): ${ms} ms`);
  }, 240_000);
});

describe("npm run assign against a throttled environment", () => {
  let h: Harness;
  let folder: string;
  let ids: Map<string, string>;
  beforeAll(async () => {
    // Every 3rd request is answered 429 with Retry-After: 1 (the server's --throttle test mode).
    h = await startHarness({ throttle: { schedule: { every: 3, limit: "requests", retryAfterSeconds: 1 } } });
    folder = tempDataDir();
    ids = seed(h, 30, [TARGET]);
  }, 60_000);
  afterAll(() => h?.stop());

  it("waits the Retry-After and sends the request again, so no row fails (Learn: data-platform/api-limits)", async () => {
    const rows = range(0, 30).map((i) => `${principal(i)},${TARGET}`);
    const { code, out } = await run(h, folder, "user,profile\n" + rows.join("\n"));
    expect(out).toContain("The environment asked to wait (service protection): retrying in 1 s.");
    expect(out.at(-1)).toBe(`30 rows applied, 0 failed. The result is in ${path.join(folder, "many.result.csv")}.`);
    expect(code).toBe(0);
    expect(assigned(h, ids.get(TARGET)!)).toEqual(idsOf(range(0, 30)));
  }, 60_000);

  it("the designer's import waits it out too: its reads and change sets are sent again after Retry-After", async () => {
    const service = webApiBulkAssignment(
      createWebApiFetch({ clientUrl: h.server.url, getToken: () => h.token("admin") }),
      h.server.url,
    );
    const parsed = parseAssignmentCsv(
      "user,profile,action\n" +
        range(0, 30)
          .map((i) => `${principal(i)},${TARGET},remove`)
          .join("\n"),
    );
    if (!parsed.ok) throw new Error("the CSV should parse");
    h.server.api.dbs.writer
      .prepare(`DELETE FROM apm_appprofile_systemuser WHERE apm_appprofileid = ?`)
      .run(ids.get(TARGET));
    link(h, ids.get(TARGET)!, range(0, 30));
    // Several reads and writes in a row: with every 3rd request refused, some of them meet a 429.
    for (let round = 0; round < 2; round++) {
      const directory = await service.readDirectory(parsed.rows, () => {});
      const plan = planAssignments(parsed.rows, directory.users, directory.profiles);
      expect(plan.counts.remove).toBe(30);
      const groups = groupsFromPlan(plan);
      const result = await applyChangeSets(packChangeSets(groups.slice(0, 15)), service.writer);
      expect(result.failed).toBe(0);
      await applyChangeSets(packChangeSets(groups.slice(15)), service.writer);
      expect(assigned(h, ids.get(TARGET)!)).toEqual(new Set());
      link(h, ids.get(TARGET)!, range(0, 30));
    }
  }, 60_000);
});
