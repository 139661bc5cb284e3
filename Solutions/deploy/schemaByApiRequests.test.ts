import {
  AdministratorRole,
  AppProfile,
  AppProfileSystemUser,
  ChannelProvider,
  EnvironmentVariableValue,
  manyToManyRelationships,
  securityRoles,
  solutionTables,
} from "../../schema";
import {
  addPrivilegesBody,
  bindOptionSet,
  roleBody,
  schemaRequests,
  solutionHeader,
  tableRequest,
} from "./schemaByApiRequests";
import { role } from "../src/roles";
import type { XmlElement } from "../src/xml";

const descendants = (root: XmlElement, name: string): XmlElement[] =>
  root.children.flatMap((c) =>
    c.kind === "element" ? [...(c.name === name ? [c] : []), ...descendants(c, name)] : [],
  );

const requests = schemaRequests();
const table = (name: string) => requests.tables.find((t) => t.logicalName === name)!;
const column = (tableName: string, name: string) => table(tableName).columns.find((c) => c.logicalName === name)!;
const labelOf = (value: unknown) => (value as { LocalizedLabels: { Label: string }[] }).LocalizedLabels[0].Label;

describe("the schema as metadata Web API requests", () => {
  it("has one request per table, option set, N:N and role of the solution, in the solution AppProfileManager", () => {
    expect(requests.solutionUniqueName).toBe("AppProfileManager");
    expect(requests.tables.map((t) => t.logicalName)).toEqual(solutionTables.map((t) => t.logicalName));
    expect(requests.relationships.map((r) => r.schemaName)).toEqual(manyToManyRelationships.map((r) => r.schemaName));
    expect(requests.roles.map((r) => r.id)).toEqual(securityRoles.map((r) => r.id));
    expect(requests.optionSets.map((o) => o.name).sort()).toEqual(
      ["apm_app", "apm_channelapiversion", "apm_productivitypanemode", "apm_sessiontemplatetype"].sort(),
    );
    expect(solutionHeader("AppProfileManager")).toEqual({ "MSCRM.SolutionUniqueName": "AppProfileManager" });
  });

  it("creates each table with exactly its primary name column (IsPrimaryName) and the other columns one by one", () => {
    const profile = table(AppProfile.logicalName);
    expect(profile.body).toMatchObject({
      "@odata.type": "Microsoft.Dynamics.CRM.EntityMetadata",
      SchemaName: "apm_appprofile",
      EntitySetName: "apm_appprofiles",
      OwnershipType: "OrganizationOwned",
      IsActivity: false,
      HasActivities: false,
      HasNotes: false,
    });
    expect(labelOf(profile.body.DisplayName)).toBe("App Profile");
    expect(labelOf(profile.body.DisplayCollectionName)).toBe("App Profiles");
    expect(profile.body.Attributes).toEqual([
      expect.objectContaining({
        "@odata.type": "Microsoft.Dynamics.CRM.StringAttributeMetadata",
        SchemaName: "apm_name",
        IsPrimaryName: true,
        MaxLength: 100,
        FormatName: { Value: "Text" },
        RequiredLevel: expect.objectContaining({ Value: "ApplicationRequired" }),
      }),
    ]);
    const columns = profile.columns.map((c) => c.logicalName);
    expect(columns).not.toContain("apm_name");
    expect(columns.sort()).toEqual(
      Object.keys(AppProfile.columns)
        .filter((c) => c !== "apm_name")
        .sort(),
    );
    expect(profile.keys).toEqual([
      {
        logicalName: "apm_uniquename_key",
        body: expect.objectContaining({
          "@odata.type": "Microsoft.Dynamics.CRM.EntityKeyMetadata",
          SchemaName: "apm_uniquename_key",
          KeyAttributes: ["apm_uniquename"],
        }),
      },
    ]);
  });

  it("writes each column type with its metadata type and settings", () => {
    expect(column("apm_appprofile", "apm_description").body).toMatchObject({
      "@odata.type": "Microsoft.Dynamics.CRM.MemoAttributeMetadata",
      MaxLength: 2000,
      Format: "TextArea",
    });
    expect(column("apm_appprofile", "apm_isdefault").body).toMatchObject({
      "@odata.type": "Microsoft.Dynamics.CRM.BooleanAttributeMetadata",
      DefaultValue: false,
      OptionSet: { TrueOption: { Value: 1 }, FalseOption: { Value: 0 } },
    });
    expect(column("apm_channelprovider", "apm_sortorder").body).toMatchObject({
      "@odata.type": "Microsoft.Dynamics.CRM.IntegerAttributeMetadata",
      MinValue: 0,
      MaxValue: 2147483647,
    });
    expect(column("apm_channelprovider", "apm_channelurl").body).toMatchObject({ FormatName: { Value: "Url" } });
    const app = column("apm_appprofile", "apm_app");
    expect(app.optionSetName).toBe("apm_app");
    expect(app.body).toMatchObject({
      "@odata.type": "Microsoft.Dynamics.CRM.PicklistAttributeMetadata",
      DefaultFormValue: 192350000,
    });
    expect(app.body["GlobalOptionSet@odata.bind"]).toBeUndefined();
    expect(bindOptionSet(app.body, "6f0b2c1e-0000-4000-8000-000000000009")["GlobalOptionSet@odata.bind"]).toBe(
      "/GlobalOptionSetDefinitions(6f0b2c1e-0000-4000-8000-000000000009)",
    );
  });

  it("writes the global option sets with the schema's option values (publisher prefix 19235)", () => {
    const app = requests.optionSets.find((o) => o.name === "apm_app")!;
    expect(app.body).toMatchObject({
      "@odata.type": "Microsoft.Dynamics.CRM.OptionSetMetadata",
      IsGlobal: true,
      OptionSetType: "Picklist",
    });
    const options = app.body.Options as { Value: number; Label: unknown }[];
    expect(options.map((o) => [o.Value, labelOf(o.Label)])).toEqual([
      [192350000, "Customer Service workspace"],
      [192350001, "Omnichannel for Customer Service"],
    ]);
  });

  it("writes N:N relationships with both tables, the intersect table and both navigation properties", () => {
    const users = requests.relationships.find((r) => r.schemaName === AppProfileSystemUser.schemaName)!;
    expect(users.body).toMatchObject({
      "@odata.type": "Microsoft.Dynamics.CRM.ManyToManyRelationshipMetadata",
      Entity1LogicalName: "apm_appprofile",
      Entity2LogicalName: "systemuser",
      IntersectEntityName: "apm_appprofile_systemuser",
      Entity1NavigationPropertyName: "apm_appprofile_systemuser",
      Entity2NavigationPropertyName: "apm_appprofile_systemuser",
      Entity1AssociatedMenuConfiguration: expect.objectContaining({ Behavior: "UseLabel" }),
    });
  });

  it("creates a lookup column as a 1:N relationship with its Lookup", () => {
    const lookups = tableRequest({ ...EnvironmentVariableValue, platform: false }).columns.filter(
      (c) => c.viaRelationship,
    );
    expect(lookups).toHaveLength(1);
    expect(lookups[0].body).toMatchObject({
      "@odata.type": "Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata",
      ReferencedEntity: "environmentvariabledefinition",
      ReferencingEntity: "environmentvariablevalue",
      ReferencingEntityNavigationPropertyName: "EnvironmentVariableDefinitionId",
      Lookup: expect.objectContaining({
        "@odata.type": "Microsoft.Dynamics.CRM.LookupAttributeMetadata",
        SchemaName: "environmentvariabledefinitionid",
      }),
    });
  });

  it("names each role privilege as the platform does, with depth Global, and binds it to the business unit", () => {
    const admin = requests.roles.find((r) => r.id === AdministratorRole.id)!;
    expect(admin.privileges).toContainEqual({ name: "prvCreateapm_appprofile", depth: "Global" });
    expect(admin.privileges).toContainEqual({ name: "prvReadUser", depth: "Global" });
    // Exactly what the packer's <Role> names, with the same depths: both deploy paths grant the same.
    for (const securityRole of securityRoles) {
      const packed = descendants(role(securityRole), "RolePrivilege").map(
        (p) => `${String(p.attrs.name)} ${String(p.attrs.level)}`,
      );
      const sent = requests.roles.find((r) => r.id === securityRole.id)!.privileges.map((p) => `${p.name} ${p.depth}`);
      expect(sent.sort()).toEqual(packed.sort());
    }
    const bu = "3c2b1a00-0000-4000-8000-00000000b0e1";
    expect(roleBody(admin, bu)).toEqual({
      roleid: AdministratorRole.id,
      name: AdministratorRole.name,
      description: AdministratorRole.description,
      "businessunitid@odata.bind": `/businessunits(${bu})`,
    });
    expect(addPrivilegesBody([{ id: "p1", depth: "Global" }], bu)).toEqual({
      Privileges: [
        {
          "@odata.type": "Microsoft.Dynamics.CRM.RolePrivilege",
          PrivilegeId: "p1",
          Depth: "Global",
          BusinessUnitId: bu,
        },
      ],
    });
  });

  it("refuses a table whose primary name is not a string column", () => {
    expect(() => tableRequest({ ...ChannelProvider, primaryNameAttribute: "apm_sortorder" })).toThrow(
      "apm_channelprovider: the primary name column apm_sortorder must be a string",
    );
  });
});
