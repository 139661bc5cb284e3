/** Delete from the list: the shared confirmation for the selection, then one request (a change set for several). */
import * as React from "react";
import { DeleteConfirmDialog } from "../shared/components/DeleteConfirmDialog";
import type { ProfileSummary } from "../shared/data/model";
import { RepositoryError, type DesignerRepository } from "../shared/data/ProfileRepository";
import type { DesignerStringKey } from "../shared/manifest";
import type { Translate } from "../shared/strings";
import { deleteConfirmation } from "./listCommands";

export interface DeleteProfilesDialogProps {
  repository: DesignerRepository;
  strings: Translate<DesignerStringKey>;
  selected: readonly ProfileSummary[];
  appLabel: (app: number | null) => string;
  onClose: () => void;
  onDeleted: (message: string) => void;
}

export function DeleteProfilesDialog(props: DeleteProfilesDialogProps): React.ReactElement {
  const { strings, selected } = props;
  const many = selected.length > 1;
  const texts = {
    title: many ? strings("deleteTitleMany", selected.length.toLocaleString()) : strings("deleteTitleOne"),
    text: deleteConfirmation(selected, strings, props.appLabel) + (many ? ` ${strings("deleteAllOrNothing")}` : ""),
    confirm: strings("deleteConfirm"),
    deleting: strings("deleting"),
    cancel: strings("cancel"),
  };
  const onDelete = async () => {
    // A row read without an ETag can't be deleted conditionally: "*" would delete whatever is there now.
    await props.repository.deleteProfiles(selected.map((p) => ({ id: p.id, etag: p.etag ?? "" })));
    props.onDeleted(
      many ? strings("deletedMany", selected.length.toLocaleString()) : strings("deletedOne", selected[0].name),
    );
  };
  return (
    <DeleteConfirmDialog
      texts={texts}
      onDelete={onDelete}
      failureSentence={(failure) =>
        failure instanceof RepositoryError && failure.kind === "conflict"
          ? strings("deleteConflict")
          : strings("deleteFailed", (failure as Error).message)
      }
      onClose={props.onClose}
    />
  );
}
