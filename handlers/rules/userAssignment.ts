/** Rule 9: a user is assigned to at most one profile; moving a user is removing and adding in one change. */
import { AppProfileSystemUser } from "../../schema/model";
import { quote, type RuleProblem } from "./problem";

export interface ProfileSummary {
  readonly name?: string | null;
  readonly uniqueName?: string | null;
}

const attribute = AppProfileSystemUser.schemaName;
const profileLabel = (p: ProfileSummary) =>
  p.uniqueName ? `${quote(p.name || p.uniqueName)} (${p.uniqueName})` : quote(p.name || "(unnamed)");

export function userHasOtherProfileProblem(userName: string, other: ProfileSummary): RuleProblem {
  return {
    attribute,
    message:
      `${quote(userName)} is already assigned to the app profile ${profileLabel(other)}, and a user can have only one ` +
      `profile. To move the user, remove them from ${profileLabel(other)} and add them here in the same change.`,
  };
}

export function userAlreadyInProfileProblem(userName: string, profile: ProfileSummary): RuleProblem {
  return {
    attribute,
    message: `${quote(userName)} is already assigned to the app profile ${profileLabel(profile)}: there is nothing to add.`,
  };
}

export function userListedTwiceProblem(userName: string): RuleProblem {
  return { attribute, message: `${quote(userName)} is listed twice in this assignment: list each user once.` };
}

export function userToSeveralProfilesProblem(userName: string, profileCount: number): RuleProblem {
  return {
    attribute,
    message:
      `This request assigns ${quote(userName)} to ${profileCount} app profiles, and a user can have only one: ` +
      `assign the user to one profile.`,
  };
}
