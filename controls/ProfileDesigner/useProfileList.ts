/**
 * Loads one page of the profile list (and, for admins, the Chat license) through the repository. Search, sort,
 * status and page go to the server; the search waits until the admin stops typing; the choices survive the control
 * being re-created (session storage).
 */
import * as React from "react";
import { AppChoice, ChatLicenseVariable } from "../../schema/model";
import type { DesignerStringKey } from "../shared/manifest";
import type { Translate } from "../shared/strings";
import {
  appsMatching,
  type ProfilePage,
  type ProfilePageQuery,
  type ProfileSortColumn,
} from "../shared/data/profilePage";
import { RepositoryError, type DesignerRepository } from "../shared/data/ProfileRepository";
import { readListView, sessionViewStorage, writeListView, type ListView, type ViewStorage } from "./listViewState";
import { nextSort, type SortColumn, type StatusFilter } from "./profileListView";

export const SEARCH_DEBOUNCE_MS = 300;

/**
 * The effects that send the list's requests run as layout effects: React 16 runs a plain effect only after the browser
 * has painted, so the page's request would wait for the first paint of the whole designer; sent from the commit, it
 * travels while that paint happens (issue 12: the first page interactive in 1 s).
 */
const useRequestEffect = typeof window === "undefined" ? React.useEffect : React.useLayoutEffect;
const loading = { status: "loading" } as const;

export type ProfileListState =
  | { status: "loading" }
  | { status: "failed"; message: string; error?: RepositoryError }
  | { status: "ready"; page: ProfilePage; chatLicenseValue: string | undefined };

type Loaded<T> =
  | { status: "loading" }
  | { status: "failed"; message: string; error?: RepositoryError }
  | { status: "ready"; value: T };

const failed = (error: Error) => ({
  status: "failed" as const,
  message: error.message,
  error: error instanceof RepositoryError ? error : undefined,
});

/** An app choice with the label the admin sees, so a search for the label finds the app's profiles. */
export interface AppChoiceLabel {
  readonly value: number;
  readonly label: string;
}

export function appChoiceLabels(strings: Translate<DesignerStringKey>): AppChoiceLabel[] {
  return [
    { value: AppChoice.CustomerServiceWorkspace.value, label: strings("appCustomerServiceWorkspace") },
    { value: AppChoice.OmnichannelForCustomerService.value, label: strings("appOmnichannel") },
  ];
}

/** The cookie of the page a view shows: the last one opened with Next; undefined on the first page. */
const shownPage = (view: Pick<ListView, "pages">): string | undefined => view.pages[view.pages.length - 1];

/** What the server is asked for a view of the list: its search (debounced) and the apps whose label it matches. */
export function pageQuery(
  view: Pick<ListView, "sort" | "status"> & { readonly page: string | undefined },
  search: string,
  searchApps: readonly number[],
): ProfilePageQuery {
  return {
    search,
    searchApps,
    sort: { column: view.sort.column, descending: view.sort.descending },
    status: view.status,
    page: view.page,
  };
}

/** A page asked for before the list first rendered, and the query it answers. */
export interface PrefetchedPage {
  readonly key: string;
  readonly page: Promise<ProfilePage>;
}

const queryKey = (query: ProfilePageQuery) => JSON.stringify(query);

/**
 * Asks for the list's first page (the stored view's) from the control's init, before its first render: the request
 * travels while the designer renders, instead of leaving at the end of that render (issue 12: first page in 1 s).
 */
export function prefetchFirstPage(
  repository: DesignerRepository,
  storage: ViewStorage | undefined,
  appChoices: readonly AppChoiceLabel[],
): PrefetchedPage {
  const view = readListView(storage);
  const query = pageQuery({ ...view, page: shownPage(view) }, view.search, appsMatching(view.search, appChoices));
  const page = repository.listProfilePage(query);
  page.catch(() => undefined); // the list shows the error when it takes the page; unused, it is no one's
  return { key: queryKey(query), page };
}

export function useProfileList(
  repository: DesignerRepository,
  needsLicense: boolean,
  storage: ViewStorage | undefined = sessionViewStorage(),
  appChoices: readonly AppChoiceLabel[] = [],
  prefetched?: PrefetchedPage,
) {
  const unusedPrefetch = React.useRef(prefetched);
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

  // Every column sorts on the server, the user count too (an aggregate ordered by the count: profileUserSort.ts).
  const column: ProfileSortColumn = view.sort.column;
  const descending = view.sort.descending;
  const cookie = shownPage(view);
  const apps = appsMatching(search, appChoices).join(",");
  useRequestEffect(() => {
    let current = true;
    // Already loading (the first page): no second render before the request goes.
    setPage((previous) => (previous.status === "loading" ? previous : loading));
    const searchApps = apps === "" ? [] : apps.split(",").map(Number);
    const query = pageQuery({ sort: { column, descending }, status: view.status, page: cookie }, search, searchApps);
    // The page init asked for, once, if it answers this query (a reload or another view asks again).
    const early = unusedPrefetch.current;
    unusedPrefetch.current = undefined;
    const request = early?.key === queryKey(query) ? early.page : repository.listProfilePage(query);
    request.then(
      (value) => current && setPage({ status: "ready", value }),
      (error: Error) => current && setPage(failed(error)),
    );
    return () => {
      current = false;
    };
  }, [repository, search, apps, column, descending, view.status, cookie, generation]);

  useRequestEffect(() => {
    let current = true;
    if (!needsLicense) {
      setLicense({ status: "ready", value: undefined });
      return undefined;
    }
    repository.getEnvironmentVariable(ChatLicenseVariable.schemaName).then(
      (value) => current && setLicense({ status: "ready", value }),
      (error: Error) => current && setLicense(failed(error)),
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
