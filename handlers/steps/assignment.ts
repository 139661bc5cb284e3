/**
 * Issue 13: rank, custom default, and the teams and roles a profile is given to. The checks that compare profiles
 * run in PreOperation, inside the transaction, so two admins can't both take rank 5 or both set a custom default,
 * and a change set that clears one profile and sets another (a move) sees its own first half.
 */
import { AppProfile, AppProfileRole, AppProfileTeam, Role, Team } from "../../schema/model";
import { STATE_COLUMN, StateCode } from "../../schema/state";
import { ProfileColumn } from "../columns";
import type { Attributes, Condition, EntityReference, OrganizationService, PluginHandler } from "../context";
import { isRelationshipContext } from "../normalize";
import {
  builtInCustomDefaultProblem,
  builtInRolesOrTeamsProblem,
  customDefaultTakenProblem,
  inactiveCustomDefaultProblem,
  isBuiltInProfile,
  rankRequiredProblem,
  rankTakenProblem,
  unknownRelatedProblem,
  validateRank,
  type ProfileSummary,
} from "../rules";
import { targetEntity } from "./images";
import { refuse, refuseIf } from "./refuse";

const readColumns = [
  ProfileColumn.id,
  ProfileColumn.name,
  ProfileColumn.uniqueName,
  ProfileColumn.app,
  ProfileColumn.isDefault,
  ProfileColumn.rank,
  ProfileColumn.isCustomDefault,
  STATE_COLUMN,
];

