/**
 * Issue 13: moving a profile's rank among the other ranked profiles of its app (lower wins). Move up/down picks a
 * free rank between the neighbours; when there is none the two swap, which writes the other profile too.
 */
import { PROFILE_RANK_MAX, PROFILE_RANK_MIN } from "../../../schema/model";
import type { AppProfileRow, ProfileUpdate } from "../../shared/data/profileAccess";

export interface Ranked {
  readonly id: string;
  readonly name: string;
  readonly uniqueName: string;
  readonly rank: number;
  readonly etag: string;
}

export type RankMove =
  | { readonly kind: "set"; readonly rank: number }
  | { readonly kind: "swap"; readonly with: Ranked };

/** The other active profiles of the app that hold a rank that counts (they have teams or roles), lowest first. */
export function rankedOthers(rows: readonly AppProfileRow[], selfId: string): Ranked[] {
  return rows
    .filter((r) => r.id.toLowerCase() !== selfId.toLowerCase() && r.rank !== null)
    .filter((r) => r.roles.length + r.teams.length > 0)
    .map((r) => ({ id: r.id, name: r.name, uniqueName: r.uniqueName, rank: r.rank as number, etag: r.etag }))
    .sort((a, b) => a.rank - b.rank);
}

/** Where Move up (toward rank 1) or Move down takes `rank`; undefined when it is already first or last. */
export function planMove(others: readonly Ranked[], rank: number, direction: "up" | "down"): RankMove | undefined {
  const up = direction === "up";
  const passed = up ? others.filter((o) => o.rank < rank).reverse() : others.filter((o) => o.rank > rank);
  const [neighbour, beyond] = passed;
  if (!neighbour) return undefined;
  const step = up ? -1 : 1;
  if (!beyond) {
    const next = neighbour.rank + step;
    return next >= PROFILE_RANK_MIN && next <= PROFILE_RANK_MAX
      ? { kind: "set", rank: next }
      : { kind: "swap", with: neighbour };
  }
  if (Math.abs(beyond.rank - neighbour.rank) > 1)
    return { kind: "set", rank: Math.floor((beyond.rank + neighbour.rank) / 2) };
  return { kind: "swap", with: neighbour };
}

/**
 * A swap as one change set: this profile first steps aside to a free rank (the handlers keep ranks unique at every
 * step, PreOperation inside the transaction), the other takes this one's rank, then this one takes the other's.
 */
export function swapUpdates(
  self: { id: string; etag: string; rank: number },
  other: Ranked,
  taken: readonly number[],
): ProfileUpdate[] {
  const used = new Set([...taken, self.rank, other.rank]);
  let free = PROFILE_RANK_MAX;
  while (used.has(free) && free > PROFILE_RANK_MIN) free--;
  return [
    { id: self.id, etag: self.etag, fields: { apm_rank: free } },
    { id: other.id, etag: other.etag, fields: { apm_rank: self.rank } },
    { id: self.id, fields: { apm_rank: other.rank } },
  ];
}
