/**
 * The one request: every active profile of the app that could apply to the user (assigned, given to one of the
 * user's teams, given to a role the user holds directly or through a team, the app's custom default, the built-in
 * default), with its templates, providers and, filtered to this user, the assignment, teams and roles that give it,
 * so the caller can rank them (rows.ts) without a second request. Names come from the schema; values are validated
 * here.
 */
import {
  AppChoice,
  AppProfile,
  AppProfileChannelProvider,
  AppProfileRole,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  AppProfileTeam,
  ChannelProvider,
  Role,
  SessionTemplate,
  SystemUser,
  SystemUserRoles,
  Team,
  TeamMembership,
  TeamRoles,
} from "../schema/model";
import { activeFilter } from "../schema/state";

type ColumnsOf<T extends { columns: object; primaryIdAttribute: string }> =
  | keyof T["columns"]
  | T["primaryIdAttribute"];

/**
 * What the answer must carry, and no more (issue 13: under 5 KB for a typical profile). Primary ids are left out of
 * every `$select`: the Web API returns a row's primary key whether or not it is selected (Learn:
 * webapi/query/select-columns), and a selected one only lengthens the `@odata.context`. The app is not selected
 * either: the filter fixes it, so the caller's own value is the row's.
 */
export const profileColumns = [
  "apm_name",
  "apm_uniquename",
  "apm_isdefault",
  "apm_productivitypaneenabled",
  "apm_productivitypanemode",
  "apm_smartassistenabled",
  "apm_callscriptenabled",
  "apm_allactivechannels",
  "apm_rank",
  "apm_iscustomdefault",
] as const satisfies readonly ColumnsOf<typeof AppProfile>[];

export const teamColumns = ["name"] as const satisfies readonly ColumnsOf<typeof Team>[];
export const roleColumns = ["name"] as const satisfies readonly ColumnsOf<typeof Role>[];

export const templateColumns = [
  "apm_name",
  "apm_uniquename",
  "apm_entitylogicalname",
] as const satisfies readonly ColumnsOf<typeof SessionTemplate>[];

export const providerColumns = [
  "apm_name",
  "apm_label",
  "apm_channelurl",
  "apm_trusteddomain",
  "apm_apiversion",
  "apm_enableoutbound",
  "apm_sortorder",
] as const satisfies readonly ColumnsOf<typeof ChannelProvider>[];

/** Columns the filter and the orderings name, checked against the schema like the selections above. */
const P = {
  app: "apm_app",
  isDefault: "apm_isdefault",
  isCustomDefault: "apm_iscustomdefault",
  name: "apm_name",
  rank: "apm_rank",
  uniqueName: "apm_uniquename",
} as const satisfies Record<string, ColumnsOf<typeof AppProfile>>;
const T = { name: "apm_name" } as const satisfies Record<string, ColumnsOf<typeof SessionTemplate>>;
const C = { sortOrder: "apm_sortorder", label: "apm_label" } as const satisfies Record<
  string,
  ColumnsOf<typeof ChannelProvider>
>;

