/** Web API rows to the runtime's result: typed reads that fail loudly when the server sends something else. */
import { ChannelApiVersionChoice, ProductivityPaneModeChoice } from "../schema/model";
import { navigation, profileColumns, providerColumns, templateColumns } from "./query";
import type {
  EffectiveChannelProvider,
  EffectiveProfile,
  EffectiveSessionTemplate,
  ProductivityPane,
  ProfileReason,
} from "./types";

export type Row = Record<string, unknown>;

const rowsOf = (row: Row, key: string): Row[] =>
  Array.isArray(row[key]) ? (row[key] as unknown[]).filter((r): r is Row => typeof r === "object" && r !== null) : [];

/** Typed reads of one row; `K` is the selected columns, so a misspelt column is a compile error. */
function reader<K extends string>(row: Row, _columns: readonly K[]) {
  return {
    str: (key: K): string => (typeof row[key] === "string" ? (row[key] as string) : ""),
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
  const { str, strOrNull } = reader(row, templateColumns);
  return {
    id: str("apm_sessiontemplateid"),
    name: str("apm_name"),
    uniqueName: str("apm_uniquename"),
    entityLogicalName: strOrNull("apm_entitylogicalname"),
  };
}

function provider(row: Row): EffectiveChannelProvider {
  const { str, bool, num, raw } = reader(row, providerColumns);
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

export function toEffectiveProfile(row: Row, reason: ProfileReason): EffectiveProfile {
  const { str, bool, num } = reader(row, profileColumns);
  return {
    reason,
    profile: {
      id: str("apm_appprofileid"),
      name: str("apm_name"),
      uniqueName: str("apm_uniquename"),
      app: num("apm_app"),
      isDefault: bool("apm_isdefault"),
    },
    sessionTemplates: rowsOf(row, navigation.templates).map(template),
    productivityPane: pane(row),
    allActiveChannels: bool("apm_allactivechannels"),
    channelProviders: rowsOf(row, navigation.providers).map(provider).sort(byOrder),
  };
}

/**
 * The effective row: an assigned non-default profile, else an assigned built-in one, else the built-in default.
 * Several assigned rows break rule 9; the lowest unique name wins so every caller agrees.
 */
export function pickEffective(rows: readonly Row[]): { row: Row; reason: ProfileReason } | undefined {
  const isDefault = (r: Row) => reader(r, profileColumns).bool("apm_isdefault");
  const byName = (a: Row, b: Row) =>
    reader(a, profileColumns).str("apm_uniquename").localeCompare(reader(b, profileColumns).str("apm_uniquename"));
  const assigned = rows.filter(isAssigned).sort((a, b) => Number(isDefault(a)) - Number(isDefault(b)) || byName(a, b));
  if (assigned.length) return { row: assigned[0], reason: "Direct" };
  const fallback = rows.filter(isDefault).sort(byName)[0];
  return fallback && { row: fallback, reason: "Default" };
}
