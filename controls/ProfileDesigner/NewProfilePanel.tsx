/** The New profile pane: name, unique name (suggested, checked live), description and app. */
import * as React from "react";
import {
  DefaultButton,
  Dialog,
  DialogFooter,
  DialogType,
  MessageBar,
  MessageBarType,
  Panel,
  PanelType,
  PrimaryButton,
  Stack,
  TextField,
} from "@fluentui/react";
import { AppProfile, ChatLicenseVariable } from "../../schema/model";
import { AppChoiceField } from "../shared/components/AppChoiceField";
import { checkOperations } from "../shared/data/checks";
import { SimulatedService } from "../shared/data/simulatedService";
import { uniqueNameTakenProblem } from "../../handlers/rules";
import { RepositoryError, type DesignerRepository } from "../shared/data/ProfileRepository";
import type { DesignerStringKey } from "../shared/manifest";
import type { Translate } from "../shared/strings";
import {
  hasErrors,
  initialNewProfile,
  newProfileErrors,
  newProfileReducer,
  type NewProfileContext,
  type NewProfileField,
} from "./newProfileForm";
import { useUniqueNameInUse } from "../shared/components/useUniqueNameInUse";

export interface NewProfilePanelProps {
  repository: DesignerRepository;
  strings: Translate<DesignerStringKey>;
  context: NewProfileContext;
  /** The raw environment variable value the designer loaded, so the checks need not read it again. */
  chatLicenseValue: string | undefined;
  userId: string;
  onDismiss: () => void;
  onCreated: (id: string, name: string) => void;
}

const fields: readonly NewProfileField[] = ["apm_name", "apm_uniquename", "apm_description", "apm_app"];

export function NewProfilePanel(props: NewProfilePanelProps): React.ReactElement {
  const { strings, repository } = props;
  const [state, dispatch] = React.useReducer(newProfileReducer, undefined, initialNewProfile);
  const [creating, setCreating] = React.useState(false);
  const [failure, setFailure] = React.useState<string>();
  const [confirmDiscard, setConfirmDiscard] = React.useState(false);
  // Taken unique names come from the server (one keyed GET per settled value), not from the page on screen.
  const taken = useUniqueNameInUse(repository, state.values.apm_uniquename, props.context.takenUniqueNames);
  const context = React.useMemo(() => ({ ...props.context, takenUniqueNames: taken }), [props.context, taken]);
  // Closing with something typed asks first, as a model-driven form does with unsaved changes.
  const hasText = [state.values.apm_name, state.values.apm_uniquename, state.values.apm_description].some(
    (v) => v.trim() !== "",
  );
  const dismiss = () => {
    if (creating) return;
    if (hasText) setConfirmDiscard(true);
    else props.onDismiss();
  };
  const errors = newProfileErrors(state, context);
  const change = (field: NewProfileField) => (value: string | number) =>
    dispatch({ type: "change", field, value, context });
  const touch = (field: NewProfileField) => () => dispatch({ type: "touch", field, context });

  const create = async () => {
    dispatch({ type: "touchAll" });
    setFailure(undefined);
    if (hasErrors(newProfileErrors({ ...state, touched: new Set(fields) }, context))) return;
    setCreating(true);
    try {
      // The handlers first, in the browser: a refusal shows at its field and nothing is written.
      const service = new SimulatedService(repository, {
        environmentVariables: { [ChatLicenseVariable.schemaName]: props.chatLicenseValue },
      });
      const target = { logicalName: AppProfile.logicalName, attributes: { ...state.values } };
      const problems = await checkOperations([{ kind: "create", target }], service, props.userId);
      for (const problem of problems) {
        const field = fields.find((f) => f === problem.attribute);
        if (field) dispatch({ type: "refused", field, message: problem.message });
        else setFailure(problem.message);
      }
      if (problems.length > 0) return;
      const id = await repository.createProfile(state.values);
      props.onCreated(id, state.values.apm_name);
    } catch (error) {
      if (error instanceof RepositoryError && error.kind === "duplicate") {
        // Taken between the check and the create (Dataverse: 412 0x80060892): the unique-name message, at its field.
        const message = uniqueNameTakenProblem(state.values.apm_uniquename, {}).message;
        dispatch({ type: "refused", field: "apm_uniquename", message });
        return;
      }
      setFailure(strings("createError", (error as Error).message));
    } finally {
      setCreating(false);
    }
  };

  return (
    <Panel
      isOpen
      type={PanelType.medium}
      headerText={strings("panelTitle")}
      // One clear Cancel (the footer's) and one Close (the X), as a screen reader lists them.
      closeButtonAriaLabel={strings("panelClose")}
      onDismiss={(event) => {
        // A click outside the pane or Esc while the discard question is open must not close it behind the question.
        if (confirmDiscard) return;
        if (event) event.preventDefault();
        dismiss();
      }}
      isFooterAtBottom
      onRenderFooterContent={() => (
        <Stack horizontal tokens={{ childrenGap: 8 }}>
          <PrimaryButton
            text={creating ? strings("creating") : strings("create")}
            onClick={create}
            disabled={creating}
          />
          <DefaultButton text={strings("cancel")} onClick={dismiss} disabled={creating} />
        </Stack>
      )}
    >
      {confirmDiscard && (
        <Dialog
          hidden={false}
          onDismiss={() => setConfirmDiscard(false)}
          dialogContentProps={{
            type: DialogType.normal,
            title: strings("discardTitle"),
            subText: strings("discardText"),
          }}
          modalProps={{ isBlocking: true }}
        >
          <DialogFooter>
            <PrimaryButton text={strings("discardConfirm")} onClick={props.onDismiss} />
            <DefaultButton text={strings("keepEditing")} onClick={() => setConfirmDiscard(false)} />
          </DialogFooter>
        </Dialog>
      )}
      <Stack tokens={{ childrenGap: 12 }} aria-busy={creating}>
        {failure && (
          <MessageBar messageBarType={MessageBarType.error} isMultiline>
            {failure}
          </MessageBar>
        )}
        <TextField
          label={strings("fieldName")}
          required
          value={state.values.apm_name}
          onChange={(_, v) => change("apm_name")(v ?? "")}
          onBlur={touch("apm_name")}
          errorMessage={errors.apm_name}
          disabled={creating}
          autoFocus
        />
        <TextField
          label={strings("fieldUniqueName")}
          required
          value={state.values.apm_uniquename}
          onChange={(_, v) => change("apm_uniquename")(v ?? "")}
          onBlur={touch("apm_uniquename")}
          errorMessage={errors.apm_uniquename}
          disabled={creating}
          description={errors.apm_uniquename ? undefined : strings("fieldUniqueNameHelp")}
          spellCheck={false}
          autoComplete="off"
        />
        <TextField
          label={strings("fieldDescription")}
          multiline
          rows={4}
          value={state.values.apm_description}
          onChange={(_, v) => change("apm_description")(v ?? "")}
          onBlur={touch("apm_description")}
          errorMessage={errors.apm_description}
          disabled={creating}
        />
        <AppChoiceField
          value={state.values.apm_app}
          onChange={change("apm_app")}
          chatLicenseAvailable={context.chatLicenseAvailable}
          disabled={creating}
          errorMessage={errors.apm_app}
          strings={strings}
        />
      </Stack>
    </Panel>
  );
}
