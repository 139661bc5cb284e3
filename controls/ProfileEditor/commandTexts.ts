/** The texts and checks of the form's Delete and Clone commands, without React (issue 12, items 1 and 2). */
import { AppChoice } from "../../schema/model";
import { uniqueNameTakenProblem, validateProfileName, validateUniqueName } from "../../handlers/rules";
import type { EditorStringKey } from "../shared/manifest";
import type { Translate } from "../shared/strings";
import type { ProfileRecord } from "../shared/data/model";

/** The app's label ("Customer Service workspace"): deleted profiles' users fall back to its built-in profile (rule 4). */
export function appLabel(app: number): string {
  return Object.values(AppChoice).find((choice) => choice.value === app)?.label ?? String(app);
}

/** "Delete 'Tier 1'? Its 12 users will get the default profile of Customer Service workspace." */
export function deleteConfirmation(record: ProfileRecord, strings: Translate<EditorStringKey>): string {
  const name = record.fields.apm_name;
  const count = record.users.length;
  const app = appLabel(record.fields.apm_app);
  if (count === 0) return strings("deleteConfirmNoUsers", name);
  if (count === 1) return strings("deleteConfirmOneUser", name, app);
  return strings("deleteConfirmUsers", name, count, app);
}

export interface CloneNames {
  readonly name: string;
  readonly uniqueName: string;
}

/**
 * The clone's names checked live with the handlers' own rules (the same messages as the New profile pane and the
 * server); `takenUniqueNames` are the unique names known to be used (compared ignoring case).
 */
export function cloneNameErrors(
  names: CloneNames,
  takenUniqueNames: readonly string[],
): { name?: string; uniqueName?: string } {
  const taken = takenUniqueNames.find((n) => n.toLowerCase() === names.uniqueName.toLowerCase());
  return {
    name: validateProfileName(names.name)?.message,
    uniqueName:
      validateUniqueName(names.uniqueName)?.message ??
      (taken !== undefined ? uniqueNameTakenProblem(names.uniqueName, { uniqueName: taken }).message : undefined),
  };
}
