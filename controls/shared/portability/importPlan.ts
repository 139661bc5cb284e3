/**
 * The import plan (issue 14): for each profile of a file, what importing it into an environment does, decided before
 * anything is written. A profile is *create* (not in the target), *update* (with the changed fields), *unchanged*, or
 * *conflict* (the target has another profile of that unique name, or this profile under another name); every name the
 * target doesn't have (template, provider, role, team, user) is an error naming it, and so is a rank or custom default
 * the target holds elsewhere. Each profile becomes one change set of operations, ordered so the server's rules (issue
 * 13, rule 6, rule 9) hold after every operation. Pure: the CLI and the designer's panel show the same plan.
 */
import {
  AppChoice,
  AppProfileChannelProvider,
  AppProfileRole,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  AppProfileTeam,
  UNIQUE_NAME_MAX_LENGTH,
} from "../../../schema/model";
import { PORTABLE_COLUMNS, type CustomProfileEntry, type ProfileEntry, type ProfilesDocument } from "./document";
import type { EnvironmentProfile, EnvironmentSnapshot, EnvironmentUser, NamedRef } from "./environment";

export type OnConflict = "stop" | "skip" | "overwrite" | "rename";
export type PlanStatus = "create" | "update" | "unchanged" | "conflict";

export type LinkKind = "sessionTemplates" | "channelProviders" | "roles" | "teams" | "users";
export const LINK_KINDS: readonly LinkKind[] = ["sessionTemplates", "channelProviders", "roles", "teams", "users"];

export const linkRelationships = {
  sessionTemplates: AppProfileSessionTemplate,
  channelProviders: AppProfileChannelProvider,
  roles: AppProfileRole,
  teams: AppProfileTeam,
  users: AppProfileSystemUser,
} as const;

/** The related table's entity set and what a missing name is called in a message. */
export const linkTargets: Readonly<Record<LinkKind, { readonly entitySet: string; readonly noun: string }>> = {
  sessionTemplates: { entitySet: "apm_sessiontemplates", noun: "session template" },
  channelProviders: { entitySet: "apm_channelproviders", noun: "channel provider" },
  roles: { entitySet: "roles", noun: "security role" },
  teams: { entitySet: "teams", noun: "team" },
  users: { entitySet: "systemusers", noun: "user" },
};

export type FieldChange =
  | { readonly field: string; readonly from: unknown; readonly to: unknown }
  | { readonly field: LinkKind; readonly added: readonly string[]; readonly removed: readonly string[] };

export type ProfileOperation =
  | {
      readonly kind: "create";
      readonly id: string;
      readonly attributes: Readonly<Record<string, unknown>>;
      readonly bind: Readonly<Partial<Record<"sessionTemplates" | "channelProviders", readonly string[]>>>;
    }
  | { readonly kind: "update"; readonly id: string; readonly attributes: Readonly<Record<string, unknown>> }
  | {
      readonly kind: "associate" | "disassociate";
      readonly link: LinkKind;
      readonly profileId: string;
      readonly relatedId: string;
    };

export interface PlannedProfile {
  /** The unique name in the file. */
  readonly uniqueName: string;
  readonly builtIn: boolean;
  readonly status: PlanStatus;
  /** Why it conflicts, and what --on-conflict does about it. */
  readonly conflict?: { readonly reason: string; readonly resolution: OnConflict };
  /** The unique name it gets in the target (another one with --on-conflict rename). */
  readonly targetUniqueName: string;
  readonly changes: readonly FieldChange[];
  readonly errors: readonly string[];
  /** One change set, in order; empty when nothing is written. */
  readonly operations: readonly ProfileOperation[];
}

export interface ImportPlan {
  /** In the order they are applied: a profile that gives up a rank or default before the one that takes it. */
  readonly profiles: readonly PlannedProfile[];
  readonly counts: Readonly<Record<PlanStatus, number>>;
  readonly errors: number;
  /** Conflicts with no --on-conflict choice: nothing is written while one stands. */
  readonly unresolvedConflicts: number;
}

const lower = (s: string) => s.toLowerCase();
const isEmpty = (v: unknown) => v === null || v === undefined || v === "";
const same = (a: unknown, b: unknown) => (isEmpty(a) && isEmpty(b)) || a === b;
const appLabel = (app: unknown) => Object.values(AppChoice).find((o) => o.value === app)?.label ?? `app ${String(app)}`;

