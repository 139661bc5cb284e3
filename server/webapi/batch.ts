/**
 * $batch, as Dataverse answers it (Learn: webapi/execute-batch-operations-using-web-api):
 * - the whole body is read and checked before anything runs: a body Dataverse can't read, more than 1,000 requests,
 *   a $batch inside a $batch, a GET in a change set or an unknown `$n` reference fails the batch with nothing run;
 * - requests then run in order; a change set runs in one transaction, so one failing request rolls back all of it;
 * - without `Prefer: odata.continue-on-error`, processing stops at the first failure and the batch answers that
 *   failure's status ("HTTP/1.1 400 BadRequest" in Learn's example), its body holding the responses of the requests
 *   that ran, then the failing one: what earlier requests committed is in the answer. With the preference the batch
 *   answers 200 and every request runs, each failure in its part.
 * The response is spooled (memory, then a temporary file) and streamed, and every part yields to the event loop,
 * so a 1,000-read batch neither fills memory nor stalls other callers.
 */
import { randomUUID } from "node:crypto";
import { DataverseError } from "../errors";
import type { Caller } from "../users";
import { codedError } from "./codedError";
import {
  endsAsDataverseReadsIt,
  httpPart,
  multipartBoundary,
  parseHttpMessage,
  parseMultipart,
  type HttpMessage,
  type Part,
} from "./multipart";
import type { WebApi } from "./service";
import { Spool } from "./spool";
import { entityUrl } from "./target";
import { tableByEntitySet } from "../storage/layout";
import { API_PATH, errorResponse, preferences, type ApiRequest, type ApiResponse } from "./types";

/** Learn: "Batch requests can contain up to 1000 individual requests and can't contain other batch requests." */
export const MAX_BATCH_REQUESTS = 1000;
/** Learn: the URL of a request in a batch may be "up to 64 KB (65,536 characters)". */
export const MAX_PART_URL_LENGTH = 65_536;

interface Operation {
  readonly message: HttpMessage;
  readonly contentId?: string;
}

type Item =
  | { readonly kind: "request"; readonly operation: Operation }
  | { readonly kind: "changeSet"; readonly operations: readonly Operation[] }
  | { readonly kind: "invalid"; readonly response: ApiResponse; readonly contentId?: string };

interface Outcome {
  readonly parts: string[];
  readonly failedStatus?: number;
}

export async function handleBatch(api: WebApi, request: ApiRequest, caller: Caller): Promise<ApiResponse> {
  const contentType = request.headers["content-type"];
  const boundary = multipartBoundary(contentType);
  if (!boundary) throw unsupportedMediaType(contentType);
  const body = request.body ?? "";
  const parts = parseMultipart(body, boundary);
  if (!endsAsDataverseReadsIt(body)) {
    return batchResponse(400, [httpPartOf(errorResponse(streamNotReadable(request, parts, boundary)))]);
  }
  const sets = parts.map((part) => changeSetParts(part));
  const total = sets.reduce((n, inner) => n + (inner ? inner.length : 1), 0);
  if (total > MAX_BATCH_REQUESTS) {
    throw new DataverseError(
      "BadRequestSyntax",
      `This $batch holds ${total} requests; a batch can contain at most ${MAX_BATCH_REQUESTS}. Send the rest in another batch.`,
    );
  }
  const items = parts.map((part, i) => toItem(request, part, sets[i]));
  const continueOnError = preferences(request.headers["prefer"]).has("odata.continue-on-error");
  const invalid = items.find((item) => item.kind === "invalid");
  if (invalid?.kind === "invalid" && !continueOnError) {
    // Nothing ran: the answer is the refused request alone.
    return batchResponse(invalid.response.status, [httpPartOf(invalid.response, invalid.contentId)]);
  }

  const spool = new Spool();
  const batchBoundary = `batchresponse_${randomUUID()}`;
  let failedStatus: number | undefined;
  try {
    for (const item of items) {
      await nextTurn();
      const outcome = await run(api, request, caller, item);
      for (const part of outcome.parts) spool.write(`--${batchBoundary}\r\n${part}\r\n`);
      if (outcome.failedStatus !== undefined && !continueOnError) {
        failedStatus = outcome.failedStatus;
        break;
      }
    }
    spool.write(`--${batchBoundary}--\r\n`);
  } catch (error) {
    spool.discard();
    throw error;
  }
  return {
    status: failedStatus ?? 200,
    headers: { "Content-Type": `multipart/mixed; boundary=${batchBoundary}`, "OData-Version": "4.0" },
    stream: spool.read(),
  };
}

