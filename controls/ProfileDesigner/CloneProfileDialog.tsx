/**
 * Clone from the list: reads the whole profile (one GET), then the shared Clone dialog (the same as the form's) with
 * the designer's strings.
 */
import * as React from "react";
import { cloneDialogTexts, CloneProfileDialog as SharedCloneDialog } from "../shared/components/CloneProfileDialog";
import type { ProfileRecord } from "../shared/data/model";
import type { DesignerRepository } from "../shared/data/ProfileRepository";
import type { DesignerStringKey } from "../shared/manifest";
import type { Translate } from "../shared/strings";

export interface CloneProfileDialogProps {
  repository: DesignerRepository;
  strings: Translate<DesignerStringKey>;
  profileId: string;
  onClose: () => void;
  onCloned: (id: string) => void;
}

export function CloneProfileDialog(props: CloneProfileDialogProps): React.ReactElement {
  const { strings, repository, profileId } = props;
  const [source, setSource] = React.useState<ProfileRecord>();
  const [loadError, setLoadError] = React.useState<string>();
  React.useEffect(() => {
    let current = true;
    repository.getProfile(profileId).then(
      (record) => current && (record ? setSource(record) : setLoadError(strings("cloneFailed", profileId))),
      (error: Error) => current && setLoadError(strings("cloneFailed", error.message)),
    );
    return () => {
      current = false;
    };
  }, [repository, profileId, strings]);
  const texts = React.useMemo(() => cloneDialogTexts(strings, strings("cloneLoading")), [strings]);
  return (
    <SharedCloneDialog
      repository={repository}
      source={source}
      loadError={loadError}
      texts={texts}
      failureSentence={(failure) => strings("cloneFailed", (failure as Error).message)}
      onClose={props.onClose}
      onCloned={props.onCloned}
    />
  );
}
