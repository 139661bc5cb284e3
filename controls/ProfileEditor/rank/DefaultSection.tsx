/**
 * Issue 13: Set as default for this app. One custom default per app; when another profile holds it, a confirmation
 * offers to move it: one change set clears it there and sets it here (the handler refuses a second one, never
 * clearing anything silently). Inactive and built-in profiles can't be it.
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
  Stack,
  Text,
} from "@fluentui/react";
import type { AppProfileRow, ProfileAccessRepository, ProfileUpdate } from "../../shared/data/profileAccess";
import { sentenceForError } from "../../shared/errorSentences";
import { appLabel } from "../commandTexts";
import { hasChanges } from "../savePlan";
import type { TabProps } from "../tabs/tabProps";

interface DefaultSectionProps extends TabProps {
  access: ProfileAccessRepository;
  appProfiles: readonly AppProfileRow[] | undefined;
  onWritten: () => void;
}

export function DefaultSection(props: DefaultSectionProps): React.ReactElement | null {
  const { state, strings } = props;
  const [confirming, setConfirming] = React.useState(false);
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string>();
  const loaded = state.original.access;
  if (!loaded || state.original.isDefault) return null;
  const app = appLabel(state.original.fields.apm_app);
  const self = state.original.id.toLowerCase();
  const holder = props.appProfiles?.find((p) => p.isCustomDefault && !p.isDefault && p.id.toLowerCase() !== self);
  const dirty = hasChanges(state.original, state.draft);
  const reason = !state.original.isActive ? strings("defaultInactive") : dirty ? strings("accessSaveFirst") : undefined;
  const write = async (updates: ProfileUpdate[]) => {
    setBusy(true);
    setError(undefined);
    try {
      await props.access.updateProfiles(updates);
      setConfirming(false);
      props.onWritten();
    } catch (e) {
      setError(sentenceForError(e, strings, "change"));
    } finally {
      setBusy(false);
    }
  };
  const setHere = (): ProfileUpdate => ({
    id: state.original.id,
    etag: state.original.etag,
    fields: { apm_iscustomdefault: true },
  });
  return (
    <Stack tokens={{ childrenGap: 8 }}>
      <Text as="h3" variant="mediumPlus" styles={{ root: { margin: 0 } }}>
        {strings("defaultHeading")}
      </Text>
      {loaded.isCustomDefault ? (
        <>
          <Text>{strings("defaultIsThis", app)}</Text>
          <Stack.Item>
            <DefaultButton
              text={strings("defaultClear")}
              disabled={props.readOnly || busy || dirty}
              onClick={() =>
                void write([
                  { id: state.original.id, etag: state.original.etag, fields: { apm_iscustomdefault: false } },
                ])
              }
            />
          </Stack.Item>
        </>
      ) : (
        <>
          {holder && <Text>{strings("defaultHolder", holder.name, app)}</Text>}
          <Stack.Item>
            <DefaultButton
              iconProps={{ iconName: "FavoriteStar" }}
              text={strings("defaultSet")}
              // Disabled but focusable with its reason, as the other commands with a reason.
              disabled={props.readOnly || busy || reason !== undefined}
              allowDisabledFocus
              aria-describedby={reason ? "apm-default-reason" : undefined}
              onClick={() => (holder ? setConfirming(true) : void write([setHere()]))}
            />
          </Stack.Item>
          {reason && (
            <Text id="apm-default-reason" variant="small">
              {reason}
            </Text>
          )}
        </>
      )}
      {error && (
        <MessageBar messageBarType={MessageBarType.error} isMultiline>
          {error}
        </MessageBar>
      )}
      {confirming && holder && (
        <Dialog
          hidden={false}
          onDismiss={() => setConfirming(false)}
          // A confirmation that changes two profiles: blocking (alertdialog), as the editor's other confirmations.
          modalProps={{ isBlocking: true }}
          dialogContentProps={{
            type: DialogType.normal,
            title: strings("defaultMoveTitle"),
            subText: strings("defaultMoveText", holder.name, app),
          }}
        >
          <DialogFooter>
            <PrimaryButton
              text={strings("defaultMove")}
              disabled={busy}
              onClick={() =>
                void write([{ id: holder.id, etag: holder.etag, fields: { apm_iscustomdefault: false } }, setHere()])
              }
            />
            <DefaultButton text={strings("cancel")} onClick={() => setConfirming(false)} />
          </DialogFooter>
        </Dialog>
      )}
    </Stack>
  );
}
