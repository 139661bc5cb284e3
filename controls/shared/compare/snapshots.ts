/**
 * Profile snapshots for Compare, from the two places a profile comes from: a profiles export file (its entries, as
 * controls/shared/portability/document.ts reads them) and the server (one Web API row with its N:N links expanded).
 */
import { StateCode } from "../../../schema/state";
import type { ProfileEntry, ProfilesDocument } from "../portability/document";
import type { ColumnValue, ProfileSnapshot } from "./profileComparison";

/** A file's entry. A built-in is only referenced in a file: its columns and links are not there to compare. */
export function snapshotOfEntry(entry: ProfileEntry): ProfileSnapshot {
  if (entry.builtIn) return { uniqueName: entry.uniqueName, builtIn: true, users: entry.users };
  return {
    uniqueName: entry.uniqueName,
    builtIn: false,
    columns: entry.columns,
    rank: entry.rank,
    customDefault: entry.customDefault,
    active: entry.state === "Active",
    sessionTemplates: entry.sessionTemplates,
    channelProviders: entry.channelProviders,
    roles: entry.roles,
    teams: entry.teams,
    users: entry.users,
  };
}

/** The name a file's profile is shown with: its Name column, or its unique name for a built-in. */
export function entryName(entry: ProfileEntry): string {
  const name = entry.builtIn ? undefined : entry.columns.apm_name;
  return typeof name === "string" && name !== "" ? name : entry.uniqueName;
}

export type FileProfileChoice =
  | { readonly kind: "match"; readonly entry: ProfileEntry }
  | { readonly kind: "choose"; readonly entries: readonly ProfileEntry[] }
  | { readonly kind: "empty" };

/**
 * Which profile of a file to compare a profile with: the one of the same unique name (without case, as the alternate
 * key compares), else the file's only profile, else the admin chooses.
 */
export function chooseFileProfile(document: ProfilesDocument, uniqueName: string): FileProfileChoice {
  const same = document.profiles.find((p) => p.uniqueName.toLowerCase() === uniqueName.toLowerCase());
  if (same) return { kind: "match", entry: same };
  if (document.profiles.length === 1) return { kind: "match", entry: document.profiles[0] };
  if (document.profiles.length === 0) return { kind: "empty" };
  return { kind: "choose", entries: document.profiles };
}

/** The navigation properties a server row's links are expanded under, and the column that names each related row. */
export interface LinkColumns {
  readonly sessionTemplates: readonly [navigation: string, name: string];
  readonly channelProviders: readonly [navigation: string, name: string];
  readonly roles: readonly [navigation: string, name: string];
  readonly teams: readonly [navigation: string, name: string];
  readonly users: readonly [navigation: string, name: string];
}

type Row = Readonly<Record<string, unknown>>;

function names(row: Row, [navigation, column]: readonly [string, string]): string[] {
  const related = row[navigation];
  return (Array.isArray(related) ? (related as Row[]) : [])
    .map((r) => r[column])
    .filter((n): n is string => typeof n === "string" && n !== "");
}

/** A Web API row of apm_appprofiles with its links expanded. */
export function snapshotOfRow(row: Row, columns: readonly string[], links: LinkColumns): ProfileSnapshot {
  const values: Record<string, ColumnValue> = Object.create(null);
  for (const name of columns) values[name] = (row[name] ?? null) as ColumnValue;
  return {
    uniqueName: typeof row.apm_uniquename === "string" ? row.apm_uniquename : "",
    builtIn: row.apm_isdefault === true,
    columns: values,
    rank: typeof row.apm_rank === "number" ? row.apm_rank : null,
    customDefault: row.apm_iscustomdefault === true,
    active: row.statecode === StateCode.Active.value,
    sessionTemplates: names(row, links.sessionTemplates),
    channelProviders: names(row, links.channelProviders),
    roles: names(row, links.roles),
    teams: names(row, links.teams),
    users: names(row, links.users),
  };
}
