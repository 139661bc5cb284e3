/** customizations.xml: every top-level section in the order real exports (and the 9.0 XSD) put them. */
import {
  AppProfile,
  manyToManyRelationships,
  securityRoles,
  solutionTables,
  type ManyToManyRelationship,
  type SecurityRole,
} from "../../schema";
import type { TableShape } from "./table";
import { el, leaf, serialize, type XmlElement } from "./xml";
import { entity } from "./entity";
import { entityRelationships } from "./relationships";
import { role } from "./roles";
import { optionSets } from "./optionsets";
import { appModule, appModuleSiteMap } from "./app";
import type { ControlBuild } from "./controls";
import { LANGUAGE_CODE, ProfileDesignerControl, ProfileEditorControl } from "./metadata";
import { webResourceElement, type WebResource } from "./webresources";

export const XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance";

export interface SolutionContent {
  readonly tables: readonly TableShape[];
  readonly relationships: readonly ManyToManyRelationship[];
  readonly roles: readonly SecurityRole[];
  readonly controls: readonly ControlBuild[];
  readonly webResources: readonly WebResource[];
}

export interface ContentExtras {
  readonly webResources?: readonly WebResource[];
}

/** What the packer ships: the schema's own tables (never platform tables), relationships and roles. */
export function solutionContent(controls: readonly ControlBuild[], extras: ContentExtras = {}): SolutionContent {
  return {
    tables: solutionTables,
    relationships: manyToManyRelationships,
    roles: securityRoles,
    controls,
    webResources: extras.webResources ?? [],
  };
}

const controlNamed = (controls: readonly ControlBuild[], constructor: string): ControlBuild | undefined =>
  controls.find((c) => c.constructor === constructor);

export function customizationsDocument(content: SolutionContent): XmlElement {
  const designer = controlNamed(content.controls, ProfileDesignerControl);
  const editor = controlNamed(content.controls, ProfileEditorControl);
  const controlsFor = (table: TableShape) => (table.logicalName === AppProfile.logicalName ? { designer, editor } : {});
  return el(
    "ImportExportXml",
    { "xmlns:xsi": XSI_NAMESPACE },
    el(
      "Entities",
      {},
      content.tables.map((table) => entity(table, controlsFor(table))),
    ),
    el("Roles", {}, content.roles.map(role)),
    el("Workflows"),
    el("FieldSecurityProfiles"),
    el("Templates"),
    el("EntityMaps"),
    entityRelationships(content.tables, content.relationships),
    el("OrganizationSettings"),
    optionSets(content.tables),
    content.webResources.length > 0 && el("WebResources", {}, content.webResources.map(webResourceElement)),
    el(
      "CustomControls",
      {},
      content.controls.map((control) =>
        el(
          "CustomControl",
          {},
          leaf("Name", control.solutionName),
          leaf("FileName", `/Controls/${control.solutionName}/ControlManifest.xml`),
        ),
      ),
    ),
    el("SolutionPluginAssemblies"),
    appModuleSiteMap(content.tables),
    appModule(content.tables, content.roles),
    el("EntityDataProviders"),
    el("Languages", {}, leaf("Language", LANGUAGE_CODE)),
  );
}

export const customizationsXml = (content: SolutionContent): string => serialize(customizationsDocument(content));
