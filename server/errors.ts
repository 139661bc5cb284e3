/** Errors the server answers in Dataverse's shape: `{"error":{"code":"0x…","message":"…"}}`. */
import { ErrorCodes, InvalidPluginExecutionError, type ErrorKind } from "../handlers/errors";

export class DataverseError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(kind: ErrorKind, message: string, status?: number) {
    super(message);
    this.name = "DataverseError";
    this.code = ErrorCodes[kind].code;
    this.status = status ?? ErrorCodes[kind].status;
  }
}

export interface ErrorBody {
  error: { code: string; message: string };
}

/** Maps anything thrown while serving a request to a status and a body; never leaks a stack trace. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof DataverseError || error instanceof InvalidPluginExecutionError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message } } };
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
