/**
 * The one data-access interface of the controls. The Web API implementation talks to Dataverse (or the local
 * server, same origin); the in-memory one backs the component tests. It also answers the reads the handlers make
 * (OrganizationService), so the same rules run in the browser before a write.
 */
import type { OrganizationService } from "../../../handlers/context";
import type {
  EffectiveProfileItem,
  NewProfile,
  ProfileRecord,
  ProfileSave,
  ProviderItem,
  SaveResult,
  TemplateItem,
  UserItem,
} from "./model";
import type { ProfilePage, ProfilePageQuery } from "./profilePage";
import type { ProfileClone } from "./profileCommands";

export interface ProfileRepository extends OrganizationService {
  /**
   * One page of 50 profiles, searched, sorted and filtered by the server, with the count of matching rows, in one
   * request; the page's user counts in one FetchXML aggregate request.
   */
  listProfilePage(query: ProfilePageQuery): Promise<ProfilePage>;
  /** One profile with its session templates, channel providers and users, in one request; undefined when missing. */
  getProfile(id: string): Promise<ProfileRecord | undefined>;
  /** The same, addressed by the profile's alternate key (its unique name, which the profile form binds). */
  getProfileByUniqueName(uniqueName: string): Promise<ProfileRecord | undefined>;
  /** Entity session templates whose name or entity contains the text. */
  searchSessionTemplates(text: string): Promise<TemplateItem[]>;
  searchChannelProviders(text: string): Promise<ProviderItem[]>;
  /** Users whose name or user name contains the text, with the profiles they have. */
  searchUsers(text: string): Promise<UserItem[]>;
  /**
   * The profile the user gets in each app and why (Direct or Default), one entry per app in AppChoice order, resolved
   * as the agents' apps resolve it (the runtime's resolveEffectiveProfile: one request per app, sent in parallel).
   */
  effectiveProfiles(userId: string): Promise<EffectiveProfileItem[]>;
  /** Creates a profile in one request and returns its id. */
  createProfile(profile: NewProfile): Promise<string>;
  /** Writes one save as one atomic request (a $batch change set). */
  saveProfile(save: ProfileSave): Promise<SaveResult>;
  /** Activates or deactivates a custom profile: one PATCH of statecode and statuscode with If-Match (rule 13). */
  setProfileActive(profileId: string, etag: string, active: boolean): Promise<SaveResult>;

  // --- Profile form commands: Delete and Clone (issue 12, items 1 and 2) ---
  /** Deletes a custom profile: one DELETE with If-Match, so a stale ETag is a conflict (412). */
  deleteProfile(profileId: string, etag: string): Promise<void>;
  /**
   * Creates a copy of a profile in one request (its templates and providers bound on create) and returns its id.
   * With `moveUsers`, one $batch change set: the users leave the source, then the clone is created with them.
   */
  cloneProfile(clone: ProfileClone): Promise<string>;
  // --- end of Delete and Clone ---

  // --- The designer's list (issue 12, items 1 and 5) ---
  /**
   * Deletes several custom profiles in one $batch change set, each DELETE with its If-Match: all or nothing, so a
   * stale or refused row deletes none of them.
   */
  deleteProfiles(targets: readonly ProfileDeleteTarget[]): Promise<void>;
  /** The unique name as stored when a profile uses it (ignoring case), else undefined: one keyed GET by the alternate key. */
  uniqueNameInUse(uniqueName: string): Promise<string | undefined>;
  // --- end of the designer's list ---
  // --- Pickers (issue 12, item 7) ---
  /**
   * Whether the user may read app profiles through their roles or teams (the App Profile User role grants it): the
   * agents' apps read the profile as that user, so without it an assignment does nothing. One GET.
   */
  canReadProfiles(userId: string): Promise<boolean>;
  // --- end of Pickers ---
}

/** What both controls ask of the data (webApiCore.ts implements it). */
type SharedRepository = OrganizationService &
  Pick<ProfileRepository, "getProfile" | "searchUsers" | "deleteProfile" | "cloneProfile" | "uniqueNameInUse">;

/** What the designer asks (designerWebApi.ts): each control's bundle carries only its own requests. */
export type DesignerRepository = SharedRepository &
  Pick<ProfileRepository, "listProfilePage" | "effectiveProfiles" | "createProfile" | "deleteProfiles">;

/** What the editor asks (editorWebApi.ts). */
export type EditorRepository = SharedRepository &
  Pick<
    ProfileRepository,
    | "getProfileByUniqueName"
    | "searchSessionTemplates"
    | "searchChannelProviders"
    | "canReadProfiles"
    | "saveProfile"
    | "setProfileActive"
  >;

export interface ProfileDeleteTarget {
  readonly id: string;
  readonly etag: string;
}

/**
 * `conflict`: the row changed since it was read (stale ETag); `duplicate`: an alternate key value (the unique name)
 * is taken; `throttled`: Dataverse's service protection limits held after the retries.
 */
export type RepositoryErrorKind = "conflict" | "duplicate" | "refused" | "notFound" | "throttled" | "unavailable";

/** A failed request, with the server's own message (a plugin's message reaches the admin as is). */
export class RepositoryError extends Error {
  readonly kind: RepositoryErrorKind;
  readonly status?: number;
  readonly code?: string;

  constructor(kind: RepositoryErrorKind, message: string, details: { status?: number; code?: string } = {}) {
    super(message);
    this.name = "RepositoryError";
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
  }
}
