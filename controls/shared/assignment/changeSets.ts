/**
 * Bulk writes as $batch change sets of at most 1,000 operations (Dataverse's limit per batch; Learn:
 * webapi/execute-batch-operations-using-web-api, "Batch requests can contain up to 1000 individual requests").
 * A move is two operations (leave the old profile, join the new one) that must stay in one change set so rule 9
 * never sees a half-moved user; each change set is all or nothing.
 */
import type { AssignmentPlan, DirectoryProfileRef } from "./bulkPlan";

export const MAX_OPERATIONS_PER_CHANGE_SET = 1000;

export interface AssignmentOperation {
  readonly kind: "associate" | "disassociate";
  readonly profileId: string;
  readonly userId: string;
}

/** The operations of one CSV row (or one user of a bulk remove or move), applied together. */
export interface OperationGroup {
  /** The CSV line, or the position in the list for a bulk remove or move. */
  readonly line: number;
  readonly operations: readonly AssignmentOperation[];
}

export interface ChangeSet {
  readonly groups: readonly OperationGroup[];
  readonly operationCount: number;
}

export function groupsFromPlan(plan: AssignmentPlan): OperationGroup[] {
  const groups: OperationGroup[] = [];
  for (const { row, status, user, profile } of plan.rows) {
    if (!user || !profile) continue;
    if (status.kind === "assign") {
      groups.push({ line: row.line, operations: [associate(profile.id, user.id)] });
    } else if (status.kind === "remove") {
      groups.push({ line: row.line, operations: [disassociate(profile.id, user.id)] });
    } else if (status.kind === "move") {
      const operations = [disassociate(status.from.id, user.id), associate(profile.id, user.id)];
      groups.push({ line: row.line, operations });
    }
  }
  return groups;
}

/** Bulk remove: the users leave the profile. */
export function removalGroups(profile: DirectoryProfileRef, userIds: readonly string[]): OperationGroup[] {
  return userIds.map((userId, i) => ({ line: i + 1, operations: [disassociate(profile.id, userId)] }));
}

/** Bulk move: the users leave one profile and join another, each in one change set. */
export function moveGroups(
  from: DirectoryProfileRef,
  to: DirectoryProfileRef,
  userIds: readonly string[],
): OperationGroup[] {
  return userIds.map((userId, i) => ({
    line: i + 1,
    operations: [disassociate(from.id, userId), associate(to.id, userId)],
  }));
}

/** Packs groups in order into change sets, never splitting a group. */
export function packChangeSets(
  groups: readonly OperationGroup[],
  maxOperations = MAX_OPERATIONS_PER_CHANGE_SET,
): ChangeSet[] {
  const sets: ChangeSet[] = [];
  let current: OperationGroup[] = [];
  let count = 0;
  for (const group of groups) {
    const size = group.operations.length;
    if (size > maxOperations) throw new RangeError(`A group of ${size} operations can't fit one change set.`);
    if (count + size > maxOperations) {
      sets.push({ groups: current, operationCount: count });
      current = [];
      count = 0;
    }
    current.push(group);
    count += size;
  }
  if (current.length > 0) sets.push({ groups: current, operationCount: count });
  return sets;
}

const associate = (profileId: string, userId: string): AssignmentOperation => ({
  kind: "associate",
  profileId,
  userId,
});
const disassociate = (profileId: string, userId: string): AssignmentOperation => ({
  kind: "disassociate",
  profileId,
  userId,
});
