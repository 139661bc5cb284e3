/** Dataverse's wording for the errors a query can get, so clients see the messages they would from Dataverse. */
import { DataverseError } from "../errors";
import type { EntityModel } from "./model";

export const badRequest = (message: string): DataverseError => new DataverseError("BadRequestSyntax", message);

export const unknownProperty = (model: EntityModel, name: string): DataverseError =>
  badRequest(`Could not find a property named '${name}' on type '${model.typeName}'.`);

export const syntaxError = (position: number, text: string): DataverseError =>
  badRequest(`Syntax error at position ${position} in '${text}'.`);

export const notSupported = (what: string): DataverseError => badRequest(`${what} is not supported.`);

/** Learn: webapi/query/filter-rows "Condition limits": TooManyConditionsInQuery. */
export class TooManyConditionsError extends DataverseError {
  override readonly code: string = "0x8004430C";
}

export const tooManyConditions = (): DataverseError =>
  new TooManyConditionsError(
    "BadRequestSyntax",
    "Number of conditions in query exceeded maximum limit. Use fewer than 500 conditions, for example with Microsoft.Dynamics.CRM.In.",
  );
