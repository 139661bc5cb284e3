import { describeStatus, planAssignments, type DirectoryProfile, type DirectoryUser } from "./bulkPlan";
import type { AssignmentCsvRow } from "./csv";

const tier1: DirectoryProfile = { id: "p1", uniqueName: "apm_tier1", name: "Tier 1" };
const tier2: DirectoryProfile = { id: "p2", uniqueName: "apm_tier2", name: "Tier 2" };

function user(id: string, extra: Partial<DirectoryUser> = {}): DirectoryUser {
  return {
    id,
    fullName: `User ${id}`,
    domainName: `${id}@contoso.com`,
    email: `${id}.mail@contoso.com`,
    isDisabled: false,
    isInteractive: true,
    ...extra,
  };
}

const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
const users = [
  user("ana"),
  user("bo", { profile: tier1 }),
  user("cy", { profile: tier2 }),
  user("off", { isDisabled: true }),
  user("app", { isInteractive: false }),
  user(ID),
  user("twin1", { email: "shared@contoso.com" }),
  user("twin2", { email: "shared@contoso.com" }),
];

const rows = (...cells: [string, string][]): AssignmentCsvRow[] =>
  cells.map(([u, p], i) => ({ line: i + 2, user: u, profile: p }));

describe("planAssignments", () => {
  it("gives every row its status, by principal name, email or id", () => {
    const plan = planAssignments(
      rows(
        ["ANA@contoso.com", "apm_tier1"],
        ["bo.mail@contoso.com", "apm_tier1"],
        ["cy@contoso.com", "APM_TIER1"],
        ["nobody@contoso.com", "apm_tier1"],
        ["off@contoso.com", "apm_tier1"],
        ["app@contoso.com", "apm_tier1"],
        [`{${ID.toUpperCase()}}`, "apm_missing"],
        ["shared@contoso.com", "apm_tier1"],
      ),
      users,
      [tier1, tier2],
    );
    expect(plan.rows.map((r) => r.status.kind)).toEqual([
      "assign",
      "already",
      "move",
      "unknownUser",
      "disabledUser",
      "nonInteractiveUser",
      "profileMissing",
      "ambiguousUser",
    ]);
    expect(plan.rows[2].status).toEqual({ kind: "move", from: tier2 });
    expect(plan.changes).toBe(2);
    expect(plan.problems).toBe(5);
    expect(plan.counts).toMatchObject({ assign: 1, move: 1, already: 1, unknownUser: 1 });
  });

  it("refuses a user listed twice on the later line (rule 9: one direct profile)", () => {
    const plan = planAssignments(rows(["ana@contoso.com", "apm_tier1"], ["ana.mail@contoso.com", "apm_tier2"]), users, [
      tier1,
      tier2,
    ]);
    expect(plan.rows[1].status).toEqual({ kind: "duplicateUser", firstLine: 2 });
    expect(describeStatus(plan.rows[1])).toBe(
      "This user is already on line 2: a user gets one profile, so remove one of the lines.",
    );
  });

  it("says in one sentence what each row will do", () => {
    const plan = planAssignments(rows(["cy@contoso.com", "apm_tier1"], ["x@y.z", "apm_tier1"]), users, [tier1, tier2]);
    expect(describeStatus(plan.rows[0])).toBe("Will move from Tier 2 to Tier 1.");
    expect(describeStatus(plan.rows[1])).toContain("'x@y.z'");
  });

  it("plans 10,000 rows against 10,000 users in one pass", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => user(`u${i}`, i % 2 ? { profile: tier2 } : {}));
    const csv = many.map((u, i) => ({ line: i + 2, user: u.domainName, profile: "apm_tier1" }));
    const plan = planAssignments(csv, many, [tier1, tier2]);
    expect(plan.counts.assign).toBe(5_000);
    expect(plan.counts.move).toBe(5_000);
  });
});

describe("planAssignments with action remove (issue 13: bulk remove)", () => {
  it("removes a user from the profile they are on, says 'nothing to remove' otherwise, and lets a disabled user leave", () => {
    const remove = (u: string, p: string, line: number): AssignmentCsvRow => ({
      line,
      user: u,
      profile: p,
      action: "remove",
    });
    const plan = planAssignments(
      [
        remove("bo@contoso.com", "apm_tier1", 2),
        remove("cy@contoso.com", "apm_tier1", 3),
        remove("off@contoso.com", "apm_tier1", 4),
        remove("bo2@contoso.com", "apm_tier1", 5),
        remove("ana@contoso.com", "apm_nope", 6),
      ],
      [
        user("bo", { profile: tier1 }),
        user("cy", { profile: tier2 }),
        user("off", { isDisabled: true, profile: tier1 }),
        user("bo2"),
        user("ana"),
      ],
      [tier1, tier2],
    );
    expect(plan.rows.map((r) => r.status.kind)).toEqual([
      "remove",
      "notAssigned",
      "remove",
      "notAssigned",
      "profileMissing",
    ]);
    expect(plan.changes).toBe(2);
    expect(plan.problems).toBe(1);
    expect(describeStatus(plan.rows[0])).toBe("Will remove from Tier 1.");
  });
});
