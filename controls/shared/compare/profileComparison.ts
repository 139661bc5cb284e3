/**
 * Compare (issue 14): two profiles, or a profile and a profile of an export file, as differences per editor tab. Both
 * sides are one shape, a profile snapshot, whether it was read from the server or from a file: its columns, and what
 * it links to by the names a file uses (session templates by unique name, channel providers by their stable name,
 * users by principal name, roles and teams by name). Names compare without case, as Dataverse compares them. Pure:
 * the words come from the caller (the control's .resx), so the module carries no English.
 */
import { AppChoice, ProductivityPaneModeChoice } from "../../../schema/model";

export type CompareTab = "general" | "sessionTemplates" | "productivity" | "channels" | "usersTab" | "rolesAndTeams";
export const COMPARE_TABS: readonly CompareTab[] = [
  "general",
  "sessionTemplates",
  "productivity",
  "channels",
  "usersTab",
  "rolesAndTeams",
];

export type CompareField =
  | "apm_name"
  | "apm_description"
  | "apm_app"
  | "state"
  | "apm_productivitypaneenabled"
  | "apm_productivitypanemode"
  | "apm_smartassistenabled"
  | "apm_callscriptenabled"
  | "apm_allactivechannels"
  | "rank"
  | "customDefault";
export type CompareList = "sessionTemplates" | "channelProviders" | "users" | "roles" | "teams";

export type ColumnValue = string | number | boolean | null;

export interface ProfileSnapshot {
  readonly uniqueName: string;
  readonly builtIn: boolean;
  /** The profile's columns by logical name; undefined when the source doesn't carry them (a file's built-in). */
  readonly columns?: Readonly<Record<string, ColumnValue>>;
  readonly rank?: number | null;
  readonly customDefault?: boolean;
  readonly active?: boolean;
  readonly sessionTemplates?: readonly string[];
  readonly channelProviders?: readonly string[];
  readonly roles?: readonly string[];
  readonly teams?: readonly string[];
  /** Principal names; undefined when the source doesn't carry users (a file exported without them). */
  readonly users?: readonly string[];
}

/** The words a comparison is written in, from the control's strings. */
export interface CompareWords {
  field(field: CompareField): string;
  app(value: number): string;
  paneMode(value: number): string;
  readonly on: string;
  readonly off: string;
  readonly yes: string;
  readonly no: string;
  readonly active: string;
  readonly inactive: string;
  /** An empty value (no description, no rank). */
  readonly none: string;
}

export type Difference =
  | {
      readonly kind: "changed";
      readonly field: CompareField;
      readonly label: string;
      readonly left: string;
      readonly right: string;
    }
  | { readonly kind: "onlyLeft" | "onlyRight"; readonly list: CompareList; readonly name: string };

/** Why part of a tab was not compared: one side doesn't carry it. */
export type NotCompared = "users" | "builtInColumns";

export interface TabComparison {
  readonly tab: CompareTab;
  readonly differences: readonly Difference[];
  readonly notCompared: readonly NotCompared[];
}

export interface ProfileComparison {
  readonly tabs: readonly TabComparison[];
  /** Every difference, across the tabs. */
  readonly total: number;
}

type FieldKind = "text" | "app" | "paneMode" | "onOff" | "yesNo" | "state" | "integer";

interface FieldSpec {
  readonly field: CompareField;
  readonly kind: FieldKind;
}

interface TabSpec {
  readonly fields: readonly FieldSpec[];
  readonly lists: readonly CompareList[];
}

/** Which tab of the editor shows each column and list, in the editor's order. */
const TAB_SPECS: Readonly<Record<CompareTab, TabSpec>> = {
  general: {
    fields: [
      { field: "apm_name", kind: "text" },
      { field: "apm_description", kind: "text" },
      { field: "apm_app", kind: "app" },
      { field: "state", kind: "state" },
    ],
    lists: [],
  },
  sessionTemplates: { fields: [], lists: ["sessionTemplates"] },
  productivity: {
    fields: [
      { field: "apm_productivitypaneenabled", kind: "onOff" },
      { field: "apm_productivitypanemode", kind: "paneMode" },
      { field: "apm_smartassistenabled", kind: "onOff" },
      { field: "apm_callscriptenabled", kind: "onOff" },
    ],
    lists: [],
  },
  channels: { fields: [{ field: "apm_allactivechannels", kind: "onOff" }], lists: ["channelProviders"] },
  usersTab: { fields: [], lists: ["users"] },
  rolesAndTeams: {
    fields: [
      { field: "rank", kind: "integer" },
      { field: "customDefault", kind: "yesNo" },
    ],
    lists: ["roles", "teams"],
  },
};

