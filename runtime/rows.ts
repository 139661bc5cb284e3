/** Web API rows to the runtime's result: typed reads that fail loudly when the server sends something else. */
import { ChannelApiVersionChoice, ProductivityPaneModeChoice } from "../schema/model";
import { navigation, profileColumns, providerColumns, roleColumns, teamColumns, templateColumns } from "./query";
import type {
  EffectiveChannelProvider,
  EffectiveProfile,
  EffectiveProfileChoice,
  EffectiveSessionTemplate,
  ProductivityPane,
  ProfileReason,
  ProfileVia,
} from "./types";

export type Row = Record<string, unknown>;

const rowsOf = (row: Row, key: string): Row[] =>
  Array.isArray(row[key]) ? (row[key] as unknown[]).filter((r): r is Row => typeof r === "object" && r !== null) : [];

/**
 * Typed reads of one row; `K` is the selected columns and `I` the primary id (returned without being selected), so
 * a misspelt column is a compile error.
 */
function reader<K extends string, I extends string = never>(row: Row, _columns: readonly K[], _id?: I) {
  return {
    str: (key: K | I): string => (typeof row[key] === "string" ? (row[key] as string) : ""),
    strOrNull: (key: K): string | null => (typeof row[key] === "string" ? (row[key] as string) : null),
    bool: (key: K): boolean => row[key] === true,
    num: (key: K): number => (typeof row[key] === "number" ? (row[key] as number) : 0),
    raw: (key: K): unknown => row[key],
  };
}

const apiVersionLabel = (value: unknown): string =>
  Object.values(ChannelApiVersionChoice).find((c) => c.value === value)?.label ?? ChannelApiVersionChoice.V2.label;

export function isAssigned(row: Row): boolean {
  return rowsOf(row, navigation.users).length > 0;
}

function template(row: Row): EffectiveSessionTemplate {
  const { str, strOrNull } = reader(row, templateColumns, "apm_sessiontemplateid");
  return {
    id: str("apm_sessiontemplateid"),
    name: str("apm_name"),
    uniqueName: str("apm_uniquename"),
    entityLogicalName: strOrNull("apm_entitylogicalname"),
  };
}

function provider(row: Row): EffectiveChannelProvider {
  const { str, bool, num, raw } = reader(row, providerColumns, "apm_channelproviderid");
  return {
    id: str("apm_channelproviderid"),
    name: str("apm_name"),
    label: str("apm_label"),
    channelUrl: str("apm_channelurl"),
    trustedDomain: str("apm_trusteddomain"),
    apiVersion: apiVersionLabel(raw("apm_apiversion")),
    enableOutbound: bool("apm_enableoutbound"),
    sortOrder: num("apm_sortorder"),
  };
}

/** Sorted here too: the order must not depend on whether the server honoured the nested $orderby. */
const byOrder = (a: EffectiveChannelProvider, b: EffectiveChannelProvider) =>
  a.sortOrder - b.sortOrder || a.label.localeCompare(b.label) || a.id.localeCompare(b.id);

function pane(row: Row): ProductivityPane {
  const { bool, raw } = reader(row, profileColumns);
  return {
    enabled: bool("apm_productivitypaneenabled"),
    mode: raw("apm_productivitypanemode") === ProductivityPaneModeChoice.Expanded.value ? "expanded" : "collapsed",
    smartAssist: bool("apm_smartassistenabled"),
    callScript: bool("apm_callscriptenabled"),
  };
}

/** Which profile and why: the row's own columns; `app` is the app asked for, which the query's filter fixes. */
export function toProfileChoice(
  row: Row,
  reason: ProfileReason,
  via?: ProfileVia,
  app?: number,
): EffectiveProfileChoice {
  const { str, bool, raw } = reader(row, profileColumns, "apm_appprofileid");
  const rank = raw("apm_rank");
  return {
    reason,
    ...(via ? { via } : {}),
    profile: {
      id: str("apm_appprofileid"),
      name: str("apm_name"),
      uniqueName: str("apm_uniquename"),
      app: app ?? (typeof row.apm_app === "number" ? row.apm_app : 0),
      isDefault: bool("apm_isdefault"),
      rank: typeof rank === "number" ? rank : null,
      isCustomDefault: bool("apm_iscustomdefault"),
    },
  };
}

