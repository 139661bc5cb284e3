/** A DataverseError with a documented code that the shared ErrorCodes table doesn't name. */
import { DataverseError } from "../errors";

export function codedError(code: string, status: number, message: string): DataverseError {
  const error = new DataverseError("BadRequestSyntax", message, status);
  (error as { code: string }).code = code;
  return error;
}

/**
 * A write that waited too long for the one before it: Dataverse's SQL timeout, `0x80044151` (SqlTimeoutError, a
 * transient fault clients retry). Learn: data-platform/troubleshoot-plug-in ("Sql error: Execution Timeout Expired").
 */
export function sqlTimeout(waitedMs: number): DataverseError {
  return codedError(
    "0x80044151",
    500,
    `Sql error: 'Execution Timeout Expired.  The timeout period elapsed prior to completion of the operation or the server is not responding.' Another write held the database for more than ${waitedMs} ms; nothing of this request was saved. Try again.`,
  );
}
