/**
 * The Web API surface of the local server: it maps each request to a read, a write through the pipeline,
 * a $batch, or a function, and answers the way Dataverse does.
 */
import type { Databases } from "../db";
import { WriteLock } from "../db";
import { DataverseError } from "../errors";
import { Pipeline } from "../pipeline";
import type { Caller } from "../users";
import { handleBatch } from "./batch";
import { handleFunction } from "./functions";
import { handleRead } from "./reads";
import { handleWrite, type WriteMode } from "./writes";
import { splitPath } from "./path";
import { API_PATH, errorResponse, type ApiRequest, type ApiResponse } from "./types";

export interface WebApiOptions {
  /**
   * Actions by name (ImportSolution and others that change what the server serves). A Map, because the request
   * chooses the name: a plain object would answer `constructor` or `__proto__` with Object.prototype's members.
   */
  readonly functions?: ReadonlyMap<string, FunctionHandler>;
}

export type FunctionHandler = (request: ApiRequest, caller: Caller, api: WebApi) => Promise<ApiResponse>;

export class WebApi {
  readonly lock = new WriteLock();
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
      const response = errorResponse(error);
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

  /** Runs `task` alone, in one transaction: a throw rolls back every write it made. */
  inTransaction<T>(task: () => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      const db = this.dbs.writer;
      db.exec("BEGIN IMMEDIATE");
      try {
        const result = await task();
        db.exec("COMMIT");
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
    });
  }

  private route(request: ApiRequest, caller: Caller, mode: WriteMode): ApiResponse | Promise<ApiResponse> {
    const pathname = request.url.pathname;
    if (!pathname.startsWith(API_PATH)) {
      throw new DataverseError(
        "ResourceNotFound",
        `Resource not found for the segment '${pathname}'. The Web API is at ${API_PATH}.`,
      );
    }
    const segments = splitPath(pathname.slice(API_PATH.length));
    const first = segments[0];
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

function methodNotAllowed(request: ApiRequest): DataverseError {
  return new DataverseError(
    "BadRequestSyntax",
    `The HTTP method '${request.method}' is not allowed on '${request.url.pathname}'.`,
    405,
  );
}
