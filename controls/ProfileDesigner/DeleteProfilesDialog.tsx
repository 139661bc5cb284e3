/** Delete from the list: one confirmation for the selection, then one request (a change set for several). */
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
import type { ProfileSummary } from "../shared/data/model";
import { RepositoryError, type ProfileRepository } from "../shared/data/ProfileRepository";
import type { DesignerStringKey } from "../shared/manifest";
import type { Translate } from "../shared/strings";
import { deleteConfirmation } from "./listCommands";

export interface DeleteProfilesDialogProps {
  repository: ProfileRepository;
  strings: Translate<DesignerStringKey>;
  selected: readonly ProfileSummary[];
  appLabel: (app: number | null) => string;
  onClose: () => void;
  onDeleted: (message: string) => void;
}

export function DeleteProfilesDialog(props: DeleteProfilesDialogProps): React.ReactElement {
  const { strings, selected } = props;
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string>();
  const many = selected.length > 1;

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      // A row read without an ETag can't be deleted conditionally: "*" would delete whatever is there now.
      const targets = selected.map((p) => ({ id: p.id, etag: p.etag ?? "" }));
      await props.repository.deleteProfiles(targets);
      props.onDeleted(
        many ? strings("deletedMany", selected.length.toLocaleString()) : strings("deletedOne", selected[0].name),
      );
    } catch (failure) {
      setBusy(false);
      setError(
        failure instanceof RepositoryError && failure.kind === "conflict"
          ? strings("deleteConflict")
          : strings("deleteFailed", (failure as Error).message),
      );
    }
  };

  return (
    <Dialog
      hidden={false}
      onDismiss={busy ? undefined : props.onClose}
      dialogContentProps={{
        type: DialogType.normal,
        title: many ? strings("deleteTitleMany", selected.length.toLocaleString()) : strings("deleteTitleOne"),
        subText:
          deleteConfirmation(selected, strings, props.appLabel) + (many ? ` ${strings("deleteAllOrNothing")}` : ""),
      }}
      modalProps={{ isBlocking: true }}
    >
      {error && (
        <MessageBar messageBarType={MessageBarType.error} isMultiline>
          {error}
        </MessageBar>
      )}
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
