/**
 * The profile list sorted by user count, on the server, a page of 50 at a time. A user count is an aggregate over the
 * N:N intersect, so the order comes from one aggregate FetchXML: the matching profiles grouped by id, their users
 * counted (an outer link, so a profile without users counts 0), ordered by the count's alias (Learn:
 * fetchxml/aggregate-data, "Grouping": `<order alias>`), then by name and id so ties keep one order, and paged with
 * count and page (Learn: fetchxml/page-results: aggregate queries get no paging cookie, they page simply). Then the
 * page's profiles are read by id in one GET, and the matching profiles counted with $count (capped at 5,000, Learn:
 * webapi/query/count-rows). The payload is one page's, at any size. OData can't do this: `$orderby` of an aggregate
 * value is not supported (Learn: webapi/query/aggregate-data).
 */
import { AppProfile, AppProfileSystemUser } from "../../../schema/model";
import { STATE_COLUMN, StateCode } from "../../../schema/state";
import { escapeLikeWildcards } from "../odata";
import { roleTeamCountPath, roleTeamCountsOf } from "./associationCounts";
import { toProfileSummary, type WebApiRow } from "./mapping";
import {
  MAX_PROFILE_COUNT,
  PROFILE_PAGE_SIZE,
  profilePageColumns,
  profilePageFilter,
  profilePageHeaders,
  type ProfilePage,
  type ProfilePageQuery,
} from "./profilePage";

