/**
 * Issue 14's import fixtures, for the planner's tests (portability/importPlan.test.ts) and the designer's Import
 * panel (ProfileDesigner/portability/ImportProfilesPanel.test.tsx): one custom profile as an export file holds it (an
 * entry) and as the target environment holds it (a stored profile), with the same columns, and the document around
 * the entries. Every profile of one fixture has the same name; a test changes what it compares.
 */
import { AppChoice, ProductivityPaneModeChoice } from "../../../schema/model";
import {
  PROFILES_FORMAT,
  PROFILES_FORMAT_VERSION,
  type CustomProfileEntry,
  type PortableColumns,
  type ProfileEntry,
  type ProfilesDocument,
} from "../portability/document";
import type { EnvironmentProfile } from "../portability/environment";

/** A GUID numbered `n`, the same in the file and the target, so a test names ids by number. */
export const fixtureId = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

export interface ImportFixtures {
  /** The portable columns of every profile: named `profileName`, in Customer Service workspace, everything off. */
  readonly columns: PortableColumns;
  /** A custom profile as a file holds it: active, no rank, not the custom default, no links. */
  entry(uniqueName: string, n: number, more?: Partial<CustomProfileEntry>): CustomProfileEntry;
  /** The same profile as the target holds it (its direct users read: none). */
  stored(uniqueName: string, n: number, more?: Partial<EnvironmentProfile>): EnvironmentProfile;
}

export function importFixtures(profileName: string): ImportFixtures {
  const columns: PortableColumns = {
    apm_name: profileName,
    apm_description: null,
    apm_app: AppChoice.CustomerServiceWorkspace.value,
    apm_productivitypaneenabled: false,
    apm_productivitypanemode: ProductivityPaneModeChoice.Collapsed.value,
    apm_smartassistenabled: false,
    apm_callscriptenabled: false,
    apm_allactivechannels: false,
  };
  const links = { sessionTemplates: [], channelProviders: [], roles: [], teams: [] } as const;
  return {
    columns,
    entry: (uniqueName, n, more = {}) => ({
      id: fixtureId(n),
      uniqueName,
      builtIn: false,
      columns,
      rank: null,
      customDefault: false,
      state: "Active",
      ...links,
      ...more,
    }),
    stored: (uniqueName, n, more = {}) => ({
      id: fixtureId(n),
      uniqueName,
      isBuiltIn: false,
      columns,
      rank: null,
      customDefault: false,
      active: true,
      ...links,
      users: [],
      ...more,
    }),
  };
}

/** The export document around `profiles`, as `npm run profiles -- export` writes it. */
export function profilesDocument(profiles: readonly ProfileEntry[], includesUsers = false): ProfilesDocument {
  return {
    format: PROFILES_FORMAT,
    version: PROFILES_FORMAT_VERSION,
    exportedAt: "2026-12-01T10:00:00Z",
    source: "https://source.example",
    includesUsers,
    profiles,
  };
}
