/**
 * What an export reads from an environment and what an import compares against: the profiles with their columns and
 * links (each link by id and by the name a file uses), and the catalogs the file's names are looked up in. Pure
 * data, so the export and the import plan are unit-tested without a server.
 */
import {
  PROFILES_FORMAT,
  PROFILES_FORMAT_VERSION,
  PORTABLE_COLUMNS,
  type PortableColumns,
  type ProfileEntry,
  type ProfilesDocument,
} from "./document";

export interface NamedRef {
  readonly id: string;
  /** The name a file uses: a template's unique name, a provider's name, a role's or team's name, a principal name. */
  readonly name: string;
}

export interface EnvironmentProfile {
  readonly id: string;
  readonly uniqueName: string;
  readonly isBuiltIn: boolean;
  readonly columns: PortableColumns;
  readonly rank: number | null;
  readonly customDefault: boolean;
  readonly active: boolean;
  readonly sessionTemplates: readonly NamedRef[];
  readonly channelProviders: readonly NamedRef[];
  readonly roles: readonly NamedRef[];
  readonly teams: readonly NamedRef[];
  /** The direct users, when they were read. */
  readonly users?: readonly NamedRef[];
}

export interface EnvironmentUser {
  readonly id: string;
  readonly principalName: string;
  /** The profile the user is assigned to directly (rule 9: at most one). */
  readonly profileId?: string;
}

export interface EnvironmentSnapshot {
  readonly profiles: readonly EnvironmentProfile[];
  readonly sessionTemplates: readonly NamedRef[];
  readonly channelProviders: readonly NamedRef[];
  /** Roles of the root business unit (Dataverse copies each role into every business unit under the same name). */
  readonly roles: readonly NamedRef[];
  readonly teams: readonly NamedRef[];
  /** The users the import needs: those the file names and those assigned to the profiles. */
  readonly users: readonly EnvironmentUser[];
}

const byName = (a: string, b: string) =>
  a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
const names = (refs: readonly NamedRef[]) => refs.map((r) => r.name).sort(byName);

/** A file entry for a profile: names sorted, so two exports of the same environment are the same text. */
export function profileEntry(profile: EnvironmentProfile, includeUsers: boolean): ProfileEntry {
  const users = includeUsers ? { users: names(profile.users ?? []) } : {};
  if (profile.isBuiltIn) return { id: profile.id, uniqueName: profile.uniqueName, builtIn: true, ...users };
  const columns: Record<string, string | number | boolean | null> = {};
  for (const name of PORTABLE_COLUMNS) columns[name] = profile.columns[name] ?? null;
  return {
    id: profile.id,
    uniqueName: profile.uniqueName,
    builtIn: false,
    columns,
    rank: profile.rank,
    customDefault: profile.customDefault,
    state: profile.active ? "Active" : "Inactive",
    sessionTemplates: names(profile.sessionTemplates),
    channelProviders: names(profile.channelProviders),
    roles: names(profile.roles),
    teams: names(profile.teams),
    ...users,
  };
}

export interface ExportOptions {
  readonly source: string;
  readonly exportedAt: string;
  readonly includeUsers: boolean;
  /** Unique names to export; all profiles when empty. */
  readonly only?: readonly string[];
}

export type ExportResult =
  | { readonly ok: true; readonly document: ProfilesDocument }
  | { readonly ok: false; readonly missing: readonly string[] };

export function exportDocument(snapshot: EnvironmentSnapshot, options: ExportOptions): ExportResult {
  const wanted = new Map((options.only ?? []).map((n) => [n.toLowerCase(), n]));
  const chosen =
    wanted.size === 0
      ? [...snapshot.profiles]
      : snapshot.profiles.filter((p) => wanted.has(p.uniqueName.toLowerCase()));
  const found = new Set(chosen.map((p) => p.uniqueName.toLowerCase()));
  const missing = [...wanted].filter(([key]) => !found.has(key)).map(([, name]) => name);
  if (missing.length > 0) return { ok: false, missing };
  // Built-ins first, then by unique name: the order the designer lists them and a stable diff between exports.
  chosen.sort((a, b) => Number(b.isBuiltIn) - Number(a.isBuiltIn) || byName(a.uniqueName, b.uniqueName));
  return {
    ok: true,
    document: {
      format: PROFILES_FORMAT,
      version: PROFILES_FORMAT_VERSION,
      exportedAt: options.exportedAt,
      source: options.source,
      includesUsers: options.includeUsers,
      profiles: chosen.map((p) => profileEntry(p, options.includeUsers)),
    },
  };
}