/** Lets other requests in between two parts of a long batch. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function run(api: WebApi, outer: ApiRequest, caller: Caller, item: Item): Promise<Outcome> {
  if (item.kind === "invalid") {
    return { parts: [httpPartOf(item.response, item.contentId)], failedStatus: item.response.status };
  }
  if (item.kind === "request") {
    const { message } = item.operation;
    const response = await api.handle(toRequest(outer, message, new Map()), caller, "own");
    return { parts: [partFor(message, response)], failedStatus: response.status >= 400 ? response.status : undefined };
  }
  try {
    const responses = await api.inTransaction(() => runChangeSet(api, outer, caller, item.operations));
    const changeSet = `changesetresponse_${randomUUID()}`;
    const body = responses.map((part) => `--${changeSet}\r\n${part}\r\n`).join("");
    return { parts: [`Content-Type: multipart/mixed; boundary=${changeSet}\r\n\r\n${body}--${changeSet}--`] };
  } catch (error) {
    // A failed change set answers its failing request alone (everything in it was rolled back), as Dataverse does.
    const failed = error instanceof ChangeSetFailed ? error : new ChangeSetFailed(errorResponse(error), undefined);
    return { parts: [httpPartOf(failed.response, failed.contentId)], failedStatus: failed.response.status };
  }
}

class ChangeSetFailed extends Error {
  constructor(
    readonly response: ApiResponse,
    readonly contentId: string | undefined,
  ) {
    super("change set failed");
  }
}

async function runChangeSet(api: WebApi, outer: ApiRequest, caller: Caller, operations: readonly Operation[]) {
  const entityIds = new Map<string, string>();
  const parts: string[] = [];
  for (const { message, contentId } of operations) {
    await nextTurn();
    let response: ApiResponse;
    try {
      response = await api.handle(toRequest(outer, message, entityIds), caller, "outer");
    } catch (error) {
      throw new ChangeSetFailed(errorResponse(error), contentId);
    }
    if (response.status >= 400) throw new ChangeSetFailed(response, contentId);
    const entityId = createdEntityUrl(outer, response);
    if (contentId !== undefined && entityId) entityIds.set(contentId, entityId);
    parts.push(partFor(message, response, contentId));
  }
  return parts;
}

/**
 * The URL of the record a change set request created, for later `$n` references: its OData-EntityId (or Location);
 * a create with `Prefer: return=representation` has neither (Dataverse omits OData-EntityId there), so the row's
 * primary id in the representation, under the entity set its `@odata.context` names.
 * Learn: webapi/execute-batch-operations-using-web-api, webapi/create-entity-web-api
 */
