/** The texts and rules of the list's Delete and Clone commands, without React (issue 12, items 1 and 2). */
import type { ProfileSummary } from "../shared/data/model";
import type { DesignerStringKey } from "../shared/manifest";
import type { Translate } from "../shared/strings";

/** Why Delete is off for this selection, or undefined when it can run. Rule 3: built-ins are each app's default. */
export function deleteBlockedReason(
  selected: readonly ProfileSummary[],
  strings: Translate<DesignerStringKey>,
): string | undefined {
  if (selected.length === 0) return strings("deleteSelectFirst");
  if (selected.some((p) => p.isDefault)) return strings("deleteBuiltIn");
  return undefined;
}

/** Clone copies one profile at a time. */
export function cloneBlockedReason(
  selected: readonly ProfileSummary[],
  strings: Translate<DesignerStringKey>,
): string | undefined {
  return selected.length === 1 ? undefined : strings("cloneSelectOne");
}

/** Issue 14: Compare takes two profiles, Compare with file one (and the file). */
export function compareBlockedReason(
  selected: readonly ProfileSummary[],
  strings: Translate<DesignerStringKey>,
  withFile: boolean,
): string | undefined {
  if (withFile) return selected.length === 1 ? undefined : strings("compareSelectOneForFile");
  return selected.length === 2 ? undefined : strings("compareSelectTwo");
}

/**
 * "Delete 'Tier 1'? Its 12 users will get the default profile of Customer Service workspace." The counts are the
 * list's aggregate; rule 4: a user without a profile gets the app's built-in one.
 */
export function deleteConfirmation(
  selected: readonly ProfileSummary[],
  strings: Translate<DesignerStringKey>,
  appLabel: (app: number | null) => string,
): string {
  const users = selected.reduce((sum, p) => sum + p.userCount, 0);
  if (selected.length === 1) {
    const [profile] = selected;
    if (users === 0) return strings("deleteConfirmNoUsers", profile.name);
    if (users === 1) return strings("deleteConfirmOneUser", profile.name, appLabel(profile.app));
    return strings("deleteConfirmUsers", profile.name, users.toLocaleString(), appLabel(profile.app));
  }
  const count = selected.length.toLocaleString();
  if (users === 0) return strings("deleteConfirmManyNoUsers", count);
  if (users === 1) return strings("deleteConfirmManyOneUser", count);
  return strings("deleteConfirmManyUsers", count, users.toLocaleString());
}
