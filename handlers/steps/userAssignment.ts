/** Rule 9: a user has at most one app profile. Assigning users to built-in profiles is allowed. */
import { AppProfile, AppProfileSystemUser } from "../../schema/model";
import { ProfileColumn } from "../columns";
import type { EntityReference, OrganizationService, PluginExecutionContext, PluginHandler } from "../context";
import type { RelationshipContext } from "../normalize";
import {
  userAlreadyInProfileProblem,
  userHasOtherProfileProblem,
  userListedTwiceProblem,
  userToSeveralProfilesProblem,
} from "../rules";
import { userLabel } from "./images";
import { refuse } from "./refuse";

const sameId = (a: string | undefined, b: string | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

async function profilesOf(service: OrganizationService, user: EntityReference) {
  return service.retrieveRelated(AppProfileSystemUser.schemaName, user, AppProfile.logicalName, [
    ProfileColumn.id,
    ProfileColumn.name,
    ProfileColumn.uniqueName,
  ]);
}

/** Associate, before the transaction: each user once per request. */
export const refuseUserListedTwice: PluginHandler = async (context, service) => {
  if (context.messageName !== "Associate") return;
  const seen = new Set<string>();
  for (const user of context.inputParameters.RelatedEntities) {
    const key = user.id.toLowerCase();
    if (seen.has(key)) refuse(userListedTwiceProblem(await userLabel(service, user)));
    seen.add(key);
  }
};

/** Associate, inside the transaction: a user who already has a profile (this one or another) is refused. */
export const requireOneProfilePerUser: PluginHandler = async (context, service) => {
  if (context.messageName !== "Associate") return;
  const profile = context.inputParameters.Target;
  for (const user of context.inputParameters.RelatedEntities) {
    const current = await profilesOf(service, user);
    if (current.length === 0) continue;
    const summary = (row = current[0]) => ({
      name: row.attributes[ProfileColumn.name] as string | undefined,
      uniqueName: row.attributes[ProfileColumn.uniqueName] as string | undefined,
    });
    const same = current.find((row) => sameId(row.id, profile.id));
    const name = await userLabel(service, user);
    if (same) refuse(userAlreadyInProfileProblem(name, summary(same)));
    refuse(userHasOtherProfileProblem(name, summary(current[0])));
  }
};

/**
 * A request from the user's side may name several profiles; normalized, that is one context per profile, and none
 * of them sees the others. Refused as a whole, before any step runs.
 */
export async function refuseUserToSeveralProfiles(
  original: PluginExecutionContext,
  normalized: readonly PluginExecutionContext[],
  service: OrganizationService,
): Promise<void> {
  if (original.messageName !== "Associate" || normalized.length < 2) return;
  if (original.inputParameters.Relationship !== AppProfileSystemUser.schemaName) return;
  const user = (normalized[0] as RelationshipContext).inputParameters.RelatedEntities[0];
  refuse(userToSeveralProfilesProblem(await userLabel(service, user), normalized.length));
}