/** The page cookie of the user-count sort: the page number (FetchXML simple paging has no server cookie). */
const PAGE_COOKIE = /^apm-users-page:([1-9][0-9]{0,2})$/;
/** Simple paging reads at most 50,000 rows (Learn: fetchxml/page-results): 1,000 pages of 50. */
const MAX_PAGE = 1000;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const xmlEscapes: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
const xml = (value: string): string => value.replace(/[&<>"']/g, (c) => xmlEscapes[c]);

/** The page number a cookie names; 1 without one. A cookie read back from storage that isn't ours is refused. */
export function usersSortPageNumber(cookie: string | undefined): number {
  if (cookie === undefined) return 1;
  const match = PAGE_COOKIE.exec(cookie);
  const page = match ? Number(match[1]) : NaN;
  if (!(page >= 1 && page <= MAX_PAGE)) throw new Error("The page link is not a profile list page.");
  return page;
}

export const usersSortPageCookie = (page: number): string => `apm-users-page:${page}`;

/** The page's status and search as FetchXML conditions: the same rows as profilePageFilter's `$filter`. */
function filterXml(query: Pick<ProfilePageQuery, "search" | "status" | "searchApps">): string {
  const status =
    query.status === "all"
      ? ""
      : `<condition attribute="${STATE_COLUMN}" operator="eq" value="${query.status === "active" ? StateCode.Active.value : StateCode.Inactive.value}" />`;
  const text = (query.search ?? "").trim();
  let search = "";
  if (text !== "") {
    // FetchXML like takes the same wildcards as contains: the user's own % _ [ match literally.
    const pattern = xml(`%${escapeLikeWildcards(text)}%`);
    const apps = (query.searchApps ?? []).filter((v) => Number.isSafeInteger(v));
    search =
      `<filter type="or"><condition attribute="apm_name" operator="like" value="${pattern}" />` +
      `<condition attribute="apm_uniquename" operator="like" value="${pattern}" />` +
      (apps.length > 0
        ? `<condition attribute="apm_app" operator="in">${apps.map((v) => `<value>${v}</value>`).join("")}</condition>`
        : "") +
      `</filter>`;
  }
  return status || search ? `<filter>${status}${search}</filter>` : "";
}

/** One page of profile ids with their user counts, ordered by the count (then name, then id) in the asked direction. */
export function usersSortFetchXml(query: ProfilePageQuery, page: number): string {
  const id = AppProfile.primaryIdAttribute;
  const descending = query.sort.descending ? ` descending="true"` : "";
  return (
    `<fetch aggregate="true" count="${PROFILE_PAGE_SIZE}" page="${page}"><entity name="${AppProfile.logicalName}">` +
    `<attribute name="${id}" alias="profile" groupby="true" />` +
    `<attribute name="apm_name" alias="name" groupby="true" />` +
    filterXml(query) +
    `<link-entity name="${AppProfileSystemUser.intersectEntityName}" from="${id}" to="${id}" link-type="outer">` +
    `<attribute name="systemuserid" alias="users" aggregate="countcolumn" /></link-entity>` +
    `<order alias="users"${descending} /><order alias="name"${descending} /><order alias="profile"${descending} />` +
    `</entity></fetch>`
  );
}

export function usersSortPath(query: ProfilePageQuery, page: number): string {
  return `${AppProfile.entitySetName}?fetchXml=${encodeURIComponent(usersSortFetchXml(query, page))}`;
}

/** The page's rows by id, with the list's columns (Learn: webapi/query/filter-rows, Microsoft.Dynamics.CRM.In). */
export function profilesByIdPath(ids: readonly string[]): string {
  const values = ids.filter((v) => GUID.test(v)).map((v) => `'${v}'`);
  if (values.length === 0) throw new Error("No profile ids to read.");
  const filter = `Microsoft.Dynamics.CRM.In(PropertyName='${AppProfile.primaryIdAttribute}',PropertyValues=[${values.join(",")}])`;
  return `${AppProfile.entitySetName}?$select=${profilePageColumns.join(",")}&$filter=${encodeURIComponent(filter)}`;
}

/** The matching profiles counted: one id in the body, the count in @odata.count. */
export function profileCountPath(query: ProfilePageQuery): string {
  const filter = profilePageFilter(query);
  const parts = [`$select=${AppProfile.primaryIdAttribute}`];
  if (filter !== undefined) parts.push(`$filter=${encodeURIComponent(filter)}`);
  parts.push("$count=true");
  return `${AppProfile.entitySetName}?${parts.join("&")}`;
}

const aggregateHeaders: Readonly<Record<string, string>> = {
  ...profilePageHeaders,
  Prefer: `odata.include-annotations="Microsoft.Dynamics.CRM.morerecords"`,
};
const countHeaders: Readonly<Record<string, string>> = {
  ...profilePageHeaders,
  Prefer: `odata.maxpagesize=1,odata.include-annotations="Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"`,
};

export type GetJson = (path: string, headers: Readonly<Record<string, string>>) => Promise<Record<string, unknown>>;

const rowsOf = (body: Record<string, unknown>): WebApiRow[] =>
  Array.isArray(body.value) ? (body.value as WebApiRow[]) : [];

/** One page sorted by user count: the aggregate page and the count together, then the page's rows by id. */
export async function listProfilesByUsers(getJson: GetJson, query: ProfilePageQuery): Promise<ProfilePage> {
  const page = usersSortPageNumber(query.page);
  // Past 50,000 aggregated rows Dataverse refuses (0x8004E023); errorSentences.ts words that for a person.
  const [aggregate, counted] = await Promise.all([
    getJson(usersSortPath(query, page), aggregateHeaders),
    getJson(profileCountPath(query), countHeaders),
  ]);
  const groups = rowsOf(aggregate).filter((g) => typeof g.profile === "string");
  const order = groups.map((g) => String(g.profile).toLowerCase());
  const counts = new Map(groups.map((g) => [String(g.profile).toLowerCase(), Number(g.users) || 0]));
  // The page's rows and their roles/teams counts (issue 13's column), as the other sorts read them.
  const [rows, roleTeams] =
    order.length === 0
      ? [[], []]
      : await Promise.all([
          getJson(profilesByIdPath(order), profilePageHeaders).then(rowsOf),
          getJson(roleTeamCountPath(order), profilePageHeaders).then(rowsOf),
        ]);
  const access = roleTeamCountsOf(roleTeams);
  const byId = new Map(rows.map((row) => [String(row[AppProfile.primaryIdAttribute]).toLowerCase(), row]));
  const count = Number(counted["@odata.count"]) || 0;
  return {
    // In the aggregate's order; a profile deleted between the two reads is left out.
    rows: order
      .filter((id) => byId.has(id))
      .map((id) => ({
        ...toProfileSummary(byId.get(id) as WebApiRow),
        userCount: counts.get(id) ?? 0,
        ...(access.get(id) ?? { roleCount: 0, teamCount: 0 }),
      })),
    totalCount: Math.min(count, MAX_PROFILE_COUNT),
    totalCountCapped:
      counted["@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"] === true || count > MAX_PROFILE_COUNT,
    nextPage:
      aggregate["@Microsoft.Dynamics.CRM.morerecords"] === true && page < MAX_PAGE
        ? usersSortPageCookie(page + 1)
        : undefined,
  };
}
