/**
 * Reads a solution zip back into the schema's shapes: customizations.xml into table definitions and N:N
 * relationships, solution.xml into identity and version, environment variable definitions into their settings.
 * The local server's ImportSolution uses this to create tables from a zip, as Dataverse does.
 */
import JSZip from "jszip";
import { XMLParser } from "fast-xml-parser";
import type { ChoiceOption, Column, TableDefinition } from "../../schema";
import type { EnvironmentVariable } from "./envvar";

export interface ManyToManyDefinition {
  readonly schemaName: string;
  readonly intersectEntityName: string;
  readonly entity1: string;
  readonly entity2: string;
  readonly entity1NavigationProperty: string;
  readonly entity2NavigationProperty: string;
}

/** A security role as customizations.xml holds it: every privilege by its platform name, with its depth. */
export interface RoleDefinition {
  readonly id: string;
  readonly name: string;
  readonly privileges: readonly { readonly name: string; readonly level: string }[];
}

export interface SolutionTables {
  readonly tables: TableDefinition[];
  readonly relationships: ManyToManyDefinition[];
  readonly roles: RoleDefinition[];
}

export interface SolutionPackage extends SolutionTables {
  readonly uniqueName: string;
  readonly version: string;
  readonly managed: boolean;
  readonly environmentVariables: EnvironmentVariable[];
}

type Node = Record<string, unknown>;

const REPEATED = new Set([
  "Entity",
  "attribute",
  "option",
  "optionset",
  "EntityKey",
  "AttributeName",
  "EntityRelationship",
  "EntityRelationshipRole",
  "LocalizedName",
  "LocalizedCollectionName",
  "Description",
  "displayname",
  "label",
  "Role",
  "RolePrivilege",
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => REPEATED.has(name),
});

const node = (value: unknown): Node => (value && typeof value === "object" ? (value as Node) : {});
const list = (value: unknown): Node[] =>
  Array.isArray(value) ? value.map(node) : value === undefined ? [] : [node(value)];
const str = (value: unknown): string => (typeof value === "string" ? value : value === undefined ? "" : String(value));
/** Text of a child element, whether the parser gave a string or an object with `#text`. */
const textOf = (value: unknown): string =>
  value && typeof value === "object" ? str((value as Node)["#text"]) : str(value);
const texts = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(textOf);

function required(parent: Node, name: string, where: string): string {
  const value = textOf(parent[name]);
  if (value === "") throw new Error(`${where}: <${name}> is missing`);
  return value;
}

/** The first label's `description` under a wrapper such as `displaynames/displayname`. */
const firstLabel = (wrapper: unknown, tag: string): string => str(list(node(wrapper)[tag])[0]?.["@description"]);

function options(optionSet: Node): ChoiceOption[] {
  return list(node(optionSet.options).option).map((o) => ({
    value: Number(o["@value"]),
    label: firstLabel(o.labels, "label"),
  }));
}

const OWNERSHIP: Readonly<Record<string, TableDefinition["ownership"]>> = {
  OrgOwned: "OrganizationOwned",
  UserOwned: "UserOwned",
  BusinessOwned: "BusinessOwned",
};

function column(attribute: Node, globalOptionSets: ReadonlyMap<string, Node>, where: string): Column {
  const displayName = firstLabel(attribute.displaynames, "displayname");
  const description = firstLabel(attribute.Descriptions, "Description");
  const level = textOf(attribute.RequiredLevel);
  const base = {
    displayName,
    ...(description ? { description } : {}),
    ...(level === "required" || level === "systemrequired" ? { required: true } : {}),
  };
  const type = textOf(attribute.Type);
  switch (type) {
    case "nvarchar":
    case "ntext": {
      const format = textOf(attribute.Format);
      return {
        type: type === "ntext" ? "memo" : "string",
        ...base,
        maxLength: Number(required(attribute, "MaxLength", where)),
        ...(format === "url" ? { format: "url" as const } : {}),
      };
    }
    case "bit":
      return { type: "boolean", ...base, defaultValue: textOf(attribute.AppDefaultValue) === "1" };
    case "picklist": {
      const inline = list(attribute.optionset)[0];
      const optionSetName = textOf(attribute.OptionSetName) || str(inline?.["@Name"]);
      const optionSet = inline ?? globalOptionSets.get(optionSetName);
      if (!optionSet) throw new Error(`${where}: option set ${optionSetName} is not in the solution`);
      const defaultValue = Number(textOf(attribute.AppDefaultValue) || "-1");
      return {
        type: "choice",
        ...base,
        optionSetName,
        options: options(optionSet),
        ...(defaultValue !== -1 ? { defaultValue } : {}),
      };
    }
    case "int":
      return {
        type: "integer",
        ...base,
        min: Number(required(attribute, "MinValue", where)),
        max: Number(required(attribute, "MaxValue", where)),
      };
    default:
      throw new Error(`${where}: attribute type "${type}" is not supported`);
  }
}

