/**
 * The Web API surface of the local server: it maps each request to a read, a write through the pipeline,
 * a $batch, or a function, and answers the way Dataverse does.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Databases } from "../db";
import { WriteLock, WriteLockTimeout } from "../db";
import { DataverseError } from "../errors";
import { Pipeline } from "../pipeline";
import type { Caller } from "../users";
import { handleBatch } from "./batch";
import { sqlTimeout } from "./codedError";
import { handleFunction } from "./functions";
import { metadataDocument, serviceDocument } from "./metadata";
import { handleRead } from "./reads";
import { handleWrite, type WriteMode } from "./writes";
import { splitPath } from "./path";
import { API_PATH, errorResponse, wantsErrorDetails, type ApiRequest, type ApiResponse } from "./types";

export interface WebApiOptions {
  /**
   * Actions by name (ImportSolution and others that change what the server serves). A Map, because the request
   * chooses the name: a plain object would answer `constructor` or `__proto__` with Object.prototype's members.
   */
  readonly functions?: ReadonlyMap<string, FunctionHandler>;
}

interface TransactionScope {
  active: boolean;
  savepoints: number;
}

export type FunctionHandler = (request: ApiRequest, caller: Caller, api: WebApi) => Promise<ApiResponse>;

export class WebApi {
  readonly lock = new WriteLock();
  /** The transaction the current async call chain runs in, so a nested inTransaction doesn't wait for itself. */
  private readonly transaction = new AsyncLocalStorage<TransactionScope>();
  readonly pipeline: Pipeline;

  constructor(
    readonly dbs: Databases,
    readonly options: WebApiOptions = {},
  ) {
    this.pipeline = new Pipeline(dbs.writer);
  }

  /** Serves one request; `mode` is "outer" inside a $batch change set, whose transaction the batch owns. */
  async handle(request: ApiRequest, caller: Caller, mode: WriteMode = "own"): Promise<ApiResponse> {
    return this.serve(request, caller, mode);
  }

  /**
   * Like `handle`, but answers reads synchronously: a read never waits, so it needs no promise, and the
   * HTTP host can write the response in the same tick as the request arrived.
   */
  serve(request: ApiRequest, caller: Caller, mode: WriteMode = "own"): ApiResponse | Promise<ApiResponse> {
    const failed = (error: unknown): ApiResponse => {
      const response = errorResponse(error, {}, { details: wantsErrorDetails(request.headers["prefer"]) });
      if (response.status === 500)
        console.error("Unexpected error serving", request.method, request.url.pathname, error);
      return response;
    };
    try {
      const response = this.route(request, caller, mode);
      return response instanceof Promise ? response.catch(failed) : response;
    } catch (error) {
      return failed(error);
    }
  }

  /**
   * Runs `task` alone, in one transaction: a throw rolls back every write it made. Called again from inside such a
   * task (an action in a $batch change set), it runs in a savepoint of the same transaction instead of waiting for
   * the lock its caller holds. A task that can't get the lock in time is never run and answers Dataverse's SQL
   * timeout, with nothing saved.
   */
  inTransaction<T>(task: () => Promise<T>): Promise<T> {
    const open = this.transaction.getStore();
    if (open?.active) return this.inSavepoint(open, task);
    return this.lock
      .run(() => {
        const scope = { active: true, savepoints: 0 };
        return this.transaction.run(scope, async () => {
          const db = this.dbs.writer;
          db.exec("BEGIN IMMEDIATE");
          try {
            const result = await task();
            db.exec("COMMIT");
            return result;
          } catch (error) {
            if (db.inTransaction) db.exec("ROLLBACK");
            throw error;
          } finally {
            scope.active = false;
          }
        });
      })
      .catch((error: unknown) => {
        throw error instanceof WriteLockTimeout ? sqlTimeout(error.waitedMs) : error;
      });
  }

  private async inSavepoint<T>(scope: TransactionScope, task: () => Promise<T>): Promise<T> {
    const db = this.dbs.writer;
    const name = `nested_${++scope.savepoints}`;
    db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await task();
      db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      if (db.inTransaction) {
        db.exec(`ROLLBACK TO ${name}`);
        db.exec(`RELEASE ${name}`);
      }
      throw error;
    }
  }

  private route(request: ApiRequest, caller: Caller, mode: WriteMode): ApiResponse | Promise<ApiResponse> {
    const pathname = request.url.pathname;
    // The service root without its trailing slash is the service document too.
    if (pathname === API_PATH.slice(0, -1) && request.method === "GET") return serviceDocument(this, request);
    if (!pathname.startsWith(API_PATH)) {
      throw new DataverseError(
        "ResourceNotFound",
        `Resource not found for the segment '${pathname}'. The Web API is at ${API_PATH}.`,
      );
    }
    requireValidQueryEncoding(request.url);
    const segments = splitPath(pathname.slice(API_PATH.length));
    const first = segments[0];
    if (!first || (first.name === "$metadata" && segments.length === 1 && first.key === undefined)) {
      if (request.method !== "GET") throw methodNotAllowed(request);
      return first ? metadataDocument(this) : serviceDocument(this, request);
    }
    if (first?.name === "$batch") {
      if (request.method !== "POST") throw methodNotAllowed(request);
      return handleBatch(this, request, caller);
    }
    const fn = first && handleFunction(this, segments, request, caller);
    if (fn) return fn;
    if (request.method === "GET") return handleRead(this, segments, request, caller);
    if (["POST", "PATCH", "PUT", "DELETE"].includes(request.method))
      return handleWrite(this, segments, request, caller, mode);
    throw methodNotAllowed(request);
  }
}

/**
 * URLSearchParams turns a broken escape (`%E0%A4%A`) into U+FFFD silently; a query option must not reach a filter or a
 * write changed that way, so it is refused as malformed syntax.
 */
function requireValidQueryEncoding(url: URL): void {
  try {
    decodeURIComponent(url.search.replace(/\+/g, " "));
  } catch {
    throw new DataverseError(
      "BadRequestSyntax",
      "The query string is not valid percent-encoding: encode each query option value with encodeURIComponent.",
    );
  }
}

function methodNotAllowed(request: ApiRequest): DataverseError {
  return new DataverseError(
    "MethodNotAllowed",
    `The HTTP method '${request.method}' is not allowed on '${request.url.pathname}'.`,
    405,
  );
}
