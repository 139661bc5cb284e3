/**
 * The form's command bar (Save, Discard, Deactivate/Activate, Clone, Delete) and their Fluent dialogs (issue 12,
 * items 1, 2, 3 and 8). Commands that don't fit move into a "More commands" menu, as a model-driven command bar does.
 */
import * as React from "react";
import {
  Checkbox,
  CommandBarButton,
  DefaultButton,
  Dialog,
  DialogFooter,
  DialogType,
  type IContextualMenuItem,
  type IOverflowSetItemProps,
  MessageBar,
  MessageBarType,
  OverflowSet,
  PrimaryButton,
  ResizeGroup,
  Stack,
  Text,
  TextField,
  TooltipHost,
} from "@fluentui/react";
import { AppProfile } from "../../schema/model";
import { RepositoryError } from "../shared/data/ProfileRepository";
import { sentenceForError } from "../shared/errorSentences";
import { suggestUniqueName, uniqueNameTakenProblem } from "../../handlers/rules";
import type { ProfileEditorProps } from "./editorProps";
import type { Loaded } from "./editorState";
import { cloneNameErrors, deleteConfirmation } from "./commandTexts";
import { useStableId } from "../shared/components/useStableId";

export type EditorDialog = "delete" | "clone" | "discard";

export interface EditorCommand {
  readonly key: string;
  readonly text: string;
  readonly iconName: string;
  readonly disabled: boolean;
  readonly onClick: () => void;
  readonly primary?: boolean;
  /** Why the command is disabled: read as its description and shown as a tooltip. */
  readonly reason?: string;
}

/** Layout exists (a real browser): ResizeObserver is there. */
export function canMeasure(): boolean {
  return typeof window !== "undefined" && typeof window.ResizeObserver === "function";
}

interface CommandData {
  readonly primary: readonly EditorCommand[];
  readonly overflow: readonly EditorCommand[];
}

/**
 * A toolbar whose commands fold into "More commands" from the end when the width runs out (ResizeGroup measures, as
 * Fluent's CommandBar does). The commands stay buttons (a CommandBar makes them menu items, which a form's toolbar
 * isn't), and the overflow is a real menu.
 */
export function EditorCommandBar(props: {
  commands: readonly EditorCommand[];
  label: string;
  moreLabel: string;
}): React.ReactElement | null {
  const tooltipId = useStableId("command-reason");
  const cacheKey = props.commands.map((c) => `${c.key}:${c.text}:${c.disabled}:${c.reason}`).join("|");
  // The measured data keeps the commands of its time; a click runs the command as it is now (its latest state).
  const latest = React.useRef(props.commands);
  latest.current = props.commands;
  const run = (key: string) => latest.current.find((c) => c.key === key)?.onClick();
  // A new data object only when the commands change: ResizeGroup measures again on each new one.
  const data: CommandData = React.useMemo(() => ({ primary: props.commands, overflow: [] }), [cacheKey]);
  if (props.commands.length === 0) return null;
  const onReduceData = (current: CommandData): CommandData | undefined => {
    // Save stays in view as long as anything does: it's the one command every edit leads to.
    if (current.primary.length <= 1) return undefined;
    const last = current.primary[current.primary.length - 1];
    return { primary: current.primary.slice(0, -1), overflow: [last, ...current.overflow] };
  };
  const renderCommand = (item: IOverflowSetItemProps) => {
    const command = item.command as EditorCommand;
    const button = (
      <CommandBarButton
        text={command.text}
        iconProps={{ iconName: command.iconName }}
        disabled={command.disabled}
        allowDisabledFocus
        ariaDescription={command.disabled ? command.reason : undefined}
        onClick={() => run(command.key)}
        styles={{ root: { minHeight: 40, paddingRight: 8 } }}
        primary={command.primary}
        data-command={command.key}
      />
    );
    return command.reason && command.disabled ? (
      <TooltipHost content={command.reason} id={`${tooltipId}-${command.key}`}>
        {button}
      </TooltipHost>
    ) : (
      button
    );
  };
  const renderOverflow = (items: IOverflowSetItemProps[] | undefined) => (
    <CommandBarButton
      ariaLabel={props.moreLabel}
      title={props.moreLabel}
      menuIconProps={{ iconName: "More" }}
      styles={{ root: { minHeight: 40, minWidth: 40 } }}
      menuProps={{
        items: (items ?? []).map(
          (item): IContextualMenuItem => ({
            key: item.key,
            text: (item.command as EditorCommand).text,
            iconProps: { iconName: (item.command as EditorCommand).iconName },
            disabled: (item.command as EditorCommand).disabled,
            title: (item.command as EditorCommand).reason,
            onClick: () => run(item.key),
          }),
        ),
      }}
    />
  );
  const asItems = (commands: readonly EditorCommand[]) => commands.map((command) => ({ key: command.key, command }));
  const renderData = (current: CommandData) => (
    <OverflowSet
      role="toolbar"
      aria-label={props.label}
      items={asItems(current.primary)}
      overflowItems={current.overflow.length > 0 ? asItems(current.overflow) : undefined}
      onRenderItem={renderCommand}
      onRenderOverflowButton={renderOverflow}
    />
  );
  return (
    <div data-commands="" style={{ minWidth: 0 }}>
      {/* Where nothing can be measured (no layout, as in jsdom) every command stays in view. */}
      {canMeasure() ? (
        <ResizeGroup data={data} onReduceData={onReduceData} onRenderData={renderData} />
      ) : (
        renderData(data)
      )}
    </div>
  );
}

