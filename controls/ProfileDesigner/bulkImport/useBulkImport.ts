/**
 * The import's steps as one state: read the file, read the users and profiles it names, preview, apply with
 * progress, and the result. Nothing is written before `apply`; a later step never runs on a stale earlier one
 * (choosing another file while reading drops the old read).
 */
import * as React from "react";
import { applyChangeSets, type ApplyResult } from "../../shared/assignment/applyChangeSets";
import { planAssignments, type AssignmentPlan } from "../../shared/assignment/bulkPlan";
import { groupsFromPlan, packChangeSets } from "../../shared/assignment/changeSets";
import { parseAssignmentCsv, type CsvProblem } from "../../shared/assignment/csv";
import { resultCsv } from "../../shared/assignment/resultFile";
import type { BulkAssignmentService } from "../../shared/assignment/webApiAssignment";

export type BulkImportState =
  | { readonly step: "choose" }
  | { readonly step: "invalid"; readonly fileName: string; readonly problems: readonly CsvProblem[] }
  | { readonly step: "reading"; readonly fileName: string; readonly done: number; readonly total: number }
  | { readonly step: "preview"; readonly fileName: string; readonly plan: AssignmentPlan }
  | {
      readonly step: "applying";
      readonly fileName: string;
      readonly plan: AssignmentPlan;
      readonly done: number;
      readonly total: number;
    }
  | {
      readonly step: "done";
      readonly fileName: string;
      readonly plan: AssignmentPlan;
      readonly result: ApplyResult;
      readonly resultFile: string;
    }
  | { readonly step: "failed"; readonly fileName: string; readonly message: string };

export interface BulkImport {
  readonly state: BulkImportState;
  readFile(fileName: string, text: string): Promise<void>;
  apply(): Promise<void>;
  reset(): void;
}

const messageOf = (e: unknown) =>
  e instanceof Error ? e.message : (((e as { error?: { message?: string } })?.error?.message ?? String(e)) as string);

export function useBulkImport(service: BulkAssignmentService, onApplied: () => void): BulkImport {
  const [state, setState] = React.useState<BulkImportState>({ step: "choose" });
  const generation = React.useRef(0);

  const readFile = React.useCallback(
    async (fileName: string, text: string) => {
      const mine = ++generation.current;
      const parsed = parseAssignmentCsv(text);
      if (!parsed.ok) {
        setState({ step: "invalid", fileName, problems: parsed.problems });
        return;
      }
      setState({ step: "reading", fileName, done: 0, total: 1 });
      try {
        const directory = await service.readDirectory(parsed.rows, (done, total) => {
          if (generation.current === mine) setState({ step: "reading", fileName, done, total });
        });
        if (generation.current !== mine) return;
        setState({
          step: "preview",
          fileName,
          plan: planAssignments(parsed.rows, directory.users, directory.profiles),
        });
      } catch (e) {
        if (generation.current === mine) setState({ step: "failed", fileName, message: messageOf(e) });
      }
    },
    [service],
  );

  const apply = React.useCallback(async () => {
    if (state.step !== "preview") return;
    const { fileName, plan } = state;
    const sets = packChangeSets(groupsFromPlan(plan));
    const total = sets.reduce((n, s) => n + s.groups.length, 0);
    setState({ step: "applying", fileName, plan, done: 0, total });
    const result = await applyChangeSets(sets, service.writer, (p) =>
      setState({ step: "applying", fileName, plan, done: p.done, total: p.total }),
    );
    setState({ step: "done", fileName, plan, result, resultFile: resultCsv(plan, result.outcomes) });
    if (result.applied > 0) onApplied();
  }, [state, service, onApplied]);

  const reset = React.useCallback(() => {
    generation.current++;
    setState({ step: "choose" });
  }, []);

  return { state, readFile, apply, reset };
}
