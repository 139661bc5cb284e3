/**
 * EntityDefinitions as Dataverse serves table definitions (fidelity rows #82-#84).
 * Learn: webapi/query-metadata-web-api, webapi/retrieve-metadata-name-metadataid, webapi/reference/entitymetadata.
 */
import { AppProfile, SystemUser } from "../../schema";
import { startHarness, type Harness } from "../integration/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Definitions are deep JSON; each test reads the few properties it checks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const get = async (path: string) => {
  const response = await h.raw(path);
  return { status: response.status, body: (await response.json()) as Json };
};

describe("EntityDefinitions (Learn: webapi/query-metadata-web-api)", () => {
  it("filters by LogicalName eq '…' (query-metadata-web-api: $filter on primitive properties)", async () => {
    const { status, body } = await get(`EntityDefinitions?$select=LogicalName&$filter=LogicalName eq 'apm_appprofile'`);
    expect(status).toBe(200);
    expect(body.value.map((d: { LogicalName: string }) => d.LogicalName)).toEqual(["apm_appprofile"]);
  });

  it("filters with and/or and booleans (query-metadata-web-api: $filter)", async () => {
    const custom = await get(
      `EntityDefinitions?$select=LogicalName&$filter=IsCustomEntity eq true and IsIntersect eq false`,
    );
    expect(custom.body.value.map((d: { LogicalName: string }) => d.LogicalName).sort()).toEqual([
      "apm_appprofile",
      "apm_channelprovider",
      "apm_sessiontemplate",
    ]);
    const either = await get(
      `EntityDefinitions?$select=LogicalName&$filter=LogicalName eq 'systemuser' or LogicalName eq 'apm_sessiontemplate'`,
    );
    expect(either.body.value.map((d: { LogicalName: string }) => d.LogicalName).sort()).toEqual([
      "apm_sessiontemplate",
      "systemuser",
    ]);
  });

  it("filters on an enum property with its namespace (query-metadata-web-api: use enum types in $filter)", async () => {
    const { body } = await get(
      `EntityDefinitions?$select=LogicalName&$filter=OwnershipType eq Microsoft.Dynamics.CRM.OwnershipTypes'BusinessOwned'`,
    );
    // The platform's business-owned tables: users, business units, security roles and teams.
    expect(body.value.map((d: { LogicalName: string }) => d.LogicalName).sort()).toEqual(
      ["businessunit", "role", SystemUser.logicalName, "team"].sort(),
    );
  });

  it("returns only the selected properties and always MetadataId, a GUID (query-metadata-web-api)", async () => {
    const { body } = await get(`EntityDefinitions(LogicalName='apm_appprofile')?$select=ObjectTypeCode,EntitySetName`);
    expect(Object.keys(body).sort()).toEqual(["@odata.context", "EntitySetName", "MetadataId", "ObjectTypeCode"]);
    expect(body.MetadataId).toMatch(GUID);
    expect(body.ObjectTypeCode).toBeGreaterThanOrEqual(10000);
    expect(body["@odata.context"]).toMatch(/\$metadata#EntityDefinitions\(ObjectTypeCode,EntitySetName\)\/\$entity$/);
  });

  it("refuses $select of an unknown property with 400 (OData: property not found on the type)", async () => {
    const { status, body } = await get(`EntityDefinitions?$select=LogicalName,NoSuchProperty`);
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      "Could not find a property named 'NoSuchProperty' on type 'Microsoft.Dynamics.CRM.EntityMetadata'.",
    );
  });

  it("retrieves a definition by MetadataId as well as by LogicalName (retrieve-metadata-name-metadataid)", async () => {
    const byName = await get(`EntityDefinitions(LogicalName='apm_appprofile')?$select=LogicalName`);
    const byId = await get(`EntityDefinitions(${byName.body.MetadataId})?$select=LogicalName`);
    expect(byId.status).toBe(200);
    expect(byId.body.LogicalName).toBe(AppProfile.logicalName);
    // Stable: derived from the name, so every environment of this server agrees.
    const again = await get(`EntityDefinitions?$select=LogicalName&$filter=MetadataId eq ${byName.body.MetadataId}`);
    expect(again.body.value).toHaveLength(1);
  });

  it("answers 404 for a table the environment does not have (retrieve-metadata-name-metadataid)", async () => {
    const { status, body } = await get(`EntityDefinitions(LogicalName='apm_nothing')`);
    expect(status).toBe(404);
    expect(body.error.message).toMatch(/apm_nothing/);
  });

  it("serves …/Attributes as a collection of AttributeMetadata (query-metadata-web-api: querying attributes)", async () => {
    const { status, body } = await get(`EntityDefinitions(LogicalName='apm_appprofile')/Attributes`);
    expect(status).toBe(200);
    expect(Array.isArray(body.value)).toBe(true);
    const name = body.value.find((a: { LogicalName: string }) => a.LogicalName === "apm_name");
    expect(name).toMatchObject({
      "@odata.type": "#Microsoft.Dynamics.CRM.StringAttributeMetadata",
      SchemaName: "apm_name",
      AttributeType: "String",
      IsPrimaryName: true,
      MaxLength: 100,
    });
    expect(name.MetadataId).toMatch(GUID);
    const id = body.value.find((a: { IsPrimaryId: boolean }) => a.IsPrimaryId);
    expect(id).toMatchObject({ LogicalName: "apm_appprofileid", AttributeType: "Uniqueidentifier" });
  });

  it("filters attributes by their enum type and selects base properties (query-metadata-web-api)", async () => {
    const { body } = await get(
      `EntityDefinitions(LogicalName='apm_appprofile')/Attributes?$select=LogicalName&$filter=AttributeType eq Microsoft.Dynamics.CRM.AttributeTypeCode'Picklist'`,
    );
    expect(body.value.map((a: { LogicalName: string }) => a.LogicalName).sort()).toEqual([
      "apm_app",
      "apm_productivitypanemode",
    ]);
    expect(Object.keys(body.value[0]).sort()).toEqual(["@odata.type", "LogicalName", "MetadataId"]);
  });

  it("needs a cast to select a derived type's property (query-metadata-web-api: cast the Attributes collection)", async () => {
    const uncast = await get(`EntityDefinitions(LogicalName='apm_appprofile')/Attributes?$select=MaxLength`);
    expect(uncast.status).toBe(400);
    const cast = await get(
      `EntityDefinitions(LogicalName='apm_appprofile')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength`,
    );
    expect(cast.status).toBe(200);
    expect(
      cast.body.value.map((a: { LogicalName: string; MaxLength: number }) => [a.LogicalName, a.MaxLength]),
    ).toEqual(
      expect.arrayContaining([
        ["apm_name", 100],
        ["apm_uniquename", 128],
      ]),
    );
  });

  it("retrieves one attribute by LogicalName (retrieve-metadata-name-metadataid)", async () => {
    const { status, body } = await get(
      `EntityDefinitions(LogicalName='apm_appprofile')/Attributes(LogicalName='apm_uniquename')?$select=LogicalName,AttributeType`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ LogicalName: "apm_uniquename", AttributeType: "String" });
  });

  it("serves …/Keys as a collection of EntityKeyMetadata (Learn: webapi/reference/entitykeymetadata)", async () => {
    const { status, body } = await get(`EntityDefinitions(LogicalName='apm_appprofile')/Keys`);
    expect(status).toBe(200);
    expect(body.value).toHaveLength(1);
    expect(body.value[0]).toMatchObject({
      LogicalName: "apm_uniquename_key",
      KeyAttributes: ["apm_uniquename"],
      EntityKeyIndexStatus: "Active",
      EntityLogicalName: "apm_appprofile",
    });
    expect(body.value[0].MetadataId).toMatch(GUID);
  });

  it("expands Attributes and Keys with nested options (query-metadata-web-api: expanding Attributes)", async () => {
    const { body } = await get(
      `EntityDefinitions(LogicalName='apm_appprofile')?$select=LogicalName&$expand=Attributes($select=LogicalName;$filter=IsPrimaryId eq true),Keys($select=KeyAttributes)`,
    );
    expect(body.Attributes.map((a: { LogicalName: string }) => a.LogicalName)).toEqual(["apm_appprofileid"]);
    expect(body.Keys[0].KeyAttributes).toEqual(["apm_uniquename"]);
  });

  it("refuses a $filter on a Label property (query-metadata-web-api: does not work on properties of Label ComplexType)", async () => {
    const { status, body } = await get(`EntityDefinitions?$select=LogicalName&$filter=DisplayName eq 'App Profile'`);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(
      /'DisplayName' of 'Microsoft\.Dynamics\.CRM\.EntityMetadata' has a complex value/,
    );
  });

  it("refuses paging options, as definitions are not paged (query-metadata-web-api: there is no paging)", async () => {
    const { status } = await get(`EntityDefinitions?$top=1`);
    expect(status).toBe(400);
  });
});
