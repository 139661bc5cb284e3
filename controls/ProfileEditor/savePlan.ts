/**
 * What one Save sends and what the browser checks first, computed from the loaded profile and the draft.
 * Pure, so the order of the change set (PATCH, disassociations, associations) is tested without a UI.
 */
import {
  AppProfile,
  AppProfileChannelProvider,
  AppProfileRole,
  AppProfileTeam,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  ChannelProvider,
  ChatLicenseVariable,
  Role,
  SessionTemplate,
  SystemUser,
  Team,
  type RelationshipName,
} from "../../schema/model";
import { STATE_COLUMN, StateCode } from "../../schema/state";
import {
  isChatLicenseAvailable,
  rankRequiredProblem,
  validateAppChoice,
  validateRank,
  validateProfileDescription,
  validateProfileName,
  validateUniqueName,
} from "../../handlers/rules";
import type { Entity } from "../../handlers/context";
import type { PlannedOperation, CheckProblem } from "../shared/data/checks";
import { profileEntity, profileRefEntity, providerEntity, templateEntity, userEntity } from "../shared/data/entities";
import { changedFields } from "../shared/data/mapping";
import type {
  EditableProfileColumn,
  ProfileFields,
  ProfileRecord,
  ProfileRef,
  ProfileSave,
  RelationshipChange,
} from "../shared/data/model";
import type { AccessItem, ProfileAccess } from "../shared/data/profileAccess";
import type { KnownData } from "../shared/data/simulatedService";
import type { Draft, EditorErrors, EditorTab } from "./editorState";
import { diffById, idSetOf, isEmptyDiff } from "./relationshipDiff";

const lower = (s: string) => s.toLowerCase();

export interface SavePlan {
  readonly save: ProfileSave;
  readonly operations: PlannedOperation[];
}

/** Whether Save has anything to send: the columns (not on a built-in) or any list; O(1) for an untouched list. */
export function hasChanges(original: ProfileRecord, draft: Draft): boolean {
  if (!original.isDefault && Object.keys(changedFields(original.fields, draft.fields)).length > 0) return true;
  return (
    !isEmptyDiff(diffById(original.sessionTemplates, draft.sessionTemplates)) ||
    !isEmptyDiff(diffById(original.channelProviders, draft.channelProviders)) ||
    !isEmptyDiff(diffById(original.users, draft.users)) ||
    accessChanged(original.access, draft.access)
  );
}

/** Issue 13: the rank, roles or teams differ from what was loaded. */
function accessChanged(before: ProfileAccess | undefined, after: ProfileAccess | undefined): boolean {
  if (!before || !after) return false;
  return (
    before.rank !== after.rank ||
    !isEmptyDiff(diffById(before.roles, after.roles)) ||
    !isEmptyDiff(diffById(before.teams, after.teams))
  );
}

const movesByUser = new WeakMap<Draft["moves"], ReadonlyMap<string, ProfileRef>>();

/** The draft's moves by lower-case user id, built once per moves object (a Map: the keys are ids from data). */
function movesOf(moves: Draft["moves"]): ReadonlyMap<string, ProfileRef> {
  let map = movesByUser.get(moves);
  if (!map) {
    map = new Map(Object.entries(moves).map(([id, from]) => [lower(id), from]));
    movesByUser.set(moves, map);
  }
  return map;
}

const plans = new WeakMap<Draft, { original: ProfileRecord; plan: SavePlan }>();

/** The save for this draft, computed once per draft (every edit makes a new draft) in O(n) over the lists. */
export function planSave(original: ProfileRecord, draft: Draft): SavePlan {
  const cached = plans.get(draft);
  if (cached?.original === original) return cached.plan;
  const plan = computePlan(original, draft);
  plans.set(draft, { original, plan });
  return plan;
}