export function toEffectiveProfile(row: Row, reason: ProfileReason, via?: ProfileVia, app?: number): EffectiveProfile {
  const { bool } = reader(row, profileColumns);
  return {
    ...toProfileChoice(row, reason, via, app),
    sessionTemplates: rowsOf(row, navigation.templates).map(template),
    productivityPane: pane(row),
    allActiveChannels: bool("apm_allactivechannels"),
    channelProviders: rowsOf(row, navigation.providers).map(provider).sort(byOrder),
  };
}

const teamsOf = (row: Row): ProfileVia[] =>
  rowsOf(row, navigation.teams).map((t) => {
    const { str } = reader(t, teamColumns, "teamid");
    return { id: str("teamid"), name: str("name") };
  });
const rolesOf = (row: Row): ProfileVia[] =>
  rowsOf(row, navigation.roles).map((r) => {
    const { str } = reader(r, roleColumns, "roleid");
    return { id: str("roleid"), name: str("name") };
  });
/** The first by name (then id), so every caller names the same team or role. */
const firstVia = (list: readonly ProfileVia[]): ProfileVia | undefined =>
  [...list].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))[0];

export interface Picked {
  readonly row: Row;
  readonly reason: ProfileReason;
  readonly via?: ProfileVia;
}

/**
 * Every candidate in precedence order, the effective one first (issue 13): Direct (a non-default profile before an
 * assigned built-in one), Team (lowest rank), Role (lowest rank), CustomDefault, Default. Ranks are unique among an
 * app's active profiles with teams or roles (the handlers see to it); where rows break a rule (two assignments, a
 * missing rank) the lowest unique name decides, so every caller agrees. A profile appears once, at its best reason.
 */
export function rankCandidates(rows: readonly Row[]): Picked[] {
  const read = (r: Row) => reader(r, profileColumns);
  const isDefault = (r: Row) => read(r).bool("apm_isdefault");
  const rank = (r: Row) => {
    const value = read(r).raw("apm_rank");
    return typeof value === "number" ? value : Number.POSITIVE_INFINITY;
  };
  const byName = (a: Row, b: Row) => read(a).str("apm_uniquename").localeCompare(read(b).str("apm_uniquename"));
  const byRank = (a: Row, b: Row) => rank(a) - rank(b) || byName(a, b);
  const direct = rows.filter(isAssigned).sort((a, b) => Number(isDefault(a)) - Number(isDefault(b)) || byName(a, b));
  const team = rows.filter((r) => teamsOf(r).length > 0).sort(byRank);
  const role = rows.filter((r) => rolesOf(r).length > 0).sort(byRank);
  const custom = rows.filter((r) => read(r).bool("apm_iscustomdefault") && !isDefault(r)).sort(byName);
  const builtIn = rows.filter(isDefault).sort(byName);
  const ordered: Picked[] = [
    ...direct.map((row) => ({ row, reason: "Direct" as const })),
    ...team.map((row) => ({ row, reason: "Team" as const, via: firstVia(teamsOf(row)) })),
    ...role.map((row) => ({ row, reason: "Role" as const, via: firstVia(rolesOf(row)) })),
    ...custom.map((row) => ({ row, reason: "CustomDefault" as const })),
    ...builtIn.map((row) => ({ row, reason: "Default" as const })),
  ];
  const seen = new Set<unknown>();
  return ordered.filter((p) => (seen.has(p.row) ? false : (seen.add(p.row), true)));
}

/** The effective row and why; undefined when nothing applies (not even a readable built-in). */
export function pickEffective(rows: readonly Row[]): Picked | undefined {
  return rankCandidates(rows)[0];
}