/** Name → refs, without case (Dataverse compares names without case); several refs make the name ambiguous. */
function catalog(refs: readonly NamedRef[]): Map<string, NamedRef[]> {
  const map = new Map<string, NamedRef[]>();
  for (const ref of refs) map.set(lower(ref.name), [...(map.get(lower(ref.name)) ?? []), ref]);
  return map;
}

/** What a profile will look like once the import has run, for the rank and default checks. */
interface FinalState {
  readonly app: unknown;
  readonly active: boolean;
  readonly customDefault: boolean;
  readonly rank: number | null;
  readonly hasRolesOrTeams: boolean;
}

const finalOfTarget = (p: EnvironmentProfile): FinalState => ({
  app: p.columns.apm_app,
  active: p.active,
  customDefault: p.customDefault,
  rank: p.rank,
  hasRolesOrTeams: p.roles.length + p.teams.length > 0,
});
const finalOfEntry = (e: CustomProfileEntry): FinalState => ({
  app: e.columns.apm_app,
  active: e.state === "Active",
  customDefault: e.customDefault,
  rank: e.rank,
  hasRolesOrTeams: e.roles.length + e.teams.length > 0,
});

interface Draft {
  uniqueName: string;
  builtIn: boolean;
  status: PlanStatus;
  conflict?: { reason: string; resolution: OnConflict };
  targetUniqueName: string;
  changes: FieldChange[];
  errors: string[];
  operations: ProfileOperation[];
  /** The target profile written (updated, or created with this id). */
  targetId?: string;
  /** Set when the profile is written: the state it ends in. */
  final?: FinalState;
  entry: ProfileEntry;
}

