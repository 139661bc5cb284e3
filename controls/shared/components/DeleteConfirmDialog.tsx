/**
 * "Delete …?" for the designer's list and the editor's form (issue 12, item 1): the control's own sentence says how
 * many users fall back to their app's default; the dialog locks while the one request runs and shows a refusal as one
 * sentence.
 */
import * as React from "react";
import {
  DefaultButton,
  Dialog,
  DialogFooter,
  DialogType,
  MessageBar,
  MessageBarType,
  PrimaryButton,
} from "@fluentui/react";

export interface DeleteDialogTexts {
  readonly title: string;
  /** What is deleted and where its users go (commandTexts.ts / listCommands.ts). */
  readonly text: string;
  readonly confirm: string;
  readonly deleting: string;
  readonly cancel: string;
}

export interface DeleteConfirmDialogProps {
  readonly texts: DeleteDialogTexts;
  /** The delete itself: one request. The caller closes the dialog when it succeeds. */
  readonly onDelete: () => Promise<void>;
  /** One sentence for a refusal, or undefined when the caller handled it (and closed the dialog). */
  readonly failureSentence: (failure: unknown) => string | undefined;
  readonly onClose: () => void;
}

export function DeleteConfirmDialog(props: DeleteConfirmDialogProps): React.ReactElement {
  const { texts } = props;
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string>();
  const mounted = React.useRef(true);
  React.useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onDelete();
    } catch (failure) {
      const sentence = props.failureSentence(failure);
      if (!mounted.current) return;
      setBusy(false);
      setError(sentence);
    }
  };

  return (
    <Dialog
      hidden={false}
      onDismiss={busy ? undefined : props.onClose}
      dialogContentProps={{ type: DialogType.normal, title: texts.title, subText: texts.text }}
      modalProps={{ isBlocking: true }}
    >
      {error && (
        <MessageBar messageBarType={MessageBarType.error} isMultiline>
          {error}
        </MessageBar>
      )}
      <DialogFooter>
        <PrimaryButton text={busy ? texts.deleting : texts.confirm} disabled={busy} onClick={() => void confirm()} />
        <DefaultButton text={texts.cancel} disabled={busy} onClick={props.onClose} />
      </DialogFooter>
    </Dialog>
  );
}
