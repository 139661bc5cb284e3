/** Loads one profile (two requests: the profile with its relationships, and the Chat license), and saves it. */
import * as React from "react";
import { ChatLicenseVariable } from "../../schema/model";
import { checkOperations } from "../shared/data/checks";
import { RepositoryError, type EditorRepository } from "../shared/data/ProfileRepository";
import type { ProfileAccessRepository } from "../shared/data/profileAccess";
import { SimulatedService } from "../shared/data/simulatedService";
import { uniqueNameTakenProblem } from "../../handlers/rules";
import { editorReducer, type EditorState, type EditorTab } from "./editorState";
import { notFoundStatus, profileAddress, readProfile } from "./profileAddress";
import { errorsFromProblems, hasChanges, knownData, planSave, tabOfFirstError, validateDraft } from "./savePlan";

/** A failure as a sentence for a person (the editor maps codes in controls/shared/errorSentences.ts). */
export type DescribeError = (error: unknown, attempt: "load" | "change") => string;

/** `profileKey` is the bound value (a unique name or an id); the editor follows it until a profile loads. */
export function useProfileEditor(
  repository: EditorRepository,
  profileKey: string | undefined,
  userId: string,
  describeError: DescribeError = (error) => (error as Error).message,
  access?: ProfileAccessRepository,
) {
  const [state, dispatch] = React.useReducer(editorReducer, { status: "loading" } as EditorState);
  // Once loaded, the record is kept by id: editing the unique name on the form must not switch or lose the profile.
  const loadedId = React.useRef<string>();
  const bound = React.useRef(profileKey);
  const describe = React.useRef(describeError);
  describe.current = describeError;
  bound.current = profileKey;

  const load = React.useCallback(
    async (keepTab?: EditorTab) => {
      const address = loadedId.current ? profileAddress(loadedId.current) : profileAddress(bound.current);
      if (address.kind === "unsaved") return dispatch({ type: "unsaved" });
      dispatch({ type: "loading" });
      try {
        // Issue 13: the rank, custom default, roles and teams, one more GET: beside the profile's when the address is
        // its id (the host page, and every reload), after it when the form gives the unique name.
        const early = access && address.kind === "id" ? access.loadAccess(address.id) : undefined;
        early?.catch(() => undefined); // a profile that isn't there fails its own read: this one is no one's
        const [record, chatLicenseValue] = await Promise.all([
          readProfile(repository, address),
          repository.getEnvironmentVariable(ChatLicenseVariable.schemaName),
        ]);
        if (record) loadedId.current = record.id;
        const loaded = record && access ? { ...record, access: await (early ?? access.loadAccess(record.id)) } : record;
        dispatch(
          loaded ? { type: "loaded", record: loaded, chatLicenseValue, keepTab } : { type: notFoundStatus(address) },
        );
      } catch (error) {
        dispatch({ type: "loadFailed", message: describe.current(error, "load") });
      }
    },
    [repository, access],
  );

  // A New form's value arrives once the record is saved (the form refreshes without re-creating the control).
  React.useEffect(() => {
    if (!loadedId.current) void load();
  }, [load, profileKey]);

  const save = React.useCallback(async () => {
    if (state.status !== "ready" || state.saving || !hasChanges(state.original, state.draft)) return;
    const { original, draft, chatLicenseValue } = state;
    const fieldErrors = validateDraft(original, draft, chatLicenseValue);
    if (Object.keys(fieldErrors).length > 0) {
      return dispatch({ type: "invalid", errors: fieldErrors, tab: tabOfFirstError(fieldErrors, draft, state.tab) });
    }
    dispatch({ type: "saving" });
    const plan = planSave(original, draft);
    try {
      // The handlers first, against what the editor holds: every refusal shows at its field, nothing is written.
      const service = new SimulatedService(repository, knownData(original, draft, chatLicenseValue));
      const problems = await checkOperations(plan.operations, service, userId);
      if (problems.length > 0) {
        const errors = errorsFromProblems(problems);
        return dispatch({ type: "invalid", errors, tab: tabOfFirstError(errors, draft, state.tab) });
      }
      const result = await repository.saveProfile(plan.save);
      if (result.etag) dispatch({ type: "saved", etag: result.etag });
      else await load(state.tab);
    } catch (error) {
      if (error instanceof RepositoryError && error.kind === "conflict") {
        dispatch({ type: "conflict", message: error.message });
      } else if (error instanceof RepositoryError && error.kind === "duplicate") {
        // Another profile took the unique name after the check ran (Dataverse: 412 0x80060892): say so at the field.
        const errors = { apm_uniquename: uniqueNameTakenProblem(draft.fields.apm_uniquename, {}).message };
        dispatch({ type: "invalid", errors, tab: tabOfFirstError(errors, draft, state.tab) });
      } else {
        dispatch({ type: "saveFailed", message: describe.current(error, "change") });
      }
    }
  }, [state, repository, userId, load]);

  const reload = React.useCallback(() => load(state.status === "ready" ? state.tab : undefined), [load, state]);
  return { state, dispatch, save, reload };
}
