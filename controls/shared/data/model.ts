/** What the controls show and edit, in plain objects typed from the one schema. */
import type { Attributes } from "../../../schema/define";
import type { AppProfile, RelationshipName } from "../../../schema/model";
import type { ProfileReason } from "../../../runtime/types";
import type { ProfileAccess } from "./profileAccess";

type ProfileAttributes = Attributes<typeof AppProfile>;
type ProfileColumnName = keyof typeof AppProfile.columns;

/** The profile columns an admin edits (apm_isdefault is system only). */
export const editableProfileColumns = [
  "apm_name",
  "apm_uniquename",
  "apm_description",
  "apm_app",
  "apm_productivitypaneenabled",
  "apm_productivitypanemode",
  "apm_smartassistenabled",
  "apm_callscriptenabled",
  "apm_allactivechannels",
] as const satisfies readonly ProfileColumnName[];

export type EditableProfileColumn = (typeof editableProfileColumns)[number];
export type ProfileFields = { [K in EditableProfileColumn]: NonNullable<ProfileAttributes[K]> };

export interface ProfileSummary {
  readonly id: string;
  readonly name: string;
  readonly uniqueName: string;
  readonly app: number | null;
  readonly isDefault: boolean;
  /** statecode Active; an inactive profile applies to no one (rule 13). */
  readonly isActive: boolean;
  readonly userCount: number;
  /** Issue 13: order among the app's team and role profiles (lowest wins); null without one. */
  readonly rank?: number | null;
  /** Issue 13: the app's own default, before the built-in. */
  readonly isCustomDefault?: boolean;
  /** Issue 13: the roles and teams the profile is given to, counted on the server (never the rows themselves). */
  readonly roleCount?: number;
  readonly teamCount?: number;
  /** The row's ETag as the list read it, so Delete from the list is conditional (If-Match) as on the form. */
  readonly etag?: string;
}

export interface TemplateItem {
  readonly id: string;
  readonly name: string;
  readonly uniqueName: string;
  readonly type: number | null;
  readonly entityLogicalName: string | null;
  /** statecode Active; absent (fixtures, rows read without it) means active. Agents get no inactive template. */
  readonly isActive?: boolean;
}

export interface ProviderItem {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly channelUrl: string;
  readonly sortOrder: number | null;
  /** statecode Active; absent (fixtures, rows read without it) means active. Agents get no inactive provider. */
  readonly isActive?: boolean;
}

export interface ProfileRef {
  readonly id: string;
  readonly name: string;
}

export interface UserItem {
  readonly id: string;
  readonly fullName: string;
  readonly domainName: string;
  /** The profiles the user is assigned to, when known (user search reads them; at most one by rule 9). */
  readonly profiles?: readonly ProfileRef[];
}

export interface ProfileRecord {
  readonly id: string;
  readonly etag: string;
  readonly isDefault: boolean;
  readonly isActive: boolean;
  readonly fields: ProfileFields;
  readonly sessionTemplates: readonly TemplateItem[];
  readonly channelProviders: readonly ProviderItem[];
  readonly users: readonly UserItem[];
  /** Issue 13: rank, custom default, roles and teams, when the editor loaded them (profileAccess.ts). */
  readonly access?: ProfileAccess;
}

export interface NewProfile {
  readonly apm_name: string;
  readonly apm_uniquename: string;
  readonly apm_description: string;
  readonly apm_app: number;
}

/** One row of an N:N relationship, seen from a profile. */
export interface RelationshipChange {
  readonly relationship: RelationshipName;
  readonly profileId: string;
  readonly relatedId: string;
}

/** Everything one Save writes, as one atomic change set. */
export interface ProfileSave {
  readonly profileId: string;
  /** The ETag the editor loaded: the write fails with a conflict when the row changed since. */
  readonly etag: string;
  readonly changedFields: Partial<ProfileFields>;
  /**
   * True for a built-in profile: its row is the system's (rule 3) and the server refuses any Update of it, even an
   * empty one, so the change set holds only the $ref changes (user assignments), with no PATCH and no If-Match.
   */
  readonly relationshipsOnly?: boolean;
  /** Written first, so a move (disassociate elsewhere, then associate here) passes rule 9. */
  readonly disassociate: readonly RelationshipChange[];
  readonly associate: readonly RelationshipChange[];
}

export interface SaveResult {
  /** The row's new ETag when the server returned it. */
  readonly etag?: string;
}

/** Why a user gets a profile in an app: the runtime's reasons (Direct, Team, Role, CustomDefault, Default). */
export type { ProfileReason };

/** One step of a user's chain in an app: the profile, why it applies, and the team or role it comes through. */
export interface ProfileStep {
  readonly reason: ProfileReason;
  /** The team (reason Team) or role (reason Role) the profile is given to. */
  readonly via?: { readonly id: string; readonly name: string };
  readonly profile: {
    readonly id: string;
    readonly name: string;
    readonly uniqueName: string;
    readonly isDefault: boolean;
  };
}

/** The profile a user gets in one app, as the agents' runtime resolves it. */
export interface EffectiveProfileItem extends ProfileStep {
  /** The AppChoice value. */
  readonly app: number;
  /** The profile that would apply if this one went away (deleted, deactivated, unassigned); none after the built-in. */
  readonly next?: ProfileStep;
}
