/** Errors the server answers in Dataverse's shape: `{"error":{"code":"0x…","message":"…"}}`. */
import { ErrorCodes, InvalidPluginExecutionError, type ErrorKind } from "../handlers/errors";

export class DataverseError extends Error {
  readonly status: number;
  readonly code: string;
  /** `@Microsoft.PowerApps.CDS.ErrorDetails.<n>` values: the message's parameters, as Dataverse lists them. */
  readonly parameters: readonly string[];

  constructor(kind: ErrorKind, message: string, status?: number, parameters: readonly string[] = []) {
    super(message);
    this.name = "DataverseError";
    this.code = ErrorCodes[kind].code;
    this.status = status ?? ErrorCodes[kind].status;
    this.parameters = parameters;
  }
}

export interface ErrorBody {
  error: { code: string; message: string; [annotation: string]: string };
}

export interface ErrorResponseOptions {
  /**
   * With `Prefer: odata.include-annotations="*"` Dataverse adds `@Microsoft.PowerApps.CDS.*` details to the error.
   * Learn: webapi/compose-http-requests-handle-errors ("Include additional details with errors").
   */
  readonly details?: boolean;
}

/** Maps anything thrown while serving a request to a status and a body; never leaks a stack trace. */
export function toErrorResponse(
  error: unknown,
  options: ErrorResponseOptions = {},
): { status: number; body: ErrorBody } {
  if (error instanceof DataverseError || error instanceof InvalidPluginExecutionError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (options.details) Object.assign(body.error, errorDetails(error));
    return { status: error.status, body };
  }
  return {
    status: 500,
    body: {
      error: {
        code: "0x80040216",
        message: "An unexpected error occurred on the server. See the server log for details.",
      },
    },
  };
}

const CDS = "@Microsoft.PowerApps.CDS";

function errorDetails(error: DataverseError | InvalidPluginExecutionError): Record<string, string> {
  const details: Record<string, string> = {};
  if (error instanceof DataverseError) error.parameters.forEach((p, i) => (details[`${CDS}.ErrorDetails.${i}`] = p));
  details[`${CDS}.ErrorDetails.OperationStatus`] = "0";
  // A plugin's exception carries .NET's generic SubErrorCode; platform errors repeat their own code.
  details[`${CDS}.ErrorDetails.SubErrorCode`] =
    error instanceof InvalidPluginExecutionError ? "-2146233088" : String(signed(error.code));
  if (error.code) {
    details[`${CDS}.HelpLink`] =
      `http://go.microsoft.com/fwlink/?LinkID=398563&error=Microsoft.Crm.CrmException%3a${error.code.replace(/^0x/, "")}&client=platform`;
  }
  return details;
}

/** `0x80040217` as the signed 32-bit number Dataverse's SubErrorCode shows (-2147220969). */
function signed(code: string): number {
  return code ? Number(code) | 0 : 0;
}
