/**
 * Clone from the list: reads the whole profile (one GET), asks for the new names, then the form's Clone (one request;
 * with its users, one change set). The names are checked with the handlers' rules and the unique name by one keyed
 * GET, as the server's alternate key would refuse it.
 */
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
  Spinner,
  Stack,
  Text,
  TextField,
} from "@fluentui/react";
import { suggestUniqueName, uniqueNameTakenProblem } from "../../handlers/rules";
import { cloneNameErrors } from "../ProfileEditor/commandTexts";
import type { ProfileRecord } from "../shared/data/model";
import { RepositoryError, type ProfileRepository } from "../shared/data/ProfileRepository";
import type { DesignerStringKey } from "../shared/manifest";
import type { Translate } from "../shared/strings";
import { useUniqueNameInUse } from "./useUniqueNameInUse";

export interface CloneProfileDialogProps {
  repository: ProfileRepository;
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

  return (
    <Dialog
      hidden={false}
      onDismiss={props.onClose}
      dialogContentProps={{ type: DialogType.normal, title: strings("cloneTitle"), subText: strings("cloneIntro") }}
      modalProps={{ isBlocking: true }}
    >
      {loadError && (
        <MessageBar messageBarType={MessageBarType.error} isMultiline>
          {loadError}
        </MessageBar>
      )}
      {!source && !loadError && <Spinner label={strings("cloneLoading")} />}
      {source && <CloneForm {...props} source={source} />}
      {!source && (
        <DialogFooter>
          <DefaultButton text={strings("cancel")} onClick={props.onClose} />
        </DialogFooter>
      )}
    </Dialog>
  );
}

function CloneForm(props: CloneProfileDialogProps & { source: ProfileRecord }): React.ReactElement {
  const { strings, repository, source } = props;
  const initialName = `${source.fields.apm_name} (copy)`;
  const [name, setName] = React.useState(initialName);
  const [uniqueName, setUniqueName] = React.useState(() =>
    // A built-in's prefix is Microsoft's (msdyn): its clone gets the default custom prefix instead.
    suggestUniqueName(initialName, source.isDefault ? undefined : source.fields.apm_uniquename.split("_")[0], [
      source.fields.apm_uniquename,
    ]),
  );
  const [moveUsers, setMoveUsers] = React.useState(false);
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string>();
  const [refused, setRefused] = React.useState<string>();
  const taken = useUniqueNameInUse(repository, uniqueName, [source.fields.apm_uniquename]);
  const errors = cloneNameErrors({ name, uniqueName }, taken);
  const uniqueNameError = errors.uniqueName ?? refused;
  const userCount = source.users.length;

  const submit = async () => {
    if (errors.name || uniqueNameError) return;
    setBusy(true);
    setError(undefined);
    try {
      props.onCloned(await repository.cloneProfile({ source, name: name.trim(), uniqueName, moveUsers }));
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
    <>
      <Stack tokens={{ childrenGap: 8 }}>
        <TextField
          label={strings("cloneName")}
          required
          value={name}
          disabled={busy}
          errorMessage={errors.name}
          onChange={(_e, value) => setName(value ?? "")}
        />
        <TextField
          label={strings("cloneUniqueName")}
          required
          value={uniqueName}
          disabled={busy}
          errorMessage={uniqueNameError}
          spellCheck={false}
          autoComplete="off"
          onChange={(_e, value) => {
            setRefused(undefined);
            setUniqueName(value ?? "");
          }}
        />
        {userCount > 0 && (
          <>
            <Checkbox
              label={strings("cloneMoveUsers", userCount.toLocaleString())}
              checked={moveUsers}
              disabled={busy}
              onChange={(_e, checked) => setMoveUsers(checked === true)}
            />
            {moveUsers && (
              <Text variant="small" role="note">
                {strings("cloneMoveUsersHelp", source.fields.apm_name)}
              </Text>
            )}
          </>
        )}
        {error && (
          <MessageBar messageBarType={MessageBarType.error} isMultiline>
            {error}
          </MessageBar>
        )}
      </Stack>
      <DialogFooter>
        <PrimaryButton
          text={busy ? strings("cloning") : strings("cloneCreate")}
          disabled={busy || errors.name !== undefined || uniqueNameError !== undefined}
          onClick={() => void submit()}
        />
        <DefaultButton text={strings("cancel")} disabled={busy} onClick={props.onClose} />
      </DialogFooter>
    </>
  );
}