export function planImport(
  document: ProfilesDocument,
  target: EnvironmentSnapshot,
  onConflict: OnConflict = "stop",
  newId: () => string = () => crypto.randomUUID(),
): ImportPlan {
  const byId = new Map(target.profiles.map((p) => [lower(p.id), p]));
  const byUniqueName = new Map(target.profiles.map((p) => [lower(p.uniqueName), p]));
  const catalogs = {
    sessionTemplates: catalog(target.sessionTemplates),
    channelProviders: catalog(target.channelProviders),
    roles: catalog(target.roles),
    teams: catalog(target.teams),
    users: catalog(target.users.map((u) => ({ id: u.id, name: u.principalName }))),
  };
  const usersById = new Map(target.users.map((u) => [lower(u.id), u]));
  const takenNames = new Set([
    ...target.profiles.map((p) => lower(p.uniqueName)),
    ...document.profiles.map((p) => lower(p.uniqueName)),
  ]);
  // A user the file puts on a profile is moved by that profile's change set; the profile they leave doesn't remove them.
  const fileUserOwner = new Map<string, string>();
  for (const entry of document.profiles)
    for (const user of entry.users ?? []) fileUserOwner.set(lower(user), lower(entry.uniqueName));

  const resolve = (kind: LinkKind, name: string, errors: string[]): string | undefined => {
    const found = catalogs[kind].get(lower(name)) ?? [];
    if (found.length === 1) return found[0].id;
    const noun = linkTargets[kind].noun;
    const fix = kind === "users" ? "add the user to the target environment first" : `create it there first`;
    errors.push(
      found.length === 0
        ? `the ${noun} "${name}" is not in the target: ${fix}, or remove it from the file.`
        : `${found.length} ${noun}s are named "${name}" in the target: rename all but one there, so the file's name means one.`,
    );
    return undefined;
  };

  const drafts = document.profiles.map((entry): Draft => {
    const base: Draft = {
      uniqueName: entry.uniqueName,
      builtIn: entry.builtIn,
      status: "unchanged",
      targetUniqueName: entry.uniqueName,
      changes: [],
      errors: [],
      operations: [],
      entry,
    };
    if (entry.builtIn) return planBuiltIn(base, entry, byUniqueName.get(lower(entry.uniqueName)));
    const match = matchProfile(entry, byId, byUniqueName, onConflict);
    if (match.error) base.errors.push(match.error);
    if (match.conflict) {
      base.status = "conflict";
      base.conflict = { reason: match.conflict, resolution: onConflict };
    }
    if (match.action === "none") return base;
    if (match.action === "create") {
      const uniqueName = match.rename ? freeName(entry.uniqueName, takenNames) : entry.uniqueName;
      if (match.rename) takenNames.add(lower(uniqueName));
      return planCreate(base, entry, uniqueName, match.freshId ? newId() : (entry.id ?? newId()));
    }
    return planUpdate(base, entry, match.profile, match.keepTargetName);
  });

  function planBuiltIn(draft: Draft, entry: ProfileEntry, found: EnvironmentProfile | undefined): Draft {
    if (!found || !found.isBuiltIn) {
      draft.errors.push(
        found
          ? `"${entry.uniqueName}" is a built-in profile in the file, but a custom profile in the target: rename that one in the target first.`
          : `the built-in profile "${entry.uniqueName}" is not in the target: deploy the solution there first (npm run deploy).`,
      );
      return draft;
    }
    draft.targetId = found.id;
    if (entry.users) diffUsers(draft, found.id, found.users ?? [], entry.users);
    draft.status = draft.changes.length > 0 ? "update" : "unchanged";
    return draft;
  }

  function planCreate(draft: Draft, entry: CustomProfileEntry, uniqueName: string, id: string): Draft {
    const bind: Record<string, string[]> = {};
    for (const kind of ["sessionTemplates", "channelProviders"] as const) {
      bind[kind] = entry[kind].map((name) => resolve(kind, name, draft.errors)).filter((x): x is string => !!x);
    }
    const attributes: Record<string, unknown> = { apm_appprofileid: id, apm_uniquename: uniqueName, ...entry.columns };
    if (entry.rank !== null) attributes.apm_rank = entry.rank;
    if (entry.customDefault) attributes.apm_iscustomdefault = true;
    draft.operations.push({ kind: "create", id, attributes, bind });
    // Inactive before its roles and teams: a rank is checked among active profiles only (issue 13).
    if (entry.state === "Inactive") draft.operations.push({ kind: "update", id, attributes: stateAttributes(false) });
    for (const kind of ["roles", "teams"] as const)
      for (const name of entry[kind]) {
        const relatedId = resolve(kind, name, draft.errors);
        if (relatedId) draft.operations.push({ kind: "associate", link: kind, profileId: id, relatedId });
      }
    if (entry.users) diffUsers(draft, id, [], entry.users);
    if (draft.status !== "conflict") draft.status = "create";
    draft.targetUniqueName = uniqueName;
    draft.targetId = id;
    draft.final = finalOfEntry(entry);
    return draft;
  }

  function planUpdate(
    draft: Draft,
    entry: CustomProfileEntry,
    found: EnvironmentProfile,
    keepTargetName: boolean,
  ): Draft {
    const attributes: Record<string, unknown> = {};
    const change = (field: string, column: string, from: unknown, to: unknown) => {
      if (same(from, to)) return;
      draft.changes.push({ field, from: from ?? null, to });
      attributes[column] = to;
    };
    // Unique names compare without case, as the alternate key does.
    if (!keepTargetName && lower(found.uniqueName) !== lower(entry.uniqueName))
      change("uniqueName", "apm_uniquename", found.uniqueName, entry.uniqueName);
    for (const name of PORTABLE_COLUMNS) change(name, name, found.columns[name], entry.columns[name]);
    change("rank", "apm_rank", found.rank, entry.rank);
    change("customDefault", "apm_iscustomdefault", found.customDefault, entry.customDefault);
    const state = entry.state === "Active";
    if (state !== found.active) {
      draft.changes.push({ field: "state", from: found.active ? "Active" : "Inactive", to: entry.state });
      Object.assign(attributes, stateAttributes(state));
    }
    const before: ProfileOperation[] = [];
    const after: ProfileOperation[] = [];
    for (const kind of ["sessionTemplates", "channelProviders", "roles", "teams"] as const) {
      const diff = diffLinks(found[kind], entry[kind]);
      if (diff.added.length + diff.removed.length === 0) continue;
      draft.changes.push({ field: kind, added: diff.added, removed: diff.removed.map((r) => r.name) });
      for (const ref of diff.removed)
        before.push({ kind: "disassociate", link: kind, profileId: found.id, relatedId: ref.id });
      for (const name of diff.added) {
        const relatedId = resolve(kind, name, draft.errors);
        if (relatedId) after.push({ kind: "associate", link: kind, profileId: found.id, relatedId });
      }
    }
    // Links leave first (rule 6, and a rank may be cleared once its roles are gone), then the row, then new links.
    draft.operations.push(...before);
    if (Object.keys(attributes).length > 0) draft.operations.push({ kind: "update", id: found.id, attributes });
    draft.operations.push(...after);
    if (entry.users) diffUsers(draft, found.id, found.users ?? [], entry.users);
    if (draft.changes.length > 0) {
      if (draft.status !== "conflict") draft.status = "update";
    } else draft.status = "unchanged";
    draft.targetUniqueName =
      keepTargetName || lower(found.uniqueName) === lower(entry.uniqueName) ? found.uniqueName : entry.uniqueName;
    draft.targetId = found.id;
    draft.final = finalOfEntry(entry);
    return draft;
  }

  function diffUsers(draft: Draft, profileId: string, current: readonly NamedRef[], wanted: readonly string[]) {
    const self = lower(draft.uniqueName);
    const diff = diffLinks(current, wanted);
    const removed = diff.removed.filter((r) => {
      const owner = fileUserOwner.get(lower(r.name));
      return owner === undefined || owner === self;
    });
    if (diff.added.length + removed.length === 0) return;
    draft.changes.push({ field: "users", added: diff.added, removed: removed.map((r) => r.name) });
    for (const ref of removed)
      draft.operations.push({ kind: "disassociate", link: "users", profileId, relatedId: ref.id });
    for (const name of diff.added) {
      const userId = resolve("users", name, draft.errors);
      if (!userId) continue;
      const user: EnvironmentUser | undefined = usersById.get(lower(userId));
      // A move stays in one change set (rule 9): leave the other profile, then join this one.
      if (user?.profileId && lower(user.profileId) !== lower(profileId))
        draft.operations.push({ kind: "disassociate", link: "users", profileId: user.profileId, relatedId: userId });
      draft.operations.push({ kind: "associate", link: "users", profileId, relatedId: userId });
    }
  }

  const ordered = orderAndCheckHolders(drafts, target.profiles);
  const counts: Record<PlanStatus, number> = { create: 0, update: 0, unchanged: 0, conflict: 0 };
  let errors = 0;
  let unresolvedConflicts = 0;
  const profiles = ordered.map((draft): PlannedProfile => {
    counts[draft.status]++;
    errors += draft.errors.length;
    if (draft.conflict?.resolution === "stop") unresolvedConflicts++;
    const written =
      draft.errors.length === 0 && draft.conflict?.resolution !== "stop" && draft.conflict?.resolution !== "skip";
    return {
      uniqueName: draft.uniqueName,
      builtIn: draft.builtIn,
      status: draft.status,
      ...(draft.conflict ? { conflict: draft.conflict } : {}),
      targetUniqueName: draft.targetUniqueName,
      changes: draft.changes,
      errors: draft.errors,
      operations: written ? draft.operations : [],
    };
  });
  return { profiles, counts, errors, unresolvedConflicts };
}

