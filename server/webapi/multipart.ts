/** Reads and writes the multipart/mixed bodies of OData $batch (OData 4.0, section 11.7). */
import { DataverseError } from "../errors";

export interface Part {
  /** Header names in lower case; a null-prototype object, because the request chooses the names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface HttpMessage {
  readonly method: string;
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The boundary of a `multipart/mixed` media type; undefined for any other media type or without one. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  const [mediaType, ...parameters] = (contentType ?? "").split(";");
  if (mediaType.trim().toLowerCase() !== "multipart/mixed") return undefined;
  for (const parameter of parameters) {
    const match = /^\s*boundary\s*=\s*("?)([^"]{1,70})\1\s*$/i.exec(parameter);
    if (match) return match[2];
  }
  return undefined;
}

/**
 * Dataverse refuses a $batch body whose last line has no line break: it answers 400 `0x80048d19` "Stream was not
 * readable". A final CRLF, or two other line breaks, is what it reads.
 * Learn: troubleshoot/power-platform/dataverse/dataverse-web-api-and-sdk/web-api-client-errors
 */
export function endsAsDataverseReadsIt(body: string): boolean {
  return body.endsWith("\r\n") || body.endsWith("\n\n");
}

/** Headers, a blank line, then the body; header names in lower case. */
function splitHeaders(text: string): { headers: Record<string, string>; body: string } {
  const normalized = text.replace(/^\r?\n/, "");
  const end = normalized.search(/\r?\n\r?\n/);
  const head = end < 0 ? normalized : normalized.slice(0, end);
  const body = end < 0 ? "" : normalized.slice(end).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = Object.create(null);
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

export function parseMultipart(body: string, boundary: string): Part[] {
  const delimiter = `--${boundary}`;
  const pieces = body.split(delimiter);
  if (pieces.length < 2 || !pieces[pieces.length - 1].startsWith("--")) {
    throw new DataverseError(
      "BadRequestSyntax",
      `The $batch body must be parts separated by '--${boundary}' and end with '--${boundary}--'.`,
    );
  }
  return pieces
    .slice(1, -1)
    .map((piece) => splitHeaders(piece.replace(/\r?\n$/, "")))
    .map(({ headers, body: partBody }) => ({ headers, body: partBody }));
}

/** The application/http message inside a part: request line, headers, body. */
export function parseHttpMessage(text: string): HttpMessage {
  const trimmed = text.replace(/^(\r?\n)+/, "");
  const lineEnd = trimmed.search(/\r?\n/);
  const requestLine = lineEnd < 0 ? trimmed : trimmed.slice(0, lineEnd);
  const match = /^(GET|POST|PATCH|PUT|DELETE) (\S+)(?: HTTP\/1\.[01])?$/.exec(requestLine.trim());
  if (!match) {
    throw new DataverseError(
      "BadRequestSyntax",
      `A $batch part must start with a request line such as 'GET <url> HTTP/1.1', not '${requestLine.slice(0, 200)}'.`,
    );
  }
  const rest = lineEnd < 0 ? "" : trimmed.slice(lineEnd);
  const { headers, body } = rest.trim()
    ? splitHeaders(rest.replace(/^\r?\n/, "\n").replace(/^\n/, ""))
    : { headers: Object.create(null) as Record<string, string>, body: "" };
  return { method: match[1], target: match[2], headers, body: body.trim() };
}

const reasons = new Map<number, string>([
  [200, "OK"],
  [201, "Created"],
  [204, "No Content"],
  [304, "Not Modified"],
  [400, "Bad Request"],
  [401, "Unauthorized"],
  [403, "Forbidden"],
  [404, "Not Found"],
  [405, "Method Not Allowed"],
  [412, "Precondition Failed"],
  [413, "Payload Too Large"],
  [414, "URI Too Long"],
  [415, "Unsupported Media Type"],
  [429, "Too Many Requests"],
  [500, "Internal Server Error"],
]);

export function reasonPhrase(status: number): string {
  return reasons.get(status) ?? "Unknown";
}

export function httpPart(
  status: number,
  headers: Readonly<Record<string, string>>,
  body: string | undefined,
  contentId?: string,
): string {
  const lines = ["Content-Type: application/http", "Content-Transfer-Encoding: binary"];
  if (contentId !== undefined) lines.push(`Content-ID: ${contentId}`);
  lines.push("", `HTTP/1.1 ${status} ${reasonPhrase(status)}`);
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  lines.push("", body ?? "");
  return lines.join("\r\n");
}
