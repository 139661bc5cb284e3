/**
 * Web resources: every file the build wrote under out/webresources/ ships as one, named by its path there
 * (out/webresources/apm_/runtime/profile.js is `apm_/runtime/profile.js`), stored in the zip under WebResources/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { braced, stableGuid } from "./ids";
import { el, leaf, type XmlElement } from "./xml";
import { INTRODUCED_VERSION } from "./attributes";
import { PUBLISHER } from "./metadata";

export interface WebResource {
  /** The unique name, `apm_/runtime/profile.js`. */
  readonly name: string;
  readonly type: number;
  readonly bytes: Buffer;
}

/** Dataverse's WebResourceType by file extension. */
export const WEB_RESOURCE_TYPES: Readonly<Record<string, number>> = {
  htm: 1,
  html: 1,
  css: 2,
  js: 3,
  xml: 4,
  png: 5,
  jpg: 6,
  gif: 7,
  xsl: 9,
  xslt: 9,
  ico: 10,
  svg: 11,
  resx: 12,
};

/** Build sidecars that are not web resources. */
const SKIPPED = /\.(map|LICENSE\.txt)$/i;

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry}` : entry;
      return statSync(path.join(dir, entry)).isDirectory() ? listFiles(path.join(dir, entry), relative) : [relative];
    });
}

/** The web resources under `dir` (none when it does not exist); a file Dataverse can't type fails the build. */
export function loadWebResources(dir: string, log: (line: string) => void = () => undefined): WebResource[] {
  if (!existsSync(dir)) return [];
  const resources: WebResource[] = [];
  for (const name of listFiles(dir)) {
    if (SKIPPED.test(name)) continue;
    const full = path.join(dir, ...name.split("/"));
    const type = WEB_RESOURCE_TYPES[path.extname(name).slice(1).toLowerCase()];
    if (type === undefined) {
      throw new Error(`${full} has no web resource type (use one of .${Object.keys(WEB_RESOURCE_TYPES).join(", .")}).`);
    }
    if (!name.startsWith(`${PUBLISHER.prefix}_/`)) {
      throw new Error(`${full}: web resources live under ${PUBLISHER.prefix}_/ (the publisher prefix), not ${name}.`);
    }
    resources.push({ name, type, bytes: readFileSync(full) });
    log(`web resource ${name} (type ${type}, ${statSync(full).size} bytes)`);
  }
  return resources;
}

export const webResourcePath = (resource: WebResource): string => `WebResources/${resource.name}`;

export function webResourceElement(resource: WebResource): XmlElement {
  return el(
    "WebResource",
    {},
    leaf("WebResourceId", braced(stableGuid("webresource", resource.name))),
    leaf("Name", resource.name),
    leaf("DisplayName", path.posix.basename(resource.name)),
    leaf("WebResourceType", resource.type),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
    leaf("IsEnabledForMobileClient", 0),
    leaf("IsAvailableForMobileOffline", 0),
    leaf("IsCustomizable", 1),
    leaf("CanBeDeleted", 1),
    leaf("IsHidden", 0),
    leaf("FileName", `/${webResourcePath(resource)}`),
  );
}
