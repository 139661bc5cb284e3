/** `$skiptoken` is opaque to clients: the offset of the next page, base64url-encoded. */
import { badRequest } from "./messages";

export const encodeSkipToken = (offset: number): string => Buffer.from(String(offset)).toString("base64url");

export function decodeSkipToken(token: string): number {
  const offset = Number(Buffer.from(token, "base64url").toString());
  // Re-encoding must give the token back: rejects anything we did not write, not just what fails to decode.
  if (!Number.isSafeInteger(offset) || offset <= 0 || encodeSkipToken(offset) !== token) {
    throw badRequest(`The $skiptoken '${token}' is not valid. Follow the @odata.nextLink of the previous page.`);
  }
  return offset;
}
