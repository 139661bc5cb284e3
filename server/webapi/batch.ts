/**
 * $batch: requests run in order; a change set runs in one transaction, so one failing request rolls back the
 * whole change set. As in Dataverse, processing stops at the first failure unless `Prefer: odata.continue-on-error`.
 */
import { randomUUID } from "node:crypto";
import { DataverseError } from "../errors";
import type { Caller } from "../users";
import { boundaryOf, httpPart, parseHttpMessage, parseMultipart, type Part } from "./multipart";
import type { WebApi } from "./service";
import { API_PATH, errorResponse, preferences, type ApiRequest, type ApiResponse } from "./types";

const MAX_REQUESTS = 1000;

class ChangeSetFailed extends Error {
  constructor(
    readonly response: ApiResponse,
    readonly contentId: string | undefined,
  ) {
    super("change set failed");
  }
}

export async function handleBatch(api: WebApi, request: ApiRequest, caller: Caller): Promise<ApiResponse> {
  const boundary = boundaryOf(request.headers["content-type"]);
  if (!boundary) {
    throw new DataverseError(
      "BadRequestSyntax",
      "A $batch request needs 'Content-Type: multipart/mixed;boundary=<boundary>'.",
    );
  }
  const parts = parseMultipart(request.body ?? "", boundary);
  const total = parts.reduce((n, p) => n + (boundaryOf(p.headers["content-type"]) ? innerParts(p).length : 1), 0);
  if (total > MAX_REQUESTS) {
    throw new DataverseError(
      "BadRequestSyntax",
      `A $batch can hold at most ${MAX_REQUESTS} requests; this one has ${total}.`,
    );
  }
  const continueOnError = preferences(request.headers["prefer"]).has("odata.continue-on-error");
  const batchBoundary = `batchresponse_${randomUUID()}`;
  const out: string[] = [];

  for (const part of parts) {
    if (boundaryOf(part.headers["content-type"])) {
      const changeSet = `changesetresponse_${randomUUID()}`;
      try {
        const responses = await api.inTransaction(() => runChangeSet(api, request, caller, innerParts(part)));
        const body = responses.map(({ response, contentId }) => `--${changeSet}\r\n${toPart(response, contentId)}`);
        out.push(
          `Content-Type: multipart/mixed; boundary=${changeSet}\r\n\r\n${body.join("\r\n")}\r\n--${changeSet}--`,
        );
      } catch (error) {
        if (!(error instanceof ChangeSetFailed)) throw error;
        out.push(toPart(error.response, error.contentId));
        if (!continueOnError) break;
      }
      continue;
    }
    const response = await api.handle(toRequest(request, parseHttpMessage(part.body), new Map()), caller, "own");
    out.push(toPart(response));
    if (response.status >= 400 && !continueOnError) break;
  }

  const body = `${out.map((p) => `--${batchBoundary}\r\n${p}`).join("\r\n")}\r\n--${batchBoundary}--\r\n`;
  return {
    status: 200,
    headers: { "Content-Type": `multipart/mixed; boundary=${batchBoundary}`, "OData-Version": "4.0" },
    body,
  };
}

function innerParts(part: Part): Part[] {
  return parseMultipart(part.body, boundaryOf(part.headers["content-type"]) as string);
}

async function runChangeSet(api: WebApi, outer: ApiRequest, caller: Caller, parts: Part[]) {
  const entityIds = new Map<string, string>();
  const results: { response: ApiResponse; contentId?: string }[] = [];
  for (const part of parts) {
    const contentId = part.headers["content-id"];
    const message = parseHttpMessage(part.body);
    if (message.method === "GET") {
      throw new ChangeSetFailed(
        errorResponse(
          new DataverseError(
            "BadRequestSyntax",
            "A change set can't contain a GET request; put it outside the change set.",
          ),
        ),
        contentId,
      );
    }
    const response = await api.handle(toRequest(outer, message, entityIds), caller, "outer");
    if (response.status >= 400) throw new ChangeSetFailed(response, contentId);
    if (contentId && response.headers["OData-EntityId"]) entityIds.set(contentId, response.headers["OData-EntityId"]);
    results.push({ response, contentId });
  }
  return results;
}

/** Turns a part into a request: absolute, root-relative or service-relative URLs, and `$n` change set references. */
function toRequest(
  outer: ApiRequest,
  message: ReturnType<typeof parseHttpMessage>,
  entityIds: Map<string, string>,
): ApiRequest {
  let target = message.target;
  const reference = /^\$([^/?]+)(.*)$/.exec(target);
  if (reference) {
    const entityUrl = entityIds.get(reference[1]);
    if (!entityUrl) {
      throw new DataverseError(
        "BadRequestSyntax",
        `'$${reference[1]}' doesn't refer to an earlier request's Content-ID in this change set.`,
      );
    }
    target = entityUrl + reference[2];
  }
  const base = new URL(API_PATH, outer.url);
  const url = new URL(target, base);
  return { method: message.method, url, headers: message.headers, body: message.body };
}

function toPart(response: ApiResponse, contentId?: string): string {
  return httpPart(response.status, response.headers, response.body, contentId);
}
