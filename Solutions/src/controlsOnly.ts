/**
 * The "controls only" solution zip, for `npm run deploy -- --schema-by-api`: the tables, columns, keys, option sets,
 * relationships and roles are created through the metadata Web API (the supported way, Learn:
 * webapi/create-update-entity-definitions-using-web-api), so this zip carries only what is shipped as solution
 * files: the PCF controls, web resources, each table's forms and views, the app and its site map, and the
 * environment variable definition.
 *
 * Built from the packer's own documents, minus the schema: each `<Entity>` keeps its forms and views but its
 * `<EntityInfo>` holds no attributes (as Dataverse exports a table added without its metadata, behavior 2, e.g.
 * `contact` in real-exports/solution-manifest-unmanaged.xml and entity-keys-contact.xml), and `<Roles>`,
 * `<EntityRelationships>` and `<optionsets>` are empty.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ChatLicenseVariable } from "../../schema";
import { ComponentType } from "./app";
import { contentTypesXml } from "./content-types";
import { loadControls, type ControlBuild } from "./controls";
import { customizationsDocument, solutionContent, type ContentExtras } from "./customizations";
import { envVarPath, environmentVariableXml } from "./envvar";
import { packageVersion, REPO_ROOT, SOLUTION_UNIQUE_NAME } from "./metadata";
import { zipEntries, type Entries } from "./pack";
import { solutionDocument } from "./solution-manifest";
import { loadWebResources, webResourcePath } from "./webresources";
import { el, serialize, type XmlElement, type XmlNode } from "./xml";

/** Sections whose components the metadata Web API creates instead. */
const SCHEMA_SECTIONS = new Set(["Roles", "EntityRelationships", "optionsets"]);

const isElement = (node: XmlNode): node is XmlElement => node.kind === "element";
const childNamed = (parent: XmlElement, name: string) =>
  parent.children.find((c): c is XmlElement => isElement(c) && c.name === name);
const textOf = (node: XmlElement | undefined): string =>
  node?.children.map((c) => (c.kind === "text" ? c.text : "")).join("") ?? "";

/** Every element named `name` below `root`. */
function descendants(root: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (node: XmlElement) => {
    for (const child of node.children.filter(isElement)) {
      if (child.name === name) found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/** An `<Entity>` without its table metadata: `<EntityInfo><entity Name=…><attributes /></entity></EntityInfo>`. */
function shellEntity(entity: XmlElement): XmlElement {
  const children = entity.children.map((child) => {
    if (!isElement(child) || child.name !== "EntityInfo") return child;
    const info = childNamed(child, "entity");
    return el("EntityInfo", {}, el("entity", { Name: info?.attrs.Name }, el("attributes")));
  });
  return { ...entity, children };
}

export function controlsOnlyCustomizations(full: XmlElement): XmlElement {
  const children = full.children.map((child) => {
    if (!isElement(child)) return child;
    if (SCHEMA_SECTIONS.has(child.name)) return el(child.name);
    if (child.name === "Entities")
      return { ...child, children: child.children.map((e) => (isElement(e) ? shellEntity(e) : e)) };
    return child;
  });
  return { ...full, children };
}

/**
 * solution.xml's root components for that zip: each table as behavior 2 (no metadata) with its forms and views
 * as their own root components; no option sets or roles (the API created them in the solution already).
 */
export function controlsOnlyManifest(full: XmlElement, customizations: XmlElement): XmlElement {
  const forms = descendants(customizations, "formid").map(textOf);
  const views = descendants(customizations, "savedqueryid").map(textOf);
  const rewrite = (node: XmlElement): XmlElement => {
    if (node.name !== "RootComponents")
      return { ...node, children: node.children.map((c) => (isElement(c) ? rewrite(c) : c)) };
    const kept = node.children.filter(
      (c) => !isElement(c) || ![ComponentType.OptionSet, ComponentType.Role].includes(Number(c.attrs.type) as 9 | 20),
    );
    const components = kept.map((c) =>
      isElement(c) && Number(c.attrs.type) === ComponentType.Entity ? { ...c, attrs: { ...c.attrs, behavior: 2 } } : c,
    );
    return {
      ...node,
      children: [
        ...components,
        ...forms.map((id) => el("RootComponent", { type: ComponentType.SystemForm, id, behavior: 0 })),
        ...views.map((id) => el("RootComponent", { type: ComponentType.SavedQuery, id, behavior: 0 })),
      ],
    };
  };
  return rewrite(full);
}

/** Every file of the controls-only (unmanaged) package, keyed by its zip path. */
export function controlsOnlyEntries(
  controls: readonly ControlBuild[],
  version: string,
  extras: ContentExtras = {},
): Entries {
  const content = solutionContent(controls, { webResources: extras.webResources });
  const customizations = controlsOnlyCustomizations(customizationsDocument(content));
  const manifest = controlsOnlyManifest(solutionDocument(content, version, false), customizations);
  const parts = new Map<string, Buffer>();
  parts.set("solution.xml", Buffer.from(serialize(manifest), "utf8"));
  parts.set("customizations.xml", Buffer.from(serialize(customizations), "utf8"));
  for (const control of controls) {
    for (const [file, bytes] of control.files) parts.set(`Controls/${control.solutionName}/${file}`, bytes);
  }
  for (const resource of content.webResources) parts.set(webResourcePath(resource), resource.bytes);
  parts.set(
    envVarPath(ChatLicenseVariable.schemaName),
    Buffer.from(environmentVariableXml(ChatLicenseVariable), "utf8"),
  );
  return new Map([["[Content_Types].xml", Buffer.from(contentTypesXml([...parts.keys()]), "utf8")], ...parts]);
}

export interface ControlsOnlyOptions {
  readonly controlsDir?: string;
  readonly webResourcesDir?: string;
  readonly version?: string;
}

/** The controls-only zip from the build output (out/controls, out/webresources), in memory. */
export async function packControlsOnly(options: ControlsOnlyOptions = {}): Promise<Buffer> {
  const controls = loadControls(options.controlsDir ?? path.join(REPO_ROOT, "out", "controls"));
  const webResources = loadWebResources(options.webResourcesDir ?? path.join(REPO_ROOT, "out", "webresources"));
  return zipEntries(controlsOnlyEntries(controls, options.version ?? packageVersion(), { webResources }));
}

export const controlsOnlyZipName = `${SOLUTION_UNIQUE_NAME}_controls.zip`;

/** `npx tsx Solutions/src/controlsOnly.ts [out dir]` writes Solutions/bin/AppProfileManager_controls.zip. */
if (require.main === module) {
  const outDir = process.argv[2] ?? path.join(REPO_ROOT, "Solutions", "bin");
  packControlsOnly().then((zip) => {
    const file = path.join(outDir, controlsOnlyZipName);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(file, zip);
    console.log(`wrote ${file} (${zip.length} bytes)`);
  });
}
