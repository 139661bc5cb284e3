import { AuditPrivilege, auditReaderRoleIds } from "../../schema/audit";
import {
  AdministratorRole,
  AppProfile,
  ModelDrivenApp,
  UserRole,
  manyToManyRelationships,
  privilegeName,
  solutionTables,
  tables,
} from "../../schema";
import {
  buildOnce,
  entryText,
  find,
  names,
  NEWER_THAN_XSD,
  parseOrdered,
  referenceText,
  sharedOrder,
  type Ordered,
} from "./helpers";
import { APP_OPENER_PRIVILEGES } from "../src/app-opener";

const customizations = async () => parseOrdered(await entryText((await buildOnce()).unmanaged, "customizations.xml"));
const references = ["control-only", "table-and-app"].map((ref) =>
  parseOrdered(referenceText(ref, "customizations.xml")),
);
const tableAndApp = references[1]!;
const byAttr = (container: Ordered, child: string, attr: string, value: string): Ordered => {
  const found = container.children.find((c) => c.name === child && c.attrs[attr] === value);
  if (!found) throw new Error(`<${container.name}> has no <${child} ${attr}="${value}">`);
  return found;
};
const entityOf = (root: Ordered, logicalName: string) =>
  find(root, "Entities").children.find(
    (e) => find(e, "EntityInfo", "entity").attrs.Name.toLowerCase() === logicalName,
  )!;
/** An attribute by its logical name (exports write the schema name, `CreatedOn`, in PhysicalName). */
const attributeOf = (entity: Ordered, logicalName: string) => {
  const attributes = find(entity, "EntityInfo", "entity", "attributes");
  const found = attributes.children.find((a) => a.attrs.PhysicalName?.toLowerCase() === logicalName.toLowerCase());
  if (!found) throw new Error(`<attributes> has no <attribute PhysicalName="${logicalName}">`);
  return found;
};

/** Ours has every element the reference has (except those newer than the XSD), in the reference's order. */
function expectSameShape(ours: Ordered, reference: Ordered, allowedMissing: readonly string[] = []) {
  const [o, r] = sharedOrder(names(ours), names(reference));
  expect(o).toEqual(r);
  const missing = names(reference).filter(
    (n) => !names(ours).includes(n) && !NEWER_THAN_XSD.has(n) && !allowedMissing.includes(n),
  );
  expect(missing).toEqual([]);
}

describe("customizations.xml shape", () => {
  it("has the root and top-level sections of both reference exports, in their order", async () => {
    const ours = await customizations();
    for (const reference of references) {
      expect(ours.name).toBe(reference.name);
      expect(ours.attrs["xmlns:xsi"]).toBe(reference.attrs["xmlns:xsi"]);
      expectSameShape(ours, reference);
    }
    expect(Object.keys(ours.attrs)).toEqual(["xmlns:xsi"]);
  });

  it("writes entities, metadata, attributes, forms and views in the export's element order", async () => {
    const ours = entityOf(await customizations(), AppProfile.logicalName);
    const reference = find(tableAndApp, "Entities", "Entity");
    expectSameShape(ours, reference);
    expectSameShape(find(ours, "EntityInfo", "entity"), find(reference, "EntityInfo", "entity"));
    const referenceAttribute = (name: string) => attributeOf(reference, name);
    expectSameShape(attributeOf(ours, "apm_name"), referenceAttribute("sample_Name"));
    expectSameShape(attributeOf(ours, AppProfile.primaryIdAttribute), referenceAttribute("sample_ExampleId"));
    expectSameShape(attributeOf(ours, "statecode"), referenceAttribute("statecode"));
    expectSameShape(attributeOf(ours, "createdon"), referenceAttribute("CreatedOn"));
    // A choice column refers to its global option set where the reference embeds a local one.
    expectSameShape(attributeOf(ours, "apm_app"), referenceAttribute("sample_Category"), ["optionset"]);
    const form = (entity: Ordered) => find(entity, "FormXml").children.find((f) => f.attrs.type === "main")!;
    expectSameShape(find(form(ours), "systemform"), find(form(reference), "systemform"));
    const view = (entity: Ordered) => find(entity, "SavedQueries", "savedqueries", "savedquery");
    expectSameShape(view(ours), view(reference));
    expectSameShape(find(ours, "RibbonDiffXml"), find(reference, "RibbonDiffXml"));
  });

  it("writes the app module and site map like the export", async () => {
    const ours = await customizations();
    expectSameShape(find(ours, "AppModules", "AppModule"), find(tableAndApp, "AppModules", "AppModule"));
    expectSameShape(
      find(ours, "AppModuleSiteMaps", "AppModuleSiteMap"),
      find(tableAndApp, "AppModuleSiteMaps", "AppModuleSiteMap"),
    );
  });

  it("lists the controls like the control-only export", async () => {
    const controls = find(await customizations(), "CustomControls").children;
    const reference = find(references[0]!, "CustomControls", "CustomControl");
    expect(controls.map((c) => find(c, "Name").text)).toEqual([
      "apm_AppProfileManager.ProfileDesigner",
      "apm_AppProfileManager.ProfileEditor",
    ]);
    for (const control of controls) {
      expect(names(control)).toEqual(names(reference));
      expect(find(control, "FileName").text).toBe(`/Controls/${find(control, "Name").text}/ControlManifest.xml`);
    }
  });
});