export const navigation = {
  templates: AppProfileSessionTemplate.entity1NavigationProperty,
  providers: AppProfileChannelProvider.entity1NavigationProperty,
  users: AppProfileSystemUser.entity1NavigationProperty,
  teams: AppProfileTeam.entity1NavigationProperty,
  roles: AppProfileRole.entity1NavigationProperty,
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const knownApps: readonly number[] = /*#__PURE__*/ Object.values(AppChoice).map((c) => c.value);

/** A systemuserid as the Web API wants it. Accepts Xrm's `{ABCD...}` form (braces, upper case). */
export function normalizeUserId(user: unknown): string {
  const text = typeof user === "string" ? user.trim().replace(/^\{(.*)\}$/, "$1") : "";
  if (!GUID.test(text)) {
    throw new TypeError(
      `resolveEffectiveProfile: the user must be a systemuserid GUID such as ` +
        `"8d1a7a52-0000-4000-8000-00000000a901" (got ${JSON.stringify(user)}). In a Dataverse page pass ` +
        `Xrm.Utility.getGlobalContext().userSettings.userId.`,
    );
  }
  return text.toLowerCase();
}

/** An AppChoice value; anything else (a label, a string, a float) is refused before it reaches the filter. */
export function checkApp(app: unknown): number {
  if (typeof app !== "number" || !Number.isSafeInteger(app) || !knownApps.includes(app)) {
    const choices = Object.values(AppChoice)
      .map((c) => `${c.value} (${c.label})`)
      .join(", ");
    throw new TypeError(`resolveEffectiveProfile: the app must be one of ${choices}; got ${JSON.stringify(app)}.`);
  }
  return app;
}

/**
 * The user's teams and roles as lambda conditions over the platform's N:N (Learn: webapi/query/filter-rows, "Filter
 * using values of collection-valued navigation properties"; nested `any` inside `any`): a member of the team; a
 * holder of the role directly (systemuserroles) or through one of their teams (teamroles, then teammembership).
 */
function userConditions(user: string) {
  const userId = SystemUser.primaryIdAttribute;
  // `at` is the lambda variable's path ("t/"), or "" in an expand's $filter, whose context is the related row itself.
  const member = (at: string) => `${at}${TeamMembership.entity2NavigationProperty}/any(m:m/${userId} eq ${user})`;
  const holder = (at: string) =>
    `${at}${SystemUserRoles.entity2NavigationProperty}/any(s:s/${userId} eq ${user}) or ` +
    `${at}${TeamRoles.entity2NavigationProperty}/any(tr:${member("tr/")})`;
  return { member, holder };
}

/** The conditions that make a profile a candidate for the user, one per step of the precedence. */
export function candidateConditions(user: string) {
  const userId = SystemUser.primaryIdAttribute;
  const { member, holder } = userConditions(user);
  return {
    Direct: `${navigation.users}/any(u:u/${userId} eq ${user})`,
    Team: `${navigation.teams}/any(t:${member("t/")})`,
    Role: `${navigation.roles}/any(r:${holder("r/")})`,
    CustomDefault: `${P.isCustomDefault} eq true`,
    Default: `${P.isDefault} eq true`,
  } as const;
}

/**
 * The GET of the app's active profiles matching `candidates`, with everything the result needs; `tail` adds query
 * options (`$orderby`, `$top`). Exported so the bench can compare this one query with a `$batch` of one GET per step.
 * Without `content`, the profiles' templates and providers are left out: what ranks them is all there.
 */
export function profileQuery(
  user: string,
  app: number,
  candidates: readonly string[],
  tail: string,
  content = true,
): string {
  const userId = SystemUser.primaryIdAttribute;
  const { member, holder } = userConditions(user);
  // Rule 13: only active profiles apply; an inactive one falls to the next, in this request.
  const filter = `${activeFilter} and ${P.app} eq ${app} and (${candidates.join(" or ")})`;
  const contents = content
    ? [
        `${navigation.templates}($select=${templateColumns.join(",")};$filter=${activeFilter};$orderby=${T.name})`,
        `${navigation.providers}($select=${providerColumns.join(",")};$filter=${activeFilter};$orderby=${C.sortOrder},${C.label})`,
      ]
    : [];
  const expand = [
    ...contents,
    `${navigation.users}($select=${userId};$filter=${userId} eq ${user})`,
    `${navigation.teams}($select=${teamColumns.join(",")};$filter=${member("")};$orderby=name)`,
    `${navigation.roles}($select=${roleColumns.join(",")};$filter=${holder("")};$orderby=name)`,
  ].join(",");
  const query = `$select=${profileColumns.join(",")}&$filter=${filter}&$expand=${expand}${tail}`;
  return `${AppProfile.entitySetName}?${encodeQuery(query)}`;
}

/**
 * The user (a lambda variable bound to a systemuser) already has an active profile of the app directly, or through
 * one of their teams: what makes the later steps moot. Lambdas nest and `not` negates one (Learn:
 * webapi/query/filter-rows, "Logical operators" and "Filter using values of collection-valued navigation properties").
 */
function userAlreadyHas(at: string, user: string, app: number) {
  const userId = SystemUser.primaryIdAttribute;
  const ofApp = (v: string) => `${v}/${activeFilter} and ${v}/${P.app} eq ${app}`;
  // The user's id again inside each lambda: the same rows, and every subquery starts from the user's own links.
  const assigned = (v: string) =>
    `${v}/${AppProfileSystemUser.entity1NavigationProperty}/any(x:x/${userId} eq ${user})`;
  const member = (v: string) => `${v}/${TeamMembership.entity2NavigationProperty}/any(y:y/${userId} eq ${user})`;
  return {
    direct: `${at}/${AppProfileSystemUser.entity2NavigationProperty}/any(d:${assigned("d")} and ${ofApp("d")})`,
    team:
      `${at}/${TeamMembership.entity2NavigationProperty}/any(h:${member("h")} and ` +
      `h/${AppProfileTeam.entity2NavigationProperty}/any(e:${ofApp("e")} and ` +
      `e/${AppProfileTeam.entity1NavigationProperty}/any(z:${member("z")})))`,
  };
}

/**
 * The effective profile only (issue 13: one request, under 5 KB for a typical profile). A step's candidates apply
 * only when no earlier step has one: a team's profile only for a user with no direct one in the app, a role's only
 * for a user with neither. The rows left, ordered with the built-in last, then by rank and unique name (wherever an
 * unranked row sorts), hold the winner in their first two: the one step's best row, and at most the custom default before
 * it (a user has one direct profile at most, rule 9; a built-in assigned directly comes after the custom default).
 * So `$top=2` (Learn: webapi/query/order-rows, webapi/query/page-results) and what the other profiles hold never
 * travels. Search by user's chain, which needs every candidate, is candidatesQuery.
 */
export function effectiveProfileQuery(user: string, app: number, content = true): string {
  if (!content) return candidatesQuery(user, app);
  const userId = SystemUser.primaryIdAttribute;
  const withoutDirect = (v: string) => {
    const has = userAlreadyHas(v, user, app);
    return `${v}/${userId} eq ${user} and not ${has.direct}`;
  };
  const withoutDirectOrTeam = (v: string) => {
    const has = userAlreadyHas(v, user, app);
    return `${v}/${userId} eq ${user} and not ${has.direct} and not ${has.team}`;
  };
  const c = candidateConditions(user);
  const team = `${navigation.teams}/any(t:t/${TeamMembership.entity2NavigationProperty}/any(m:${withoutDirect("m")}))`;
  const role =
    `${navigation.roles}/any(r:r/${SystemUserRoles.entity2NavigationProperty}/any(s:${withoutDirectOrTeam("s")}) or ` +
    `r/${TeamRoles.entity2NavigationProperty}/any(q:q/${TeamMembership.entity2NavigationProperty}/any(m:${withoutDirectOrTeam("m")})))`;
  return profileQuery(
    user,
    app,
    [c.Default, c.CustomDefault, c.Direct, team, role],
    `&$orderby=${P.isDefault},${P.rank},${P.uniqueName}&$top=2`,
    true,
  );
}

/**
 * Every profile that could apply (the built-in, the custom default, assigned, through a team, through a role), so
 * one request ranks the whole chain (rows.ts); what they hold is left out. Default rows last, so a Direct row comes
 * first even where the caller does not sort.
 */
export function candidatesQuery(user: string, app: number): string {
  const c = candidateConditions(user);
  return profileQuery(
    user,
    app,
    [c.Default, c.CustomDefault, c.Direct, c.Team, c.Role],
    `&$orderby=${P.isDefault},${P.name}`,
    false,
  );
}

/** Percent-encodes what a URL may not carry (spaces, quotes) but keeps OData's punctuation readable. */
function encodeQuery(query: string): string {
  return query.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/?]/g, (c) => encodeURIComponent(c));
}