interface DialogProps extends ProfileEditorProps {
  state: Loaded;
  /** A stale ETag: the form shows its conflict message. */
  onConflict: (message: string) => void;
  onClose: () => void;
}

/** Discard asks first, as a model-driven form's Refresh with unsaved changes does. */
export function DiscardDialog(props: {
  state: Loaded;
  strings: ProfileEditorProps["strings"];
  onDiscard: () => void;
  onClose: () => void;
}): React.ReactElement {
  const { strings } = props;
  return (
    <Dialog
      hidden={false}
      onDismiss={props.onClose}
      dialogContentProps={{
        type: DialogType.normal,
        title: strings("discardTitle"),
        subText: strings("discardText", props.state.original.fields.apm_name),
      }}
      modalProps={{ isBlocking: true }}
    >
      <DialogFooter>
        <PrimaryButton text={strings("discardConfirm")} onClick={props.onDiscard} />
        <DefaultButton text={strings("cancel")} onClick={props.onClose} />
      </DialogFooter>
    </Dialog>
  );
}

/** "Save changes?" before leaving: Save / Don't save / Cancel, as a model-driven form asks. */
export function LeaveDialog(props: {
  state: Loaded;
  strings: ProfileEditorProps["strings"];
  onSave: () => void;
  onDontSave: () => void;
  onCancel: () => void;
}): React.ReactElement {
  const { strings, state } = props;
  return (
    <Dialog
      hidden={false}
      onDismiss={state.saving ? undefined : props.onCancel}
      dialogContentProps={{
        type: DialogType.normal,
        title: strings("leaveTitle"),
        subText: strings("leaveText", state.original.fields.apm_name),
      }}
      modalProps={{ isBlocking: true }}
    >
      <DialogFooter>
        <PrimaryButton
          text={state.saving ? strings("saving") : strings("leaveSave")}
          disabled={state.saving}
          onClick={props.onSave}
        />
        <DefaultButton text={strings("leaveDontSave")} disabled={state.saving} onClick={props.onDontSave} />
        <DefaultButton text={strings("cancel")} disabled={state.saving} onClick={props.onCancel} />
      </DialogFooter>
    </Dialog>
  );
}

export function DeleteDialog(props: DialogProps): React.ReactElement {
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
      setError(sentenceForError(failure, strings, "change"));
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

export function CloneDialog(props: DialogProps): React.ReactElement {
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
        setError(sentenceForError(failure, strings, "change"));
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
