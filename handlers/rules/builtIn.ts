/** Rule 3: built-in default profiles are written by the system only; users may still be assigned to them. */
import { ProfileColumn } from "../columns";
import { STATE_COLUMN } from "../../schema/state";
import { quote, type RuleProblem } from "./problem";

export type BuiltInChange = "update" | "delete" | "link" | "unlink";

const what: Record<BuiltInChange, string> = {
  update: "can't be changed",
  delete: "can't be deleted",
  link: "can't have session templates or channel providers added",
  unlink: "can't have session templates or channel providers removed",
};

/** True when the row is a built-in default profile. */
export function isBuiltInProfile(attributes: { readonly apm_isdefault?: unknown } | undefined): boolean {
  return attributes?.apm_isdefault === true || attributes?.apm_isdefault === 1;
}

export function builtInProfileProblem(profileName: string | null | undefined, change: BuiltInChange): RuleProblem {
  const name = profileName ? `${quote(profileName)} is a built-in profile` : "This is a built-in profile";
  return {
    attribute: ProfileColumn.isDefault,
    message:
      `${name} and ${what[change]}; only the system updates it. To use different settings, create a new profile ` +
      `(or clone this one) and assign users to it. Users can still be assigned to the built-in profile.`,
  };
}

export const isDefaultSystemOnlyProblem: RuleProblem = {
  attribute: ProfileColumn.isDefault,
  message:
    `Only the system can mark a profile as built-in (${ProfileColumn.isDefault}): leave that column out of the ` +
    `request; your profile is a regular profile.`,
};

/** Rule 13: a built-in profile is what users without a profile get (rule 4), so it stays active, even for the system. */
export function builtInDeactivationProblem(profileName: string | null | undefined): RuleProblem {
  const name = profileName ? `${quote(profileName)} is a built-in profile` : "This is a built-in profile";
  return {
    attribute: STATE_COLUMN,
    message:
      `${name} and can't be deactivated: it is the profile users without one get in its app. To stop applying ` +
      `custom settings, deactivate the custom profile instead.`,
  };
}
