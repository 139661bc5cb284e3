/**
 * `statecode`/`statuscode`: the state and status reason of a row (Learn: data-platform/define-custom-state-model-
 * transitions, "What is the state model?": for custom tables the states are Active and Inactive, each with at least
 * one status reason). The platform adds them to every table, so they are
 * not columns of our table definitions (the solution writes them as system attributes, Solutions/src/attributes.ts);
 * the local server stores them as system columns, and the product reads them from here.
 */
import type { ChoiceOption } from "./define";

export const StateCode = {
  Active: { value: 0, label: "Active" },
  Inactive: { value: 1, label: "Inactive" },
} as const satisfies Record<string, ChoiceOption>;

export const StatusCode = {
  Active: { value: 1, label: "Active" },
  Inactive: { value: 2, label: "Inactive" },
} as const satisfies Record<string, ChoiceOption>;

export interface StateOption extends ChoiceOption {
  /** The status reason a row gets when only its state is set. */
  readonly defaultStatus: number;
  readonly statuses: readonly ChoiceOption[];
}

/** The states of a custom table and the status reasons valid for each, as the solution ships them. */
export const stateOptions: readonly StateOption[] = [
  { ...StateCode.Active, defaultStatus: StatusCode.Active.value, statuses: [StatusCode.Active] },
  { ...StateCode.Inactive, defaultStatus: StatusCode.Inactive.value, statuses: [StatusCode.Inactive] },
];

export const STATE_COLUMN = "statecode";
export const STATUS_COLUMN = "statuscode";

/** The filter that keeps active rows only, as the solution's views do (`statecode eq 0`). */
export const activeFilter = `${STATE_COLUMN} eq ${StateCode.Active.value}`;

export const stateOption = (state: number): StateOption | undefined => stateOptions.find((s) => s.value === state);

/** The state a status reason belongs to. */
export const stateOfStatus = (status: number): StateOption | undefined =>
  stateOptions.find((s) => s.statuses.some((o) => o.value === status));
