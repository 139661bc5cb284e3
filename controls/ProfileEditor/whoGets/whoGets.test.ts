/** Issue 13: Who gets this profile decides with the runtime's precedence (runtime/rows.ts), not its own copy. */
import { whoGets } from "./whoGets";
import type { AppProfileRow, MemberUser } from "../../shared/data/profileAccess";

const team = (id: string) => ({ id, name: `Team ${id}`, kind: "team" as const });
const role = (id: string) => ({ id, name: `Role ${id}`, kind: "role" as const });
const profile = (id: string, rank: number | null, extra: Partial<AppProfileRow> = {}): AppProfileRow => ({
  id,
  name: id,
  uniqueName: `p_${id}`,
  etag: "",
  rank,
  isDefault: false,
  isCustomDefault: false,
  userIds: [],
  roles: [],
  teams: [],
  ...extra,
});
const user = (id: string, extra: Partial<MemberUser> = {}): MemberUser => ({
  id,
  fullName: id,
  domainName: `${id}@x`,
  pickable: true,
  profiles: [],
  teamIds: [],
  roleIds: [],
  ...extra,
});

describe("whoGets", () => {
  const here = profile("here", 5, { teams: [team("t1")], roles: [role("r1")], userIds: ["dora"] });
  const lower = profile("lower", 3, { teams: [team("t2")] });
  const elsewhere = profile("elsewhere", null, { userIds: ["eli"] });
  const profiles = [here, lower, elsewhere, profile("builtin", null, { isDefault: true })];

  it("counts direct, team and role users, leaving out those a direct profile, a lower rank or a team takes", () => {
    const result = whoGets(
      "HERE",
      profiles,
      [
        user("dora"), // direct here
        user("tess", { teamIds: ["t1"] }), // team t1
        user("eli", { teamIds: ["t1"] }), // direct elsewhere: never through a team
        user("lou", { teamIds: ["t1", "t2"] }), // t2's profile ranks lower (3 < 5)
        user("rita", { roleIds: ["r1"] }), // role, directly
        user("tom", { teamIds: ["t9"] }), // role through team t9
        user("dis", { teamIds: ["t1"], pickable: false }),
      ],
      new Map([["t9", ["r1"]]]),
    );
    expect(result.recipients.map((r) => [r.user.id, r.reason, r.via?.id])).toEqual([
      ["dora", "Direct", undefined],
      ["rita", "Role", "r1"],
      ["tess", "Team", "t1"],
      ["tom", "Role", "r1"],
    ]);
    expect(result.direct).toBe(1);
    expect(result.teams).toEqual([{ via: { id: "t1", name: "Team t1" }, count: 1 }]);
    expect(result.roles).toEqual([{ via: { id: "r1", name: "Role r1" }, count: 2 }]);
  });

  it("a team beats a role of a lower rank", () => {
    const byRole = profile("byRole", 1, { roles: [role("r1")] });
    const result = whoGets("here", [here, byRole], [user("both", { teamIds: ["t1"], roleIds: ["r1"] })], new Map());
    expect(result.recipients.map((r) => r.reason)).toEqual(["Team"]);
  });
});
