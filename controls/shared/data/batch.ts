/**
 * A small OData `$batch` writer and reader, in place of a client library (Learn:
 * data-platform/webapi/execute-batch-operations-using-web-api): `multipart/mixed` with CRLF line endings (Dataverse
 * can't read a body that ends without one), each request an `application/http` part, change sets as nested
 * `multipart/mixed` parts whose requests carry a `Content-ID` that later requests of the same change set can name as
 * `$n`. Pure: no I/O, so both halves are unit-tested.
 */

export interface BatchRequest {
  readonly method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Absolute, or `$n` (the record the request with Content-ID n created) followed by a path. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON. */
  readonly body?: unknown;
}

/** A request on its own, or a change set: all or nothing (Learn: "Change sets"). GETs can't be in a change set. */
export type BatchItem = BatchRequest | { readonly changeSet: readonly BatchRequest[] };

export interface BatchResponsePart {
  readonly status: number;
  /** Header names in lower case; a null-prototype object (the server chooses the names). */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body, parsed; undefined when there is none. */
  readonly body: unknown;
  readonly contentId?: string;
}

const CRLF = "\r\n";

function requestPart(request: BatchRequest, contentId?: number): string {
  const head = ["Content-Type: application/http", "Content-Transfer-Encoding: binary"];
  if (contentId !== undefined) head.push(`Content-ID: ${contentId}`);
  const lines = [...head, "", `${request.method} ${request.url} HTTP/1.1`];
  for (const [name, value] of Object.entries(request.headers ?? {})) lines.push(`${name}: ${value}`);
  if (request.body !== undefined) lines.push("Content-Type: application/json; type=entry");
  lines.push("", request.body === undefined ? "" : JSON.stringify(request.body));
  return lines.join(CRLF);
}

/**
 * The body and Content-Type of a batch. Content-IDs are numbered 1, 2, … across the batch (Learn: unique within
 * the batch), in the order the requests are written, so `$1` is the first request of the first change set.
 */
export function buildBatch(
  items: readonly BatchItem[],
  id: string = randomId(),
): { contentType: string; body: string } {
  const batch = `batch_${id}`;
  let contentId = 0;
  const parts = items.map((item, i) => {
    if (!("changeSet" in item)) return requestPart(item);
    const changeSet = `changeset_${id}_${i}`;
    const inner = item.changeSet.map((request) => `--${changeSet}${CRLF}${requestPart(request, ++contentId)}`);
    return [`Content-Type: multipart/mixed; boundary=${changeSet}`, "", ...inner, `--${changeSet}--`].join(CRLF);
  });
  const body = parts.map((part) => `--${batch}${CRLF}${part}${CRLF}`).join("") + `--${batch}--${CRLF}`;
  return { contentType: `multipart/mixed; boundary=${batch}`, body };
}

function randomId(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

/** The boundary of a `multipart/mixed` media type; undefined for any other. */
export function multipartBoundary(contentType: string | null | undefined): string | undefined {
  const [mediaType, ...parameters] = (contentType ?? "").split(";");
  if (mediaType.trim().toLowerCase() !== "multipart/mixed") return undefined;
  for (const parameter of parameters) {
    const match = /^\s*boundary\s*=\s*"?([^";]{1,70})"?\s*$/i.exec(parameter);
    if (match) return match[1];
  }
  return undefined;
}

/** Headers up to the first blank line, then the rest. */
function splitHead(text: string): { headers: Record<string, string>; rest: string } {
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const rest = end < 0 ? "" : text.slice(end).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = Object.create(null);
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, rest };
}

function partsOf(body: string, boundary: string): string[] {
  const pieces = body.split(`--${boundary}`);
  if (pieces.length < 2) throw new Error("The $batch response has no parts.");
  // Before the first delimiter is the preamble, after the closing one (`--` first) the epilogue.
  return pieces
    .slice(1)
    .filter((piece) => !piece.startsWith("--"))
    .map((piece) => piece.replace(/^\r?\n/, ""));
}

function jsonOf(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
}

/** One `application/http` response: status line, headers, body. */
function responseOf(text: string, contentId: string | undefined): BatchResponsePart {
  const { headers: partHeaders, rest } = splitHead(text);
  const message = rest.replace(/^(\r?\n)+/, "");
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(message);
  if (!status) throw new Error("A $batch response part has no HTTP status line.");
  const lineEnd = message.search(/\r?\n/);
  const { headers, rest: body } = splitHead(lineEnd < 0 ? "" : message.slice(lineEnd).replace(/^\r?\n/, ""));
  return { status: Number(status[1]), headers, body: jsonOf(body), contentId: partHeaders["content-id"] ?? contentId };
}

/**
 * The responses of a batch in request order, change sets flattened. A change set that failed answers its failing
 * request alone (Learn: the change set is rolled back), so it gives one part.
 */
export function parseBatchResponse(contentType: string | null | undefined, body: string): BatchResponsePart[] {
  const boundary = multipartBoundary(contentType);
  if (!boundary) throw new Error(`A $batch response must be multipart/mixed, not '${contentType ?? ""}'.`);
  return partsOf(body, boundary).flatMap((part) => {
    const { headers, rest } = splitHead(part);
    const inner = multipartBoundary(headers["content-type"]);
    if (inner === undefined) return [responseOf(part, undefined)];
    return partsOf(rest, inner).map((innerPart) => responseOf(innerPart, undefined));
  });
}
