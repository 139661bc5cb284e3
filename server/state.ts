/**
 * `statecode`/`statuscode` on writes, as Dataverse's Web API treats them:
 * - a row is always created Active: `statecode` is not valid for create (the solution's and Dataverse's exports say
 *   `ValidForCreateApi` 0 for statecode, 1 for statuscode), so a create's status reason must be an Active one;
 * - an update that sets `statecode` without `statuscode` gets that state's default status reason (Learn:
 *   webapi/update-delete-entities-using-web-api, "pair statecode with the desired statuscode");
 * - a status reason that does not belong to the state is refused with 0x80048408, "<n> is not a valid status code
 *   for state code <table>State.<State> on <table> with Id <id>." (the platform's answer, recorded live).
 */
import { STATE_COLUMN, STATUS_COLUMN, StateCode, stateOption, stateOptions, type AnyTable } from "../schema";
import { DataverseError } from "./errors";
import type { RawRow } from "./storage/rows";

export const stateProperties: ReadonlySet<string> = new Set([STATE_COLUMN, STATUS_COLUMN]);

/** Dataverse's InvalidStateCodeStatusCode. */
class InvalidStateError extends DataverseError {
  override readonly code = "0x80048408";
  constructor(message: string) {
    super("InvalidArgument", message, 400);
  }
}

/** Type and range of a `statecode`/`statuscode` value in a body, as body.ts checks any choice. */
export function checkStateValue(table: AnyTable, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new DataverseError(
      "InvalidProperty",
      `Cannot convert the literal '${JSON.stringify(value)}' to the expected type 'Edm.Int32' of the property '${name}'.`,
    );
  }
  const options =
    name === STATE_COLUMN ? stateOptions : stateOptions.flatMap((s) => s.statuses.map((o) => ({ ...o, state: s })));
  if (!options.some((o) => o.value === value)) {
    const accepted = options.map((o) => `${o.value} (${o.label})`).join(", ");
    throw new DataverseError(
      "ValidationFailed",
      `A validation error occurred. The value ${value} of the '${name}' attribute of the '${table.logicalName}' ` +
        `entity is outside the valid range. Accepted values: ${accepted}.`,
    );
  }
  return value;
}

function checkPair(table: AnyTable, id: string, state: number, status: number): void {
  const option = stateOption(state);
  if (option?.statuses.some((s) => s.value === status)) return;
  const valid = option?.statuses.map((s) => s.value).join(" or ") ?? "";
  throw new InvalidStateError(
    `${status} is not a valid status code for state code ${table.logicalName}State.${option?.label ?? state} on ` +
      `${table.logicalName} with Id ${id}. Send statuscode ${valid} with statecode ${state}.`,
  );
}

/** A create's attributes: Active, with the default Active status reason unless a valid one is given. */
export function createState(table: AnyTable, id: string, attributes: RawRow): RawRow {
  const state = StateCode.Active.value;
  const status = typeof attributes[STATUS_COLUMN] === "number" ? attributes[STATUS_COLUMN] : undefined;
  if (status !== undefined) checkPair(table, id, state, status);
  return { ...attributes, [STATE_COLUMN]: state, [STATUS_COLUMN]: status ?? stateOption(state)!.defaultStatus };
}

/** An update's attributes: a state without a status gets the state's default; the pair must match. */
export function updateState(table: AnyTable, id: string, attributes: RawRow, current: RawRow): RawRow {
  const hasState = typeof attributes[STATE_COLUMN] === "number";
  const hasStatus = typeof attributes[STATUS_COLUMN] === "number";
  if (!hasState && !hasStatus) return attributes;
  const state = (hasState ? attributes[STATE_COLUMN] : current[STATE_COLUMN]) as number;
  const status = hasStatus ? (attributes[STATUS_COLUMN] as number) : stateOption(state)!.defaultStatus;
  checkPair(table, id, state, status);
  return { ...attributes, [STATE_COLUMN]: state, [STATUS_COLUMN]: status };
}
