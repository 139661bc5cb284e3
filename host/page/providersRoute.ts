/**
 * The provider page's addresses: the model-driven app's own URLs (Learn: model-driven-apps/
 * open-forms-views-dialogs-reports-url), so the link the editor opens in Dataverse opens the same page here.
 *   list:   main.aspx?appname=<app>&pagetype=entitylist&etn=apm_channelprovider[&viewid=<view>&viewtype=1039]
 *           (no viewid: the table's default view, Active Channel Providers)
 *   record: main.aspx?appname=<app>&pagetype=entityrecord&etn=apm_channelprovider[&id=<guid>]  (no id: New)
 * The host's own site map link, #/channelproviders, opens the list too.
 */
import { ChannelProvider, ModelDrivenApp } from "../../schema";

/**
 * The provider table's two public views, as the solution writes them (Solutions/src/views.ts derives them from the
 * table's name; Solutions/test/providerPages.test.ts checks these are the same).
 */
export const PROVIDER_VIEW_IDS = {
  active: "2989dc84-2544-5a63-adbd-ce42c3518b67",
  inactive: "3bf5e5c5-bf79-5106-93fe-b7fb78af4bba",
} as const;
/** viewtype for a system view (savedquery); 4230 is a personal view. */
const SYSTEM_VIEW = "1039";

export const PROVIDERS_HASH = "#/channelproviders";
export const MAIN_PAGE = "/main.aspx";

export type ProvidersLocation =
  | { readonly page: "list"; readonly active: boolean }
  | { readonly page: "record"; readonly id: string | undefined };

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** The provider page a location names, or undefined when it names another page. */
export function providersLocation(location: {
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}): ProvidersLocation | undefined {
  if (location.hash === PROVIDERS_HASH) return { page: "list", active: true };
  if (location.hash !== "" || location.pathname !== MAIN_PAGE) return undefined;
  const query = new URLSearchParams(location.search);
  if (query.get("etn") !== ChannelProvider.logicalName) return undefined;
  const pageType = query.get("pagetype");
  if (pageType === "entitylist") {
    const view = GUID.exec(query.get("viewid") ?? "")?.[1]?.toLowerCase();
    return { page: "list", active: view !== PROVIDER_VIEW_IDS.inactive };
  }
  if (pageType === "entityrecord") return { page: "record", id: GUID.exec(query.get("id") ?? "")?.[1]?.toLowerCase() };
  return undefined;
}

/** The address of a provider page, as the app's main.aspx names it. */
export function providersUrl(location: ProvidersLocation): string {
  const query = new URLSearchParams({ appname: ModelDrivenApp.uniqueName });
  query.set("pagetype", location.page === "list" ? "entitylist" : "entityrecord");
  query.set("etn", ChannelProvider.logicalName);
  if (location.page === "list" && !location.active) {
    query.set("viewid", PROVIDER_VIEW_IDS.inactive);
    query.set("viewtype", SYSTEM_VIEW);
  }
  if (location.page === "record" && location.id) query.set("id", location.id);
  return `${MAIN_PAGE}?${query.toString()}`;
}
