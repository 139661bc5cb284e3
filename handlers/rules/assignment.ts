/**
 * Issue 13: profiles given through teams and roles, and the app's custom default. Pure rules: the handlers enforce
 * them server side, and the editor can call them as the admin types. Every refusal names the profile that holds the
 * rank or the default and says how to fix it.
 */
import { AppChoice, PROFILE_RANK_MAX, PROFILE_RANK_MIN } from "../../schema/model";
import { STATE_COLUMN } from "../../schema/state";
import { ProfileColumn } from "../columns";
import { quote, type RuleProblem } from "./problem";
import type { ProfileSummary } from "./userAssignment";

const label = (p: ProfileSummary) =>
  p.uniqueName ? `${quote(p.name || p.uniqueName)} (${p.uniqueName})` : quote(p.name || "(unnamed)");

export function appLabel(app: unknown): string {
  const option = Object.values(AppChoice).find((o) => o.value === app);
  return option ? option.label : "its app";
}

/** The rank is a whole number from 1 to 1000 (lower wins); empty is allowed until the profile has a role or team. */
export function validateRank(value: unknown): RuleProblem | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "number" && Number.isInteger(value) && value >= PROFILE_RANK_MIN && value <= PROFILE_RANK_MAX)
    return undefined;
  return {
    attribute: ProfileColumn.rank,
    message:
      `The rank must be a whole number from ${PROFILE_RANK_MIN} to ${PROFILE_RANK_MAX} (the lowest wins), not ` +
      `${quote(String(value))}: enter a number in that range.`,
  };
}

export function rankRequiredProblem(profile: ProfileSummary): RuleProblem {
  return {
    attribute: ProfileColumn.rank,
    message:
      `${label(profile)} is given to teams or roles, so it needs a rank (${PROFILE_RANK_MIN}-${PROFILE_RANK_MAX}, ` +
      `the lowest wins): set the rank first (in the same change is fine), or remove its teams and roles.`,
  };
}

export function rankTakenProblem(rank: number, app: unknown, holder: ProfileSummary): RuleProblem {
  return {
    attribute: ProfileColumn.rank,
    message:
      `The rank ${rank} is already held by ${label(holder)}, another active profile of ${appLabel(app)} given to ` +
      `teams or roles, and ranks decide which one a user gets: choose another rank, or change the rank of ` +
      `${label(holder)} first (both in one change is fine).`,
  };
}

export function customDefaultTakenProblem(app: unknown, holder: ProfileSummary): RuleProblem {
  return {
    attribute: ProfileColumn.isCustomDefault,
    message:
      `${label(holder)} is already the custom default of ${appLabel(app)}, and an app has one: clear it on ` +
      `${label(holder)} first, or move it in one change (clear it there and set it here in the same change set).`,
  };
}

export function inactiveCustomDefaultProblem(profile: ProfileSummary, deactivating: boolean): RuleProblem {
  return {
    attribute: deactivating ? STATE_COLUMN : ProfileColumn.isCustomDefault,
    message: deactivating
      ? `${label(profile)} is the custom default of its app, and an inactive profile can't be: clear ` +
        `"custom default" first, or set it on another profile in the same change.`
      : `${label(profile)} is inactive, and only an active profile can be the custom default: activate it first ` +
        `(in the same change is fine).`,
  };
}

export function builtInCustomDefaultProblem(profile: ProfileSummary): RuleProblem {
  return {
    attribute: ProfileColumn.isCustomDefault,
    message:
      `${label(profile)} is a built-in profile, which applies anyway when nothing else does, so it can't be the ` +
      `custom default: set "custom default" on one of your own profiles.`,
  };
}

export function builtInRolesOrTeamsProblem(profile: ProfileSummary, kind: "role" | "team"): RuleProblem {
  return {
    attribute: ProfileColumn.rank,
    message:
      `${label(profile)} is a built-in profile, which users get when nothing else applies, so it can't be given to ` +
      `a ${kind}: create a profile of your own (or clone this one) and give that one to the ${kind}.`,
  };
}

export function unknownRelatedProblem(kind: "role" | "team", id: string): RuleProblem {
  return {
    attribute: ProfileColumn.rank,
    message: `There is no ${kind === "role" ? "security role" : "team"} with the id ${quote(id)}: pick an existing one.`,
  };
}
