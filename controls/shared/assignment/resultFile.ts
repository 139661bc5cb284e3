/** The downloadable result of an import: the input rows with what the preview said and what happened. */
import type { AssignmentPlan } from "./bulkPlan";
import { describeStatus, WRITING_STATUSES } from "./bulkPlan";
import type { GroupOutcome } from "./applyChangeSets";
import { csvLine } from "./csv";

export const RESULT_COLUMNS = ["line", "user", "profile", "status", "outcome", "message"] as const;

/** `outcomes` is absent for a dry run: every row then says what it would do. */
export function resultCsv(plan: AssignmentPlan, outcomes?: ReadonlyMap<number, GroupOutcome>): string {
  const lines = [csvLine(RESULT_COLUMNS)];
  for (const planned of plan.rows) {
    const { row, status } = planned;
    const outcome = outcomes?.get(row.line);
    const result = !outcomes
      ? "dry run"
      : !WRITING_STATUSES.has(status.kind)
        ? "skipped"
        : outcome === undefined
          ? "not applied"
          : outcome.applied
            ? "applied"
            : "failed";
    const message = outcome && !outcome.applied ? outcome.message : describeStatus(planned);
    lines.push(csvLine([String(row.line), row.user, row.profile, status.kind, result, message]));
  }
  return lines.join("\r\n") + "\r\n";
}
