/**
 * One page of the profile list, as a Dataverse grid asks for it: the search, sort and status go to the server, one
 * request per page, and the user counts of the page's rows come from one FetchXML aggregate (never the assignments).
 * Pure request builders, so the URL and the FetchXML are unit-tested.
 */
import { AppProfile, AppProfileSystemUser } from "../../../schema/model";
import { STATE_COLUMN, StateCode } from "../../../schema/state";
import { allOf, containsAny } from "../odata";
import type { ProfileSummary } from "./model";

export const PROFILE_PAGE_SIZE = 50;
/** Learn: webapi/query/count-rows: "@odata.count" counts up to 5,000 rows. */
export const MAX_PROFILE_COUNT = 5000;

/**
 * The columns the server sorts by. The user count is an aggregate over the N:N intersect: its pages come from an
 * aggregate FetchXML ordered by the count (profileUserSort.ts); the others from this page query.
 */
export type ProfileSortColumn = "name" | "uniqueName" | "app" | "isDefault" | "isActive" | "userCount" | "rank";
export type ProfileStatusFilter = "active" | "inactive" | "all";

export interface ProfilePageQuery {
  readonly search?: string;
  /**
   * The app choice values whose label contains the search text (the labels the admin sees, so the designer maps
   * them): a search for "omni" also finds the Omnichannel profiles, on the server.
   */
  readonly searchApps?: readonly number[];
  readonly sort: { readonly column: ProfileSortColumn; readonly descending: boolean };
  readonly status: ProfileStatusFilter;
  /** The cookie of the page to read (a previous page's `nextPage`); the first page without it. */
  readonly page?: string;
}

const sortAttribute: Readonly<Record<Exclude<ProfileSortColumn, "userCount">, string>> = {
  name: "apm_name",
  uniqueName: "apm_uniquename",
  app: "apm_app",
  isDefault: "apm_isdefault",
  isActive: STATE_COLUMN,
  rank: "apm_rank",
};

export const profilePageColumns = [
  AppProfile.primaryIdAttribute,
  "apm_name",
  "apm_uniquename",
  "apm_app",
  "apm_isdefault",
  STATE_COLUMN,
  "apm_rank",
  "apm_iscustomdefault",
] as const;

export function isProfileSortColumn(column: string): column is ProfileSortColumn {
  return Object.prototype.hasOwnProperty.call(sortAttribute, column);
}

/** The choice values whose label contains the text, ignoring case; none for empty text. */
export function appsMatching(
  text: string,
  choices: readonly { readonly value: number; readonly label: string }[],
): number[] {
  const needle = text.trim().toLocaleLowerCase();
  if (needle === "") return [];
  return choices.filter((c) => c.label.toLocaleLowerCase().includes(needle)).map((c) => c.value);
}

/**
 * `Microsoft.Dynamics.CRM.In` on the app column (Learn: webapi/query/filter-rows, "Dataverse query functions"); only
 * whole numbers reach the filter, so the values can't change the query.
 */
function appIn(values: readonly number[] | undefined): string | undefined {
  const apps = (values ?? []).filter((v) => Number.isSafeInteger(v));
  if (apps.length === 0) return undefined;
  return `Microsoft.Dynamics.CRM.In(PropertyName='apm_app',PropertyValues=[${apps.map((v) => `'${v}'`).join(",")}])`;
}

/** The `$filter` of a page: status and search (wildcards escaped by containsAny); undefined for all rows. */
export function profilePageFilter(
  query: Pick<ProfilePageQuery, "search" | "status" | "searchApps">,
): string | undefined {
  const status =
    query.status === "all"
      ? undefined
      : `${STATE_COLUMN} eq ${query.status === "active" ? StateCode.Active.value : StateCode.Inactive.value}`;
  const text = containsAny(["apm_name", "apm_uniquename"], query.search ?? "");
  const search = text === undefined ? undefined : [text, appIn(query.searchApps)].filter(Boolean).join(" or ");
  return allOf(status, search);
}

/**
 * The first page's path and query under /api/data/v9.2/. Ties sort by the name and then the id, so keyset paging
 * never skips or repeats a row. The page size goes in the Prefer header (Learn: webapi/query/page-results: "Don't use
 * $top with $count"; odata.maxpagesize).
 */
