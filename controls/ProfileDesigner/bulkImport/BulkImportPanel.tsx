/**
 * *Import assignments*: a CSV of users and profiles, previewed row by row (what each will do) before anything is
 * written, then applied in change sets of at most 1,000 operations with a progress bar, and a result file to keep.
 */
import * as React from "react";
import {
  Checkbox,
  DetailsList,
  DetailsListLayoutMode,
  MessageBar,
  MessageBarType,
  Panel,
  PanelType,
  PrimaryButton,
  ProgressIndicator,
  SelectionMode,
  Stack,
  Text,
  Toggle,
  type IColumn,
} from "@fluentui/react";
import type { PlannedRow, RowStatus, RowStatusKind } from "../../shared/assignment/bulkPlan";
import { HARMLESS_STATUSES } from "../../shared/assignment/bulkPlan";
import type { BulkAssignmentService } from "../../shared/assignment/webApiAssignment";
import type { DesignerStringKey } from "../../shared/manifest";
import type { Translate } from "../../shared/strings";
import { FilePickerButton } from "../../shared/components/FilePickerButton";
import { useBulkImport, type BulkImportState } from "./useBulkImport";

export interface BulkImportPanelProps {
  readonly service: BulkAssignmentService;
  readonly strings: Translate<DesignerStringKey>;
  readonly onDismiss: () => void;
  /** Called after rows were written, so the list shows the new user counts. */
  readonly onApplied: () => void;
}

const STATUS_KEYS: Readonly<Record<RowStatusKind, DesignerStringKey>> = {
  assign: "importStatusAssign",
  move: "importStatusMove",
  already: "importStatusAlready",
  remove: "importStatusRemove",
  notAssigned: "importStatusNotAssigned",
  unknownUser: "importStatusUnknownUser",
  ambiguousUser: "importStatusAmbiguousUser",
  disabledUser: "importStatusDisabledUser",
  nonInteractiveUser: "importStatusNonInteractiveUser",
  profileMissing: "importStatusProfileMissing",
  duplicateUser: "importStatusDuplicateUser",
};

/** The preview's summary: one line per status that occurs, with its count. */
const COUNT_KEYS: Readonly<Record<RowStatusKind, DesignerStringKey>> = {
  assign: "importCountAssign",
  move: "importCountMove",
  already: "importCountAlready",
  remove: "importCountRemove",
  notAssigned: "importCountNotAssigned",
  unknownUser: "importCountUnknownUser",
  ambiguousUser: "importCountAmbiguousUser",
  disabledUser: "importCountDisabledUser",
  nonInteractiveUser: "importCountNonInteractiveUser",
  profileMissing: "importCountProfileMissing",
  duplicateUser: "importCountDuplicateUser",
};

export function statusLabel(strings: Translate<DesignerStringKey>, status: RowStatus): string {
  if (status.kind === "move") return strings("importStatusMove", status.from.name);
  if (status.kind === "duplicateUser") return strings("importStatusDuplicateUser", status.firstLine);
  return strings(STATUS_KEYS[status.kind]);
}

/** Counts as the rest of the designer shows them (10,000, not 10000); line numbers stay as an editor shows them. */
const count = (n: number) => n.toLocaleString();
const rowKey = (r: PlannedRow) => String(r.row.line);
const ROWS_BOX_STYLE: React.CSSProperties = {
  maxHeight: "max(240px, calc(100vh - 480px))",
  overflowY: "auto",
  position: "relative",
};

const isProblem = (row: PlannedRow) => !HARMLESS_STATUSES.has(row.status.kind);

function downloadUrl(text: string): string | undefined {
  return typeof URL.createObjectURL === "function"
    ? URL.createObjectURL(new Blob([text], { type: "text/csv" }))
    : undefined;
}

export function BulkImportPanel(props: BulkImportPanelProps): React.ReactElement {
  const { strings } = props;
  const bulk = useBulkImport(props.service, props.onApplied);
  const { state } = bulk;
  const busy = state.step === "reading" || state.step === "applying";

  return (
    <Panel
      isOpen
      type={PanelType.medium}
      headerText={strings("importTitle")}
      closeButtonAriaLabel={strings("importClose")}
      onDismiss={busy ? undefined : props.onDismiss}
      isBlocking
    >
      <Stack tokens={{ childrenGap: 12 }}>
        <Text>{strings("importIntro")}</Text>
        <FilePickerButton
          label={strings("importChooseFile")}
          accept=".csv,text/csv"
          disabled={busy}
          onFile={(name, text) => bulk.readFile(name, text)}
        />
        <ImportStep state={state} strings={strings} onApply={() => void bulk.apply()} />
      </Stack>
    </Panel>
  );
}

