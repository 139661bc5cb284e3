/**
 * What Dataverse checks before it imports a solution, so the local ImportSolution refuses what a real one would:
 * role privileges that exist (the platform's, plus those of the tables being imported, in the platform's casing) at
 * depths the table's ownership allows; N:N and 1:N relationships in their own shapes; every referenced file, form,
 * view, option set, control and role present; root components that match customizations.xml. The checks run before
 * anything is written, so a refusal leaves the environment as it was. Shapes follow real exports
 * (shared/reference/solutions/real-exports): security-role.xml, nn-relationship-custom-to-custom.xml,
 * org-owned-table-relationships-unpacked-*.xml, app-module.xml. Learn: security-roles-privileges
 * (access levels), create-solution / solution-concepts-alm (root components), model-driven app components.
 */
import type JSZip from "jszip";
import { XMLParser } from "fast-xml-parser";
import { platformPrivileges } from "./platformPrivileges";

type Node = Record<string, unknown>;

const REPEATED = new Set([
  "Entity",
  "Role",
  "RolePrivilege",
  "EntityRelationship",
  "EntityRelationshipRole",
  "optionset",
  "attribute",
  "systemform",
  "savedquery",
  "customControl",
  "CustomControl",
  "WebResource",
  "AppModule",
  "AppModuleComponent",
  "RootComponent",
]);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  isArray: (name) => REPEATED.has(name),
});

const node = (v: unknown): Node => (v && typeof v === "object" ? (v as Node) : {});
const list = (v: unknown): Node[] => (Array.isArray(v) ? v.map(node) : v === undefined ? [] : [node(v)]);
const text = (v: unknown): string =>
  v && typeof v === "object" ? String((v as Node)["#text"] ?? "") : v === undefined ? "" : String(v);
const guid = (v: unknown) => text(v).replace(/[{}]/g, "").toLowerCase();

/** Every node named `tag` under `root`, at any depth (forms and views nest their controls deeply). */
function collect(root: unknown, tag: string, out: Node[] = []): Node[] {
  if (Array.isArray(root)) for (const item of root) collect(item, tag, out);
  else if (root && typeof root === "object") {
    for (const [key, value] of Object.entries(root as Node)) {
      if (key === tag) out.push(...list(value));
      collect(value, tag, out);
    }
  }
  return out;
}

/** The text of every element named `tag` under `root`. */
function collectText(root: unknown, tag: string, out: string[] = []): string[] {
  if (Array.isArray(root)) for (const item of root) collectText(item, tag, out);
  else if (root && typeof root === "object") {
    for (const [key, value] of Object.entries(root as Node)) {
      if (key === tag) for (const v of Array.isArray(value) ? value : [value]) out.push(text(v));
      else collectText(value, tag, out);
    }
  }
  return out;
}

const VERBS = ["Create", "Read", "Write", "Delete", "Append", "AppendTo", "Assign", "Share"];
/** Organization-owned tables have no Assign or Share (real-exports/privilege-names.md, section 5). */
const ORG_VERBS = VERBS.slice(0, 6);
const DEPTHS = new Set(["Basic", "Local", "Deep", "Global"]);
/** Access levels an organization-owned table offers: Organization (Global) only (Learn: security-roles-privileges). */
const ORG_DEPTHS = new Set(["Global"]);

interface TableInfo {
  readonly schemaName: string;
  readonly ownership: string;
}

export interface StrictContext {
  readonly zip: JSZip;
  readonly customizations: string;
  readonly solutionXml: string;
  /** Tables the environment already has (by logical name), for references to them. */
  readonly existingTables: ReadonlySet<string>;
  /** Security roles the environment already has (ids, lower case), e.g. created through the metadata Web API. */
  readonly existingRoles?: ReadonlySet<string>;
}

