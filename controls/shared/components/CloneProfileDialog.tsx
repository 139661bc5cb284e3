/**
 * Clone a profile, one dialog for the designer's list and the editor's form (issue 12, item 2): a new name and unique
 * name, the users optionally, then one request (with its users, one change set). The names are checked live with the
 * handlers' rules, and the unique name with one keyed GET per settled value (useUniqueNameInUse), as the server's
 * alternate key would refuse it.
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
import { suggestUniqueName, uniqueNameTakenProblem } from "../../../handlers/rules";
import { cloneNameErrors } from "../../ProfileEditor/commandTexts";
import type { ProfileRecord } from "../data/model";
import { RepositoryError, type ProfileRepository } from "../data/ProfileRepository";
import type { Translate } from "../strings";
import { useUniqueNameInUse } from "./useUniqueNameInUse";

/** Each control's own strings for the dialog. */
export interface CloneDialogTexts {
  readonly title: string;
  readonly intro: string;
  readonly name: string;
  readonly uniqueName: string;
  readonly moveUsers: (count: string) => string;
  readonly moveUsersHelp: (sourceName: string) => string;
  readonly create: string;
  readonly cloning: string;
  readonly cancel: string;
  readonly loading: string;
}

type CloneStringKey =
  | "cloneTitle"
  | "cloneIntro"
  | "cloneName"
  | "cloneUniqueName"
  | "cloneMoveUsers"
  | "cloneMoveUsersHelp"
  | "cloneCreate"
  | "cloning"
  | "cancel";

/** The dialog's texts from a control's strings (both controls carry these keys); `loading` is each control's own. */
export function cloneDialogTexts(strings: Translate<CloneStringKey>, loading: string): CloneDialogTexts {
  return {
    title: strings("cloneTitle"),
    intro: strings("cloneIntro"),
    name: strings("cloneName"),
    uniqueName: strings("cloneUniqueName"),
    moveUsers: (count) => strings("cloneMoveUsers", count),
    moveUsersHelp: (sourceName) => strings("cloneMoveUsersHelp", sourceName),
    create: strings("cloneCreate"),
    cloning: strings("cloning"),
    cancel: strings("cancel"),
    loading,
  };
}

export interface CloneProfileDialogProps {
  readonly repository: Pick<ProfileRepository, "cloneProfile" | "uniqueNameInUse">;
  /** The whole profile to copy; undefined while it loads. */
  readonly source: ProfileRecord | undefined;
  /** Why the profile could not be read: the dialog shows it and offers only Cancel. */
  readonly loadError?: string;
  readonly texts: CloneDialogTexts;
  /** One sentence for a failed clone (other than a taken unique name, which shows at its field). */
  readonly failureSentence: (failure: unknown) => string;
  readonly onClose: () => void;
  readonly onCloned: (id: string) => void;
}

export function CloneProfileDialog(props: CloneProfileDialogProps): React.ReactElement {
  const { texts, source, loadError } = props;
  return (
    <Dialog
      hidden={false}
      onDismiss={props.onClose}
      dialogContentProps={{ type: DialogType.normal, title: texts.title, subText: texts.intro }}
      // Blocking (a click outside doesn't lose the typed names), but a form, not an alert: role "dialog".
      modalProps={{ isBlocking: true, isAlert: false }}
    >
      {loadError && (
        <MessageBar messageBarType={MessageBarType.error} isMultiline>
          {loadError}
        </MessageBar>
      )}
      {!source && !loadError && <Spinner label={texts.loading} />}
      {source && <CloneForm {...props} source={source} />}
      {!source && (
        <DialogFooter>
          <DefaultButton text={texts.cancel} onClick={props.onClose} />
        </DialogFooter>
      )}
    </Dialog>
  );
}

function CloneForm(props: CloneProfileDialogProps & { source: ProfileRecord }): React.ReactElement {
  const { texts, repository, source } = props;
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
        // Taken between the check and the request (Dataverse: 412 0x80060892): the unique-name message, at its field.
        setRefused(uniqueNameTakenProblem(uniqueName, {}).message);
      } else {
        setError(props.failureSentence(failure));
      }
    }
  };
  return (
    <>
      <Stack tokens={{ childrenGap: 8 }}>
        <TextField
          label={texts.name}
          required
          value={name}
          disabled={busy}
          errorMessage={errors.name}
          onChange={(_e, value) => setName(value ?? "")}
        />
        <TextField
          label={texts.uniqueName}
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
              label={texts.moveUsers(userCount.toLocaleString())}
              checked={moveUsers}
              disabled={busy}
              onChange={(_e, checked) => setMoveUsers(checked === true)}
            />
            {moveUsers && (
              <Text variant="small" role="note">
                {texts.moveUsersHelp(source.fields.apm_name)}
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
          text={busy ? texts.cloning : texts.create}
          disabled={busy || errors.name !== undefined || uniqueNameError !== undefined}
          onClick={() => void submit()}
        />
        <DefaultButton text={texts.cancel} disabled={busy} onClick={props.onClose} />
      </DialogFooter>
    </>
  );
}
