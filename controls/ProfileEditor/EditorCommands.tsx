/** The form's Delete and Clone commands with their Fluent dialogs (issue 12, items 1 and 2). */
import * as React from "react";
import {
  Checkbox,
  DefaultButton,
  Dialog,
  DialogFooter,
  DialogType,
  MessageBar,
  MessageBarType,
  PrimaryButton,
  Stack,
  Text,
  TextField,
  TooltipHost,
} from "@fluentui/react";
import { AppProfile } from "../../schema";
import { RepositoryError } from "../shared/data/ProfileRepository";
import { suggestUniqueName, uniqueNameTakenProblem } from "../../handlers/rules";
import type { ProfileEditorProps } from "./editorProps";
import type { Loaded } from "./editorState";
import { cloneNameErrors, deleteConfirmation } from "./editorCommands";
import { useStableId } from "../shared/components/useStableId";

interface EditorCommandsProps extends ProfileEditorProps {
  state: Loaded;
  /** Unsaved changes: Clone copies the saved profile, so it waits for Save or Discard. */
  dirty: boolean;
  /** A stale ETag: the form shows its conflict message. */
  onConflict: (message: string) => void;
}

export function EditorCommands(props: EditorCommandsProps): React.ReactElement | null {
  const { strings, permissions, state } = props;
  const [dialog, setDialog] = React.useState<"delete" | "clone">();
  const builtIn = state.original.isDefault;
  const canDelete = permissions.canWrite && permissions.canDelete;
  const tooltipId = useStableId("delete-builtin");
  if (!canDelete && !permissions.canCreate) return null;
  return (
    <Stack horizontal tokens={{ childrenGap: 8 }} verticalAlign="center">
      {permissions.canCreate && (
        <DefaultButton
          text={strings("cloneCommand")}
          iconProps={{ iconName: "Copy" }}
          disabled={state.saving || props.dirty}
          onClick={() => setDialog("clone")}
        />
      )}
      {canDelete && (
        // Rule 3: built-ins are each app's default; the disabled command stays focusable so its reason is read.
        <TooltipHost content={builtIn ? strings("deleteBuiltIn") : undefined} id={tooltipId}>
          <DefaultButton
            text={strings("deleteCommand")}
            iconProps={{ iconName: "Delete" }}
            disabled={builtIn || state.saving}
            allowDisabledFocus
            ariaDescription={builtIn ? strings("deleteBuiltIn") : undefined}
            onClick={() => setDialog("delete")}
          />
        </TooltipHost>
      )}
      {dialog === "delete" && <DeleteDialog {...props} onClose={() => setDialog(undefined)} />}
      {dialog === "clone" && <CloneDialog {...props} onClose={() => setDialog(undefined)} />}
    </Stack>
  );
}

function DeleteDialog(props: EditorCommandsProps & { onClose: () => void }): React.ReactElement {
  const { strings, state } = props;
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string>();
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.repository.deleteProfile(state.original.id, state.original.etag);
      props.goBack();
    } catch (failure) {
      if (failure instanceof RepositoryError && failure.kind === "conflict") {
        props.onClose();
        props.onConflict(failure.message);
        return;
      }
      setError(strings("deleteFailed", (failure as Error).message));
      setBusy(false);
    }
  };
  return (
    <Dialog
      hidden={false}
      onDismiss={busy ? undefined : props.onClose}
      dialogContentProps={{
        type: DialogType.normal,
        title: strings("deleteTitle"),
        subText: deleteConfirmation(state.original, strings),
      }}
      modalProps={{ isBlocking: true }}
    >
      {error && <MessageBar messageBarType={MessageBarType.error}>{error}</MessageBar>}
      <DialogFooter>
        <PrimaryButton
          text={busy ? strings("deleting") : strings("deleteConfirm")}
          disabled={busy}
          onClick={() => void confirm()}
        />
        <DefaultButton text={strings("cancel")} disabled={busy} onClick={props.onClose} />
      </DialogFooter>
    </Dialog>
  );
}

