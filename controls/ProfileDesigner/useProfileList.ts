/**
 * Loads one page of the profile list (and, for admins, the Chat license) through the repository. Search, sort,
 * status and page go to the server; the search waits until the admin stops typing; the choices survive the control
 * being re-created (session storage).
 */
import * as React from "react";
import { ChatLicenseVariable } from "../../schema";
import type { ProfilePage, ProfilePageQuery, ProfileSortColumn } from "../shared/data/profilePage";
import type { ProfileRepository } from "../shared/data/ProfileRepository";
import { readListView, sessionViewStorage, writeListView, type ListView, type ViewStorage } from "./listViewState";
import { nextSort, type SortColumn, type StatusFilter } from "./profileListView";

export const SEARCH_DEBOUNCE_MS = 300;

export type ProfileListState =
  | { status: "loading" }
  | { status: "failed"; message: string }
  | { status: "ready"; page: ProfilePage; chatLicenseValue: string | undefined };

type Loaded<T> = { status: "loading" } | { status: "failed"; message: string } | { status: "ready"; value: T };

export function useProfileList(
  repository: ProfileRepository,
  needsLicense: boolean,
  storage: ViewStorage | undefined = sessionViewStorage(),
) {
  const [view, setView] = React.useState<ListView>(() => readListView(storage));
  const [search, setSearchNow] = React.useState(view.search);
  const [generation, setGeneration] = React.useState(0);
  const [page, setPage] = React.useState<Loaded<ProfilePage>>({ status: "loading" });
  const [license, setLicense] = React.useState<Loaded<string | undefined>>({ status: "loading" });

  React.useEffect(() => writeListView(storage, view), [storage, view]);
  React.useEffect(() => {
    if (view.search === search) return undefined;
    const timer = setTimeout(() => setSearchNow(view.search), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [view.search, search]);

  // The user count is an aggregate: the server sorts by name and the page is sorted by count on screen.
  const column: ProfileSortColumn = view.sort.column === "userCount" ? "name" : view.sort.column;
  const descending = view.sort.column === "userCount" ? false : view.sort.descending;
  const cookie = view.pages.length > 0 ? view.pages[view.pages.length - 1] : undefined;
  React.useEffect(() => {
    let current = true;
    setPage({ status: "loading" });
    const query: ProfilePageQuery = { search, sort: { column, descending }, status: view.status, page: cookie };
    repository.listProfilePage(query).then(
      (value) => current && setPage({ status: "ready", value }),
      (error: Error) => current && setPage({ status: "failed", message: error.message }),
    );
    return () => {
      current = false;
    };
  }, [repository, search, column, descending, view.status, cookie, generation]);

  React.useEffect(() => {
    let current = true;
    if (!needsLicense) {
      setLicense({ status: "ready", value: undefined });
      return undefined;
    }
    repository.getEnvironmentVariable(ChatLicenseVariable.schemaName).then(
      (value) => current && setLicense({ status: "ready", value }),
      (error: Error) => current && setLicense({ status: "failed", message: error.message }),
    );
    return () => {
      current = false;
    };
  }, [repository, needsLicense, generation]);

  const state: ProfileListState =
    page.status === "failed"
      ? page
      : license.status === "failed"
        ? license
        : page.status === "ready" && license.status === "ready"
          ? { status: "ready", page: page.value, chatLicenseValue: license.value }
          : { status: "loading" };

  const actions = React.useMemo(
    () => ({
      reload: () => setGeneration((g) => g + 1),
      // A new search, sort or status starts again at the first page, as a grid does.
      setSearch: (text: string) => setView((v) => ({ ...v, search: text, pages: [] })),
      sortBy: (by: SortColumn) => setView((v) => ({ ...v, sort: nextSort(v.sort, by), pages: [] })),
      setStatus: (status: StatusFilter) => setView((v) => ({ ...v, status, pages: [] })),
      next: (nextPage: string) => setView((v) => ({ ...v, pages: [...v.pages, nextPage] })),
      previous: () => setView((v) => ({ ...v, pages: v.pages.slice(0, -1) })),
    }),
    [],
  );
  return { state, view, pageIndex: view.pages.length, ...actions };
}
