/**
 * The New profile pane's state. The unique name follows the name (suggested) until the admin types in it; leaving
 * it empty hands it back to the suggestion. Messages come from the handlers' own rules, so they match the server's.
 */
import { AppChoice } from "../../schema/model";
import {
  uniqueNameTakenProblem,
  validateAppChoice,
  validateProfileDescription,
  validateProfileName,
  validateUniqueName,
  suggestUniqueName,
} from "../../handlers/rules";
import type { NewProfile } from "../shared/data/model";

export type NewProfileField = keyof NewProfile;

export interface NewProfileState {
  readonly values: NewProfile;
  readonly uniqueNameEdited: boolean;
  /** Fields the admin has left or that a Create attempt checked; required-field messages wait for these. */
  readonly touched: ReadonlySet<NewProfileField>;
  /** Messages the handlers or the server gave on Create, by field, until the field changes. */
  readonly refused: Partial<Record<NewProfileField, string>>;
}

export interface NewProfileContext {
  /** Unique names already used (compared ignoring case). */
  readonly takenUniqueNames: readonly string[];
  readonly chatLicenseAvailable: boolean;
  /** The prefix suggestions use; the handlers' default when absent. */
  readonly prefix?: string;
}

export function initialNewProfile(): NewProfileState {
  return {
    values: {
      apm_name: "",
      apm_uniquename: "",
      apm_description: "",
      apm_app: AppChoice.CustomerServiceWorkspace.value,
    },
    uniqueNameEdited: false,
    touched: new Set(),
    refused: {},
  };
}

export type NewProfileAction =
  | { type: "change"; field: NewProfileField; value: string | number; context: NewProfileContext }
  | { type: "touch"; field: NewProfileField; context: NewProfileContext }
  | { type: "touchAll" }
  | { type: "refused"; field: NewProfileField; message: string };

export function newProfileReducer(state: NewProfileState, action: NewProfileAction): NewProfileState {
  switch (action.type) {
    case "change": {
      const values = { ...state.values, [action.field]: action.value } as NewProfile;
      const refused = { ...state.refused, [action.field]: undefined };
      if (action.field === "apm_uniquename") return { ...state, values, uniqueNameEdited: true, refused };
      if (action.field === "apm_name" && !state.uniqueNameEdited) {
        const uniqueName = suggestion(String(action.value), action.context);
        return {
          ...state,
          values: { ...values, apm_uniquename: uniqueName },
          refused: { ...refused, apm_uniquename: undefined },
        };
      }
      return { ...state, values, refused };
    }
    case "touch": {
      const touched = new Set([...state.touched, action.field]);
      if (action.field === "apm_uniquename" && state.values.apm_uniquename === "") {
        const uniqueName = suggestion(state.values.apm_name, action.context);
        return { ...state, touched, uniqueNameEdited: false, values: { ...state.values, apm_uniquename: uniqueName } };
      }
      return { ...state, touched };
    }
    case "touchAll":
      return { ...state, touched: new Set(["apm_name", "apm_uniquename", "apm_description", "apm_app"]) };
    case "refused":
      return { ...state, refused: { ...state.refused, [action.field]: action.message } };
  }
}

function suggestion(name: string, context: NewProfileContext): string {
  return name.trim() === "" ? "" : suggestUniqueName(name, context.prefix, context.takenUniqueNames);
}

/** Every rule's message, by field. The unique name is checked as soon as it has a value (live, as the admin types). */
export function newProfileErrors(
  state: NewProfileState,
  context: NewProfileContext,
): Partial<Record<NewProfileField, string>> {
  const { values, touched } = state;
  const shown = (field: NewProfileField, message: string | undefined) =>
    message !== undefined && (touched.has(field) || (field === "apm_uniquename" && values.apm_uniquename !== ""))
      ? message
      : undefined;
  const taken = context.takenUniqueNames.find((n) => n.toLowerCase() === values.apm_uniquename.toLowerCase());
  const uniqueName =
    validateUniqueName(values.apm_uniquename)?.message ??
    (taken !== undefined ? uniqueNameTakenProblem(values.apm_uniquename, { uniqueName: taken }).message : undefined);
  const errors: Partial<Record<NewProfileField, string>> = {
    apm_name: shown("apm_name", validateProfileName(values.apm_name)?.message),
    apm_uniquename: shown("apm_uniquename", uniqueName),
    apm_description: shown("apm_description", validateProfileDescription(values.apm_description)?.message),
    apm_app: shown("apm_app", validateAppChoice(values.apm_app, context.chatLicenseAvailable)?.message),
  };
  for (const [field, message] of Object.entries(state.refused) as [NewProfileField, string | undefined][]) {
    if (message && !errors[field]) errors[field] = message;
  }
  return errors;
}

export function hasErrors(errors: Partial<Record<string, string | undefined>>): boolean {
  return Object.values(errors).some((m) => m !== undefined);
}

/** The prefix most custom profiles use, so suggestions match the organization's habit. */
export function commonPrefix(uniqueNames: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const name of uniqueNames) {
    const prefix = name.split("_")[0];
    if (prefix && !validateUniqueName(name)) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [prefix, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = prefix;
  return best;
}
