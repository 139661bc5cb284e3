/**
 * *Import profiles* (issue 14): a profiles export file → the export's own reader (a malformed or foreign file lists its
 * line-and-field messages) → this environment read as the CLI reads it → the CLI's plan, per profile → one change set
 * per profile with progress. Nothing is written while an error or an unresolved conflict stands; a second import of
 * the same file plans every profile unchanged and writes nothing.
 */
import * as React from "react";
import {
  Dropdown,
  MessageBar,
  MessageBarType,
  Panel,
  PanelType,
  PrimaryButton,
  ProgressIndicator,
  Stack,
  Text,
} from "@fluentui/react";
import { FilePickerButton } from "../../shared/components/FilePickerButton";
import type { DesignerStringKey } from "../../shared/manifest";
import type { Translate } from "../../shared/strings";
import { describeFailure } from "../../shared/assignment/webApiAssignment";
import type { WebApiFailure } from "../../shared/data/webApiFetch";
import { describeProblem, parseProfilesDocument, type ProfilesDocument } from "../../shared/portability/document";
import type { EnvironmentSnapshot } from "../../shared/portability/environment";
import { planImport, type OnConflict, type PlannedProfile } from "../../shared/portability/importPlan";
import type { PortabilitySource } from "./portabilitySource";
import { PlanList } from "./PlanList";

export interface ImportProfilesPanelProps {
  source: PortabilitySource;
  strings: Translate<DesignerStringKey>;
  onDismiss: () => void;
  /** Something was written: the list reloads. */
  onApplied: () => void;
}

type Step =
  | { readonly step: "choose" }
  | { readonly step: "invalid"; readonly fileName: string; readonly problems: readonly string[] }
  | { readonly step: "reading"; readonly done: number; readonly total: number }
  | { readonly step: "failed"; readonly message: string }
  | {
      readonly step: "planned";
      readonly fileName: string;
      readonly document: ProfilesDocument;
      readonly target: EnvironmentSnapshot;
    };

export interface ProfileResult {
  readonly name: string;
  readonly failure?: string;
}
type Applying =
  | { readonly status: "idle" }
  | { readonly status: "running" | "done"; readonly total: number; readonly results: readonly ProfileResult[] };

/** sendBatch rejects with the change set's failures (an array), a fetch with an Error. */
function failureText(failure: unknown): string {
  const first = (Array.isArray(failure) ? failure[0] : failure) as WebApiFailure | Error | undefined;
  return describeFailure(first);
}

const CONFLICT_CHOICES: readonly [OnConflict, DesignerStringKey][] = [
  ["stop", "profilesImportOnConflictStop"],
  ["skip", "profilesImportOnConflictSkip"],
  ["overwrite", "profilesImportOnConflictOverwrite"],
  ["rename", "profilesImportOnConflictRename"],
];

