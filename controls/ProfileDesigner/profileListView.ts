/** Search and sort of the profile list: pure, so the list stays a thin view. */
import type { ProfileSummary } from "../shared/data/model";

export type SortColumn = "name" | "uniqueName" | "app" | "isDefault" | "isActive" | "userCount" | "rank";

/** Which profiles the list shows by status; Active first, as Dataverse's default view "Active App Profiles". */
export type StatusFilter = "active" | "inactive" | "all";

export function filterByStatus(profiles: readonly ProfileSummary[], status: StatusFilter): ProfileSummary[] {
  if (status === "all") return [...profiles];
  return profiles.filter((p) => p.isActive === (status === "active"));
}
export interface SortState {
  readonly column: SortColumn;
  readonly descending: boolean;
}

const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

/** Profiles whose name, unique name or app label contain the text, ignoring case. */
export function filterProfiles(
  profiles: readonly ProfileSummary[],
  text: string,
  appLabel: (app: number | null) => string,
): ProfileSummary[] {
  const needle = text.trim().toLowerCase();
  if (needle === "") return [...profiles];
  return profiles.filter((p) =>
    [p.name, p.uniqueName, appLabel(p.app)].some((value) => value.toLowerCase().includes(needle)),
  );
}

export function sortProfiles(
  profiles: readonly ProfileSummary[],
  sort: SortState,
  appLabel: (app: number | null) => string,
): ProfileSummary[] {
  const compare = (a: ProfileSummary, b: ProfileSummary): number => {
    switch (sort.column) {
      case "userCount":
        return a.userCount - b.userCount;
      case "rank":
        return (a.rank ?? 0) - (b.rank ?? 0);
      case "isDefault":
        return Number(a.isDefault) - Number(b.isDefault);
      case "isActive":
        return Number(a.isActive) - Number(b.isActive);
      case "app":
        return collator.compare(appLabel(a.app), appLabel(b.app));
      default:
        return collator.compare(a[sort.column], b[sort.column]);
    }
  };
  // Ties fall back to the name, so the order never depends on the server's.
  return [...profiles].sort((a, b) => {
    const primary = compare(a, b) || collator.compare(a.name, b.name);
    return sort.descending ? -primary : primary;
  });
}

/** Clicking a column sorts by it; clicking it again flips the direction. */
export function nextSort(current: SortState, column: SortColumn): SortState {
  return current.column === column ? { column, descending: !current.descending } : { column, descending: false };
}