function createdEntityUrl(outer: ApiRequest, response: ApiResponse): string | undefined {
  const header = response.headers["OData-EntityId"] ?? response.headers["Location"];
  if (header) return header;
  if (response.status !== 201 || response.body === undefined) return undefined;
  let row: Record<string, unknown>;
  try {
    row = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const context = typeof row["@odata.context"] === "string" ? row["@odata.context"] : "";
  const table = tableByEntitySet(/\$metadata#([^(/]+)/.exec(context)?.[1] ?? "");
  const id = table && row[table.primaryIdAttribute];
  return table && typeof id === "string" ? entityUrl(serviceRoot(outer), table, id) : undefined;
}

/** The part's inner parts when it is a change set (its own multipart/mixed body), else undefined. */
function changeSetParts(part: Part): Part[] | undefined {
  const boundary = multipartBoundary(part.headers["content-type"]);
  return boundary === undefined ? undefined : parseMultipart(part.body, boundary);
}

/** Checks one top-level part without running it. */
function toItem(outer: ApiRequest, part: Part, inner: Part[] | undefined): Item {
  if (!inner) {
    const checked = checkOperation(outer, part, { inChangeSet: false, declared: new Set() });
    return "response" in checked ? { kind: "invalid", ...checked } : { kind: "request", operation: checked };
  }
  const declared = new Set<string>();
  const operations: Operation[] = [];
  for (const innerPart of inner) {
    const checked = checkOperation(outer, innerPart, { inChangeSet: true, declared });
    if ("response" in checked) return { kind: "invalid", ...checked };
    operations.push(checked);
    if (checked.contentId !== undefined) declared.add(checked.contentId);
  }
  return { kind: "changeSet", operations };
}

function checkOperation(
  outer: ApiRequest,
  part: Part,
  context: { inChangeSet: boolean; declared: ReadonlySet<string> },
): Operation | { response: ApiResponse; contentId?: string } {
  const contentId = part.headers["content-id"];
  const refuse = (error: DataverseError) => ({ response: errorResponse(error), contentId });
  if (multipartBoundary(part.headers["content-type"])) {
    return refuse(
      new DataverseError("BadRequestSyntax", "A change set can't contain another change set or batch; flatten it."),
    );
  }
  let message: HttpMessage;
  try {
    message = parseHttpMessage(part.body);
  } catch (error) {
    return { response: errorResponse(error), contentId };
  }
  if (message.target.length > MAX_PART_URL_LENGTH) {
    return refuse(
      new DataverseError(
        "BadRequestSyntax",
        `The URL of a request in a $batch can be at most ${MAX_PART_URL_LENGTH} characters; this one has ${message.target.length}.`,
        414,
      ),
    );
  }
  if (context.inChangeSet && contentId !== undefined && context.declared.has(contentId)) {
    return refuse(new DataverseError("BadRequestSyntax", `Content-ID '${contentId}' is used twice in one change set.`));
  }
  if (isNestedBatch(outer, message.target)) {
    return refuse(
      new DataverseError(
        "BadRequestSyntax",
        "A $batch can't contain another $batch request; send the inner batch's requests as parts of this one.",
      ),
    );
  }
  if (context.inChangeSet && message.method === "GET") {
    return refuse(
      new DataverseError(
        "BadRequestSyntax",
        "A change set can't contain a GET request; put it outside the change set.",
      ),
    );
  }
  const reference = /^\$([^/?]+)/.exec(message.target);
  if (reference && !context.declared.has(reference[1])) {
    // Learn's wording for this refusal: "Content-ID Reference: '$1' does not exist in the batch context."
    return refuse(
      new DataverseError(
        "BadRequestSyntax",
        `Content-ID Reference: '$${reference[1]}' does not exist in the batch context. Refer only to the Content-ID of an earlier request in the same change set.`,
      ),
    );
  }
  if (!reference && !parsableUrl(outer, message.target)) {
    return refuse(new DataverseError("BadRequestSyntax", `'${message.target.slice(0, 200)}' is not a valid URL.`));
  }
  return { message, contentId };
}

function serviceRoot(outer: ApiRequest): URL {
  return new URL(API_PATH, outer.url);
}

function parsableUrl(outer: ApiRequest, target: string): URL | undefined {
  try {
    return new URL(target, serviceRoot(outer));
  } catch {
    return undefined;
  }
}

function isNestedBatch(outer: ApiRequest, target: string): boolean {
  const url = target.startsWith("$") ? undefined : parsableUrl(outer, target);
  const path = url ? safeDecode(url.pathname) : target;
  return /(^|\/)\$batch(\/|$)/i.test(path);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Turns a part into a request: absolute, root-relative or service-relative URLs, and `$n` change set references. */
function toRequest(outer: ApiRequest, message: HttpMessage, entityIds: ReadonlyMap<string, string>): ApiRequest {
  let target = message.target;
  const reference = /^\$([^/?]+)(.*)$/.exec(target);
  if (reference) {
    const entityUrl = entityIds.get(reference[1]);
    if (!entityUrl) {
      throw new DataverseError(
        "BadRequestSyntax",
        `Content-ID Reference: '$${reference[1]}' does not exist in the batch context: the request with that Content-ID created no record.`,
      );
    }
    target = entityUrl + reference[2];
  }
  const url = new URL(target, serviceRoot(outer));
  return { method: message.method, url, headers: message.headers, body: message.body };
}

/**
 * A request's response as a batch part, with the headers Dataverse puts there: `Location` next to
 * `OData-EntityId`, and `odata.streaming=true` on the JSON of a GET.
 */
function partFor(message: HttpMessage, response: ApiResponse, contentId?: string): string {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (name === "OData-EntityId" && response.headers["Location"] === undefined) headers["Location"] = value;
    headers[name] =
      name === "Content-Type" && message.method === "GET" && response.status < 300 ? streaming(value) : value;
  }
  return httpPart(response.status, headers, response.body, contentId);
}

function streaming(contentType: string): string {
  return /^application\/json;.*odata\.metadata=/i.test(contentType) && !/odata\.streaming=/i.test(contentType)
    ? `${contentType}; odata.streaming=true`
    : contentType;
}

function httpPartOf(response: ApiResponse, contentId?: string): string {
  return httpPart(response.status, response.headers, response.body, contentId);
}

/** A batch answer built in memory: only for answers of one part (a refusal before anything ran). */
function batchResponse(status: number, parts: readonly string[]): ApiResponse {
  const boundary = `batchresponse_${randomUUID()}`;
  const body = `${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join("")}--${boundary}--\r\n`;
  return {
    status,
    headers: { "Content-Type": `multipart/mixed; boundary=${boundary}`, "OData-Version": "4.0" },
    body,
  };
}

/**
 * Learn (Dataverse's answer to any other media type isn't documented; 415 is HTTP's and the issue's): the request
 * "must have a Content-Type header with a value set to multipart/mixed with a boundary".
 */
function unsupportedMediaType(contentType: string | undefined): DataverseError {
  return codedError(
    "0x80048d19",
    415,
    `A $batch request must have 'Content-Type: multipart/mixed; boundary=batch_<unique identifier>', not '${(contentType ?? "").slice(0, 200)}'.`,
  );
}

/** Dataverse's answer to a body whose last line has no line break (Learn: web-api-client-errors). */
function streamNotReadable(outer: ApiRequest, parts: readonly Part[], boundary: string): DataverseError {
  const last = parts[parts.length - 1];
  let entity = "";
  try {
    const target = last ? parseHttpMessage(last.body).target : "";
    entity = new URL(target, serviceRoot(outer)).pathname.slice(API_PATH.length).split(/[(/]/)[0];
  } catch {
    entity = "";
  }
  return codedError(
    "0x80048d19",
    400,
    `Error identified in Payload provided by the user for Entity :'${entity}' ---->  InnerException : System.ArgumentException: Stream was not readable. End every line of the $batch body with CRLF, including the last one after '--${boundary}--'.`,
  );
}
