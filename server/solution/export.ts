/**
 * `POST ExportSolution`: the environment writes the solution zip of what it holds, so a deploy through the
 * metadata Web API can hand the next environments a managed zip made by an environment rather than by hand.
 * Learn: webapi/reference/exportsolution (SolutionName, Managed; ExportSolutionResponse.ExportSolutionFile).
 *
 * The zip is in the real-export shape because it is written by the packer's own writers (customizations.xml,
 * solution.xml, [Content_Types].xml), fed with this environment's definitions: the tables, N:N relationships and
 * option sets the metadata API created (or a zip installed) in the solution, its roles with the privileges
 * AddPrivilegesRole gave them, and the controls, web resources and variable definitions its last import brought.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { manyToManyRelationships, tables, type ManyToManyRelationship, type SecurityRole } from "../../schema";
import { contentTypesXml } from "../../Solutions/src/content-types";
import { loadControls, type ControlBuild } from "../../Solutions/src/controls";
import { customizationsDocument, type SolutionContent } from "../../Solutions/src/customizations";
import { braced } from "../../Solutions/src/ids";
import { controlConstructors, solutionControlName } from "../../Solutions/src/metadata";
import { zipEntries } from "../../Solutions/src/pack";
import { solutionXml } from "../../Solutions/src/solution-manifest";
import type { TableShape } from "../../Solutions/src/table";
import { WEB_RESOURCE_TYPES, webResourcePath, type WebResource } from "../../Solutions/src/webresources";
import { el, leaf, serialize, type XmlElement } from "../../Solutions/src/xml";
import { DataverseError } from "../errors";
import type { Caller } from "../users";
import { readJsonBody } from "../webapi/jsonBody";
import type { FunctionHandler, WebApi } from "../webapi/service";
import { API_PATH, json, type ApiRequest, type ApiResponse } from "../webapi/types";
import { requireCustomizer } from "./metadataWritesContext";
import { recordImport } from "./metadataWritesImported";
import { parseImportRequest } from "./request";
import { asObject } from "./metadataWritesParse";
import { MetadataStore, type RoleRecord } from "./metadataWritesStore";
import { SolutionStore } from "./store";

const bad = (message: string) => new DataverseError("InvalidArgument", message);
/** ExportSolution's optional settings parameters; accepted, and nothing they select exists locally. */
const SETTINGS = new Set([
  "ExportAutoNumberingSettings",
  "ExportCalendarSettings",
  "ExportCustomizationSettings",
  "ExportEmailTrackingSettings",
  "ExportGeneralSettings",
  "ExportMarketingSettings",
  "ExportOutlookSynchronizationSettings",
  "ExportRelationshipRoles",
  "ExportIsvConfig",
  "ExportSales",
  "ExportExternalApplications",
  "ExportComponentsParams",
  "TargetVersion",
]);

function importedPackage(api: WebApi, uniqueName: string): Buffer | undefined {
  const stored = MetadataStore.of(api.dbs.writer).get("package", uniqueName);
  return stored && Buffer.from(stored.zip, "base64");
}

function tablesOfSolution(api: WebApi, solution: string): TableShape[] {
  const store = MetadataStore.of(api.dbs.writer);
  const created = store.inSolution("entity", solution).map((name) => store.get("entity", name)!);
  const installed = api.dbs.writer
    .prepare("SELECT logicalname FROM server_tables WHERE solution = ? COLLATE NOCASE")
    .all(solution) as { logicalname: string }[];
  const fromZip = tables.filter(
    (t) =>
      installed.some((i) => i.logicalname === t.logicalName) && !created.some((c) => c.logicalName === t.logicalName),
  );
  return [...fromZip, ...created];
}

function relationshipsOfSolution(api: WebApi, solution: string, tableNames: Set<string>): ManyToManyRelationship[] {
  const store = MetadataStore.of(api.dbs.writer);
  const created = store.inSolution("relationship", solution).map((n) => store.get("relationship", n)!);
  const installed = SolutionStore.of(api.dbs.writer);
  const fromZip = manyToManyRelationships.filter(
    (r) =>
      tableNames.has(r.entity1) &&
      installed.hasTable(r.intersectEntityName) &&
      !created.some((c) => c.schemaName === r.schemaName),
  );
  return [...fromZip, ...(created as unknown as ManyToManyRelationship[])];
}

/** `<Role>` as a zip's customizations.xml holds it (real-exports/security-role-in-customizations.xml). */
function roleElement(role: RoleRecord): XmlElement {
  return el(
    "Role",
    { id: braced(role.roleid), name: role.name },
    leaf("IsCustomizable", 1),
    leaf("IsAutoAssigned", 0),
    el(
      "RolePrivileges",
      {},
      Object.entries(role.privileges)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, level]) => el("RolePrivilege", { name, level })),
    ),
  );
}

