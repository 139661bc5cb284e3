/** Builds the solution zips in memory and writes them: `AppProfileManager.zip` and `AppProfileManager_managed.zip`. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { controlWarnings, loadControls, type ControlBuild } from "./controls";
import { customizationsXml, solutionContent, type ContentExtras } from "./customizations";
import { solutionXml } from "./solution-manifest";
import { contentTypesXml } from "./content-types";
import { envVarPath, environmentVariableXml, ShippedChatLicenseVariable } from "./envvar";
import { packageVersion, SOLUTION_UNIQUE_NAME } from "./metadata";
import { loadWebResources, webResourcePath } from "./webresources";

/** Fixed entry dates keep the archives byte-identical from one build to the next. */
const ENTRY_DATE = new Date(Date.UTC(2020, 0, 1));

export type Entries = ReadonlyMap<string, Buffer>;

/** Every file of one package, keyed by its zip path (always forward slashes). */
export function solutionEntries(
  controls: readonly ControlBuild[],
  version: string,
  managed: boolean,
  extras: ContentExtras = {},
): Entries {
  const content = solutionContent(controls, extras);
  const parts = new Map<string, Buffer>();
  parts.set("solution.xml", Buffer.from(solutionXml(content, version, managed), "utf8"));
  parts.set("customizations.xml", Buffer.from(customizationsXml(content), "utf8"));
  for (const control of controls) {
    for (const [file, bytes] of control.files) parts.set(`Controls/${control.solutionName}/${file}`, bytes);
  }
  for (const resource of content.webResources) parts.set(webResourcePath(resource), resource.bytes);
  parts.set(
    envVarPath(ShippedChatLicenseVariable.schemaName),
    Buffer.from(environmentVariableXml(ShippedChatLicenseVariable), "utf8"),
  );
  const entries = new Map<string, Buffer>();
  entries.set("[Content_Types].xml", Buffer.from(contentTypesXml([...parts.keys()]), "utf8"));
  for (const [name, bytes] of parts) {
    if (name.includes("\\")) throw new Error(`Zip entry with a backslash: ${name}`);
    entries.set(name, bytes);
  }
  return entries;
}

export async function zipEntries(entries: Entries): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, bytes] of entries) zip.file(name, bytes, { date: ENTRY_DATE, createFolders: false });
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } });
}

export interface PackOptions {
  /** The PCF build output, holding `<Control>/bundle.js`, `ControlManifest.xml` and resources. */
  readonly controlsDir: string;
  /** Where the zips go (created if missing). */
  readonly outDir: string;
  /** The build's web resources (out/webresources); none when missing. */
  readonly webResourcesDir?: string;
  /** Solution version; defaults to package.json's version as four parts. */
  readonly version?: string;
  /** Receives one line per file written, then the total. */
  readonly log?: (line: string) => void;
}

export interface PackedFile {
  readonly path: string;
  readonly managed: boolean;
  readonly bytes: number;
  readonly entries: readonly string[];
}

export const zipFileName = (managed: boolean): string => `${SOLUTION_UNIQUE_NAME}${managed ? "_managed" : ""}.zip`;

export async function packSolution(options: PackOptions): Promise<PackedFile[]> {
  const log = options.log ?? (() => undefined);
  const controls = loadControls(options.controlsDir);
  for (const warning of controlWarnings(controls)) log(`warning: ${warning}`);
  const version = options.version ?? packageVersion();
  const extras: ContentExtras = {
    webResources: options.webResourcesDir ? loadWebResources(options.webResourcesDir, log) : [],
  };
  mkdirSync(options.outDir, { recursive: true });
  const written: PackedFile[] = [];
  for (const managed of [false, true]) {
    const entries = solutionEntries(controls, version, managed, extras);
    const zip = await zipEntries(entries);
    const file = path.join(options.outDir, zipFileName(managed));
    writeFileSync(file, zip);
    written.push({ path: file, managed, bytes: zip.length, entries: [...entries.keys()] });
    log(
      `wrote ${file} (${managed ? "managed" : "unmanaged"}, ${SOLUTION_UNIQUE_NAME} ${version}, ${entries.size} entries, ${zip.length} bytes)`,
    );
    for (const [name, bytes] of entries) log(`  ${name} (${bytes.length} bytes)`);
  }
  const total = written.reduce((sum, f) => sum + f.bytes, 0);
  log(`${written.length} files, ${total} bytes in ${options.outDir}`);
  return written;
}
