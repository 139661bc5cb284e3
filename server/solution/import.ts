/**
 * `POST ImportSolution` and `POST PublishAllXml`, as Dataverse answers them: a System Administrator imports a
 * solution zip; the server creates the tables, intersect tables and environment variable definitions the zip
 * defines and records the solution, so importing the same version again changes nothing and a newer one upgrades.
 */
import { readSolution, type SolutionPackage } from "../../Solutions/src/read";
import type Database from "better-sqlite3";
import JSZip from "jszip";
import { EnvironmentVariableDefinition, tables } from "../../schema";
import { DataverseError } from "../errors";
import { findIdByKey, readRow } from "../storage/rows";
import { systemCaller, type Caller } from "../users";
import type { WebApi } from "../webapi/service";
import { noContent, type ApiRequest, type ApiResponse } from "../webapi/types";
import { applyInstall, planInstall } from "./install";
import { KeyIndexes } from "./keyIndexes";
import { ensureSdkMessages } from "./sdkMessages";
import { checkSolutionZip, parseImportRequest } from "./request";
import { installerSettings } from "./settings";
import { MetadataStore } from "./metadataWritesStore";
import { findImportProblems } from "./strict";
import { SolutionStore, type InstalledSolution } from "./store";

function requireSystemAdministrator(caller: Caller, privilege: string): void {
  if (caller.isSystem) return;
  throw new DataverseError(
    "PrivilegeDenied",
    `Principal user (Id=${caller.userId}, type=8, roleCount=${caller.roleIds.length}) is missing ${privilege} privilege. ` +
      `Only a System Administrator may import or publish solutions.`,
  );
}

function requirePost(request: ApiRequest, action: string): void {
  if (request.method !== "POST") {
    throw new DataverseError("BadRequestSyntax", `${action} is an action: call it with POST.`, 405);
  }
}

/** Dataverse versions compare part by part, numerically: 1.10.0.0 is newer than 1.9.0.0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Whether the import has anything to do; refuses what Dataverse refuses (switching managed state, managed downgrades). */
function needsImport(incoming: SolutionPackage, installed: InstalledSolution | undefined): boolean {
  if (!installed) return true;
  const name = incoming.uniqueName;
  if (installed.managed !== incoming.managed) {
    throw new DataverseError(
      "InvalidArgument",
      `The solution ${name} is installed as ${installed.managed ? "managed" : "unmanaged"}; a ${incoming.managed ? "managed" : "unmanaged"} ` +
        `package of it can't be imported over it. Import the ${installed.managed ? "managed" : "unmanaged"} zip instead.`,
    );
  }
  const order = compareVersions(incoming.version, installed.version);
  if (order < 0 && installed.managed) {
    throw new DataverseError(
      "InvalidArgument",
      `The solution ${name} ${incoming.version} is older than the installed version ${installed.version}; import a newer version.`,
    );
  }
  return order !== 0;
}

async function createVariables(api: WebApi, solution: SolutionPackage): Promise<void> {
  const table = EnvironmentVariableDefinition;
  for (const variable of solution.environmentVariables) {
    // The definition carries the zip's <defaultvalue>; the value row (the current value) is each environment's
    // own, set after import. Learn: power-apps/maker/data-platform/environmentvariables
    const attributes = {
      schemaname: variable.schemaName,
      displayname: variable.displayName,
      type: variable.type,
      defaultvalue: variable.defaultValue ?? null,
    };
    const id = findIdByKey(api.dbs.writer, table, { schemaname: variable.schemaName });
    if (id === undefined) {
      await api.pipeline.execute({ message: "Create", table, attributes }, systemCaller);
      continue;
    }
    const stored = readRow(api.dbs.writer, table, id);
    if (
      stored?.displayname !== variable.displayName ||
      stored?.type !== variable.type ||
      (stored?.defaultvalue ?? null) !== attributes.defaultvalue
    ) {
      await api.pipeline.execute({ message: "Update", table, id, attributes }, systemCaller);
    }
  }
}

/** Runs strict.ts's checks before anything is written: the import fails whole, naming each component. */
async function refuseWhatDataverseRefuses(
  db: Database.Database,
  store: SolutionStore,
  solution: SolutionPackage,
  bytes: Buffer,
): Promise<void> {
  const zip = await JSZip.loadAsync(bytes);
  const read = async (name: string) => (await zip.file(name)?.async("string")) ?? "";
  const existingTables = new Set(tables.filter((t) => store.hasTable(t.logicalName)).map((t) => t.logicalName));
  const problems = findImportProblems({
    zip,
    customizations: await read("customizations.xml"),
    solutionXml: await read("solution.xml"),
    existingTables,
    existingRoles: new Set(
      MetadataStore.of(db)
        .all("role")
        .map((r) => r.roleid.toLowerCase()),
    ),
  });
  if (problems.length === 0) return;
  if (!installerSettings(db).strictImport) {
    for (const problem of problems) console.warn(`ImportSolution ${solution.uniqueName} (not strict): ${problem}`);
    return;
  }
  const [first, ...rest] = problems;
  throw new DataverseError(
    "InvalidArgument",
    `The import of the solution ${solution.uniqueName} failed and nothing was imported: ${first}` +
      (rest.length ? ` ${rest.length} more: ${rest.join(" ")}` : ""),
  );
}

export async function importSolution(request: ApiRequest, caller: Caller, api: WebApi): Promise<ApiResponse> {
  requirePost(request, "ImportSolution");
  requireSystemAdministrator(caller, "prvImportCustomizations");
  const { customizationFile } = parseImportRequest(request);
  await checkSolutionZip(customizationFile);
  let solution: SolutionPackage;
  try {
    solution = await readSolution(customizationFile);
  } catch (error) {
    throw new DataverseError("InvalidArgument", `The solution file is not valid: ${(error as Error).message}.`);
  }
  const db = api.dbs.writer;
  const store = SolutionStore.of(db);
  await refuseWhatDataverseRefuses(db, store, solution, customizationFile);
  try {
    await api.inTransaction(async () => {
      // Checked under the write lock, so two imports of one version can't both run.
      if (!needsImport(solution, store.solution(solution.uniqueName))) return;
      const plan = planInstall(db, solution.tables, solution.relationships);
      for (const warning of plan.warnings) console.warn(`ImportSolution ${solution.uniqueName}: ${warning}`);
      applyInstall(db, store, plan, solution.uniqueName);
      // New keys' indexes are built by a system job after the import (Pending until it has run).
      const keys = KeyIndexes.of(db);
      for (const table of solution.tables)
        keys.recordCreated(
          table.logicalName,
          table.alternateKeys.map((k) => k.logicalName),
        );
      await createVariables(api, solution);
      store.recordSolution(solution);
    });
    store.settle(true);
    // The platform adds its message filters for the new tables.
    ensureSdkMessages(db);
  } catch (error) {
    store.settle(false);
    throw error;
  }
  return noContent();
}

export async function publishAllXml(request: ApiRequest, caller: Caller): Promise<ApiResponse> {
  requirePost(request, "PublishAllXml");
  requireSystemAdministrator(caller, "prvPublishCustomizations");
  // Nothing to publish: the local server serves what it imported at once.
  return noContent();
}