const sameId = (a: string | undefined, b: string | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();
const isTrue = (value: unknown) => value === true || value === 1;
/** Rows a host returns without a state (an in-memory test row) count as active, as a new row is. */
const isActive = (row: Attributes) =>
  row[STATE_COLUMN] === undefined || row[STATE_COLUMN] === null || row[STATE_COLUMN] === StateCode.Active.value;
const summary = (row: Attributes): ProfileSummary => ({
  name: row[ProfileColumn.name] as string | undefined,
  uniqueName: row[ProfileColumn.uniqueName] as string | undefined,
});
const relatedKind = (relationship: string) => (relationship === AppProfileRole.schemaName ? "role" : "team");

async function readProfile(service: OrganizationService, id: string): Promise<Attributes | undefined> {
  return (await service.retrieve(AppProfile.logicalName, id, readColumns))?.attributes;
}

/** On Update, the row as it will be: the stored row (read with its state) under the request's columns. */
async function profileAfter(
  context: Parameters<PluginHandler>[0],
  service: OrganizationService,
): Promise<{ row: Attributes; id?: string } | undefined> {
  const target = targetEntity(context);
  if (!target) return undefined;
  if (context.messageName !== "Update" || !target.id) return { row: target.attributes, id: target.id };
  const stored = (await readProfile(service, target.id)) ?? {};
  return { row: { ...stored, ...target.attributes }, id: target.id };
}

async function hasRolesOrTeams(service: OrganizationService, profileId: string): Promise<boolean> {
  const profile: EntityReference = { logicalName: AppProfile.logicalName, id: profileId };
  const roles = await service.retrieveRelated(AppProfileRole.schemaName, profile, Role.logicalName, [
    Role.primaryIdAttribute,
  ]);
  if (roles.length > 0) return true;
  const teams = await service.retrieveRelated(AppProfileTeam.schemaName, profile, Team.logicalName, [
    Team.primaryIdAttribute,
  ]);
  return teams.length > 0;
}

/** Other active profiles of the app matching `conditions` (state is compared here: not every host filters on it). */
async function otherActiveProfiles(
  service: OrganizationService,
  app: unknown,
  selfId: string | undefined,
  conditions: readonly Condition[],
): Promise<Attributes[]> {
  if (typeof app !== "number") return [];
  const found = await service.retrieveMultiple(
    AppProfile.logicalName,
    [{ attribute: ProfileColumn.app, operator: "eq", value: app }, ...conditions],
    readColumns,
  );
  return found.filter((e) => !sameId(e.id, selfId) && isActive(e.attributes)).map((e) => e.attributes);
}

/** The rank must be free among the app's other active profiles that have teams or roles. */
async function requireRankFree(service: OrganizationService, row: Attributes, selfId: string): Promise<void> {
  const rank = row[ProfileColumn.rank];
  if (typeof rank !== "number") return;
  const others = await otherActiveProfiles(service, row[ProfileColumn.app], selfId, [
    { attribute: ProfileColumn.rank, operator: "eq", value: rank },
  ]);
  for (const other of others) {
    const otherId = other[ProfileColumn.id] as string;
    if (await hasRolesOrTeams(service, otherId)) refuse(rankTakenProblem(rank, row[ProfileColumn.app], summary(other)));
  }
}

/** PreValidation, Create and Update: the rank's range; a built-in can't be the custom default. */
export const validateAssignmentColumns: PluginHandler = async (context, service) => {
  const target = targetEntity(context);
  if (!target) return;
  if (ProfileColumn.rank in target.attributes) refuseIf(validateRank(target.attributes[ProfileColumn.rank]));
  if (!isTrue(target.attributes[ProfileColumn.isCustomDefault])) return;
  const after = await profileAfter(context, service);
  if (after && isBuiltInProfile(after.row)) refuse(builtInCustomDefaultProblem(summary(after.row)));
};

const consistencyColumns = [ProfileColumn.isCustomDefault, ProfileColumn.app, ProfileColumn.rank, STATE_COLUMN];

/**
 * PreOperation, Create and Update: one custom default per app, only an active profile as the custom default, and a
 * profile that has teams or roles keeps a rank that no other active profile of its app with teams or roles holds.
 */
export const requireAssignmentConsistency: PluginHandler = async (context, service) => {
  const target = targetEntity(context);
  if (!target) return;
  // An update of other columns can't break these rules: no read of the stored row for it (a save stays one request).
  if (context.messageName === "Update" && !consistencyColumns.some((column) => column in target.attributes)) return;
  const after = await profileAfter(context, service);
  if (!target || !after) return;
  const { row, id } = after;
  const changed = (column: string) => column in target.attributes;
  const stateChanged = changed(STATE_COLUMN);
  if (isTrue(row[ProfileColumn.isCustomDefault])) {
    if (!isActive(row))
      refuse(inactiveCustomDefaultProblem(summary(row), stateChanged && !changed(ProfileColumn.isCustomDefault)));
    if (changed(ProfileColumn.isCustomDefault) || changed(ProfileColumn.app) || stateChanged) {
      const [holder] = await otherActiveProfiles(service, row[ProfileColumn.app], id, [
        { attribute: ProfileColumn.isCustomDefault, operator: "eq", value: true },
      ]);
      if (holder) refuse(customDefaultTakenProblem(row[ProfileColumn.app], summary(holder)));
    }
  }
  // A new row has no teams or roles yet: those come as Associates (the same transaction on create with binds).
  if (context.messageName !== "Update" || !id) return;
  if (!changed(ProfileColumn.rank) && !changed(ProfileColumn.app) && !stateChanged) return;
  if (!(await hasRolesOrTeams(service, id))) return;
  if (row[ProfileColumn.rank] === null || row[ProfileColumn.rank] === undefined)
    refuse(rankRequiredProblem(summary(row)));
  if (isActive(row)) await requireRankFree(service, row, id);
};

/** PreValidation, Associate with a team or role: not a built-in, and only teams and roles that exist. */
export const validateRolesAndTeams: PluginHandler = async (context, service) => {
  if (!isRelationshipContext(context) || context.messageName !== "Associate") return;
  const { Target, Relationship, RelatedEntities } = context.inputParameters;
  const kind = relatedKind(Relationship);
  const profile = await readProfile(service, Target.id);
  if (profile && isBuiltInProfile(profile)) refuse(builtInRolesOrTeamsProblem(summary(profile), kind));
  const table = kind === "role" ? Role : Team;
  for (const related of RelatedEntities) {
    if (!(await service.retrieve(table.logicalName, related.id, [table.primaryIdAttribute])))
      refuse(unknownRelatedProblem(kind, related.id));
  }
};

/** PreOperation, Associate with a team or role: the profile has a rank, and no other active one of its app holds it. */
export const requireRankForRolesAndTeams: PluginHandler = async (context, service) => {
  if (!isRelationshipContext(context) || context.messageName !== "Associate") return;
  const id = context.inputParameters.Target.id;
  const profile = await readProfile(service, id);
  if (!profile) return; // the host answers a missing profile itself (404)
  if (profile[ProfileColumn.rank] === null || profile[ProfileColumn.rank] === undefined)
    refuse(rankRequiredProblem(summary(profile)));
  if (isActive(profile)) await requireRankFree(service, profile, id);
};
