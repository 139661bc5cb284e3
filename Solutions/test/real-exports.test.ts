/**
 * The packer's output compared, element by element, with real Dataverse exports (../shared/reference/solutions/
 * real-exports, whose README names each source). Each block is one point of issue 9; each fails on the shape the
 * packer wrote before.
 */
import {
  AdministratorRole,
  AppProfile,
  manyToManyRelationships,
  privilegeName,
  solutionTables,
  UserRole,
  allPrivileges,
} from "../../schema";
import {
  buildOnce,
  entryText,
  find,
  names,
  NEWER_THAN_XSD,
  parseOrdered,
  referenceText,
  type Ordered,
} from "./helpers";

const real = (file: string): Ordered => parseOrdered(referenceText("real-exports", file));
const customizations = async () => parseOrdered(await entryText((await buildOnce()).unmanaged, "customizations.xml"));
const children = (element: Ordered, name: string) => element.children.filter((c) => c.name === name);
const only = (list: readonly Ordered[], what: string): Ordered => {
  if (list.length !== 1) throw new Error(`expected one ${what}, found ${list.length}`);
  return list[0]!;
};
const entityNamed = (root: Ordered, logicalName: string): Ordered =>
  only(
    find(root, "Entities").children.filter((e) => find(e, "Name").text.toLowerCase() === logicalName),
    `entity ${logicalName}`,
  );
const attributesOf = (entity: Ordered): readonly Ordered[] =>
  find(entity, "EntityInfo", "entity", "attributes").children;
const relationshipsOf = (root: Ordered): readonly Ordered[] => find(root, "EntityRelationships").children;
const isCustom = (attribute: Ordered) => find(attribute, "IsCustomField").text === "1";
/** The element names of an element's children, without those newer than the 9.0 XSD that we may not write. */
const shape = (element: Ordered, skip: readonly string[] = []): string[] =>
  names(element).filter((n) => !skip.includes(n));

const rolesOf = (root: Ordered) => find(root, "Roles").children;
const privilegesOf = (role: Ordered): Map<string, string> =>
  new Map(find(role, "RolePrivileges").children.map((p) => [p.attrs.name!, p.attrs.level!]));

/** Every privilege name some real role export grants. */
function realPrivilegeNames(): Set<string> {
  const fromFile = (file: string) => {
    const root = real(file);
    const roles = root.name === "Role" ? [root] : rolesOf(root);
    return roles.flatMap((r) => [...privilegesOf(r).keys()]);
  };
  return new Set([...fromFile("security-role.xml"), ...fromFile("security-role-in-customizations.xml")]);
}

/** The App Opener part of the real custom role: everything but its own (cr468_) table privileges. */
function realAppOpener(): Map<string, string> {
  return new Map([...privilegesOf(real("security-role.xml"))].filter(([name]) => !name.includes("cr468_")));
}

describe("1. roles name only privileges that exist, in the platform's casing", () => {
  const ownTablePrivileges = new Set(
    solutionTables.flatMap((t) => allPrivileges.map((p) => privilegeName(t.logicalName, p))),
  );

  /**
   * No real export at hand grants role's or team's Append (issue 13 associates profiles with them), so these come from
   * Learn's privilege references, with their casing: "Role (security role) entity privileges"
   * (previous-versions/dynamicscrm-2015/developers-guide/gg309683), "Team entity privileges" (… gg328054).
   */
  const learnDocumented = [
    "prvAppendRole",
    "prvAppendToRole",
    "prvAppendTeam",
    "prvAppendToTeam",
    // Reading audit history (schema/audit.ts): "Audit (auditing) entity privileges" (… dynamicscrm-2013 gg328284:
    // prvReadAuditPartitions, prvReadAuditSummary) and "RetrieveRecordChangeHistory message privileges" (… gg309409).
    "prvReadAuditPartitions",
    "prvReadAuditSummary",
    "prvReadRecordAuditHistory",
  ];

  it("grants only privileges a real role export grants, Learn documents, or those of our own tables", async () => {
    const known = new Set([...realPrivilegeNames(), ...learnDocumented]);
    const knownLower = new Map([...known].map((n) => [n.toLowerCase(), n]));
    for (const role of rolesOf(await customizations())) {
      for (const name of privilegesOf(role).keys()) {
        if (ownTablePrivileges.has(name)) continue;
        // Same letters as a real privilege means the same casing too (prvReadEnvironmentVariableDefinition).
        expect([name, knownLower.get(name.toLowerCase())]).toEqual([name, name]);
        expect(known.has(name)).toBe(true);
      }
    }
  });

  it("names no environmentvariablevalue privilege (no role export shows one) and reads the definition", async () => {
    for (const role of rolesOf(await customizations())) {
      const granted = [...privilegesOf(role).keys()];
      expect(granted.filter((n) => /environmentvariablevalue/i.test(n))).toEqual([]);
      expect(granted).toContain("prvReadEnvironmentVariableDefinition");
      expect(granted).toContain("prvReadAppModule");
    }
  });
});

