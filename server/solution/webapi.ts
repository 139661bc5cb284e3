/**
 * The Web API of an environment that installs solutions: entity sets and N:N navigation properties of tables that
 * no imported solution (nor the demo seed) has brought answer 404, as in a Dataverse environment without them.
 * Every request passes here, `$batch` parts included (the batch handler calls `handle`, which calls `serve`).
 */
import { serverTables } from "../platform";
import type { Databases } from "../db";
import { DataverseError } from "../errors";
import type { Caller } from "../users";
import { splitPath } from "../webapi/path";
import { WebApi, type FunctionHandler } from "../webapi/service";
import { API_PATH, errorResponse, type ApiRequest, type ApiResponse } from "../webapi/types";
import type { WriteMode } from "../webapi/writes";
import { recordingImport } from "./export";
import { importSolution, publishAllXml } from "./import";
import { KeyIndexes } from "./keyIndexes";
import { serveMetadata } from "./metadataWrites";
import { ensureSdkMessages } from "./sdkMessages";
import { installerSettings } from "./settings";
import { SolutionStore } from "./store";

export interface EnvironmentSettings {
  /** How long a new alternate key's index takes to build after an import (see keyIndexes.ts). */
  readonly keyIndexDelayMs?: number;
  /** ImportSolution refuses what Dataverse refuses (default true); see settings.ts. */
  readonly strictImport?: boolean;
}

const tableBySet = new Map(serverTables.map((t) => [t.entitySetName, t.logicalName]));

export const solutionActions: ReadonlyMap<string, FunctionHandler> = new Map([
  ["ImportSolution", recordingImport(importSolution)],
  ["PublishAllXml", publishAllXml],
]);

export class SolutionWebApi extends WebApi {
  readonly store: SolutionStore;

  constructor(
    dbs: Databases,
    functions: ReadonlyMap<string, FunctionHandler> = new Map(),
    settings: EnvironmentSettings = {},
  ) {
    super(dbs, { functions: new Map([...solutionActions, ...functions]) });
    this.store = SolutionStore.of(dbs.writer);
    if (settings.keyIndexDelayMs !== undefined) KeyIndexes.of(dbs.writer).delayMs = settings.keyIndexDelayMs;
    if (settings.strictImport !== undefined) installerSettings(dbs.writer).strictImport = settings.strictImport;
    ensureSdkMessages(dbs.writer);
  }

  override serve(request: ApiRequest, caller: Caller, mode: WriteMode = "own"): ApiResponse | Promise<ApiResponse> {
    const metadata = serveMetadata(this, request, caller, mode);
    if (metadata) return metadata;
    const missing = this.store.complete ? undefined : this.missingSegment(request.url);
    if (missing === undefined) return super.serve(request, caller, mode);
    return errorResponse(new DataverseError("ResourceNotFound", `Resource not found for the segment '${missing}'.`));
  }

  /** The first path segment, `$expand` or `$filter` name that belongs to a table not installed here. */
  private missingSegment(url: URL): string | undefined {
    if (!url.pathname.startsWith(API_PATH)) return undefined;
    let segments;
    try {
      segments = splitPath(url.pathname.slice(API_PATH.length));
    } catch {
      return undefined; // the Web API itself answers the syntax error
    }
    const navigations = this.store.missingNavigations();
    for (const { name } of segments) {
      const table = tableBySet.get(name);
      if ((table && !this.store.hasTable(table)) || navigations.has(name)) return name;
    }
    if (navigations.size === 0) return undefined;
    const options = `${url.searchParams.get("$expand") ?? ""} ${url.searchParams.get("$filter") ?? ""}`;
    for (const word of options.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) if (navigations.has(word)) return word;
    return undefined;
  }
}
