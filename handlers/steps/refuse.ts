import { InvalidPluginExecutionError } from "../errors";
import type { RuleProblem } from "../rules";

/** Cancels the operation with the rule's message, naming the column it is about. */
export function refuse(problem: RuleProblem): never {
  throw new InvalidPluginExecutionError(problem.message, { attribute: problem.attribute });
}

export function refuseIf(problem: RuleProblem | undefined): void {
  if (problem) refuse(problem);
}
