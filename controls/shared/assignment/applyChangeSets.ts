/**
 * Applies packed change sets one after another, with progress. A change set is all or nothing, so when the server
 * refuses one operation (it names the part by Content-ID), that row is marked failed and the rest of its change set is
 * sent again without it: one bad row never costs the other 999. Never more than one change set in flight, so an
 * import never competes with itself for the service protection limits.
 */
import type { AssignmentOperation, ChangeSet, OperationGroup } from "./changeSets";

export type ChangeSetOutcome =
  | { readonly ok: true }
  /** `failedOperation`: the index (in the operations sent) of the part the server refused, when it said. */
  | { readonly ok: false; readonly message: string; readonly failedOperation?: number };

export interface ChangeSetWriter {
  write(operations: readonly AssignmentOperation[]): Promise<ChangeSetOutcome>;
}

export type GroupOutcome = { readonly applied: true } | { readonly applied: false; readonly message: string };

export interface ApplyProgress {
  readonly done: number;
  readonly total: number;
  readonly failed: number;
}

export interface ApplyResult {
  /** By CSV line (or list position). */
  readonly outcomes: ReadonlyMap<number, GroupOutcome>;
  readonly applied: number;
  readonly failed: number;
}

/** After this many refusals in one change set the rest of it is reported, not retried (a systemic problem). */
export const MAX_RETRIES_PER_CHANGE_SET = 10;

export async function applyChangeSets(
  sets: readonly ChangeSet[],
  writer: ChangeSetWriter,
  onProgress: (progress: ApplyProgress) => void = () => {},
): Promise<ApplyResult> {
  const outcomes = new Map<number, GroupOutcome>();
  const total = sets.reduce((n, s) => n + s.groups.length, 0);
  let done = 0;
  let failed = 0;
  for (const set of sets) {
    let pending: OperationGroup[] = [...set.groups];
    for (let attempt = 0; pending.length > 0; attempt++) {
      const operations = pending.flatMap((g) => g.operations);
      const outcome = await writeSafely(writer, operations);
      if (outcome.ok) {
        for (const group of pending) outcomes.set(group.line, { applied: true });
        break;
      }
      const culprit = groupAt(pending, outcome.failedOperation);
      if (!culprit || attempt >= MAX_RETRIES_PER_CHANGE_SET) {
        for (const group of pending) outcomes.set(group.line, { applied: false, message: outcome.message });
        failed += pending.length;
        break;
      }
      outcomes.set(culprit.line, { applied: false, message: outcome.message });
      failed++;
      pending = pending.filter((g) => g !== culprit);
    }
    done += set.groups.length;
    onProgress({ done, total, failed });
  }
  return { outcomes, applied: done - failed, failed };
}

/** A network failure or a thrown error is an outcome for the whole change set, never an unhandled rejection. */
async function writeSafely(
  writer: ChangeSetWriter,
  operations: readonly AssignmentOperation[],
): Promise<ChangeSetOutcome> {
  try {
    return await writer.write(operations);
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

function groupAt(groups: readonly OperationGroup[], operationIndex: number | undefined) {
  if (operationIndex === undefined || operationIndex < 0) return undefined;
  let seen = 0;
  for (const group of groups) {
    seen += group.operations.length;
    if (operationIndex < seen) return group;
  }
  return undefined;
}