/** The controls and web resources of the imported zip, read back with the packer's own loader. */
async function packagedFiles(zip: JSZip): Promise<{ controls: ControlBuild[]; webResources: WebResource[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "apm-export-"));
  try {
    for (const constructor of controlConstructors) {
      const prefix = `Controls/${solutionControlName(constructor)}/`;
      for (const entry of zip.file(new RegExp(`^${prefix.replace(/\./g, "\\.")}`))) {
        const target = path.join(dir, constructor, ...entry.name.slice(prefix.length).split("/"));
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, await entry.async("nodebuffer"));
      }
    }
    const controls = zip.file(/^Controls\//).length > 0 ? loadControls(dir) : [];
    const webResources: WebResource[] = [];
    for (const entry of zip.file(/^WebResources\//)) {
      const name = entry.name.slice("WebResources/".length);
      const type = WEB_RESOURCE_TYPES[path.extname(name).slice(1).toLowerCase()];
      if (type !== undefined) webResources.push({ name, type, bytes: await entry.async("nodebuffer") });
    }
    return { controls, webResources };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function exportSolutionZip(api: WebApi, uniqueName: string, managed: boolean): Promise<Buffer> {
  const installed = SolutionStore.of(api.dbs.writer).solution(uniqueName);
  const created = MetadataStore.of(api.dbs.writer).get("solution", uniqueName);
  if (!installed && !created) {
    throw new DataverseError("NotFound", `The solution ${uniqueName} does not exist in this environment.`);
  }
  if (installed?.managed) throw bad(`The solution ${uniqueName} is managed: a managed solution can't be exported.`);
  const version = installed?.version ?? created!.version;
  const store = MetadataStore.of(api.dbs.writer);
  const solutionTables = tablesOfSolution(api, uniqueName);
  const relationships = relationshipsOfSolution(api, uniqueName, new Set(solutionTables.map((t) => t.logicalName)));
  const roles = store.inSolution("role", uniqueName).map((id) => store.get("role", id)!);
  const imported = importedPackage(api, uniqueName);
  const zip = imported ? await JSZip.loadAsync(imported) : new JSZip();
  const { controls, webResources } = await packagedFiles(zip);
  const content: SolutionContent = {
    tables: solutionTables,
    relationships,
    // The app's role maps and the root components need only the ids; <Roles> is written from the stored roles.
    roles: roles.map((r): SecurityRole => ({ id: r.roleid, name: r.name, description: r.description, privileges: {} })),
    controls,
    webResources,
  };
  const document = customizationsDocument(content);
  const customizations: XmlElement = {
    ...document,
    children: document.children.map((c) =>
      c.kind === "element" && c.name === "Roles" ? el("Roles", {}, roles.map(roleElement)) : c,
    ),
  };
  const parts = new Map<string, Buffer>();
  parts.set("solution.xml", Buffer.from(solutionXml(content, version, managed), "utf8"));
  parts.set("customizations.xml", Buffer.from(serialize(customizations), "utf8"));
  for (const control of controls) {
    for (const [file, bytes] of control.files) parts.set(`Controls/${control.solutionName}/${file}`, bytes);
  }
  for (const resource of webResources) parts.set(webResourcePath(resource), resource.bytes);
  for (const entry of zip.file(/^environmentvariabledefinitions\//))
    parts.set(entry.name, await entry.async("nodebuffer"));
  return zipEntries(
    new Map([["[Content_Types].xml", Buffer.from(contentTypesXml([...parts.keys()]), "utf8")], ...parts]),
  );
}

export async function exportSolution(request: ApiRequest, caller: Caller, api: WebApi): Promise<ApiResponse> {
  requireCustomizer(caller, "prvExportCustomizations");
  const body = asObject(readJsonBody(request), "ExportSolution");
  for (const name of Object.keys(body)) {
    if (name !== "SolutionName" && name !== "Managed" && !SETTINGS.has(name)) {
      throw bad(
        `The parameter '${name}' in the request payload is not a valid parameter for the operation 'ExportSolution'.`,
      );
    }
  }
  if (typeof body.SolutionName !== "string" || body.SolutionName === "")
    throw bad("The parameter 'SolutionName' of ExportSolution is missing.");
  if (typeof body.Managed !== "boolean") throw bad("The parameter 'Managed' of ExportSolution must be true or false.");
  const zip = await exportSolutionZip(api, body.SolutionName, body.Managed);
  return json(200, {
    "@odata.context": `${new URL(API_PATH, request.url)}$metadata#Microsoft.Dynamics.CRM.ExportSolutionResponse`,
    ExportSolutionFile: zip.toString("base64"),
  });
}

/** ImportSolution, then what it brought recorded for the metadata Web API and ExportSolution (metadataWritesImported). */
export function recordingImport(importSolution: FunctionHandler): FunctionHandler {
  return async (request, caller, api) => {
    const response = await importSolution(request, caller, api);
    if (response.status >= 300) return response;
    const { customizationFile } = parseImportRequest(request);
    await api.inTransaction(() => recordImport(api, customizationFile));
    return response;
  };
}