/** Every problem found, each naming its component and what is wrong. Empty when Dataverse would import it. */
export function findImportProblems(context: StrictContext): string[] {
  const root = node(node(parser.parse(context.customizations.replace(/^\uFEFF/, ""))).ImportExportXml);
  const manifest = node(
    node(node(parser.parse(context.solutionXml.replace(/^\uFEFF/, ""))).ImportExportXml).SolutionManifest,
  );
  const problems: string[] = [];

  const entities = list(node(root.Entities).Entity);
  const tables = new Map<string, TableInfo>();
  for (const entity of entities) {
    const info = node(node(entity.EntityInfo).entity);
    const schemaName = String(info["@Name"] ?? text(entity.Name));
    tables.set(schemaName.toLowerCase(), { schemaName, ownership: text(info.OwnershipTypeMask) });
  }
  const known = (name: string) => tables.has(name.toLowerCase()) || context.existingTables.has(name.toLowerCase());

  // Roles: each privilege exists, in the platform's casing, at a depth its table offers.
  const tablePrivileges = new Map<string, TableInfo>();
  for (const table of tables.values()) {
    const verbs = table.ownership === "OrgOwned" ? ORG_VERBS : VERBS;
    for (const verb of verbs) tablePrivileges.set(`prv${verb}${table.schemaName}`, table);
  }
  const byLowerCase = new Map([...platformPrivileges, ...tablePrivileges.keys()].map((p) => [p.toLowerCase(), p]));
  const roles = list(node(root.Roles).Role);
  const roleIds = new Set(roles.map((r) => guid(r["@id"])));
  for (const role of roles) {
    const name = `the security role '${String(role["@name"])}'`;
    for (const privilege of list(node(role.RolePrivileges).RolePrivilege)) {
      const privilegeName = String(privilege["@name"] ?? "");
      const level = String(privilege["@level"] ?? "");
      const table = tablePrivileges.get(privilegeName);
      if (!table && !platformPrivileges.has(privilegeName)) {
        const cased = byLowerCase.get(privilegeName.toLowerCase());
        problems.push(
          cased
            ? `${name} names the privilege ${privilegeName}, which does not exist: the platform spells it ${cased}.`
            : `${name} names the privilege ${privilegeName}, which does not exist in this environment or in the solution.`,
        );
        continue;
      }
      if (!DEPTHS.has(level)) {
        problems.push(`${name} gives ${privilegeName} the level '${level}'; use Basic, Local, Deep or Global.`);
      } else if (table && table.ownership === "OrgOwned" && !ORG_DEPTHS.has(level)) {
        problems.push(
          `${name} gives ${privilegeName} the level ${level}, but ${table.schemaName} is organization-owned: only Global applies.`,
        );
      }
    }
  }

  // Relationships, each in its own shape.
  for (const relationship of list(node(root.EntityRelationships).EntityRelationship)) {
    const name = `the relationship ${String(relationship["@Name"])}`;
    const type = text(relationship.EntityRelationshipType);
    const rolesOf = list(node(relationship.EntityRelationshipRoles).EntityRelationshipRole);
    if (type === "ManyToMany") {
      for (const tag of ["FirstEntityName", "SecondEntityName", "IntersectEntityName"]) {
        if (!text(relationship[tag])) problems.push(`${name} (N:N) has no <${tag}>.`);
      }
      for (const tag of [
        "CascadeAssign",
        "CascadeDelete",
        "CascadeReparent",
        "CascadeShare",
        "CascadeUnshare",
        "ReferencingEntityName",
      ]) {
        if (relationship[tag] !== undefined)
          problems.push(`${name} is N:N but carries <${tag}>, which belongs to 1:N relationships.`);
      }
      const ordinals = rolesOf.map((r) => text(r.AssociationRoleOrdinal)).sort();
      if (rolesOf.length !== 2 || ordinals.join(",") !== "1,2") {
        problems.push(`${name} (N:N) needs two EntityRelationshipRoles with AssociationRoleOrdinal 1 and 2.`);
      }
      if (rolesOf.some((r) => r.RelationshipRoleType !== undefined)) {
        problems.push(`${name} is N:N but its roles carry <RelationshipRoleType>, which belongs to 1:N relationships.`);
      }
      for (const tag of ["FirstEntityName", "SecondEntityName"]) {
        const entity = text(relationship[tag]);
        if (entity && !known(entity))
          problems.push(`${name} relates ${entity}, a table neither the solution nor the environment has.`);
      }
    } else if (type === "OneToMany") {
      for (const tag of [
        "ReferencingEntityName",
        "ReferencedEntityName",
        "ReferencingAttributeName",
        "CascadeAssign",
        "CascadeDelete",
      ]) {
        if (!text(relationship[tag])) problems.push(`${name} (1:N) has no <${tag}>.`);
      }
      if (relationship.IntersectEntityName !== undefined)
        problems.push(`${name} is 1:N but carries <IntersectEntityName>.`);
    } else {
      problems.push(`${name} has the type '${type}'; use OneToMany or ManyToMany.`);
    }
  }

  // Option sets that attributes name.
  const optionSets = new Set(list(node(root.optionsets).optionset).map((o) => String(o["@Name"])));
  for (const entity of entities) {
    for (const attribute of collect(entity, "attribute")) {
      const optionSet = text(attribute.OptionSetName);
      if (optionSet && !optionSets.has(optionSet)) {
        problems.push(
          `the column ${text(attribute.LogicalName) || text(attribute.Name)} uses the option set ${optionSet}, which the solution does not define.`,
        );
      }
    }
  }

  // Files, controls, forms, views and roles that components reference.
  const files = new Set(Object.keys(context.zip.files).map((f) => f.replace(/^\/+/, "").toLowerCase()));
  const hasFile = (path: string) => files.has(path.replace(/^\/+/, "").toLowerCase());
  for (const webResource of collect(root.WebResources, "WebResource")) {
    const file = text(webResource.FileName);
    if (!file || !hasFile(file))
      problems.push(
        `the web resource ${text(webResource.Name)} names the file ${file || "(none)"}, which is not in the zip.`,
      );
  }
  const controls = new Set<string>();
  for (const control of list(node(root.CustomControls).CustomControl)) {
    const controlName = text(control.Name);
    controls.add(controlName);
    const file = text(control.FileName);
    if (!file || !hasFile(file))
      problems.push(`the control ${controlName} names the manifest ${file || "(none)"}, which is not in the zip.`);
    const folder = file
      .replace(/^\/+/, "")
      .replace(/[^/]*$/, "")
      .toLowerCase();
    if (file && ![...files].some((f) => f.startsWith(folder) && f.endsWith(".js")))
      problems.push(`the control ${controlName} has no bundle (.js) beside its manifest in ${folder}.`);
  }
  for (const entity of entities) {
    for (const used of collect(entity, "customControl")) {
      const controlName = used["@name"];
      if (typeof controlName === "string" && !controls.has(controlName))
        problems.push(
          `a form or view of ${tables.get(String(node(node(entity.EntityInfo).entity)["@Name"] ?? "").toLowerCase())?.schemaName ?? "a table"} uses the control ${controlName}, which the solution does not include.`,
        );
    }
  }
  const forms = new Set(collectText(root.Entities, "formid").map(guid));
  const views = new Set(collectText(root.Entities, "savedqueryid").map(guid));
  for (const app of collect(root.AppModules, "AppModule")) {
    const appName = text(app.UniqueName);
    for (const component of list(node(app.AppModuleComponents).AppModuleComponent)) {
      const type = String(component["@type"]);
      const id = guid(component["@id"]);
      const schemaName = String(component["@schemaName"] ?? "");
      if (type === "60" && !forms.has(id))
        problems.push(`the app ${appName} includes the form ${id}, which the solution does not define.`);
      if (type === "26" && !views.has(id))
        problems.push(`the app ${appName} includes the view ${id}, which the solution does not define.`);
      if (type === "1" && !known(schemaName))
        problems.push(
          `the app ${appName} includes the table ${schemaName}, which neither the solution nor the environment has.`,
        );
    }
    for (const role of list(node(app.AppModuleRoleMaps).Role)) {
      if (!roleIds.has(guid(role["@id"])) && !context.existingRoles?.has(guid(role["@id"])))
        problems.push(
          `the app ${appName} is assigned the role ${guid(role["@id"])}, which neither the solution nor the environment has.`,
        );
    }
  }

  // Root components and customizations.xml agree.
  const rootComponents = list(node(manifest.RootComponents).RootComponent);
  const rootsOf = (type: string) =>
    new Set(
      rootComponents
        .filter((r) => String(r["@type"]) === type)
        .map((r) => String(r["@schemaName"] ?? guid(r["@id"])).toLowerCase()),
    );
  const compare = (type: string, what: string, defined: Iterable<string>) => {
    const roots = rootsOf(type);
    const definedSet = new Set([...defined].map((d) => d.toLowerCase()));
    for (const name of roots)
      if (!definedSet.has(name))
        problems.push(
          `solution.xml lists the ${what} ${name} as a root component, but customizations.xml does not define it.`,
        );
    for (const name of definedSet)
      if (!roots.has(name))
        problems.push(
          `customizations.xml defines the ${what} ${name}, but solution.xml does not list it as a root component.`,
        );
  };
  compare(
    "1",
    "table",
    [...tables.values()].map((t) => t.schemaName),
  );
  compare("9", "option set", optionSets);
  compare("20", "security role", roleIds);
  compare("66", "control", controls);
  return problems;
}
