/** Loads one profile (two requests: the profile with its relationships, and the Chat license), and saves it. */
import * as React from "react";
import { ChatLicenseVariable } from "../../schema";
import { checkOperations } from "../shared/data/checks";
import { RepositoryError, type ProfileRepository } from "../shared/data/ProfileRepository";
import { SimulatedService } from "../shared/data/simulatedService";
import { uniqueNameTakenProblem } from "../../handlers/rules";
import { editorReducer, type EditorState, type EditorTab } from "./editorState";
import { errorsFromProblems, hasChanges, knownData, planSave, tabOfFirstError, validateDraft } from "./savePlan";

export function useProfileEditor(repository: ProfileRepository, profileId: string | undefined, userId: string) {
  const [state, dispatch] = React.useReducer(editorReducer, { status: "loading" } as EditorState);

  const load = React.useCallback(
    async (keepTab?: EditorTab) => {
      if (!profileId) return dispatch({ type: "missing" });
      dispatch({ type: "loading" });
      try {
        const [record, chatLicenseValue] = await Promise.all([
          repository.getProfile(profileId),
          repository.getEnvironmentVariable(ChatLicenseVariable.schemaName),
        ]);
        dispatch(record ? { type: "loaded", record, chatLicenseValue, keepTab } : { type: "missing" });
      } catch (error) {
        dispatch({ type: "loadFailed", message: (error as Error).message });
      }
    },
    [repository, profileId],
  );

  React.useEffect(() => {
    void load();
  }, [load]);

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
        dispatch({ type: "saveFailed", message: (error as Error).message });
      }
    }
  }, [state, repository, userId, load]);

  const reload = React.useCallback(() => load(state.status === "ready" ? state.tab : undefined), [load, state]);
  return { state, dispatch, save, reload };
}
