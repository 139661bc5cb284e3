/**
 * What changed in one related list (templates, providers, users) between the loaded profile and the draft, in O(n)
 * with a Set of ids, memoized on the two arrays. The reducer replaces a list only when that list changes, so typing
 * in a column reuses the last diff of every list: a 2,000-user profile is diffed once per user change, not per key.
 */

export interface ListDiff<T> {
  /** In `before`, not in `after`, in `before`'s order. */
  readonly removed: readonly T[];
  /** In `after`, not in `before`, in `after`'s order. */
  readonly added: readonly T[];
}

type Identified = { readonly id: string };

/** Dataverse ids compare without regard to case. */
export const idKey = (id: string): string => id.toLowerCase();

const idSets = new WeakMap<readonly Identified[], ReadonlySet<string>>();

/** The list's ids (lower case), built once per array. */
export function idSetOf(items: readonly Identified[]): ReadonlySet<string> {
  let set = idSets.get(items);
  if (!set) {
    set = new Set(items.map((i) => idKey(i.id)));
    idSets.set(items, set);
  }
  return set;
}

const noChange: ListDiff<never> = Object.freeze({ removed: Object.freeze([]), added: Object.freeze([]) });
const diffs = new WeakMap<readonly Identified[], WeakMap<readonly Identified[], ListDiff<Identified>>>();

/** The diff of two lists by id; the same arrays give the same (cached) answer. */
export function diffById<T extends Identified>(before: readonly T[], after: readonly T[]): ListDiff<T> {
  if (before === after) return noChange;
  let byAfter = diffs.get(before);
  if (!byAfter) {
    byAfter = new WeakMap();
    diffs.set(before, byAfter);
  }
  const cached = byAfter.get(after);
  if (cached) return cached as ListDiff<T>;
  const beforeIds = idSetOf(before);
  const afterIds = idSetOf(after);
  const diff: ListDiff<T> = {
    removed: before.filter((i) => !afterIds.has(idKey(i.id))),
    added: after.filter((i) => !beforeIds.has(idKey(i.id))),
  };
  byAfter.set(after, diff);
  return diff;
}

export const isEmptyDiff = (diff: ListDiff<unknown>): boolean => diff.removed.length === 0 && diff.added.length === 0;
