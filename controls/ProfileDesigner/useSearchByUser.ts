/** Search by user: the debounced, lazy user search, and the effective profiles of the picked user. */
import * as React from "react";
import type { EffectiveProfileItem, UserItem } from "../shared/data/model";
import type { DesignerRepository } from "../shared/data/ProfileRepository";

export type UserSearchState =
  | { status: "idle" }
  | { status: "searching" }
  | { status: "done"; text: string; users: UserItem[] }
  | { status: "failed"; message: string };

export type EffectiveState =
  | { status: "loading" }
  | { status: "done"; items: EffectiveProfileItem[] }
  | { status: "failed"; message: string };

/**
 * Searches users as the admin types, after a pause; nothing is requested while the box is empty, and an answer to
 * an older text never replaces a newer one.
 */
export function useUserSearch(repository: DesignerRepository, text: string, debounceMs: number): UserSearchState {
  const [state, setState] = React.useState<UserSearchState>({ status: "idle" });
  React.useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === "") {
      setState({ status: "idle" });
      return undefined;
    }
    let current = true;
    setState({ status: "searching" });
    const timer = setTimeout(() => {
      repository.searchUsers(trimmed).then(
        (users) => current && setState({ status: "done", text: trimmed, users }),
        (error: Error) => current && setState({ status: "failed", message: error.message }),
      );
    }, debounceMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [repository, text, debounceMs]);
  return state;
}

/** The profile the user gets in each app, read again whenever another user is picked. */
export function useEffectiveProfiles(
  repository: DesignerRepository,
  userId: string | undefined,
): EffectiveState | undefined {
  const [state, setState] = React.useState<EffectiveState>();
  React.useEffect(() => {
    if (!userId) {
      setState(undefined);
      return undefined;
    }
    let current = true;
    setState({ status: "loading" });
    repository.effectiveProfiles(userId).then(
      (items) => current && setState({ status: "done", items }),
      (error: Error) => current && setState({ status: "failed", message: error.message }),
    );
    return () => {
      current = false;
    };
  }, [repository, userId]);
  return state;
}
