/**
 * What the admin chose in the profile list (search, sort, status, page), kept in session storage: the host page
 * re-creates the control when the admin comes back from a profile, and the list should be where they left it, as a
 * Dataverse grid is. Read back defensively: the stored text is not trusted.
 */
import type { SortColumn, SortState, StatusFilter } from "./profileListView";

export interface ListView {
  readonly search: string;
  readonly sort: SortState;
  readonly status: StatusFilter;
  /** The cookies of the pages opened with Next, oldest first; empty on the first page. The last is the page shown. */
  readonly pages: readonly string[];
}

export const LIST_VIEW_STORAGE_KEY = "apm.ProfileDesigner.listView";
export const defaultListView: ListView = {
  search: "",
  sort: { column: "name", descending: false },
  status: "active",
  pages: [],
};

const sortColumns: ReadonlySet<string> = new Set<SortColumn>([
  "name",
  "uniqueName",
  "app",
  "isDefault",
  "isActive",
  "userCount",
  "rank",
]);
const statuses: ReadonlySet<string> = new Set<StatusFilter>(["active", "inactive", "all"]);

export type ViewStorage = Pick<Storage, "getItem" | "setItem">;

export function sessionViewStorage(): ViewStorage | undefined {
  try {
    return typeof window === "undefined" ? undefined : window.sessionStorage;
  } catch {
    return undefined; // storage blocked: the list still works, it just starts over
  }
}

export function readListView(storage: ViewStorage | undefined): ListView {
  try {
    const raw = storage?.getItem(LIST_VIEW_STORAGE_KEY);
    if (!raw) return defaultListView;
    const value = JSON.parse(raw) as Partial<Record<keyof ListView, unknown>>;
    const sort = value.sort as Partial<SortState> | undefined;
    return {
      search: typeof value.search === "string" ? value.search.slice(0, 200) : "",
      sort:
        typeof sort?.column === "string" && sortColumns.has(sort.column)
          ? { column: sort.column, descending: sort.descending === true }
          : defaultListView.sort,
      status:
        typeof value.status === "string" && statuses.has(value.status) ? (value.status as StatusFilter) : "active",
      pages: Array.isArray(value.pages)
        ? value.pages.filter((p): p is string => typeof p === "string").slice(0, 100)
        : [],
    };
  } catch {
    return defaultListView;
  }
}

export function writeListView(storage: ViewStorage | undefined, view: ListView): void {
  try {
    storage?.setItem(LIST_VIEW_STORAGE_KEY, JSON.stringify(view));
  } catch {
    // quota or blocked storage: nothing to keep
  }
}
