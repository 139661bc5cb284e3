/**
 * `npm run assign` against the real server over HTTP: the preview's statuses, nothing written on a dry run or while
 * problems stand, change sets of at most 1,000 operations with [n/N] progress, the result file, and a second run
 * that changes nothing.
 */
import path from "node:path";
import { AppChoice, AppProfile, AppProfileSystemUser, SystemUser } from "../../schema";
import { systemCaller } from "../../server/users";
import { applyChangeSets } from "../../controls/shared/assignment/applyChangeSets";
import { moveGroups, packChangeSets } from "../../controls/shared/assignment/changeSets";
import { webApiChangeSetWriter } from "../../controls/shared/assignment/webApiAssignment";
import { createWebApiFetch } from "../../controls/shared/data/webApiFetch";
import { runAssign } from "./assignCliRun";
import { startHarness, tempDataDir, type Harness } from "./harness";

let h: Harness;
let folder: string;
const USERS = 1_200;
const userId = (i: number) => `a551a551-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
const principal = (i: number) => `bulk.user${i}@contoso.example`;

async function createProfile(uniqueName: string): Promise<string> {
  const created = await h.client("admin").create<Record<string, unknown>>({
    collection: AppProfile.entitySetName,
    data: { apm_name: uniqueName, apm_uniquename: uniqueName, apm_app: AppChoice.CustomerServiceWorkspace.value },
    returnRepresentation: true,
  });
  return created.apm_appprofileid as string;
}

async function assignedTo(profileId: string): Promise<number> {
  const nav = AppProfileSystemUser.entity1NavigationProperty;
  const response = await h.raw(`${AppProfile.entitySetName}(${profileId})/${nav}?$select=systemuserid`);
  return ((await response.json()) as { value: unknown[] }).value.length;
}

const run = (csv: string, ...flags: string[]) => runAssign(h, path.join(folder, "users.csv"), csv, ...flags);

let tier1: string;
let tier2: string;
beforeAll(async () => {
  h = await startHarness();
  folder = tempDataDir();
  const api = h.server.api;
  await api.inTransaction(async () => {
    for (let i = 0; i < USERS; i++) {
      await api.pipeline.execute(
        {
          message: "Create",
          table: SystemUser,
          id: userId(i),
          attributes: {
            fullname: `Bulk User ${i}`,
            domainname: principal(i),
            internalemailaddress: `bu${i}@mail.example`,
          },
        },
        systemCaller,
      );
    }
  });
  tier1 = await createProfile("contoso_bulktier1");
  tier2 = await createProfile("contoso_bulktier2");
  await h.client("admin").associate({
    collection: AppProfile.entitySetName,
    primaryKey: tier2,
    relationshipName: AppProfileSystemUser.schemaName,
    relatedCollection: SystemUser.entitySetName,
    relatedKey: userId(0),
  });
}, 120_000);
afterAll(() => h.stop());

const header = "user,profile\n";
const bulkRows = Array.from(
  { length: USERS },
  (_, i) => `${i % 3 === 1 ? `bu${i}@mail.example` : principal(i)},contoso_bulktier1`,
);
const problemRows = [
  "nobody@contoso.example,contoso_bulktier1",
  "dana@contoso.example,contoso_bulktier1",
  "integration@contoso.example,contoso_bulktier1",
  "riley@contoso.example,contoso_nosuchprofile",
  `${principal(2)},contoso_bulktier2`,
];

describe("npm run assign", () => {
  it("previews every status and writes nothing on a dry run", async () => {
    const { code, out, result } = await run(header + [...bulkRows, ...problemRows].join("\n"), "--dry-run");
    expect(code).toBe(0);
    expect(out).toEqual(
      expect.arrayContaining([
        `${USERS + problemRows.length} rows in users.csv:`,
        `  ${USERS - 1} will assign`,
        "  1 will move",
        "  1 unknown user",
        "  1 disabled user",
        "  1 application or non-interactive user",
        "  1 profile missing",
        "  1 user listed twice",
      ]),
    );
    expect(out).toContain(
      `  users.csv:${USERS + 2}: No user has the principal name, email or id 'nobody@contoso.example': check the spelling.`,
    );
    expect(result[0]).toBe("line,user,profile,status,outcome,message");
    expect(result[1]).toBe(
      `2,${principal(0)},contoso_bulktier1,move,dry run,Will move from contoso_bulktier2 to contoso_bulktier1.`,
    );
    expect(await assignedTo(tier1)).toBe(0);
  });

  it("writes nothing while problems stand, and says how to go on", async () => {
    const { code, err } = await run(header + [...bulkRows, ...problemRows].join("\n"));
    expect(code).toBe(1);
    expect(err.join("\n")).toContain("Nothing written: 5 rows have problems");
    expect(err.join("\n")).toContain("--skip-problems");
    expect(await assignedTo(tier1)).toBe(0);
  });

  it("applies the valid rows in change sets of at most 1,000 operations, with progress and a result file", async () => {
    const { code, out, result } = await run(header + [...bulkRows, ...problemRows].join("\n"), "--skip-problems");
    expect(code).toBe(0);
    // One move (2 operations, first) and 1,199 assigns: 999 rows fill the first change set's 1,000 operations.
    expect(out).toEqual(expect.arrayContaining([`[999/${USERS}] rows applied`, `[${USERS}/${USERS}] rows applied`]));
    expect(out).toContain(
      `${USERS} rows applied, 0 failed. The result is in ${path.join(folder, "users.result.csv")}.`,
    );
    expect(await assignedTo(tier1)).toBe(USERS);
    expect(await assignedTo(tier2)).toBe(0);
    expect(result.filter((l) => l.includes(",applied,"))).toHaveLength(USERS);
    expect(result.filter((l) => l.includes(",skipped,"))).toHaveLength(problemRows.length);
  }, 120_000);

  it("changes nothing the second time", async () => {
    const { code, out } = await run(header + bulkRows.join("\n"));
    expect(code).toBe(0);
    expect(out).toContain(`  ${USERS} already there`);
    expect(out).toContain("0 rows applied, 0 failed. The result is in " + path.join(folder, "users.result.csv") + ".");
  });

  it("learns which part the server refused from its Content-ID, so only that row fails", async () => {
    const send = createWebApiFetch({ clientUrl: h.server.url, getToken: () => h.token("admin") });
    const writer = webApiChangeSetWriter(send, h.server.url);
    const refused = await writer.write([
      { kind: "disassociate", profileId: tier1, userId: userId(3) },
      { kind: "associate", profileId: tier2, userId: userId(3) },
      { kind: "associate", profileId: tier2, userId: userId(4) },
    ]);
    expect(refused).toMatchObject({
      ok: false,
      failedOperation: 2,
      message: expect.stringContaining("contoso_bulktier1"),
    });
    expect(await assignedTo(tier2)).toBe(0);

    const groups = [
      ...moveGroups({ id: tier1, uniqueName: "", name: "" }, { id: tier2, uniqueName: "", name: "" }, [userId(3)]),
      { line: 2, operations: [{ kind: "associate" as const, profileId: tier2, userId: userId(4) }] },
    ];
    const result = await applyChangeSets(packChangeSets(groups), writer);
    expect(result).toMatchObject({ applied: 1, failed: 1 });
    expect(result.outcomes.get(1)).toEqual({ applied: true });
    expect(await assignedTo(tier2)).toBe(1);
  });

  it("names the file and line of a malformed CSV and exits 2", async () => {
    const { code, err } = await run('user,profile\nok,contoso_bulktier1\n"open,contoso_bulktier1\n');
    expect(code).toBe(2);
    expect(err).toEqual(['users.csv: Line 3: a quoted value is never closed: add the closing ".']);
  });

  it("moves with action=move and removes with --action remove (issue 13: bulk move and bulk remove)", async () => {
    const [onTier1, onTier2] = [await assignedTo(tier1), await assignedTo(tier2)];
    const moves = [10, 11, 12, 13, 14].map((i) => `${principal(i)},contoso_bulktier2,move`);
    const moved = await run("user,profile,action\n" + moves.join("\n"));
    expect(moved.code).toBe(0);
    expect(moved.out).toContain("  5 will move");
    expect([await assignedTo(tier1), await assignedTo(tier2)]).toEqual([onTier1 - 5, onTier2 + 5]);

    // No action column: --action says what every row does; a user not on the profile is nothing to do.
    const removals = [15, 16, 17, 18, 19, 10].map((i) => `${principal(i)},contoso_bulktier1`);
    const removed = await run(header + removals.join("\n"), "--action", "remove");
    expect(removed.code).toBe(0);
    expect(removed.out).toEqual(
      expect.arrayContaining(["  5 will remove", "  1 not on the profile (nothing to remove)"]),
    );
    expect(removed.result[6]).toBe(
      `7,${principal(10)},contoso_bulktier1,notAssigned,skipped,Not assigned to contoso_bulktier1: nothing to remove.`,
    );
    expect(await assignedTo(tier1)).toBe(onTier1 - 10);
  });

  it("refuses an unknown action, naming the line", async () => {
    const { code, err } = await run(`user,profile,action\n${principal(20)},contoso_bulktier1,delete\n`);
    expect(code).toBe(2);
    expect(err).toEqual([
      "users.csv: Line 2: the action 'delete' is not assign, move or remove: assign (or move) gives the profile, remove takes it away.",
    ]);
  });
});
