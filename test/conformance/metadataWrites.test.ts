/**
 * The metadata Web API's writes, one documented behaviour each, against an empty local environment: the
 * apm_channelprovider table is created through the API exactly as `deploy --schema-by-api` creates it.
 */
import JSZip from "jszip";
import { ChannelProvider } from "../../schema";
import { tableRequest, optionSetBody, roleBody, addPrivilegesBody } from "../../Solutions/deploy/schemaByApiRequests";
import { PUBLISHER } from "../../Solutions/src/metadata";
import { startHarness, type Harness } from "../integration/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed: "empty" });
});
afterAll(() => h.stop());

const SOLUTION = "ConformanceSolution";
const post = (
  path: string,
  body: unknown,
  headers: Record<string, string> = { "MSCRM.SolutionUniqueName": SOLUTION },
) =>
  h.raw(path, {
    method: "POST",
    user: "sysadmin",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const get = async (path: string) => {
  const response = await h.raw(path, { user: "sysadmin" });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const table = tableRequest(ChannelProvider);
const apiVersion = ChannelProvider.columns.apm_apiversion;

describe("metadata writes (Learn: webapi/use-web-api-metadata)", () => {
  it("creates a publisher and a solution that components can be added to (Learn: data-platform/create-solution)", async () => {
    const publisher = await post(
      "publishers",
      {
        uniquename: PUBLISHER.uniqueName,
        friendlyname: PUBLISHER.displayName,
        customizationprefix: PUBLISHER.prefix,
        customizationoptionvalueprefix: PUBLISHER.optionValuePrefix,
      },
      {},
    );
    expect(publisher.status).toBe(204);
    const publisherId = new RegExp(`publishers\\((${GUID})\\)$`).exec(
      publisher.headers.get("OData-EntityId") ?? "",
    )?.[1];
    expect(publisherId).toBeDefined();
    const solution = await post(
      "solutions",
      {
        uniquename: SOLUTION,
        friendlyname: SOLUTION,
        version: "1.0.0.0",
        "publisherid@odata.bind": `/publishers(${publisherId})`,
      },
      {},
    );
    expect(solution.status).toBe(204);
    const found = await get(`solutions?$select=uniquename&$filter=uniquename eq '${SOLUTION}'`);
    expect((found.body.value as { uniquename: string }[]).map((s) => s.uniquename)).toEqual([SOLUTION]);
  });

  it("answers 404 when MSCRM.SolutionUniqueName names no solution (Learn: webapi/create-update-entity-definitions-using-web-api)", async () => {
    const response = await post("EntityDefinitions", table.body, { "MSCRM.SolutionUniqueName": "NoSuchSolution" });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      "The given solution unique name (NoSuchSolution) is not valid",
    );
  });

  it("refuses a table without its primary name attribute (Learn: webapi/create-update-entity-definitions-using-web-api)", async () => {
    const response = await post("EntityDefinitions", { ...table.body, Attributes: [] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      "The table apm_channelprovider: Attributes must hold exactly one StringAttributeMetadata with IsPrimaryName true, not 0.",
    );
  });

  it("creates a table with POST EntityDefinitions and answers 204 with its OData-EntityId (Learn: webapi/create-update-entity-definitions-using-web-api)", async () => {
    expect((await h.raw(ChannelProvider.entitySetName, { user: "sysadmin" })).status).toBe(404);
    const response = await post("EntityDefinitions", table.body);
    expect(response.status).toBe(204);
    expect(response.headers.get("OData-EntityId")).toMatch(
      new RegExp(`/api/data/v9\\.2/EntityDefinitions\\(${GUID}\\)$`),
    );
    const rows = await get(ChannelProvider.entitySetName);
    expect(rows.body.value).toEqual([]);
    const { body: read } = await get(`EntityDefinitions(LogicalName='apm_channelprovider')?$select=MetadataId`);
    expect(response.headers.get("OData-EntityId")).toContain(`EntityDefinitions(${String(read.MetadataId)})`);
  });

  it("creates a global option set and reads it back by Name (Learn: webapi/create-update-optionsets)", async () => {
    if (apiVersion.type !== "choice") throw new Error("apm_apiversion is a choice");
    const response = await post("GlobalOptionSetDefinitions", optionSetBody(apiVersion));
    expect(response.status).toBe(204);
    const read = await get(`GlobalOptionSetDefinitions(Name='${apiVersion.optionSetName}')`);
    expect(read.status).toBe(200);
    expect((read.body.Options as { Value: number }[]).map((o) => o.Value)).toEqual(
      apiVersion.options.map((o) => o.value),
    );
    const selected = await get(`GlobalOptionSetDefinitions(Name='${apiVersion.optionSetName}')?$select=Name`);
    expect(Object.keys(selected.body).sort()).toEqual(["@odata.context", "@odata.type", "MetadataId", "Name"]);
  });

  it("adds columns with POST EntityDefinitions(LogicalName='…')/Attributes, a picklist bound to its global option set (Learn: webapi/create-update-column-definitions-using-web-api)", async () => {
    const { body: optionSet } = await get(
      `GlobalOptionSetDefinitions(Name='apm_channelapiversion')?$select=MetadataId`,
    );
    for (const column of table.columns) {
      const body = column.optionSetName
        ? {
            ...column.body,
            "GlobalOptionSet@odata.bind": `/GlobalOptionSetDefinitions(${String(optionSet.MetadataId)})`,
          }
        : column.body;
      const response = await post(`EntityDefinitions(LogicalName='apm_channelprovider')/Attributes`, body);
      expect(response.status).toBe(204);
    }
    // The table is addressed by its MetadataId as well as by LogicalName='…'.
    const { body: definition } = await get(`EntityDefinitions(LogicalName='apm_channelprovider')?$select=MetadataId`);
    const byId = await post(`EntityDefinitions(${String(definition.MetadataId)})/Attributes`, {
      "@odata.type": "Microsoft.Dynamics.CRM.StringAttributeMetadata",
      SchemaName: "apm_note",
      DisplayName: { LocalizedLabels: [{ Label: "Note", LanguageCode: 1033 }] },
      MaxLength: 100,
    });
    expect(byId.status).toBe(204);
    const row = await post(
      ChannelProvider.entitySetName,
      {
        apm_name: "Phone",
        apm_label: "Phone",
        apm_channelurl: "https://p.example.com",
        apm_trusteddomain: "https://p.example.com",
        apm_apiversion: 192350001,
      },
      {},
    );
    expect(row.status).toBe(204);
  });

  it("creates a role and adds existing privileges with AddPrivilegesRole (Learn: webapi/reference/addprivilegesrole)", async () => {
    const { body: whoAmI } = await get("WhoAmI");
    const roleId = "0c8b2c1e-6a4e-4e0a-9b62-7d2f3b1a0c99";
    const role = { id: roleId, name: "Channel reader", description: "", privileges: [] };
    expect((await post("roles", roleBody(role, String(whoAmI.BusinessUnitId)))).status).toBe(204);
    const { body: privileges } = await get(
      `privileges?$select=privilegeid,name&$filter=name eq 'prvReadapm_channelprovider'`,
    );
    const [read] = privileges.value as { privilegeid: string }[];
    const add = await post(
      `roles(${roleId})/Microsoft.Dynamics.CRM.AddPrivilegesRole`,
      addPrivilegesBody([{ id: read.privilegeid, depth: "Global" }], String(whoAmI.BusinessUnitId)),
    );
    expect(add.status).toBe(204);
    const { body: held } = await get(`roles(${roleId})/Microsoft.Dynamics.CRM.RetrieveRolePrivilegesRole()`);
    expect(held.RolePrivileges).toEqual([
      {
        Depth: "Global",
        PrivilegeId: read.privilegeid,
        BusinessUnitId: whoAmI.BusinessUnitId,
        PrivilegeName: "prvReadapm_channelprovider",
      },
    ]);
  });

  it("exports the solution with what was added to it, as ExportSolutionFile (Learn: webapi/reference/exportsolution)", async () => {
    const response = await post("ExportSolution", { SolutionName: SOLUTION, Managed: true }, {});
    expect(response.status).toBe(200);
    const { ExportSolutionFile } = (await response.json()) as { ExportSolutionFile: string };
    const zip = await JSZip.loadAsync(Buffer.from(ExportSolutionFile, "base64"));
    const manifest = await zip.file("solution.xml")!.async("string");
    expect(manifest).toContain("<Managed>1</Managed>");
    expect(manifest).toContain('<RootComponent type="1" schemaName="apm_channelprovider" behavior="0" />');
    const customizations = await zip.file("customizations.xml")!.async("string");
    expect(customizations).toContain('<Role id="{0c8b2c1e-6a4e-4e0a-9b62-7d2f3b1a0c99}" name="Channel reader">');
    expect(customizations).toContain("<EntitySetName>apm_channelproviders</EntitySetName>");
  });
});
