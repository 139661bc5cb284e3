/**
 * The bulk assignment over the Web API: rows read with `Prefer: odata.maxpagesize` and `@odata.nextLink`
 * (Learn: webapi/query/page-results), and each change set sent as one `$batch` with one change set of `$ref`
 * associate/disassociate requests (Learn: webapi/associate-disassociate-entities-using-web-api). The same code runs
 * in the designer (same-origin fetch) and in `npm run assign` (a bearer token).
 */
import { AppProfile, AppProfileSystemUser, SystemUser } from "../../../schema/model";
import type { BatchRequest } from "../data/batch";
import { sendBatch, sendJson, webApiRoot, type WebApiFailure, type WebApiFetch } from "../data/webApiFetch";
import { retryThrottled } from "../portability/retryThrottled";
import type { ChangeSetOutcome, ChangeSetWriter } from "./applyChangeSets";
import type { AssignmentOperation } from "./changeSets";
import type { DirectoryProfile, DirectoryUser } from "./bulkPlan";
import type { AssignmentCsvRow } from "./csv";
import { readDirectory, type JsonRowReader } from "./directory";

const PAGE_SIZE = 5000;

/** Reads every page of a query; the next link is absolute, so its part after the Web API root is sent again. */
export function webApiRowReader(send: WebApiFetch, clientUrl = ""): JsonRowReader {
  const root = webApiRoot(clientUrl);
  return {
    async readAll(path) {
      const rows: Record<string, unknown>[] = [];
      let next: string | undefined = path;
      while (next !== undefined) {
        const answer = await sendJson(send, "GET", next, {
          headers: { Prefer: `odata.maxpagesize=${PAGE_SIZE}` },
        });
        const value = answer.body.value;
        if (Array.isArray(value)) rows.push(...(value as Record<string, unknown>[]));
        const link = answer.body["@odata.nextLink"];
        next = typeof link === "string" ? relativeTo(link, root) : undefined;
      }
      return rows;
    },
  };
}

function relativeTo(link: string, root: string): string {
  const at = link.indexOf(root);
  if (at >= 0) return link.slice(at + root.length);
  const path = link.indexOf("/api/data/v9.2/");
  if (path < 0) throw new Error(`The server's next page link '${link}' is not under ${root}.`);
  return link.slice(path + "/api/data/v9.2/".length);
}

/** `$ref` requests: absolute URLs, as a $batch part's URL and `@odata.id` are written. */
export function assignmentRequest(operation: AssignmentOperation, root: string): BatchRequest {
  const navigation = AppProfileSystemUser.entity1NavigationProperty;
  const profile = `${root}${AppProfile.entitySetName}(${operation.profileId})/${navigation}`;
  return operation.kind === "associate"
    ? {
        method: "POST",
        url: `${profile}/$ref`,
        body: { "@odata.id": `${root}${SystemUser.entitySetName}(${operation.userId})` },
      }
    : { method: "DELETE", url: `${profile}(${operation.userId})/$ref` };
}

/** One sentence for a failed request: the server's own message, or what happened. */
export function describeFailure(failure: WebApiFailure | Error | undefined): string {
  if (failure instanceof Error) return failure.message;
  const error = failure?.error as { message?: unknown } | undefined;
  if (typeof error?.message === "string" && error.message) return error.message;
  return failure ? `The server answered ${failure.status}.` : "The server did not answer.";
}

export function webApiChangeSetWriter(send: WebApiFetch, clientUrl = ""): ChangeSetWriter {
  const root = webApiRoot(clientUrl);
  return {
    async write(operations): Promise<ChangeSetOutcome> {
      try {
        await sendBatch(send, [{ changeSet: operations.map((o) => assignmentRequest(o, root)) }]);
        return { ok: true };
      } catch (error) {
        const failures = (Array.isArray(error) ? error : [error]) as WebApiFailure[];
        const first = failures[0];
        const contentId = Number(first?.contentId);
        return {
          ok: false,
          message: describeFailure(first),
          ...(Number.isInteger(contentId) && contentId >= 1 ? { failedOperation: contentId - 1 } : {}),
        };
      }
    },
  };
}

/** What the designer's import needs from the environment: the directory reads and the change-set writer. */
export interface BulkAssignmentService {
  readDirectory(
    rows: readonly AssignmentCsvRow[],
    onProgress: (done: number, total: number) => void,
  ): Promise<{ users: DirectoryUser[]; profiles: DirectoryProfile[] }>;
  readonly writer: ChangeSetWriter;
}

/** A 429 (service protection) is waited out and sent again, as Learn: data-platform/api-limits asks. */
export function webApiBulkAssignment(unthrottled: WebApiFetch, clientUrl = ""): BulkAssignmentService {
  const send = retryThrottled(unthrottled);
  const reader = webApiRowReader(send, clientUrl);
  return {
    readDirectory: (rows, onProgress) => readDirectory(rows, reader, onProgress),
    writer: webApiChangeSetWriter(send, clientUrl),
  };
}