type Match =
  | { action: "none"; conflict?: string; error?: string }
  | { action: "create"; conflict?: string; error?: string; rename: boolean; freshId: boolean }
  | { action: "update"; conflict?: string; error?: string; profile: EnvironmentProfile; keepTargetName: boolean };

/**
 * The same profile is the one with the same id and unique name (an import creates profiles with the file's id, as a
 * solution keeps a component's id across environments). A file without ids matches by unique name only.
 */
function matchProfile(
  entry: CustomProfileEntry,
  byId: Map<string, EnvironmentProfile>,
  byUniqueName: Map<string, EnvironmentProfile>,
  onConflict: OnConflict,
): Match {
  const sameId = entry.id ? byId.get(lower(entry.id)) : undefined;
  const sameName = byUniqueName.get(lower(entry.uniqueName));
  if (sameName && (!entry.id || sameId === sameName)) {
    if (sameName.isBuiltIn)
      return {
        action: "none",
        error: `"${entry.uniqueName}" is a built-in profile in the target, and the file's is not: rename the file's profile.`,
      };
    return { action: "update", profile: sameName, keepTargetName: false };
  }
  if (!sameId && !sameName) return { action: "create", rename: false, freshId: false };
  if (sameId) {
    const conflict =
      `the target has this profile (id ${sameId.id}) under the unique name "${sameId.uniqueName}"` +
      (sameName ? `, and another profile named "${entry.uniqueName}"` : "");
    switch (onConflict) {
      case "rename":
        return { action: "update", conflict, profile: sameId, keepTargetName: true };
      case "overwrite":
        return sameName
          ? {
              action: "none",
              conflict,
              error: `"${entry.uniqueName}" can't be overwritten: two profiles of the target match it (by id and by unique name); use --on-conflict rename, or rename one there.`,
            }
          : { action: "update", conflict, profile: sameId, keepTargetName: false };
      default:
        return { action: "none", conflict };
    }
  }
  const other = sameName!;
  const conflict = other.isBuiltIn
    ? `"${entry.uniqueName}" is a built-in profile in the target`
    : `the target has another profile named "${entry.uniqueName}" (id ${other.id}, made there, not imported)`;
  switch (onConflict) {
    case "rename":
      return { action: "create", conflict, rename: true, freshId: false };
    case "overwrite":
      return other.isBuiltIn
        ? {
            action: "none",
            conflict,
            error: `"${entry.uniqueName}" is a built-in profile in the target and can't be overwritten: use --on-conflict rename.`,
          }
        : { action: "update", conflict, profile: other, keepTargetName: false };
    default:
      return { action: "none", conflict };
  }
}