function computePlan(original: ProfileRecord, draft: Draft): SavePlan {
  const profileId = original.id;
  const change = (relationship: RelationshipName) => (item: { id: string }) =>
    ({ relationship, profileId, relatedId: item.id }) satisfies RelationshipChange;
  const diff = (
    relationship: RelationshipName,
    before: readonly { id: string }[],
    after: readonly { id: string }[],
  ) => {
    const { removed, added } = diffById(before, after);
    return { removed: removed.map(change(relationship)), added: added.map(change(relationship)) };
  };
  const templates = diff(AppProfileSessionTemplate.schemaName, original.sessionTemplates, draft.sessionTemplates);
  const providers = diff(AppProfileChannelProvider.schemaName, original.channelProviders, draft.channelProviders);
  const users = diff(AppProfileSystemUser.schemaName, original.users, draft.users);
  // Issue 13: roles and teams go in the same change set, after the PATCH that may set the rank they need.
  const none: readonly AccessItem[] = [];
  const roles = diff(AppProfileRole.schemaName, original.access?.roles ?? none, draft.access?.roles ?? none);
  const teams = diff(AppProfileTeam.schemaName, original.access?.teams ?? none, draft.access?.teams ?? none);
  const rankChange =
    original.access && draft.access && original.access.rank !== draft.access.rank
      ? { apm_rank: draft.access.rank }
      : {};
  // A moved user leaves the other profile in the same change set, before joining this one.
  const moves = movesOf(draft.moves);
  const leaving = users.added.flatMap((added): RelationshipChange[] => {
    const from = moves.get(lower(added.relatedId));
    return from
      ? [{ relationship: AppProfileSystemUser.schemaName, profileId: from.id, relatedId: added.relatedId }]
      : [];
  });
  // Rule 3: a built-in profile's columns are the system's; only its users change, so no PATCH (the server refuses
  // any Update of a built-in, even one without columns) and no column change, whatever the draft holds.
  const builtIn = original.isDefault;
  const save: ProfileSave = {
    profileId,
    etag: original.etag,
    // The rank isn't one of the form's columns (ProfileFields); it rides in the same PATCH.
    changedFields: builtIn
      ? {}
      : ({ ...changedFields(original.fields, draft.fields), ...rankChange } as Partial<ProfileFields>),
    ...(builtIn ? { relationshipsOnly: true } : {}),
    disassociate: [
      ...templates.removed,
      ...providers.removed,
      ...users.removed,
      ...leaving,
      ...roles.removed,
      ...teams.removed,
    ],
    associate: [...templates.added, ...providers.added, ...users.added, ...roles.added, ...teams.added],
  };
  const update: PlannedOperation = {
    kind: "update",
    target: { logicalName: AppProfile.logicalName, id: profileId, attributes: { ...save.changedFields } },
    preImage: profileEntity(profileId, original.fields, original.isDefault),
  };
  const operations: PlannedOperation[] = [
    ...(builtIn ? [] : [update]),
    ...save.disassociate.map((c): PlannedOperation => ({ kind: "disassociate", change: c })),
    ...save.associate.map((c): PlannedOperation => ({ kind: "associate", change: c })),
  ];
  return { save, operations };
}

/** The pure rules on the changed columns, all at once (the pipeline stops at its first refusal). */
export function validateDraft(
  original: ProfileRecord,
  draft: Draft,
  chatLicenseValue: string | undefined,
): EditorErrors {
  const changed: Partial<ProfileFields> = original.isDefault ? {} : changedFields(original.fields, draft.fields);
  const errors: Record<string, string | undefined> = {};
  if ("apm_name" in changed) errors.apm_name = validateProfileName(changed.apm_name)?.message;
  if ("apm_uniquename" in changed) errors.apm_uniquename = validateUniqueName(changed.apm_uniquename)?.message;
  if ("apm_description" in changed)
    errors.apm_description = validateProfileDescription(changed.apm_description)?.message;
  if ("apm_app" in changed) {
    errors.apm_app = validateAppChoice(changed.apm_app, isChatLicenseAvailable(chatLicenseValue))?.message;
  }
  const access = draft.access;
  if (access && !original.isDefault && access.rank !== original.access?.rank)
    errors.apm_rank = validateRank(access.rank)?.message;
  // The handler's own sentence: a profile given to teams or roles needs a rank (checked before any write).
  if (access && access.rank === null && access.roles.length + access.teams.length > 0)
    errors.apm_rank = rankRequiredProblem({
      name: draft.fields.apm_name,
      uniqueName: draft.fields.apm_uniquename,
    }).message;
  return Object.fromEntries(Object.entries(errors).filter(([, m]) => m !== undefined));
}

/** Everything the editor already holds, so the handlers' reads need no request in a typical save. */
export function knownData(original: ProfileRecord, draft: Draft, chatLicenseValue: string | undefined): KnownData {
  const profile = { logicalName: AppProfile.logicalName, id: original.id };
  const allUsers = [...original.users, ...draft.users];
  const access = accessKnownData(original, draft);
  // The one row of this profile every relation below carries (with the issue 13 columns when they are loaded).
  const self = access.profile ?? profileEntity(original.id, original.fields, original.isDefault);
  return {
    rows: [
      ...access.rows,
      self,
      ...[...original.sessionTemplates, ...draft.sessionTemplates].map(templateEntity),
      ...[...original.channelProviders, ...draft.channelProviders].map(providerEntity),
      ...allUsers.map(userEntity),
      ...allUsers.flatMap((u) =>
        (u.profiles ?? []).filter((p) => lower(p.id) !== lower(original.id)).map(profileRefEntity),
      ),
    ],
    relations: [
      ...access.relations,
      {
        relationship: AppProfileSessionTemplate.schemaName,
        record: profile,
        table: SessionTemplate.logicalName,
        rows: original.sessionTemplates.map(templateEntity),
      },
      {
        relationship: AppProfileChannelProvider.schemaName,
        record: profile,
        table: ChannelProvider.logicalName,
        rows: original.channelProviders.map(providerEntity),
      },
      {
        relationship: AppProfileSystemUser.schemaName,
        record: profile,
        table: SystemUser.logicalName,
        rows: original.users.map(userEntity),
      },
      // Users on this profile have it as their one profile; searched users came with their full list.
      ...original.users.map((u) => ({
        relationship: AppProfileSystemUser.schemaName,
        record: { logicalName: SystemUser.logicalName, id: u.id },
        table: AppProfile.logicalName,
        rows: [self],
      })),
      ...draft.users
        .filter((u) => u.profiles !== undefined)
        .map((u) => ({
          relationship: AppProfileSystemUser.schemaName,
          record: { logicalName: SystemUser.logicalName, id: u.id },
          table: AppProfile.logicalName,
          rows: (u.profiles ?? []).map((p) => (lower(p.id) === lower(original.id) ? self : profileRefEntity(p))),
        })),
    ],
    environmentVariables: { [ChatLicenseVariable.schemaName]: chatLicenseValue },
  };
}

