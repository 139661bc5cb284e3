/**
 * *Compare* (two selected profiles) and *Compare with file…* (one selected profile and a profiles export file) in one
 * panel. The server's profiles are read in one request (CompareSource); a file is read by the export's own reader, so
 * a malformed or foreign file gets the same line-and-field messages as the import.
 */
import * as React from "react";
import { Dropdown, MessageBar, MessageBarType, Panel, PanelType, Spinner, Stack, Text } from "@fluentui/react";
import { FilePickerButton } from "../../shared/components/FilePickerButton";
import type { ProfileSummary } from "../../shared/data/model";
import type { DesignerStringKey } from "../../shared/manifest";
import type { Translate } from "../../shared/strings";
import { describeFailure } from "../../shared/assignment/webApiAssignment";
import type { ProfileSnapshot } from "../../shared/compare/profileComparison";
import {
  describeProblem,
  parseProfilesDocument,
  type ProfileEntry,
  type ProfilesDocument,
} from "../../shared/portability/document";
import { chooseFileProfile, entryName, snapshotOfEntry } from "../../shared/compare/snapshots";
import type { CompareSource } from "./compareSource";
import { CompareView, type CompareSide } from "./CompareView";

export interface ComparePanelProps {
  source: CompareSource;
  strings: Translate<DesignerStringKey>;
  /** Two profiles to compare, or one to compare with a file. */
  profiles: readonly ProfileSummary[];
  onDismiss: () => void;
}

type Loaded =
  | { readonly status: "loading" }
  | { readonly status: "failed"; readonly message: string }
  | { readonly status: "ready"; readonly snapshots: readonly ProfileSnapshot[] };

type FileState =
  | { readonly step: "choose" }
  | { readonly step: "invalid"; readonly fileName: string; readonly problems: readonly string[] }
  | { readonly step: "read"; readonly fileName: string; readonly document: ProfilesDocument; entry?: ProfileEntry };

const headingOf = (name: string, uniqueName: string) => (name === uniqueName ? name : `${name} (${uniqueName})`);

export function ComparePanel(props: ComparePanelProps): React.ReactElement {
  const { source, strings, profiles } = props;
  const withFile = profiles.length === 1;
  const [loaded, setLoaded] = React.useState<Loaded>({ status: "loading" });
  const [file, setFile] = React.useState<FileState>({ step: "choose" });
  const ids = profiles.map((p) => p.id).join(",");

  React.useEffect(() => {
    let current = true;
    source.loadProfiles(ids.split(",")).then(
      (snapshots) => current && setLoaded({ status: "ready", snapshots }),
      (error: unknown) => current && setLoaded({ status: "failed", message: describeFailure(error as Error) }),
    );
    return () => {
      current = false;
    };
  }, [source, ids]);

  const chooseFile = async (fileName: string, text: string) => {
    const parsed = parseProfilesDocument(text);
    if (!parsed.ok) {
      setFile({
        step: "invalid",
        fileName,
        problems: parsed.problems.map((p) => describeProblem(p, fileName)),
      });
      return;
    }
    const choice = chooseFileProfile(parsed.document, profiles[0].uniqueName);
    setFile({
      step: "read",
      fileName,
      document: parsed.document,
      entry: choice.kind === "match" ? choice.entry : undefined,
    });
  };

  const sides = (): [CompareSide, CompareSide] | undefined => {
    if (loaded.status !== "ready") return undefined;
    const [first, second] = profiles;
    const left = { heading: headingOf(first.name, first.uniqueName), name: first.name, profile: loaded.snapshots[0] };
    if (!withFile) {
      const heading = headingOf(second.name, second.uniqueName);
      return [left, { heading, name: second.name, profile: loaded.snapshots[1] }];
    }
    if (file.step !== "read" || !file.entry) return undefined;
    const name = strings("compareFromFile", entryName(file.entry), file.fileName);
    const heading = strings("compareFromFile", headingOf(entryName(file.entry), file.entry.uniqueName), file.fileName);
    return [left, { heading, name, profile: snapshotOfEntry(file.entry) }];
  };
  const shown = sides();

  return (
    <Panel
      isOpen
      type={PanelType.large}
      headerText={strings("compareTitle")}
      closeButtonAriaLabel={strings("compareClose")}
      onDismiss={props.onDismiss}
      isLightDismiss
    >
      <Stack tokens={{ childrenGap: 12 }}>
        {withFile && (
          <>
            <Text block>{strings("compareFileIntro", profiles[0].name)}</Text>
            <FilePickerButton
              label={strings("compareChooseFile")}
              accept=".json,application/json"
              onFile={chooseFile}
            />
            <FileStep
              file={file}
              strings={strings}
              uniqueName={profiles[0].uniqueName}
              onChoose={(entry) => file.step === "read" && setFile({ ...file, entry })}
            />
          </>
        )}
        {loaded.status === "loading" && <Spinner label={strings("compareLoading")} />}
        {loaded.status === "failed" && (
          <MessageBar messageBarType={MessageBarType.error} isMultiline>
            {strings("loadError", loaded.message)}
          </MessageBar>
        )}
        {shown && <CompareView left={shown[0]} right={shown[1]} strings={strings} />}
      </Stack>
    </Panel>
  );
}

function FileStep(props: {
  file: FileState;
  strings: Translate<DesignerStringKey>;
  uniqueName: string;
  onChoose: (entry: ProfileEntry) => void;
}): React.ReactElement | null {
  const { file, strings } = props;
  if (file.step === "invalid")
    return (
      <MessageBar messageBarType={MessageBarType.error} isMultiline>
        <Text block>{strings("compareFileProblems", file.fileName)}</Text>
        <ul>
          {file.problems.map((problem, i) => (
            <li key={i}>{problem}</li>
          ))}
        </ul>
      </MessageBar>
    );
  if (file.step !== "read") return null;
  const choice = chooseFileProfile(file.document, props.uniqueName);
  if (choice.kind === "empty")
    return (
      <MessageBar messageBarType={MessageBarType.warning}>{strings("compareFileEmpty", file.fileName)}</MessageBar>
    );
  if (choice.kind === "match") return null;
  return (
    <Stack tokens={{ childrenGap: 4 }}>
      <Text block>{strings("compareFileChoose", file.fileName, props.uniqueName)}</Text>
      <Dropdown
        label={strings("compareFileProfile")}
        selectedKey={file.entry?.uniqueName ?? null}
        options={choice.entries.map((e) => ({ key: e.uniqueName, text: headingOf(entryName(e), e.uniqueName) }))}
        onChange={(_, option) => {
          const entry = choice.entries.find((e) => e.uniqueName === option?.key);
          if (entry) props.onChoose(entry);
        }}
        styles={{ root: { maxWidth: 480 } }}
      />
    </Stack>
  );
}