/** `contoso_sales` → `contoso_sales_2` (or _3, …), a name neither the target nor the file uses. */
export function freeName(uniqueName: string, taken: ReadonlySet<string>): string {
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = uniqueName.slice(0, UNIQUE_NAME_MAX_LENGTH - suffix.length) + suffix;
    if (!taken.has(lower(candidate))) return candidate;
  }
}

function diffLinks(current: readonly NamedRef[], wanted: readonly string[]) {
  const have = new Set(current.map((r) => lower(r.name)));
  const want = new Set(wanted.map(lower));
  return {
    added: wanted.filter((name) => !have.has(lower(name))),
    removed: current.filter((r) => !want.has(lower(r.name))),
  };
}

const stateAttributes = (active: boolean) =>
  active ? { statecode: 0, statuscode: 1 } : { statecode: 1, statuscode: 2 };

/**
 * Ranks and custom defaults against the target: a profile that takes a rank (among the app's active profiles with
 * roles or teams) or its app's custom default needs the target's current holder to give it up in this import, and
 * then comes after it; a holder that keeps it is an error naming it. Two profiles that swap can't be applied one
 * change set at a time, and are an error too.
 */
function orderAndCheckHolders(drafts: Draft[], targetProfiles: readonly EnvironmentProfile[]): Draft[] {
  const writing = new Map<string, Draft>();
  for (const d of drafts)
    if (d.targetId && d.final && d.errors.length === 0 && isWritten(d)) writing.set(lower(d.targetId), d);
  const finalOf = (p: EnvironmentProfile) => writing.get(lower(p.id))?.final ?? finalOfTarget(p);
  const after = new Map<Draft, Set<Draft>>();
  for (const draft of writing.values()) {
    const mine = draft.final!;
    if (!mine.active) continue;
    for (const holder of targetProfiles) {
      if (lower(holder.id) === lower(draft.targetId!) || holder.columns.apm_app !== mine.app || !holder.active)
        continue;
      const now = finalOfTarget(holder);
      const takesDefault = mine.customDefault && now.customDefault;
      const takesRank = mine.hasRolesOrTeams && mine.rank !== null && now.hasRolesOrTeams && now.rank === mine.rank;
      if (!takesDefault && !takesRank) continue;
      const then = finalOf(holder);
      const keeps =
        then.active &&
        then.app === mine.app &&
        ((takesDefault && then.customDefault) || (takesRank && then.hasRolesOrTeams && then.rank === mine.rank));
      const what = takesDefault
        ? `the custom default of ${appLabel(mine.app)}`
        : `the rank ${mine.rank} in ${appLabel(mine.app)}`;
      if (keeps) {
        draft.errors.push(
          `${what} is held in the target by "${holder.uniqueName}", which keeps it: change "${holder.uniqueName}" there first, or add it to the file without it.`,
        );
        continue;
      }
      const releaser = writing.get(lower(holder.id));
      if (releaser) after.set(draft, new Set([...(after.get(draft) ?? []), releaser]));
    }
  }
  // Kahn's order over "comes after", file order otherwise; what is left over is a cycle (a swap).
  const result: Draft[] = [];
  const placed = new Set<Draft>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const d of drafts) {
      if (placed.has(d)) continue;
      const waits = [...(after.get(d) ?? [])].filter((x) => !placed.has(x));
      if (waits.length === 0) {
        result.push(d);
        placed.add(d);
        progress = true;
      }
    }
  }
  for (const d of drafts) {
    if (placed.has(d)) continue;
    const others = [...(after.get(d) ?? [])].map((x) => `"${x.uniqueName}"`).join(", ");
    d.errors.push(
      `it swaps a rank or the custom default with ${others}, which one change set per profile can't do: give one of them a free rank (or clear the default) in the target first.`,
    );
    result.push(d);
  }
  return result;
}

function isWritten(d: Draft) {
  return d.conflict?.resolution !== "stop" && d.conflict?.resolution !== "skip";
}