const accessEntity = (i: AccessItem) => {
  const table = i.kind === "role" ? Role : Team;
  return { logicalName: table.logicalName, id: i.id, attributes: { [table.primaryIdAttribute]: i.id, name: i.name } };
};

/**
 * Issue 13: the profile as its PATCH leaves it (the PATCH runs first in the change set, so the associations' checks
 * read the new rank), with its loaded roles and teams; the rows the handlers would read.
 */
function accessKnownData(
  original: ProfileRecord,
  draft: Draft,
): Required<Pick<KnownData, "rows" | "relations">> & { profile?: Entity } {
  const before = original.access;
  const after = draft.access;
  if (!before || !after) return { rows: [], relations: [] };
  const row = profileEntity(original.id, original.fields, original.isDefault);
  const profile = {
    ...row,
    attributes: {
      ...row.attributes,
      apm_rank: after.rank,
      apm_iscustomdefault: before.isCustomDefault,
      [STATE_COLUMN]: original.isActive ? StateCode.Active.value : StateCode.Inactive.value,
    },
  };
  const record = { logicalName: AppProfile.logicalName, id: original.id };
  return {
    profile,
    rows: [...[...before.roles, ...before.teams, ...after.roles, ...after.teams].map(accessEntity)],
    relations: [
      {
        relationship: AppProfileRole.schemaName,
        record,
        table: Role.logicalName,
        rows: before.roles.map(accessEntity),
      },
      {
        relationship: AppProfileTeam.schemaName,
        record,
        table: Team.logicalName,
        rows: before.teams.map(accessEntity),
      },
    ],
  };
}

const columnTab: Record<EditableProfileColumn, EditorTab> = {
  apm_name: "general",
  apm_uniquename: "general",
  apm_description: "general",
  apm_app: "general",
  apm_productivitypaneenabled: "productivityPane",
  apm_productivitypanemode: "productivityPane",
  apm_smartassistenabled: "productivityPane",
  apm_callscriptenabled: "productivityPane",
  apm_allactivechannels: "channels",
};

const relationshipTab = {
  [AppProfileSessionTemplate.schemaName]: "sessionTemplates",
  [AppProfileChannelProvider.schemaName]: "channels",
  [AppProfileSystemUser.schemaName]: "users",
} as const satisfies Partial<Record<RelationshipName, EditorTab>>;

/** Where each refusal shows: at its column, at the list row it is about, or above the tabs. */
export function errorsFromProblems(problems: readonly CheckProblem[]): EditorErrors {
  const errors: Record<string, string> = {};
  for (const problem of problems) {
    const { operation } = problem;
    // A refused removal has no row left to show at, so it goes above the tabs.
    const key =
      operation.kind === "associate"
        ? `item:${operation.change.relatedId}`
        : problem.attribute && (problem.attribute in columnTab || problem.attribute === "apm_rank")
          ? problem.attribute
          : "form";
    errors[key] ??= problem.message;
  }
  return errors;
}

/** The tab of the first error, so the admin lands where the message is. */
export function tabOfFirstError(errors: EditorErrors, draft: Draft, current: EditorTab): EditorTab {
  for (const key of Object.keys(errors)) {
    if (!errors[key]) continue;
    if (key in columnTab) return columnTab[key as EditableProfileColumn];
    if (key === "apm_rank") return "rolesAndTeams";
    if (key.startsWith("item:")) {
      const id = lower(key.slice(5));
      const has = (items: readonly { id: string }[]) => idSetOf(items).has(id);
      if (has(draft.sessionTemplates)) return relationshipTab[AppProfileSessionTemplate.schemaName];
      if (has(draft.channelProviders)) return relationshipTab[AppProfileChannelProvider.schemaName];
      if (has(draft.users)) return relationshipTab[AppProfileSystemUser.schemaName];
      if (draft.access && (has(draft.access.roles) || has(draft.access.teams))) return "rolesAndTeams";
    }
  }
  return current;
}
