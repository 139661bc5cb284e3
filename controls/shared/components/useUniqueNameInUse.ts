/**
 * The unique names known to be taken, asked of the server as the admin types: one keyed GET by the alternate key
 * per settled value (Learn: webapi/retrieve-entity-using-web-api#retrieve-using-an-alternate-key), never the rows of
 * the page on screen. A failed check says nothing: the server's own refusal on Create still lands at the field.
 */
import * as React from "react";
import { validateUniqueName } from "../../../handlers/rules";
import type { ProfileRepository } from "../data/ProfileRepository";

export const UNIQUE_NAME_CHECK_DELAY_MS = 250;

export function useUniqueNameInUse(
  repository: Pick<ProfileRepository, "uniqueNameInUse">,
  uniqueName: string,
  known: readonly string[] = [],
): readonly string[] {
  const [taken, setTaken] = React.useState<readonly string[]>(known);
  React.useEffect(() => {
    const value = uniqueName.trim();
    if (value === "" || validateUniqueName(value)) return undefined;
    if (taken.some((n) => n.toLowerCase() === value.toLowerCase())) return undefined;
    let current = true;
    const timer = setTimeout(() => {
      repository.uniqueNameInUse(value).then(
        (used) => current && used !== undefined && setTaken((list) => [...list, used]),
        () => undefined,
      );
    }, UNIQUE_NAME_CHECK_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [repository, uniqueName, taken]);
  return taken;
}