function table(entity: Node, globalOptionSets: ReadonlyMap<string, Node>): TableDefinition {
  const info = node(node(entity.EntityInfo).entity);
  const logicalName = str(info["@Name"]).toLowerCase() || textOf(entity.Name).toLowerCase();
  const columns: Record<string, Column> = {};
  let primaryIdAttribute = "";
  let primaryNameAttribute = "";
  for (const attribute of list(node(info.attributes).attribute)) {
    const name = (textOf(attribute.LogicalName) || str(attribute["@PhysicalName"])).toLowerCase();
    if (textOf(attribute.Type) === "primarykey") primaryIdAttribute = name;
    if (textOf(attribute.DisplayMask).split("|").includes("PrimaryName")) primaryNameAttribute = name;
    if (textOf(attribute.IsCustomField) !== "1") continue;
    columns[name] = column(attribute, globalOptionSets, `${logicalName}.${name}`);
  }
  const description = firstLabel(info.Descriptions, "Description");
  const ownership = OWNERSHIP[textOf(info.OwnershipTypeMask)];
  if (!ownership) throw new Error(`${logicalName}: unknown OwnershipTypeMask "${textOf(info.OwnershipTypeMask)}"`);
  return {
    logicalName,
    entitySetName: required(info, "EntitySetName", logicalName),
    displayName: firstLabel(info.LocalizedNames, "LocalizedName"),
    displayCollectionName: firstLabel(info.LocalizedCollectionNames, "LocalizedCollectionName"),
    ...(description ? { description } : {}),
    ownership,
    primaryIdAttribute,
    primaryNameAttribute,
    alternateKeys: list(node(info.EntityKeys).EntityKey).map((key) => ({
      logicalName: textOf(key.LogicalName) || required(key, "Name", logicalName),
      displayName: firstLabel(key.displaynames, "displayname"),
      columns: texts(node(key.EntityKeyAttributes).AttributeName).map((a) => a.toLowerCase()),
    })),
    columns,
  };
}

function relationship(r: Node): ManyToManyDefinition {
  const name = str(r["@Name"]);
  const roles = list(node(r.EntityRelationshipRoles).EntityRelationshipRole);
  return {
    schemaName: name,
    intersectEntityName: required(r, "IntersectEntityName", name),
    entity1: required(r, "FirstEntityName", name).toLowerCase(),
    entity2: required(r, "SecondEntityName", name).toLowerCase(),
    entity1NavigationProperty: textOf(roles[0]?.NavigationPropertyName) || name,
    entity2NavigationProperty: textOf(roles[1]?.NavigationPropertyName) || name,
  };
}

function role(r: Node): RoleDefinition {
  return {
    id: str(r["@id"])
      .replace(/^\{|\}$/g, "")
      .toLowerCase(),
    name: str(r["@name"]),
    privileges: list(node(r.RolePrivileges).RolePrivilege).map((p) => ({
      name: str(p["@name"]),
      level: str(p["@level"]),
    })),
  };
}

/** A table shipped without its metadata (root component behavior 2): forms and views only, no table to create. */
const isShell = (entity: Node): boolean => {
  const info = node(node(entity.EntityInfo).entity);
  return info.EntitySetName === undefined && info.OwnershipTypeMask === undefined;
};

/** Parses customizations.xml (a BOM is tolerated). */
export function parseCustomizations(xml: string): SolutionTables {
  const root = node(node(parser.parse(xml.replace(/^\uFEFF/, ""))).ImportExportXml);
  if (Object.keys(root).length === 0) throw new Error("customizations.xml has no <ImportExportXml> root");
  const globalOptionSets = new Map(list(node(root.optionsets).optionset).map((o) => [str(o["@Name"]), o] as const));
  return {
    tables: list(node(root.Entities).Entity)
      .filter((e) => !isShell(e))
      .map((e) => table(e, globalOptionSets)),
    relationships: list(node(root.EntityRelationships).EntityRelationship)
      .filter((r) => textOf(r.EntityRelationshipType) === "ManyToMany")
      .map(relationship),
    roles: list(node(root.Roles).Role).map(role),
  };
}

async function entryText(zip: JSZip, name: string): Promise<string> {
  const entry = zip.file(name);
  if (!entry) throw new Error(`The solution zip has no ${name}`);
  return (await entry.async("string")).replace(/^\uFEFF/, "");
}

export async function readSolutionTables(zipBytes: Uint8Array | ArrayBuffer): Promise<SolutionTables> {
  const zip = await JSZip.loadAsync(zipBytes);
  return parseCustomizations(await entryText(zip, "customizations.xml"));
}

function environmentVariable(xml: string): EnvironmentVariable {
  const definition = node(node(parser.parse(xml.replace(/^\uFEFF/, ""))).environmentvariabledefinition);
  const schemaName = str(definition["@schemaname"]);
  const displayName = list(definition.displayname)[0] ?? {};
  const description = node(definition.description);
  return {
    schemaName,
    displayName: firstLabel(displayName, "label") || str(displayName["@default"]),
    description: firstLabel(description, "label") || str(description["@default"]),
    type: Number(required(definition, "type", schemaName)),
    ...(definition.defaultvalue !== undefined ? { defaultValue: textOf(definition.defaultvalue) } : {}),
  };
}

/** Everything ImportSolution needs from a zip. */
export async function readSolution(zipBytes: Uint8Array | ArrayBuffer): Promise<SolutionPackage> {
  const zip = await JSZip.loadAsync(zipBytes);
  const manifest = node(
    node(node(parser.parse(await entryText(zip, "solution.xml"))).ImportExportXml).SolutionManifest,
  );
  const variables = zip.file(/^environmentvariabledefinitions\/[^/]+\/environmentvariabledefinition\.xml$/);
  return {
    uniqueName: required(manifest, "UniqueName", "solution.xml"),
    version: required(manifest, "Version", "solution.xml"),
    managed: textOf(manifest.Managed) === "1",
    ...parseCustomizations(await entryText(zip, "customizations.xml")),
    environmentVariables: await Promise.all(variables.map(async (f) => environmentVariable(await f.async("string")))),
  };
}