function ImportStep(props: {
  state: BulkImportState;
  strings: Translate<DesignerStringKey>;
  onApply: () => void;
}): React.ReactElement | null {
  const { state, strings } = props;
  switch (state.step) {
    case "choose":
      return null;
    case "invalid":
      return (
        <MessageBar messageBarType={MessageBarType.error} isMultiline>
          <Text block>{strings("importFileProblems", state.fileName)}</Text>
          <ul>
            {state.problems.map((p) => (
              <li key={p.line}>{p.message}</li>
            ))}
          </ul>
        </MessageBar>
      );
    case "reading":
      return (
        <ProgressIndicator
          label={strings("importReading", state.fileName)}
          description={strings("importReadingProgress", count(state.done), count(state.total))}
          percentComplete={state.total ? state.done / state.total : undefined}
        />
      );
    case "failed":
      return (
        <MessageBar messageBarType={MessageBarType.error} isMultiline>
          {strings("importFailed", state.message)}
        </MessageBar>
      );
    case "preview":
      return <Preview rows={state.plan.rows} plan={state.plan} strings={strings} onApply={props.onApply} />;
    case "applying":
      return (
        <ProgressIndicator
          label={strings("importApplying")}
          description={strings("importApplyingProgress", count(state.done), count(state.total))}
          percentComplete={state.total ? state.done / state.total : 1}
        />
      );
    case "done":
      return <Done state={state} strings={strings} />;
  }
}

function Preview(props: {
  rows: readonly PlannedRow[];
  plan: Extract<BulkImportState, { step: "preview" }>["plan"];
  strings: Translate<DesignerStringKey>;
  onApply: () => void;
}): React.ReactElement {
  const { plan, strings } = props;
  const [problemsOnly, setProblemsOnly] = React.useState(plan.problems > 0);
  const [skipProblems, setSkipProblems] = React.useState(false);
  const shown = React.useMemo(
    () => (problemsOnly ? plan.rows.filter(isProblem) : plan.rows) as PlannedRow[],
    [plan, problemsOnly],
  );
  const columns = React.useMemo<IColumn[]>(
    () => [
      {
        key: "line",
        name: strings("importColumnLine"),
        minWidth: 40,
        maxWidth: 60,
        onRender: (r: PlannedRow) => r.row.line,
      },
      {
        key: "user",
        name: strings("importColumnUser"),
        minWidth: 140,
        isMultiline: true,
        onRender: (r: PlannedRow) => r.user?.fullName ?? r.row.user,
      },
      {
        key: "profile",
        name: strings("importColumnProfile"),
        minWidth: 100,
        onRender: (r: PlannedRow) => r.profile?.name ?? r.row.profile,
      },
      {
        key: "status",
        name: strings("importColumnStatus"),
        minWidth: 140,
        isMultiline: true,
        onRender: (r: PlannedRow) => statusLabel(strings, r.status),
      },
    ],
    [strings],
  );
  const kinds = (Object.keys(plan.counts) as RowStatusKind[]).filter((k) => plan.counts[k] > 0);
  const blocked = plan.changes === 0 || (plan.problems > 0 && !skipProblems);
  return (
    <Stack tokens={{ childrenGap: 12 }}>
      <Text as="h2" variant="large">
        {strings("importPreviewHeading", count(plan.rows.length))}
      </Text>
      <ul aria-label={strings("importSummaryLabel")}>
        {kinds.map((kind) => (
          <li key={kind}>{strings(COUNT_KEYS[kind], count(plan.counts[kind]))}</li>
        ))}
      </ul>
      {plan.changes === 0 && <MessageBar>{strings("importNothingToDo")}</MessageBar>}
      {plan.problems > 0 && (
        <Checkbox
          label={strings("importSkipProblems", count(plan.problems))}
          checked={skipProblems}
          onChange={(_, checked) => setSkipProblems(!!checked)}
        />
      )}
      <Stack horizontal tokens={{ childrenGap: 8 }}>
        <PrimaryButton text={strings("importApply", count(plan.changes))} disabled={blocked} onClick={props.onApply} />
      </Stack>
      <Toggle
        label={strings("importProblemsOnly")}
        inlineLabel
        checked={problemsOnly}
        onChange={(_, checked) => setProblemsOnly(!!checked)}
      />
      {/* The rows scroll in a box of their own, so Apply and the summary stay in view over 10,000 rows; Fluent's
          List finds the box by data-is-scrollable and renders only the rows in view of it. */}
      <div data-is-scrollable="true" style={ROWS_BOX_STYLE}>
        <DetailsList
          ariaLabelForGrid={strings("importRowsLabel")}
          items={shown}
          columns={columns}
          selectionMode={SelectionMode.none}
          layoutMode={DetailsListLayoutMode.justified}
          getKey={rowKey}
          useReducedRowRenderer
        />
      </div>
    </Stack>
  );
}

function Done(props: {
  state: Extract<BulkImportState, { step: "done" }>;
  strings: Translate<DesignerStringKey>;
}): React.ReactElement {
  const { state, strings } = props;
  const href = React.useMemo(() => downloadUrl(state.resultFile), [state.resultFile]);
  React.useEffect(() => () => (href ? URL.revokeObjectURL(href) : undefined), [href]);
  const { applied, failed } = state.result;
  return (
    <Stack tokens={{ childrenGap: 12 }}>
      <MessageBar messageBarType={failed > 0 ? MessageBarType.warning : MessageBarType.success} isMultiline>
        {strings("importDone", count(applied), count(failed))}
      </MessageBar>
      {href && (
        <a href={href} download={state.fileName.replace(/(\.csv)?$/i, ".result.csv")}>
          {strings("importDownload")}
        </a>
      )}
    </Stack>
  );
}
