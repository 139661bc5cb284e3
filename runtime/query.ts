/**
 * The one request: every profile of the app that is either its built-in default or assigned to the user, with its
 * templates, providers and (filtered to this user) its assignment, so the caller can tell Direct from Default even
 * when a user is assigned to the built-in profile itself. Names come from the schema; values are validated here.
 */
import {
  AppChoice,
  AppProfile,
  AppProfileChannelProvider,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  ChannelProvider,
  SessionTemplate,
  SystemUser,
} from "../schema/model";
import { activeFilter } from "../schema/state";

type ColumnsOf<T extends { columns: object; primaryIdAttribute: string }> =
  | keyof T["columns"]
  | T["primaryIdAttribute"];

export const profileColumns = [
  "apm_appprofileid",
  "apm_name",
  "apm_uniquename",
  "apm_app",
  "apm_isdefault",
  "apm_productivitypaneenabled",
  "apm_productivitypanemode",
  "apm_smartassistenabled",
  "apm_callscriptenabled",
  "apm_allactivechannels",
] as const satisfies readonly ColumnsOf<typeof AppProfile>[];

export const templateColumns = [
  "apm_sessiontemplateid",
  "apm_name",
  "apm_uniquename",
  "apm_entitylogicalname",
] as const satisfies readonly ColumnsOf<typeof SessionTemplate>[];

export const providerColumns = [
  "apm_channelproviderid",
  "apm_name",
  "apm_label",
  "apm_channelurl",
  "apm_trusteddomain",
  "apm_apiversion",
  "apm_enableoutbound",
  "apm_sortorder",
] as const satisfies readonly ColumnsOf<typeof ChannelProvider>[];

/** Columns the filter and the orderings name, checked against the schema like the selections above. */
const P = { app: "apm_app", isDefault: "apm_isdefault", name: "apm_name" } as const satisfies Record<
  string,
  ColumnsOf<typeof AppProfile>
>;
const T = { name: "apm_name" } as const satisfies Record<string, ColumnsOf<typeof SessionTemplate>>;
const C = { sortOrder: "apm_sortorder", label: "apm_label" } as const satisfies Record<
  string,
  ColumnsOf<typeof ChannelProvider>
>;

export const navigation = {
  templates: AppProfileSessionTemplate.entity1NavigationProperty,
  providers: AppProfileChannelProvider.entity1NavigationProperty,
  users: AppProfileSystemUser.entity1NavigationProperty,
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const knownApps: readonly number[] = Object.values(AppChoice).map((c) => c.value);

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

/** Built once per (user, app); `user` and `app` have been through normalizeUserId and checkApp. */
export function effectiveProfileQuery(user: string, app: number): string {
  const userId = SystemUser.primaryIdAttribute;
  // Rule 13: only active profiles apply; an inactive assigned profile falls back to the default, in the same request.
  const filter = `${activeFilter} and ${P.app} eq ${app} and (${P.isDefault} eq true or ${navigation.users}/any(u:u/${userId} eq ${user}))`;
  const expand = [
    `${navigation.templates}($select=${templateColumns.join(",")};$filter=${activeFilter};$orderby=${T.name})`,
    `${navigation.providers}($select=${providerColumns.join(",")};$filter=${activeFilter};$orderby=${C.sortOrder},${C.label})`,
    `${navigation.users}($select=${userId};$filter=${userId} eq ${user})`,
  ].join(",");
  // Default rows last, so a Direct row comes first even where the caller does not sort.
  const order = `${P.isDefault},${P.name}`;
  const query = `$select=${profileColumns.join(",")}&$filter=${filter}&$expand=${expand}&$orderby=${order}`;
  return `${AppProfile.entitySetName}?${encodeQuery(query)}`;
}

/** Percent-encodes what a URL may not carry (spaces, quotes) but keeps OData's punctuation readable. */
function encodeQuery(query: string): string {
  return query.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/?]/g, (c) => encodeURIComponent(c));
}
