/** Loads the profile list (and, for admins, the Chat license) through the repository. */
import * as React from "react";
import { ChatLicenseVariable } from "../../schema";
import type { ProfileSummary } from "../shared/data/model";
import type { ProfileRepository } from "../shared/data/ProfileRepository";

export type ProfileListState =
  | { status: "loading" }
  | { status: "failed"; message: string }
  | { status: "ready"; profiles: ProfileSummary[]; chatLicenseValue: string | undefined };

export function useProfileList(repository: ProfileRepository, needsLicense: boolean) {
  const [state, setState] = React.useState<ProfileListState>({ status: "loading" });
  const [generation, setGeneration] = React.useState(0);

  React.useEffect(() => {
    let current = true;
    setState({ status: "loading" });
    // Both in parallel: the page is interactive after one round trip.
    Promise.all([
      repository.listProfiles(),
      needsLicense ? repository.getEnvironmentVariable(ChatLicenseVariable.schemaName) : Promise.resolve(undefined),
    ]).then(
      ([profiles, chatLicenseValue]) => current && setState({ status: "ready", profiles, chatLicenseValue }),
      (error: Error) => current && setState({ status: "failed", message: error.message }),
    );
    return () => {
      current = false;
    };
  }, [repository, needsLicense, generation]);

  const reload = React.useCallback(() => setGeneration((g) => g + 1), []);
  return { state, reload };
}
