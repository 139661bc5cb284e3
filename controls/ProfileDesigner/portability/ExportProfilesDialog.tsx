/**
 * *Export* (issue 14): the selected profiles, or every profile when none is selected, as the document the CLI writes
 * (`npm run profiles -- export`), optionally with their direct users, offered as a file to download (a Blob URL link,
 * as the CSV import's result file is).
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
} from "@fluentui/react";
import type { DesignerStringKey } from "../../shared/manifest";
import type { Translate } from "../../shared/strings";
import { describeFailure } from "../../shared/assignment/webApiAssignment";
import type { PortabilitySource } from "./portabilitySource";

export interface ExportProfilesDialogProps {
  source: PortabilitySource;
  strings: Translate<DesignerStringKey>;
  /** The selected profiles' unique names; empty exports every profile. */
  uniqueNames: readonly string[];
  onDismiss: () => void;
}

type State =
  | { readonly step: "ask" | "working" }
  | { readonly step: "failed"; readonly message: string }
  | { readonly step: "ready"; readonly href?: string; readonly count: number };

export const exportFileName = (date: Date) => `app-profiles-${date.toISOString().slice(0, 10)}.json`;

export function ExportProfilesDialog(props: ExportProfilesDialogProps): React.ReactElement {
  const { source, strings, uniqueNames } = props;
  const [includeUsers, setIncludeUsers] = React.useState(false);
  const [state, setState] = React.useState<State>({ step: "ask" });
  const href = state.step === "ready" ? state.href : undefined;
  React.useEffect(() => () => (href ? URL.revokeObjectURL(href) : undefined), [href]);

  const run = async () => {
    setState({ step: "working" });
    try {
      const result = await source.exportProfiles(uniqueNames, includeUsers);
      if (!result.ok) {
        setState({ step: "failed", message: strings("exportMissing", result.missing.join(", ")) });
        return;
      }
      const text = `${JSON.stringify(result.document, null, 2)}\n`;
      const url =
        typeof URL.createObjectURL === "function"
          ? URL.createObjectURL(new Blob([text], { type: "application/json" }))
          : undefined;
      setState({ step: "ready", href: url, count: result.document.profiles.length });
    } catch (failure) {
      const first = (Array.isArray(failure) ? failure[0] : failure) as Error | undefined;
      setState({ step: "failed", message: strings("exportFailed", describeFailure(first)) });
    }
  };

  const all = uniqueNames.length === 0;
  return (
    <Dialog
      hidden={false}
      onDismiss={props.onDismiss}
      dialogContentProps={{
        type: DialogType.normal,
        title: strings("exportTitle"),
        subText: all ? strings("exportIntroAll") : strings("exportIntroSelected", String(uniqueNames.length)),
      }}
      modalProps={{ isBlocking: state.step === "working" }}
    >
      <Stack tokens={{ childrenGap: 12 }}>
        <Checkbox
          label={strings("exportIncludeUsers")}
          checked={includeUsers}
          disabled={state.step !== "ask" && state.step !== "failed"}
          onChange={(_, checked) => setIncludeUsers(checked === true)}
        />
        {state.step === "working" && <Spinner label={strings("exportWorking")} />}
        {state.step === "failed" && (
          <MessageBar messageBarType={MessageBarType.error} isMultiline>
            {state.message}
          </MessageBar>
        )}
        {state.step === "ready" && (
          <MessageBar messageBarType={MessageBarType.success} isMultiline>
            {strings("exportReady", String(state.count))}{" "}
            {state.href && (
              <a href={state.href} download={exportFileName(new Date())}>
                {strings("exportDownload")}
              </a>
            )}
          </MessageBar>
        )}
      </Stack>
      <DialogFooter>
        {state.step !== "ready" && (
          <PrimaryButton text={strings("exportRun")} disabled={state.step === "working"} onClick={() => void run()} />
        )}
        <DefaultButton text={strings("exportClose")} onClick={props.onDismiss} />
      </DialogFooter>
    </Dialog>
  );
}
