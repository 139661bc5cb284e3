/**
 * ImportSolution's body, checked as Dataverse checks it: the parameters of the action, then the file itself
 * (base64, a zip, with solution.xml and customizations.xml), each refusal naming what is wrong.
 */
import JSZip from "jszip";
import { DataverseError } from "../errors";
import { isGuid } from "../ids";
import { readJsonBody } from "../webapi/jsonBody";
import type { ApiRequest } from "../webapi/types";

export interface ImportRequest {
  readonly overwriteUnmanagedCustomizations: boolean;
  readonly publishWorkflows: boolean;
  readonly customizationFile: Buffer;
  readonly importJobId?: string;
}

const ACTION = "ImportSolution";
/** Optional parameters Dataverse's ImportSolution also takes; accepted and ignored here. */
const IGNORED = new Set([
  "ConvertToManaged",
  "SkipProductUpdateDependencies",
  "HoldingSolution",
  "SkipQueueRibbonJob",
  "LayerDesiredOrder",
  "AsyncRibbonProcessing",
  "ComponentParameters",
  "IsTemplateMode",
  "TemplateSuffix",
  "TemplateDisplayNamePrefix",
  "SolutionParameters",
]);
const REQUIRED = ["OverwriteUnmanagedCustomizations", "PublishWorkflows", "CustomizationFile"] as const;
const BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;

const bad = (message: string) => new DataverseError("InvalidArgument", message);

function booleanParameter(body: Record<string, unknown>, name: string): boolean {
  const value = body[name];
  if (typeof value !== "boolean") {
    throw bad(`The parameter '${name}' of ${ACTION} must be true or false, not ${JSON.stringify(value)}.`);
  }
  return value;
}

export function parseImportRequest(request: ApiRequest): ImportRequest {
  const body = readJsonBody(request);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw bad(`The body of ${ACTION} must be a JSON object of its parameters.`);
  }
  const parameters = body as Record<string, unknown>;
  for (const name of Object.keys(parameters)) {
    if (!REQUIRED.includes(name as (typeof REQUIRED)[number]) && name !== "ImportJobId" && !IGNORED.has(name)) {
      throw bad(
        `The parameter '${name}' in the request payload is not a valid parameter for the operation '${ACTION}'.`,
      );
    }
  }
  for (const name of REQUIRED) {
    if (parameters[name] === undefined) throw bad(`The parameter '${name}' of ${ACTION} is missing.`);
  }
  const file = parameters.CustomizationFile;
  if (typeof file !== "string" || file.length === 0) {
    throw bad(`The parameter 'CustomizationFile' of ${ACTION} must be the solution zip as a base64 string.`);
  }
  const compact = file.replace(/\s+/g, "");
  if (!BASE64.test(compact)) {
    throw bad(
      `The parameter 'CustomizationFile' of ${ACTION} is not valid base64: send the zip's bytes base64-encoded.`,
    );
  }
  const importJobId = parameters.ImportJobId;
  if (importJobId !== undefined && !isGuid(importJobId)) {
    throw bad(`The parameter 'ImportJobId' of ${ACTION} must be a GUID, not ${JSON.stringify(importJobId)}.`);
  }
  return {
    overwriteUnmanagedCustomizations: booleanParameter(parameters, "OverwriteUnmanagedCustomizations"),
    publishWorkflows: booleanParameter(parameters, "PublishWorkflows"),
    customizationFile: Buffer.from(compact, "base64"),
    importJobId: importJobId?.toLowerCase(),
  };
}

/** Opens the zip and checks the two files every solution has, before anything reads them. */
export async function checkSolutionZip(bytes: Buffer): Promise<void> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    throw bad(
      `The parameter 'CustomizationFile' is not a zip file (${(error as Error).message}). Send a solution zip.`,
    );
  }
  for (const name of ["solution.xml", "customizations.xml"]) {
    if (!zip.file(name)) {
      throw bad(`The solution zip has no ${name} at its root: it is not a solution. Build it with \`npm run build\`.`);
    }
  }
}