export function ImportProfilesPanel(props: ImportProfilesPanelProps): React.ReactElement {
  const { source, strings, onApplied } = props;
  const [step, setStep] = React.useState<Step>({ step: "choose" });
  const [onConflict, setOnConflict] = React.useState<OnConflict>("stop");
  const [applying, setApplying] = React.useState<Applying>({ status: "idle" });
  const mounted = React.useRef(true);
  React.useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const plan = React.useMemo(
    () => (step.step === "planned" ? planImport(step.document, step.target, onConflict) : undefined),
    [step, onConflict],
  );

  const chooseFile = async (fileName: string, text: string) => {
    setApplying({ status: "idle" });
    const parsed = parseProfilesDocument(text);
    if (!parsed.ok) {
      const problems = parsed.problems.map((p) => describeProblem(p, fileName));
      setStep({ step: "invalid", fileName: fileName, problems });
      return;
    }
    setStep({ step: "reading", done: 0, total: 1 });
    try {
      const target = await source.readTarget(parsed.document, (done, total) => {
        if (mounted.current) setStep({ step: "reading", done, total });
      });
      if (mounted.current) setStep({ step: "planned", fileName: fileName, document: parsed.document, target });
    } catch (failure) {
      if (mounted.current) setStep({ step: "failed", message: failureText(failure) });
    }
  };

  const toWrite = plan ? plan.profiles.filter((p) => p.operations.length > 0) : [];
  const blockedReason = !plan
    ? undefined
    : plan.errors > 0
      ? strings("profilesImportBlockedErrors")
      : plan.unresolvedConflicts > 0
        ? strings("profilesImportBlockedConflicts")
        : toWrite.length === 0
          ? strings("profilesImportNothing")
          : undefined;

  const apply = async (profiles: readonly PlannedProfile[]) => {
    const results: ProfileResult[] = [];
    setApplying({ status: "running", total: profiles.length, results });
    for (const planned of profiles) {
      let failure: string | undefined;
      try {
        await source.applyProfile(planned);
      } catch (e) {
        failure = failureText(e);
      }
      results.push({ name: planned.targetUniqueName, failure });
      if (mounted.current) setApplying({ status: "running", total: profiles.length, results: [...results] });
    }
    if (!mounted.current) return;
    setApplying({ status: "done", total: profiles.length, results: [...results] });
    if (results.some((r) => !r.failure)) onApplied();
  };

  const running = applying.status === "running";
  return (
    <Panel
      isOpen
      type={PanelType.medium}
      headerText={strings("profilesImportTitle")}
      closeButtonAriaLabel={strings("profilesImportClose")}
      onDismiss={running ? undefined : props.onDismiss}
    >
      <Stack tokens={{ childrenGap: 12 }}>
        <Text block>{strings("profilesImportIntro")}</Text>
        <FilePickerButton
          label={strings("profilesImportChooseFile")}
          accept=".json,application/json"
          disabled={running || step.step === "reading"}
          onFile={chooseFile}
        />
        {step.step === "invalid" && (
          <MessageBar messageBarType={MessageBarType.error} isMultiline>
            <Text block>{strings("profilesImportProblems", step.fileName)}</Text>
            <ul>
              {step.problems.map((problem, i) => (
                <li key={i}>{problem}</li>
              ))}
            </ul>
          </MessageBar>
        )}
        {step.step === "reading" && (
          <ProgressIndicator
            label={strings("profilesImportReading", String(step.done), String(step.total))}
            percentComplete={step.total > 0 ? step.done / step.total : undefined}
          />
        )}
        {step.step === "failed" && (
          <MessageBar messageBarType={MessageBarType.error} isMultiline>
            {strings("profilesImportReadFailed", step.message)}
          </MessageBar>
        )}
        {step.step === "planned" && plan && (
          <>
            <Text block aria-live="polite">
              {strings(
                "profilesImportSummary",
                String(plan.counts.create),
                String(plan.counts.update),
                String(plan.counts.unchanged),
                String(plan.counts.conflict),
                String(plan.errors),
              )}
            </Text>
            <PlanList plan={plan} strings={strings} />
            {plan.counts.conflict > 0 && (
              <Dropdown
                label={strings("profilesImportOnConflict")}
                selectedKey={onConflict}
                disabled={applying.status !== "idle"}
                options={CONFLICT_CHOICES.map(([key, label]) => ({ key, text: strings(label) }))}
                onChange={(_, option) => option && setOnConflict(option.key as OnConflict)}
                styles={{ root: { maxWidth: 360 } }}
              />
            )}
            {blockedReason && applying.status === "idle" && (
              <MessageBar messageBarType={plan.errors > 0 ? MessageBarType.error : MessageBarType.info} isMultiline>
                {blockedReason}
              </MessageBar>
            )}
            <Stack horizontal>
              <PrimaryButton
                text={strings("profilesImportApply")}
                disabled={blockedReason !== undefined || applying.status !== "idle"}
                onClick={() => void apply(toWrite)}
              />
            </Stack>
          </>
        )}
        {applying.status !== "idle" && <Progress applying={applying} strings={strings} />}
      </Stack>
    </Panel>
  );
}

function Progress(props: {
  applying: Extract<Applying, { status: "running" | "done" }>;
  strings: Translate<DesignerStringKey>;
}): React.ReactElement {
  const { applying, strings } = props;
  const { results, total } = applying;
  const failed = results.filter((r) => r.failure).length;
  return (
    <Stack tokens={{ childrenGap: 8 }}>
      {applying.status === "running" ? (
        <ProgressIndicator
          label={strings("profilesImportApplying", String(Math.min(results.length + 1, total)), String(total))}
          percentComplete={total > 0 ? results.length / total : undefined}
        />
      ) : (
        <MessageBar messageBarType={failed > 0 ? MessageBarType.warning : MessageBarType.success} isMultiline>
          {strings("profilesImportDone", String(results.length - failed), String(failed))}
        </MessageBar>
      )}
      <ul aria-label={strings("profilesImportResults")}>
        {results.map((r, i) => (
          <li key={i}>
            {r.failure
              ? strings("profilesImportResultFailed", r.name, r.failure)
              : strings("profilesImportResultWritten", r.name)}
          </li>
        ))}
      </ul>
    </Stack>
  );
}