const isEmpty = (v: unknown) => v === null || v === undefined || v === "";

/** A column's value, or undefined when the snapshot doesn't carry it. */
function valueOf(profile: ProfileSnapshot, field: CompareField): ColumnValue | undefined {
  if (field === "rank") return profile.rank;
  if (field === "customDefault") return profile.customDefault;
  if (field === "state") return profile.active;
  return profile.columns?.[field];
}

function sameValue(a: ColumnValue | undefined, b: ColumnValue | undefined): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  return a === b;
}

function optionLabel(
  options: Readonly<Record<string, { value: number }>>,
  value: number,
  word: (v: number) => string,
): string {
  // A value the schema doesn't know (another environment's option) is shown as its number.
  return Object.values(options).some((o) => o.value === value) ? word(value) : String(value);
}

/** A value as the editor shows it: option labels, On/Off, Yes/No, Active/Inactive. */
export function describeValue(kind: FieldKind, value: ColumnValue | undefined, words: CompareWords): string {
  if (isEmpty(value)) return kind === "onOff" ? words.off : kind === "yesNo" ? words.no : words.none;
  switch (kind) {
    case "app":
      return typeof value === "number" ? optionLabel(AppChoice, value, (v) => words.app(v)) : String(value);
    case "paneMode":
      return typeof value === "number"
        ? optionLabel(ProductivityPaneModeChoice, value, (v) => words.paneMode(v))
        : String(value);
    case "onOff":
      return value === true ? words.on : words.off;
    case "yesNo":
      return value === true ? words.yes : words.no;
    case "state":
      return value === false ? words.inactive : words.active;
    default:
      return String(value);
  }
}

/** Names on one side only, without case; each in its own side's spelling, in that side's order. */
function listDifferences(list: CompareList, left: readonly string[], right: readonly string[]): Difference[] {
  const leftKeys = new Set(left.map((n) => n.toLowerCase()));
  const rightKeys = new Set(right.map((n) => n.toLowerCase()));
  const byName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "base" });
  return [
    ...[...left]
      .filter((n) => !rightKeys.has(n.toLowerCase()))
      .sort(byName)
      .map((name): Difference => ({ kind: "onlyLeft", list, name })),
    ...[...right]
      .filter((n) => !leftKeys.has(n.toLowerCase()))
      .sort(byName)
      .map((name): Difference => ({ kind: "onlyRight", list, name })),
  ];
}

/**
 * The differences between two profiles, tab by tab. The unique name is what tells two profiles apart, so it and the
 * name head the columns; the name is compared only when both sides are the same profile (the same unique name: a
 * file's copy of it), where a renamed profile is a difference.
 */
export function compareProfiles(left: ProfileSnapshot, right: ProfileSnapshot, words: CompareWords): ProfileComparison {
  const sameProfile = left.uniqueName.toLowerCase() === right.uniqueName.toLowerCase();
  const tabs = COMPARE_TABS.map((tab): TabComparison => {
    const spec = TAB_SPECS[tab];
    const differences: Difference[] = [];
    const notCompared = new Set<NotCompared>();
    for (const { field, kind } of spec.fields) {
      if (field === "apm_name" && !sameProfile) continue;
      const a = valueOf(left, field);
      const b = valueOf(right, field);
      if (a === undefined || b === undefined) {
        notCompared.add("builtInColumns");
        continue;
      }
      if (!sameValue(a, b))
        differences.push({
          kind: "changed",
          field,
          label: words.field(field),
          left: describeValue(kind, a, words),
          right: describeValue(kind, b, words),
        });
    }
    for (const list of spec.lists) {
      const a = left[list];
      const b = right[list];
      if (a === undefined || b === undefined) {
        notCompared.add(list === "users" ? "users" : "builtInColumns");
        continue;
      }
      differences.push(...listDifferences(list, a, b));
    }
    return { tab, differences, notCompared: [...notCompared] };
  });
  return { tabs, total: tabs.reduce((sum, t) => sum + t.differences.length, 0) };
}