describe("2. each role works alone: the App Opener minimum, as a real custom role carries it", () => {
  it.each([AdministratorRole, UserRole].map((r) => [r.name, r] as const))("%s", async (_, role) => {
    const ours = privilegesOf(
      only(
        children(find(await customizations(), "Roles"), "Role").filter((r) => r.attrs.id === `{${role.id}}`),
        role.name,
      ),
    );
    const opener = realAppOpener();
    expect(opener.size).toBe(81);
    for (const [name, level] of opener) expect([name, ours.get(name)]).toEqual([name, level]);
  });

  it("writes the role's settings as the export does", async () => {
    const reference = only(children(real("security-role-in-customizations.xml"), "Roles"), "Roles").children[0]!;
    for (const role of rolesOf(await customizations())) {
      expect(names(role)).toEqual(names(reference));
      expect(find(role, "IsAutoAssigned").text).toBe(find(reference, "IsAutoAssigned").text);
      // Sorted as exports sort them.
      const listed = [...privilegesOf(role).keys()];
      expect(listed).toEqual([...listed].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    }
  });
});

describe("3. the administrator can assign users, and nothing more is granted on users", () => {
  it("grants Append on both tables of the N:N with systemuser (prvAppendUser), as the platform checks", async () => {
    const roles = rolesOf(await customizations());
    const admin = privilegesOf(
      only(
        roles.filter((r) => r.attrs.id === `{${AdministratorRole.id}}`),
        "admin role",
      ),
    );
    const user = privilegesOf(
      only(
        roles.filter((r) => r.attrs.id === `{${UserRole.id}}`),
        "user role",
      ),
    );
    expect(realPrivilegeNames().has("prvAppendUser")).toBe(true);
    expect(admin.get("prvAppendUser")).toBe("Global");
    expect(admin.get(privilegeName(AppProfile.logicalName, "append"))).toBe("Global");
    expect(admin.has("prvAppendToUser")).toBe(false);
    expect(user.has("prvAppendUser")).toBe(false);
    expect([...admin.keys()].filter((n) => /User$/.test(n)).sort()).toEqual(["prvAppendUser", "prvReadUser"]);
  });
});

describe("3b. issue 13: the administrator gives profiles to roles and teams; both roles read them", () => {
  it("grants Append on role and team to the administrator (the N:N needs Append on both tables) and Read to both", async () => {
    const roles = rolesOf(await customizations());
    const privileges = (id: string) =>
      privilegesOf(
        only(
          roles.filter((r) => r.attrs.id === `{${id}}`),
          id,
        ),
      );
    const admin = privileges(AdministratorRole.id);
    const user = privileges(UserRole.id);
    for (const name of ["prvAppendRole", "prvAppendTeam", "prvReadRole", "prvReadTeam"])
      expect([name, admin.get(name)]).toEqual([name, "Global"]);
    for (const name of ["prvReadRole", "prvReadTeam"]) expect([name, user.get(name)]).toEqual([name, "Global"]);
    expect(user.has("prvAppendRole") || user.has("prvAppendTeam")).toBe(false);
  });

  it("names the platform tables by their schema names in the N:N, as the export names SystemUser", async () => {
    const all = relationshipsOf(await customizations());
    const second = (name: string) =>
      find(
        only(
          all.filter((r) => r.attrs.Name === name),
          name,
        ),
        "SecondEntityName",
      ).text;
    expect(second("apm_appprofile_role")).toBe("Role");
    expect(second("apm_appprofile_team")).toBe("Team");
  });
});

describe("4. N:N relationships in the N:N shape", () => {
  const reference = find(real("nn-relationship-with-systemuser.xml"), "EntityRelationships", "EntityRelationship");

  it.each(manyToManyRelationships.map((r) => [r.schemaName] as const))("%s", async (schemaName) => {
    const ours = only(
      relationshipsOf(await customizations()).filter((r) => r.attrs.Name === schemaName),
      schemaName,
    );
    expect(names(ours)).toEqual(names(reference));
    const roles = find(ours, "EntityRelationshipRoles").children;
    const referenceRoles = find(reference, "EntityRelationshipRoles").children;
    expect(roles.map(names)).toEqual(referenceRoles.map(names));
    expect(roles.map((r) => find(r, "AssociationRoleOrdinal").text)).toEqual(["1", "2"]);
    for (const [i, role] of roles.entries()) {
      for (const setting of ["NavPaneDisplayOption", "NavPaneArea", "NavPaneOrder"]) {
        expect(find(role, setting).text).toBe(find(referenceRoles[i]!, setting).text);
      }
    }
    expect(JSON.stringify(ours)).not.toMatch(/"Cascade|"RelationshipRoleType"|"RelationshipDescription"/);
  });
});

describe("5. tables as the platform exports them", () => {
  const referenceEntity = find(real("org-owned-table-entity.xml"), "Entities", "Entity");
  const referenceTable = find(referenceEntity, "Name").text; // apollo_InsuranceClaim
  const referenceSystem = attributesOf(referenceEntity).filter(
    (a) => !isCustom(a) && find(a, "Type").text !== "primarykey",
  );
  /** An attribute's own settings (its leaf children), without what the 9.0 XSD predates or a version stamp. */
  const settings = (attribute: Ordered): Record<string, string> =>
    Object.fromEntries(
      attribute.children
        .filter((c) => c.children.length === 0 && !NEWER_THAN_XSD.has(c.name) && c.name !== "IntroducedVersion")
        .map((c) => [c.name, c.text]),
    );

  it.each(solutionTables.map((t) => [t.logicalName, t] as const))(
    "%s has exactly the export's system columns, with their names and settings",
    async (_, table) => {
      const entity = entityNamed(await customizations(), table.logicalName);
      const system = attributesOf(entity).filter((a) => !isCustom(a) && find(a, "Type").text !== "primarykey");
      expect(system.map((a) => a.attrs.PhysicalName)).toEqual(referenceSystem.map((a) => a.attrs.PhysicalName));
      for (const [i, ours] of system.entries()) {
        const reference = referenceSystem[i]!;
        expect(shape(ours)).toEqual(shape(reference).filter((n) => !NEWER_THAN_XSD.has(n)));
        expect(settings(ours)).toEqual(settings(reference));
        const label = (a: Ordered) => find(a, "displaynames", "displayname").attrs.description;
        expect(label(ours)).toBe(label(reference));
      }
      const primaryKey = only(
        attributesOf(entity).filter((a) => find(a, "Type").text === "primarykey"),
        "primary key",
      );
      const referenceKey = only(
        attributesOf(referenceEntity).filter((a) => find(a, "Type").text === "primarykey"),
        "reference primary key",
      );
      // The table's schema name plus "Id", as apollo_InsuranceClaimId.
      expect(referenceKey.attrs.PhysicalName).toBe(`${referenceTable}Id`);
      expect(primaryKey.attrs.PhysicalName).toBe(`${find(entity, "Name").text}Id`);
      expect(settings(primaryKey)).toEqual({
        ...settings(referenceKey),
        Name: table.primaryIdAttribute,
        LogicalName: table.primaryIdAttribute,
      });
      expect(attributesOf(entity).map((a) => a.attrs.PhysicalName)).not.toContain("VersionNumber");
    },
  );

  it.each(solutionTables.map((t) => [t.logicalName] as const))(
    "%s has exactly the export's system relationships",
    async (logicalName) => {
      const root = real("org-owned-table-entity.xml");
      const referenceRelationships = relationshipsOf(root);
      const ours = relationshipsOf(await customizations()).filter(
        (r) => find(r, "EntityRelationshipType").text === "OneToMany" && r.attrs.Name!.includes(logicalName),
      );
      const generic = (name: string, table: string) => name.replace(table, "<table>");
      expect(ours.map((r) => generic(r.attrs.Name!, logicalName))).toEqual(
        referenceRelationships.map((r) => generic(r.attrs.Name!, referenceTable.toLowerCase())),
      );
      for (const [i, relationship] of ours.entries()) {
        const reference = referenceRelationships[i]!;
        expect(names(relationship)).toEqual(names(reference));
        for (const leaf of relationship.children.filter((c) => c.children.length === 0)) {
          const expected = find(reference, leaf.name).text;
          expect([leaf.name, leaf.text]).toEqual([
            leaf.name,
            leaf.name === "ReferencingEntityName" ? logicalName : expected,
          ]);
        }
      }
      expect(ours.map((r) => r.attrs.Name).filter((n) => /onbehalfby/.test(n!))).toEqual([]);
    },
  );

  it("writes multi-line text as a real ntext column", async () => {
    const reference = only(
      attributesOf(find(real("custom-attributes-memo-bit.xml"), "Entities", "Entity")).filter(
        (a) => find(a, "Type").text === "ntext",
      ),
      "ntext attribute",
    );
    const ours = only(
      attributesOf(entityNamed(await customizations(), AppProfile.logicalName)).filter(
        (a) => a.attrs.PhysicalName === "apm_description",
      ),
      "apm_description",
    );
    expect(shape(ours)).toEqual(shape(reference).filter((n) => !NEWER_THAN_XSD.has(n)));
    expect(find(ours, "Type").text).toBe("ntext");
    expect(find(ours, "Format").text).toBe(find(reference, "Format").text);
    expect(find(ours, "MaxLength").text).toBe(String(AppProfile.columns.apm_description.maxLength));
  });

  it("exports each N:N once, under EntityRelationships, with no intersect entity", async () => {
    const root = await customizations();
    const entityNames = find(root, "Entities").children.map((e) => find(e, "Name").text.toLowerCase());
    for (const relationship of manyToManyRelationships) {
      expect(relationshipsOf(root).filter((r) => r.attrs.Name === relationship.schemaName)).toHaveLength(1);
      expect(entityNames).not.toContain(relationship.intersectEntityName.toLowerCase());
    }
    const solution = await entryText((await buildOnce()).unmanaged, "solution.xml");
    for (const relationship of manyToManyRelationships) expect(solution).not.toContain(relationship.schemaName);
  });
});

describe("6. app module, site map and the view's dataset control as current exports write them", () => {
  it("writes the app module's fields, in the export's order and with its values", async () => {
    const ours = find(await customizations(), "AppModules", "AppModule");
    const reference = find(real("app-module.xml"), "AppModules", "AppModule");
    expect(names(ours)).toEqual(shape(reference, ["appelements", "appsettings"]));
    for (const field of ["OptimizedFor", "statecode", "statuscode", "FormFactor", "ClientType", "NavigationType"]) {
      expect([field, find(ours, field).text]).toEqual([field, find(reference, field).text]);
    }
  });

  it("writes the site map's navigation settings", async () => {
    const ours = find(await customizations(), "AppModuleSiteMaps", "AppModuleSiteMap");
    const reference = find(real("app-module-sitemap.xml"), "AppModuleSiteMaps", "AppModuleSiteMap");
    expect(names(ours)).toEqual(names(reference));
    for (const field of ["EnableCollapsibleGroups", "ShowHome", "ShowPinned", "ShowRecents"]) {
      expect([field, find(ours, field).text]).toEqual([field, find(reference, field).text]);
    }
  });

  it("binds the designer's data set as an export binds a view's main data set", async () => {
    const view = (entity: Ordered) =>
      find(entity, "SavedQueries", "savedqueries").children.find((q) =>
        find(q, "layoutxml", "grid").children.some((c) => c.name === "controlDescriptions"),
      )!;
    const ours = find(view(entityNamed(await customizations(), AppProfile.logicalName)), "layoutxml", "grid");
    const reference = find(view(find(real("view-with-pcf-control.xml"), "Entities", "Entity")), "layoutxml", "grid");
    const description = (grid: Ordered) => find(grid, "controlDescriptions", "controlDescription");
    expect(description(ours).attrs).toEqual(description(reference).attrs);
    const controls = (grid: Ordered) => description(grid).children;
    expect(controls(ours).map((c) => c.attrs.id ?? c.attrs.formFactor)).toEqual(
      controls(reference).map((c) => c.attrs.id ?? c.attrs.formFactor),
    );
    const mainDataSet = only(
      find(controls(reference)[1]!, "parameters").children.filter((c) => c.attrs.name === "Grid"),
      "Grid data set",
    );
    for (const control of controls(ours).slice(1)) {
      const dataSet = find(control, "parameters", "data-set");
      expect(names(dataSet)).toEqual(names(mainDataSet));
      expect(find(dataSet, "ViewId").text).toBe(find(mainDataSet, "ViewId").text);
    }
  });
});

describe("7. the environment variable ships a default value", () => {
  it("writes a Yes/No definition in the export's shape, defaulting to no", async () => {
    const ours = parseOrdered(
      await entryText(
        (await buildOnce()).unmanaged,
        "environmentvariabledefinitions/apm_ChatLicenseAvailable/environmentvariabledefinition.xml",
      ),
    );
    const reference = real("environment-variable-boolean.xml");
    expect(names(ours)).toEqual(names(reference));
    expect(find(ours, "type").text).toBe(find(reference, "type").text);
    expect(find(ours, "defaultvalue").text).toBe("no");
  });
});

describe("8. the profile form works for New", () => {
  const referenceForm = find(
    real("form-with-pcf-control.xml"),
    "Entities",
    "Entity",
    "FormXml",
    "forms",
    "systemform",
    "form",
  );
  const profileForm = async () =>
    find(entityNamed(await customizations(), AppProfile.logicalName), "FormXml", "forms", "systemform", "form");
  const controlsOf = (form: Ordered): Ordered[] => {
    const found: Ordered[] = [];
    const walk = (e: Ordered) => (e.name === "control" ? found.push(e) : e.children.forEach(walk));
    walk(find(form, "tabs"));
    return found;
  };

  it("shows the standard fields (name, unique name, app, description) as plain controls", async () => {
    const plain = controlsOf(await profileForm()).filter((c) => !c.attrs.uniqueid);
    expect(plain.map((c) => c.attrs.datafieldname)).toEqual([
      "apm_name",
      "apm_uniquename",
      "apm_app",
      "apm_description",
    ]);
    for (const control of plain) expect(control.attrs.id).toBe(control.attrs.datafieldname);
  });

  it("hosts the editor as an export hosts a code component, bound to the profile's alternate key", async () => {
    const form = await profileForm();
    const referenceCustom = controlsOf(referenceForm).filter((c) => c.attrs.uniqueid);
    const editor = only(
      controlsOf(form).filter((c) => c.attrs.uniqueid),
      "editor control",
    );
    expect(editor.attrs.classid).toBe(referenceCustom[0]!.attrs.classid);
    // A second control on the unique name column (Learn: "<columnName>1").
    expect([editor.attrs.datafieldname, editor.attrs.id]).toEqual(["apm_uniquename", "apm_uniquename1"]);
    expect(AppProfile.alternateKeys[0].columns).toEqual(["apm_uniquename"]);
    // controlDescriptions after DisplayConditions, one per code component cell.
    expect(shape(form).slice(-2)).toEqual(
      shape(referenceForm)
        .filter((n) => n !== "formLibraries")
        .slice(-2),
    );
    const description = find(form, "controlDescriptions", "controlDescription");
    const reference = children(find(referenceForm, "controlDescriptions"), "controlDescription")[0]!;
    expect(description.attrs.forControl).toBe(editor.attrs.uniqueid);
    expect(description.children.map((c) => c.attrs.formFactor ?? "default")).toEqual(
      reference.children.map((c) => c.attrs.formFactor ?? "default"),
    );
    expect(find(description.children[0]!, "parameters", "datafieldname").text).toBe("apm_uniquename");
    for (const control of description.children.slice(1)) {
      const referenceParameter = find(reference.children[1]!, "parameters").children[0]!;
      const parameter = only(find(control, "parameters").children, "bound parameter");
      expect(Object.keys(parameter.attrs)).toEqual(Object.keys(referenceParameter.attrs));
      expect([parameter.name, parameter.attrs.type, parameter.text]).toEqual([
        "profileKey",
        "SingleLine.Text",
        "apm_uniquename",
      ]);
    }
  });
});