export function profilePagePath(query: ProfilePageQuery): string {
  const direction = query.sort.descending ? "desc" : "asc";
  const column = query.sort.column;
  if (column === "userCount") throw new Error("A page sorted by user count is read with listProfilesByUsers.");
  const primary = sortAttribute[column];
  const order = [`${primary} ${direction}`];
  if (primary !== "apm_name") order.push(`apm_name ${direction}`);
  order.push(`${AppProfile.primaryIdAttribute} ${direction}`);
  const parts = [`$select=${profilePageColumns.join(",")}`];
  const filter = profilePageFilter(query);
  if (filter !== undefined) parts.push(`$filter=${encodeURIComponent(filter)}`);
  parts.push(`$orderby=${encodeURIComponent(order.join(","))}`, "$count=true");
  return `${AppProfile.entitySetName}?${parts.join("&")}`;
}

/** Headers of every page request: the page size, and the annotation that says the count passed 5,000. */
export const profilePageHeaders: Readonly<Record<string, string>> = {
  Accept: "application/json",
  "OData-MaxVersion": "4.0",
  "OData-Version": "4.0",
  Prefer: `odata.maxpagesize=${PROFILE_PAGE_SIZE},odata.include-annotations="Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"`,
};

/**
 * The path and query of an `@odata.nextLink` under the Web API root, to send again through the same transport. A
 * link to another origin or outside the Web API is refused: the cookie is read back from session storage.
 */
export function nextLinkPath(nextLink: string, webApiRoot = "/api/data/v9.2/"): string {
  const at = nextLink.indexOf(webApiRoot);
  const path = at < 0 ? "" : nextLink.slice(at + webApiRoot.length);
  if (!path.startsWith(`${AppProfile.entitySetName}?`)) throw new Error("The page link is not a profile list page.");
  return path;
}

const xmlEscapes: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
function xmlText(value: string): string {
  return value.replace(/[&<>"']/g, (c) => xmlEscapes[c]);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Users per profile for the given profiles, grouped on the profile id over the N:N intersect; an outer join so a
 * profile without users counts 0 (Learn: fetchxml/aggregate-data, countcolumn counts non-null values).
 */
export function userCountFetchXml(profileIds: readonly string[]): string {
  const ids = profileIds.filter((id) => GUID.test(id));
  if (ids.length === 0) throw new Error("No profile ids to count users for.");
  const id = AppProfile.primaryIdAttribute;
  const values = ids.map((v) => `<value>${xmlText(v)}</value>`).join("");
  return (
    `<fetch aggregate="true"><entity name="${AppProfile.logicalName}">` +
    `<attribute name="${id}" alias="profile" groupby="true" />` +
    `<filter><condition attribute="${id}" operator="in">${values}</condition></filter>` +
    `<link-entity name="${AppProfileSystemUser.intersectEntityName}" from="${id}" to="${id}" link-type="outer">` +
    `<attribute name="systemuserid" alias="users" aggregate="countcolumn" /></link-entity></entity></fetch>`
  );
}

/** The request path of the aggregate (Learn: fetchxml/retrieve-data, "fetchXml=" URL-encoded on the entity set). */
export function userCountPath(profileIds: readonly string[]): string {
  return `${AppProfile.entitySetName}?fetchXml=${encodeURIComponent(userCountFetchXml(profileIds))}`;
}

/** Aggregate rows to counts by profile id (lower case); a profile missing from the answer has 0. */
export function userCountsOf(rows: readonly Record<string, unknown>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (typeof row.profile === "string") counts.set(row.profile.toLowerCase(), Number(row.users) || 0);
  }
  return counts;
}

export interface ProfilePage {
  readonly rows: readonly ProfileSummary[];
  /** The matching profiles, up to 5,000; `totalCountCapped` says more match (shown as "5,000+"). */
  readonly totalCount: number;
  readonly totalCountCapped: boolean;
  /** The cookie of the next page (what the server returned); undefined on the last page. */
  readonly nextPage?: string;
}