function CloneDialog(props: EditorCommandsProps & { onClose: () => void }): React.ReactElement {
  const { strings, state, repository } = props;
  const source = state.original;
  const initialName = `${source.fields.apm_name} (copy)`;
  const [name, setName] = React.useState(initialName);
  const [uniqueName, setUniqueName] = React.useState(() =>
    // A built-in's prefix is Microsoft's (msdyn): its clone gets the default custom prefix instead.
    suggestUniqueName(initialName, source.isDefault ? undefined : source.fields.apm_uniquename.split("_")[0], [
      source.fields.apm_uniquename,
    ]),
  );
  const [moveUsers, setMoveUsers] = React.useState(false);
  const [taken, setTaken] = React.useState<string[]>([source.fields.apm_uniquename]);
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string>();
  const [refused, setRefused] = React.useState<string>();
  const errors = cloneNameErrors({ name, uniqueName }, taken);
  const uniqueNameError = errors.uniqueName ?? refused;

  // Live: ask whether another profile already uses the unique name, as the server's alternate key would refuse it.
  React.useEffect(() => {
    if (cloneNameErrors({ name: "x", uniqueName }, []).uniqueName) return;
    let current = true;
    const timer = setTimeout(() => {
      void repository
        .retrieveMultiple(
          AppProfile.logicalName,
          [{ attribute: "apm_uniquename", operator: "eq", value: uniqueName }],
          ["apm_uniquename"],
        )
        .then((rows) => {
          const used = rows.map((row) => String(row.attributes.apm_uniquename ?? uniqueName));
          if (current && used.length > 0) setTaken((known) => [...known, ...used]);
        })
        .catch(() => undefined);
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [uniqueName, repository]);

  const userCount = source.users.length;
  const submit = async () => {
    if (errors.name || uniqueNameError) return;
    setBusy(true);
    setError(undefined);
    try {
      const id = await repository.cloneProfile({ source, name: name.trim(), uniqueName, moveUsers });
      props.openProfile(id);
      props.onClose();
    } catch (failure) {
      setBusy(false);
      if (failure instanceof RepositoryError && failure.kind === "duplicate") {
        setRefused(uniqueNameTakenProblem(uniqueName, {}).message);
      } else {
        setError(strings("cloneFailed", (failure as Error).message));
      }
    }
  };
  return (
    <Dialog
      hidden={false}
      onDismiss={busy ? undefined : props.onClose}
      dialogContentProps={{ type: DialogType.normal, title: strings("cloneTitle"), subText: strings("cloneIntro") }}
      modalProps={{ isBlocking: true }}
    >
      <Stack tokens={{ childrenGap: 8 }}>
        <TextField
          label={strings("cloneName")}
          required
          value={name}
          errorMessage={errors.name}
          onChange={(_e, value) => setName(value ?? "")}
        />
        <TextField
          label={strings("cloneUniqueName")}
          required
          value={uniqueName}
          errorMessage={uniqueNameError}
          onChange={(_e, value) => {
            setRefused(undefined);
            setUniqueName(value ?? "");
          }}
        />
        {userCount > 0 && (
          <>
            <Checkbox
              label={strings("cloneMoveUsers", userCount)}
              checked={moveUsers}
              onChange={(_e, checked) => setMoveUsers(checked === true)}
            />
            {moveUsers && (
              <Text variant="small" role="note">
                {strings("cloneMoveUsersHelp", source.fields.apm_name)}
              </Text>
            )}
          </>
        )}
        {error && <MessageBar messageBarType={MessageBarType.error}>{error}</MessageBar>}
      </Stack>
      <DialogFooter>
        <PrimaryButton
          text={busy ? strings("cloning") : strings("cloneCreate")}
          disabled={busy || errors.name !== undefined || uniqueNameError !== undefined}
          onClick={() => void submit()}
        />
        <DefaultButton text={strings("cancel")} disabled={busy} onClick={props.onClose} />
      </DialogFooter>
    </Dialog>
  );
}