describe("customizations.xml derives from the schema", () => {
  it("writes the solution's tables and never a platform table", async () => {
    const entities = find(await customizations(), "Entities").children.map((e) => find(e, "Name").text);
    expect(entities).toEqual(solutionTables.map((t) => t.logicalName));
    for (const platform of tables.filter((t) => t.platform)) expect(entities).not.toContain(platform.logicalName);
  });

  it.each(solutionTables.map((t) => [t.logicalName, t] as const))("writes every column of %s", async (_, table) => {
    const entity = entityOf(await customizations(), table.logicalName);
    const info = find(entity, "EntityInfo", "entity");
    expect(find(info, "EntitySetName").text).toBe(table.entitySetName);
    expect(find(info, "LocalizedNames", "LocalizedName").attrs.description).toBe(table.displayName);
    for (const [name, column] of Object.entries(table.columns)) {
      const attribute = attributeOf(entity, name);
      expect(find(attribute, "displaynames", "displayname").attrs.description).toBe(column.displayName);
      expect(find(attribute, "IsCustomField").text).toBe("1");
      expect(find(attribute, "RequiredLevel").text).toBe(column.required ? "required" : "none");
      if (column.type === "string" || column.type === "memo") {
        expect(find(attribute, "MaxLength").text).toBe(String(column.maxLength));
      }
      if (column.type === "choice") expect(find(attribute, "OptionSetName").text).toBe(column.optionSetName);
    }
    expect(find(attributeOf(entity, table.primaryNameAttribute), "DisplayMask").text).toMatch(/^PrimaryName\|/);
    expect(find(attributeOf(entity, table.primaryIdAttribute), "Type").text).toBe("primarykey");
  });

  it("writes the alternate key on apm_uniquename", async () => {
    const info = find(entityOf(await customizations(), AppProfile.logicalName), "EntityInfo", "entity");
    const key = find(info, "EntityKeys", "EntityKey");
    expect(find(key, "LogicalName").text).toBe(AppProfile.alternateKeys[0].logicalName);
    expect(find(key, "EntityKeyAttributes").children.map((a) => a.text)).toEqual(["apm_uniquename"]);
  });

  it("writes every choice as a global option set with the schema's values", async () => {
    const sets = find(await customizations(), "optionsets");
    for (const column of Object.values(AppProfile.columns)) {
      if (column.type !== "choice") continue;
      const set = byAttr(sets, "optionset", "Name", column.optionSetName);
      expect(find(set, "IsGlobal").text).toBe("1");
      expect(
        find(set, "options").children.map((o) => [Number(o.attrs.value), find(o, "labels", "label").attrs.description]),
      ).toEqual(column.options.map((o) => [o.value, o.label]));
    }
  });

  it("writes the three N:N relationships with their intersect entity names", async () => {
    const relationships = find(await customizations(), "EntityRelationships").children.filter(
      (r) => find(r, "EntityRelationshipType").text === "ManyToMany",
    );
    const byName = (a: string[], b: string[]) => a[0]!.localeCompare(b[0]!);
    expect(relationships.map((r) => [r.attrs.Name!, find(r, "IntersectEntityName").text]).sort(byName)).toEqual(
      manyToManyRelationships.map((r) => [r.schemaName, r.intersectEntityName]).sort(byName),
    );
  });

  it("writes both roles with the schema's privileges at organization depth, plus the App Opener minimum", async () => {
    const roles = find(await customizations(), "Roles");
    for (const role of [AdministratorRole, UserRole]) {
      const element = byAttr(roles, "Role", "id", `{${role.id}}`);
      expect(element.attrs.name).toBe(role.name);
      const granted = new Map(find(element, "RolePrivileges").children.map((p) => [p.attrs.name, p.attrs.level]));
      const schema = Object.entries(role.privileges).flatMap(([t, list]) =>
        (list ?? []).map((p) => privilegeName(t, p)),
      );
      for (const name of schema) expect([name, granted.get(name)]).toEqual([name, "Global"]);
      const opener = APP_OPENER_PRIVILEGES.map((p) => p.name);
      // The administrators also read profile history (schema/audit.ts): the audit privileges, by name.
      const audit = auditReaderRoleIds.includes(role.id) ? Object.values(AuditPrivilege) : [];
      for (const name of audit) expect([name, granted.get(name)]).toEqual([name, "Global"]);
      expect([...granted.keys()].sort()).toEqual([...new Set([...schema, ...opener, ...audit])].sort());
    }
    expect(privilegeName(AppProfile.logicalName, "appendto")).toBe("prvAppendToapm_appprofile");
  });

  it("maps the app to the tables, its site map and both roles", async () => {
    const root = await customizations();
    const app = find(root, "AppModules", "AppModule");
    expect(find(app, "UniqueName").text).toBe(ModelDrivenApp.uniqueName);
    const components = find(app, "AppModuleComponents").children;
    for (const table of solutionTables) {
      expect(components).toContainEqual(
        expect.objectContaining({ attrs: { type: "1", schemaName: table.logicalName } }),
      );
    }
    expect(find(app, "AppModuleRoleMaps").children.map((r) => r.attrs.id)).toEqual([
      `{${AdministratorRole.id}}`,
      `{${UserRole.id}}`,
    ]);
    const siteMap = find(root, "AppModuleSiteMaps", "AppModuleSiteMap");
    expect(find(siteMap, "SiteMapUniqueName").text).toBe(ModelDrivenApp.uniqueName);
    const subAreas = find(siteMap, "SiteMap", "Area", "Group").children.filter((c) => c.name === "SubArea");
    expect(subAreas.map((s) => s.attrs.Entity)).toEqual(solutionTables.map((t) => t.logicalName));
  });

  it("binds the profile editor on the profile form for web, tablet and phone", async () => {
    const entity = entityOf(await customizations(), AppProfile.logicalName);
    const form = find(entity, "FormXml", "forms", "systemform", "form");
    const description = find(form, "controlDescriptions", "controlDescription");
    const custom = description.children.filter((c) => c.attrs.name === "apm_AppProfileManager.ProfileEditor");
    // Exports list a form control's factors as web, phone, tablet.
    expect(custom.map((c) => c.attrs.formFactor)).toEqual(["0", "2", "1"]);
    const bound = JSON.stringify(form).match(/"uniqueid":"([^"]+)"/)?.[1];
    expect(description.attrs.forControl).toBe(bound);
    expect(JSON.stringify(form)).toContain('"datafieldname":"apm_uniquename"');
  });

  it("puts the profile designer on the profiles' public view and a public view on every table", async () => {
    const root = await customizations();
    for (const table of solutionTables) {
      const views = find(entityOf(root, table.logicalName), "SavedQueries", "savedqueries").children;
      const publicView = views.find((v) => find(v, "querytype").text === "0" && find(v, "isdefault").text === "1")!;
      expect(find(publicView, "fetchxml", "fetch", "entity").attrs.name).toBe(table.logicalName);
      const grid = find(publicView, "layoutxml", "grid");
      const designer = grid.children.find((c) => c.name === "controlDescriptions");
      if (table === AppProfile) {
        const controls = find(designer!, "controlDescription").children.filter((c) => c.attrs.name);
        expect(controls.map((c) => [c.attrs.name, c.attrs.formFactor])).toEqual(
          ["0", "1", "2"].map((f) => ["apm_AppProfileManager.ProfileDesigner", f]),
        );
        // A dataset control: each form factor gets the view's own records as the manifest's data set.
        for (const control of controls) {
          const dataSet = find(control, "parameters", "data-set");
          expect(dataSet.attrs.name).toBe("profiles");
          // As an export binds a view's main data set: the hosting view, by the empty id, and nothing else.
          expect(names(dataSet)).toEqual(["ViewId"]);
          expect(find(dataSet, "ViewId").text).toBe("00000000-0000-0000-0000-000000000000");
        }
      } else {
        expect(designer).toBeUndefined();
      }
    }
  });
});
