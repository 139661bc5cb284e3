/**
 * The form's command bar (Save, Discard, Deactivate/Activate, Clone, Delete) and their Fluent dialogs (issue 12,
 * items 1, 2, 3 and 8). Commands that don't fit move into a "More commands" menu, as a model-driven command bar does.
 */
import * as React from "react";
import {
  CommandBarButton,
  DefaultButton,
  Dialog,
  DialogFooter,
  DialogType,
  type IContextualMenuItem,
  type IOverflowSetItemProps,
  OverflowSet,
  PrimaryButton,
  ResizeGroup,
  TooltipHost,
} from "@fluentui/react";
import { RepositoryError } from "../shared/data/ProfileRepository";
import { sentenceForError } from "../shared/errorSentences";
import type { ProfileEditorProps } from "./editorProps";
import type { Loaded } from "./editorState";
import { deleteConfirmation } from "./commandTexts";
import { useStableId } from "../shared/components/useStableId";
import { cloneDialogTexts, CloneProfileDialog } from "../shared/components/CloneProfileDialog";
import { DeleteConfirmDialog } from "../shared/components/DeleteConfirmDialog";

export type EditorDialog = "delete" | "clone" | "discard" | "preview";

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
      <TooltipHost content={command.reason} id={`${tooltipId}-${command.key}`} tooltipProps={{ role: "tooltip" }}>
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

/** Delete on the form: the shared confirmation (the list's too); a stale ETag closes it and shows the conflict. */
export function DeleteDialog(props: DialogProps): React.ReactElement {
  const { strings, state } = props;
  return (
    <DeleteConfirmDialog
      texts={{
        title: strings("deleteTitle"),
        text: deleteConfirmation(state.original, strings),
        confirm: strings("deleteConfirm"),
        deleting: strings("deleting"),
        cancel: strings("cancel"),
      }}
      onDelete={async () => {
        await props.repository.deleteProfile(state.original.id, state.original.etag);
        props.goBack();
      }}
      failureSentence={(failure) => {
        if (failure instanceof RepositoryError && failure.kind === "conflict") {
          props.onClose();
          props.onConflict(failure.message);
          return undefined;
        }
        return sentenceForError(failure, strings, "change");
      }}
      onClose={props.onClose}
    />
  );
}

/** Clone on the form: the shared Clone dialog (the list's too), on the profile as it was loaded. */
export function CloneDialog(props: DialogProps): React.ReactElement {
  const { strings, state, repository } = props;
  const texts = React.useMemo(() => cloneDialogTexts(strings, strings("loading")), [strings]);
  return (
    <CloneProfileDialog
      repository={repository}
      source={state.original}
      texts={texts}
      failureSentence={(failure) => sentenceForError(failure, strings, "change")}
      onClose={props.onClose}
      onCloned={(id) => {
        props.openProfile(id);
        props.onClose();
      }}
    />
  );
}
