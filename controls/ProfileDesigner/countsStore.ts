/**
 * The counts of the page on screen, arriving after its rows (profilePage.ts, StagedProfilePage). Each count cell
 * subscribes to it, so the counts' arrival re-renders those cells only, never the whole list.
 */
import type { PageCounts, ProfileCounts } from "../shared/data/profilePage";

export type CountsState = { status: "loading" } | { status: "ready"; counts: PageCounts } | { status: "failed" };

export interface CountsStore {
  readonly state: () => CountsState;
  /** The profile's counts once they arrived (none counted: zeros); undefined while loading or after a failure. */
  readonly of: (profileId: string) => ProfileCounts | undefined;
  readonly subscribe: (listener: () => void) => () => void;
}

const NONE: ProfileCounts = { userCount: 0, roleCount: 0, teamCount: 0 };

/** A store that follows `counts`: loading, then ready (or failed, the page saying why); ready at once if `known`. */
export function countsStore(counts: Promise<PageCounts>, known?: PageCounts): CountsStore {
  let state: CountsState = known ? { status: "ready", counts: known } : { status: "loading" };
  const listeners = new Set<() => void>();
  const settle = (next: CountsState) => {
    state = next;
    listeners.forEach((listener) => listener());
  };
  if (!known)
    counts.then(
      (value) => settle({ status: "ready", counts: value }),
      () => settle({ status: "failed" }),
    );
  return {
    state: () => state,
    of: (profileId) => (state.status === "ready" ? (state.counts.get(profileId.toLowerCase()) ?? NONE) : undefined),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
