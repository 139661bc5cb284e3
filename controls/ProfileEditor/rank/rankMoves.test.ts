import { planMove, rankedOthers, swapUpdates, type Ranked } from "./rankMoves";
import type { AppProfileRow } from "../../shared/data/profileAccess";

const ranked = (id: string, rank: number): Ranked => ({ id, name: id, uniqueName: id, rank, etag: `W/"${id}"` });
const team = { id: "t", name: "T", kind: "team" as const };

describe("rank moves (issue 13: lower wins)", () => {
  const others = [ranked("a", 10), ranked("b", 20), ranked("c", 21)];

  it("moves up into the gap between the two profiles above", () => {
    expect(planMove(others, 30, "up")).toEqual({ kind: "swap", with: others[2] });
    expect(planMove([ranked("a", 10), ranked("b", 20)], 30, "up")).toEqual({ kind: "set", rank: 15 });
  });

  it("moves past the first or last profile to the rank next to it, and not beyond the range", () => {
    expect(planMove(others, 15, "up")).toEqual({ kind: "set", rank: 9 });
    expect(planMove(others, 15, "down")).toEqual({ kind: "swap", with: others[1] });
    expect(planMove(others, 5, "up")).toBeUndefined();
    expect(planMove([ranked("a", 1)], 5, "up")).toEqual({ kind: "swap", with: ranked("a", 1) });
    expect(planMove(others, 25, "down")).toBeUndefined();
  });

  it("swaps through a free rank, in three writes, the first two conditional", () => {
    const updates = swapUpdates({ id: "self", etag: 'W/"1"', rank: 22 }, others[2], [10, 20, 21, 1000]);
    expect(updates).toEqual([
      { id: "self", etag: 'W/"1"', fields: { apm_rank: 999 } },
      { id: "c", etag: 'W/"c"', fields: { apm_rank: 22 } },
      { id: "self", fields: { apm_rank: 21 } },
    ]);
  });

  it("counts only other ranked profiles with teams or roles", () => {
    const row = (id: string, rank: number | null, withTeam: boolean): AppProfileRow => ({
      id,
      name: id,
      uniqueName: id,
      etag: "",
      rank,
      isDefault: false,
      isCustomDefault: false,
      userIds: [],
      roles: [],
      teams: withTeam ? [team] : [],
    });
    expect(
      rankedOthers(
        [row("x", 3, true), row("self", 1, true), row("y", 2, false), row("z", null, true), row("w", 1, true)],
        "SELF",
      ).map((r) => r.id),
    ).toEqual(["w", "x"]);
  });
});
