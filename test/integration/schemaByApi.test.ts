/**
 * `npm run deploy -- --schema-by-api` against an empty local server, end to end: the tables, columns, keys, option
 * sets, relationships and roles through the metadata Web API, then the controls-only zip. Both deploy paths (this and
 * the zip) end in the same schema, read back through the Web API and in SQLite, and the same product rows; the
 * environment's own managed export (ExportSolution) deploys a third environment. Refusals come in Dataverse's shape.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type Database from "better-sqlite3";
import JSZip from "jszip";
import { readFileSync } from "node:fs";
import {
  AdministratorRole,
  AppChoice,
  AppProfile,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  ChannelProvider,
  manyToManyRelationships,
  SessionTemplate,
  solutionTables,
  UserRole,
} from "../../schema";
import { main } from "../../Solutions/deploy/cli";
import { deploySchemaByApi } from "../../Solutions/deploy/schemaByApi";
import { roleRequest } from "../../Solutions/deploy/schemaByApiRequests";
import { SYSTEM_CUSTOMIZER_ROLE_ID } from "../../server/solution/metadataWritesContext";
import { packSolution } from "../../Solutions/src/pack";
import { makeControlsFixture as controlsFixture } from "../../Solutions/test/fixtures";
import { deployTo } from "./deployed";
import { startHarness, type DemoUserKey, type Harness } from "./harness";

const controlsDir = controlsFixture();
const outDir = mkdtempSync(path.join(os.tmpdir(), "apm-schema-by-api-"));
const exported = path.join(outDir, "AppProfileManager_managed.zip");
let fullZip: string;

let byApi: Harness;
let byZip: Harness;
let lines: string[];

async function deployByApi(h: Harness, extra: { exportManagedPath?: string } = {}) {
  const log: string[] = [];
  const report = await deploySchemaByApi({
    url: h.server.url,
    auth: { kind: "token", token: h.token("sysadmin") },
    controlsDir,
    chatLicense: true,
    log: (line) => log.push(line),
    ...extra,
  });
  return { ...report, lines: log };
}

beforeAll(async () => {
  [byApi, byZip] = await Promise.all([startHarness({ seed: "empty" }), startHarness({ seed: "empty" })]);
  lines = (await deployByApi(byApi, { exportManagedPath: exported })).lines;
  const packed = await packSolution({ controlsDir, outDir: path.join(outDir, "zip") });
  fullZip = packed.find((f) => !f.managed)!.path;
  await deployTo(byZip, fullZip);
}, 120_000);
afterAll(() => Promise.all([byApi?.stop(), byZip?.stop()]));

const json = async (h: Harness, pathAndQuery: string, user: DemoUserKey = "sysadmin") => {
  const response = await h.raw(pathAndQuery, { user });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
};
const post = (
  h: Harness,
  pathAndQuery: string,
  body: unknown,
  headers: Record<string, string> = {},
  user: DemoUserKey = "sysadmin",
) =>
  h.raw(pathAndQuery, {
    method: "POST",
    user,
    headers: { "Content-Type": "application/json", "MSCRM.SolutionUniqueName": "AppProfileManager", ...headers },
    body: JSON.stringify(body),
  });
const errorOf = async (response: Response) => ({
  status: response.status,
  ...((await response.json()) as { error: { code: string; message: string } }).error,
});

/** The SQLite layout of every table and intersect table of the solution: columns with types, and indexes. */
function sqliteSchema(h: Harness) {
  const db = h.server.api.dbs.writer as Database.Database;
  const names = [
    ...solutionTables.map((t) => t.logicalName),
    ...manyToManyRelationships.map((r) => r.intersectEntityName),
  ];
  return names.map((name) => ({
    name,
    columns: (db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string; pk: number }[])
      .map((c) => `${c.name} ${c.type}${c.pk ? " pk" : ""}`)
      .sort(),
    indexes: (db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number }[])
      .filter((i) => !i.name.startsWith("sqlite_autoindex"))
      .map((i) => {
        const columns = (db.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name);
        return `${i.unique ? "unique " : ""}${i.name}(${columns.join(",")})`;
      })
      .sort(),
  }));
}

/** What the Web API says each table is: its definition, its attributes and keys. */
async function definitions(h: Harness) {
  const result = [];
  for (const table of solutionTables) {
    const path = `EntityDefinitions(LogicalName='${table.logicalName}')`;
    const entity = await json(
      h,
      `${path}?$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,OwnershipType`,
    );
    const attributes = await json(h, `${path}/Attributes?$select=LogicalName,AttributeType`);
    const keys = await json(h, `${path}/Keys?$select=LogicalName,KeyAttributes`);
    const strip = ({ "@odata.context": _c, MetadataId: _m, "@odata.type": _t, ...rest }: Record<string, unknown>) =>
      rest;
    result.push({
      entity: strip(entity),
      attributes: (attributes.value as Record<string, unknown>[])
        .map(strip)
        .sort((a, b) => String(a.LogicalName).localeCompare(String(b.LogicalName))),
      keys: (keys.value as Record<string, unknown>[]).map(strip),
    });
  }
  return result;
}

describe("deploy --schema-by-api on an empty server", () => {
  it("prints its steps as [n/N] and creates every definition through the metadata Web API", () => {
    const steps = lines.filter((l) => /^\[\d+\/13\] .*: done in \d+ ms$/.test(l));
    expect(steps).toHaveLength(13);
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {6}apm_appprofile key apm_uniquename_key: Active after \d+ s$/),
    );
    expect(lines).toContain("      apm_appprofile: created");
    expect(lines).toContain("      apm_appprofile.apm_uniquename: created");
    expect(lines).toContain("      apm_appprofile key apm_uniquename_key: created");
    expect(lines).toContain("      apm_appprofile_systemuser: created");
    expect(lines).toContain(`      ${AdministratorRole.name}: created`);
  });

  it("ends in the same schema as the zip deploy: Web API definitions and SQLite tables, columns and indexes", async () => {
    expect(sqliteSchema(byApi)).toEqual(sqliteSchema(byZip));
    expect(await definitions(byApi)).toEqual(await definitions(byZip));
    const optionSets = async (h: Harness) =>
      ((await json(h, "GlobalOptionSetDefinitions")).value as { Name: string; Options: unknown }[])
        .map(({ Name, Options }) => ({ Name, Options }))
        .sort((a, b) => a.Name.localeCompare(b.Name));
    expect(await optionSets(byApi)).toEqual(await optionSets(byZip));
    const relationship = async (h: Harness) => {
      const {
        MetadataId: _m,
        "@odata.context": _c,
        ...rest
      } = await json(h, `RelationshipDefinitions(SchemaName='${AppProfileSystemUser.schemaName}')`);
      return rest;
    };
    expect(await relationship(byApi)).toEqual(await relationship(byZip));
  });

  it("gives the roles their privileges (AddPrivilegesRole), as RetrieveRolePrivilegesRole reads them back", async () => {
    const held = await json(byApi, `roles(${UserRole.id})/Microsoft.Dynamics.CRM.RetrieveRolePrivilegesRole()`);
    const names = (held.RolePrivileges as { PrivilegeName: string; Depth: string }[]).map(
      (p) => `${p.PrivilegeName} ${p.Depth}`,
    );
    expect(names).toEqual(expect.arrayContaining(["prvReadapm_appprofile Global", "prvReadUser Global"]));
    expect(names).not.toContain("prvWriteapm_appprofile Global");
  });

  it("gives the roles the same privileges as the zip's roles", async () => {
    for (const role of [AdministratorRole, UserRole]) {
      const privileges = async (h: Harness) =>
        (
          (await json(h, `roles(${role.id})/Microsoft.Dynamics.CRM.RetrieveRolePrivilegesRole()`)).RolePrivileges as {
            PrivilegeName: string;
            Depth: string;
          }[]
        )
          .map((p) => `${p.PrivilegeName} ${p.Depth}`)
          .sort();
      expect(await privileges(byApi)).toEqual(await privileges(byZip));
    }
  });

  it("finds nothing to create on an environment the zip deployed: both paths end in the same definitions", async () => {
    const { created, lines } = await deployByApi(byZip);
    expect(created).toEqual([]);
    expect(lines).toContain("      solution AppProfileManager: exists");
    expect(lines).toContain("      apm_appprofile_systemuser: exists");
  });

  it("serves the same product flow on both: rows an admin writes read back alike", async () => {
    async function flow(h: Harness) {
      const admin = h.client("admin");
      const template = await admin.create<Record<string, unknown>, Record<string, string>>({
        collection: SessionTemplate.entitySetName,
        data: { apm_name: "Chat", apm_uniquename: "apm_chat", apm_entitylogicalname: "incident" },
        returnRepresentation: true,
      });
      const provider = await admin.create<Record<string, unknown>, Record<string, string>>({
        collection: ChannelProvider.entitySetName,
        data: {
          apm_name: "Phone",
          apm_label: "Phone",
          apm_channelurl: "https://phone.example.com",
          apm_trusteddomain: "https://phone.example.com",
          apm_sortorder: 2,
        },
        returnRepresentation: true,
      });
      const profile = await admin.create<Record<string, unknown>, Record<string, string>>({
        collection: AppProfile.entitySetName,
        data: {
          apm_name: "Tier 1",
          apm_uniquename: "apm_tier1",
          apm_app: AppChoice.CustomerServiceWorkspace.value,
        },
        returnRepresentation: true,
      });
      const related: [string, string, string][] = [
        [AppProfileSessionTemplate.schemaName, SessionTemplate.entitySetName, template.apm_sessiontemplateid],
        ["apm_appprofile_channelprovider", ChannelProvider.entitySetName, provider.apm_channelproviderid],
        [AppProfileSystemUser.schemaName, "systemusers", h.userId("agent")],
      ];
      for (const [relationshipName, relatedCollection, relatedKey] of related) {
        await admin.associate({
          collection: AppProfile.entitySetName,
          primaryKey: profile.apm_appprofileid,
          relationshipName,
          relatedCollection,
          relatedKey,
        });
      }
      const read = await admin.retrieve({
        collection: AppProfile.entitySetName,
        key: `apm_uniquename='apm_tier1'`,
        select: ["apm_name", "apm_app", "apm_isdefault", "apm_productivitypanemode"],
        expand: [
          { property: AppProfileSessionTemplate.schemaName, select: ["apm_uniquename", "apm_type"] },
          { property: "apm_appprofile_channelprovider", select: ["apm_name", "apm_apiversion", "apm_sortorder"] },
          { property: AppProfileSystemUser.schemaName, select: ["domainname"] },
        ],
      });
      const builtIn = await admin.retrieveMultiple({
        collection: AppProfile.entitySetName,
        select: ["apm_uniquename", "apm_isdefault", "apm_app"],
        filter: "apm_isdefault eq true",
        orderBy: ["apm_uniquename"],
      });
      const clean = (value: unknown): unknown =>
        Array.isArray(value)
          ? value.map(clean)
          : value && typeof value === "object"
            ? Object.fromEntries(
                Object.entries(value)
                  .filter(([k]) => !k.startsWith("@odata") && !k.endsWith("id") && k !== "oDataContext")
                  .map(([k, v]) => [k, clean(v)]),
              )
            : value;
      return clean({ read, builtIn: builtIn.value });
    }
    const [api, zip] = [await flow(byApi), await flow(byZip)];
    expect(api).toEqual(zip);
    expect((api as { read: Record<string, unknown[]> }).read[AppProfileSystemUser.schemaName]).toHaveLength(1);
  });

  it("changes nothing when run again: every definition is read first and left alone", async () => {
    const again = await deployByApi(byApi);
    expect(again.created).toEqual([]);
    expect(again.lines).toContain("      apm_appprofile: exists");
    expect(again.lines).toContain(
      `      ${UserRole.name}: ${roleRequest(UserRole).privileges.length} privileges, unchanged`,
    );
  });

  it("exports a managed zip written by the environment, which deploys the next environment", async () => {
    const zip = await JSZip.loadAsync(readFileSync(exported));
    const manifest = await zip.file("solution.xml")!.async("string");
    expect(manifest).toContain("<Managed>1</Managed>");
    const customizations = await zip.file("customizations.xml")!.async("string");
    expect(customizations).toContain("<EntitySetName>apm_appprofiles</EntitySetName>");
    expect(customizations).toContain('<RolePrivilege name="prvCreateapm_appprofile" level="Global" />');
    expect(Object.keys(zip.files)).toEqual(
      expect.arrayContaining(["[Content_Types].xml", "Controls/apm_AppProfileManager.ProfileEditor/bundle.js"]),
    );
    // Apart from the roles (written from what AddPrivilegesRole stored), it is what the packer writes from the schema.
    const packed = await (await JSZip.loadAsync(readFileSync(fullZip))).file("customizations.xml")!.async("string");
    const section = (xml: string, name: string) => xml.slice(xml.indexOf(`<${name}>`), xml.indexOf(`</${name}>`));
    for (const name of [
      "Entities",
      "EntityRelationships",
      "optionsets",
      "AppModuleSiteMaps",
      "AppModules",
      "CustomControls",
    ]) {
      expect(section(customizations, name)).toEqual(section(packed, name));
    }
    expect(section(customizations, "Roles")).toMatch(
      /<Role id="\{6f0b2c1e-6a4e-4e0a-9b62-7d2f3b1a0c02\}" name="App Profile User">\s*<IsCustomizable>1<\/IsCustomizable>\s*<IsAutoAssigned>0<\/IsAutoAssigned>\s*<RolePrivileges>/,
    );
    const next = await startHarness({ seed: "empty" });
    try {
      await deployTo(next, exported);
      expect(sqliteSchema(next)).toEqual(sqliteSchema(byZip));
    } finally {
      await next.stop();
    }
  });

  it("keeps what it created across a restart", async () => {
    const dataDir = byApi.dataDir;
    const before = await definitions(byApi);
    await byApi.stop();
    byApi = await startHarness({ dataDir, seed: "empty" });
    expect(await definitions(byApi)).toEqual(before);
    expect(sqliteSchema(byApi)).toEqual(sqliteSchema(byZip));
    expect((await deployByApi(byApi)).created).toEqual([]);
  });

  it("times out waiting for a key's index with a message naming the key and its status", async () => {
    const h = await startHarness({ seed: "empty", keyIndexDelayMs: 60_000 });
    try {
      const failure = await deploySchemaByApi({
        url: h.server.url,
        auth: { kind: "token", token: h.token("sysadmin") },
        controlsDir,
        keyWait: { timeoutMs: 200, intervalMs: 50 },
        log: () => undefined,
      }).catch((e: Error) => e);
      expect((failure as Error).message).toMatch(
        /^\[10\/11\] Wait for the alternate keys' indexes \(EntityKeyIndexStatus Active\): Timed out after 0 s waiting for the alternate key apm_uniquename_key on apm_appprofile: its index is still Pending\./,
      );
    } finally {
      await h.stop();
    }
  });

  it("runs from the command line with --schema-by-api", async () => {
    const h = await startHarness({ seed: "empty" });
    try {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(
        ["--schema-by-api", "--url", h.server.url, `--token=${h.token("sysadmin")}`, "--controls-dir", controlsDir],
        (l) => out.push(l),
        (l) => err.push(l),
      );
      expect(err).toEqual([]);
      expect(code).toBe(0);
      expect(out.at(-1)).toMatch(
        /^Deployed AppProfileManager .* through the metadata Web API \(\d+ definitions created\)/,
      );
    } finally {
      await h.stop();
    }
  });
});

const stringColumn = (schemaName: string, extra: Record<string, unknown> = {}) => ({
  "@odata.type": "Microsoft.Dynamics.CRM.StringAttributeMetadata",
  SchemaName: schemaName,
  DisplayName: { LocalizedLabels: [{ Label: "Color", LanguageCode: 1033 }] },
  MaxLength: 20,
  ...extra,
});
const entity = (schemaName: string, extra: Record<string, unknown> = {}) => ({
  "@odata.type": "Microsoft.Dynamics.CRM.EntityMetadata",
  SchemaName: schemaName,
  DisplayName: { LocalizedLabels: [{ Label: "Widget", LanguageCode: 1033 }] },
  DisplayCollectionName: { LocalizedLabels: [{ Label: "Widgets", LanguageCode: 1033 }] },
  OwnershipType: "OrganizationOwned",
  HasActivities: false,
  Attributes: [stringColumn(`${schemaName}_name`, { IsPrimaryName: true })],
  ...extra,
});

describe("metadata writes, checked as Dataverse checks them", () => {
  const refused = async (
    body: unknown,
    expected: { status: number; code?: string; message: string },
    headers = {},
    user: DemoUserKey = "sysadmin",
  ) => {
    const error = await errorOf(await post(byApi, "EntityDefinitions", body, headers, user));
    expect(error).toMatchObject(expected);
    // Nothing of it is saved.
    expect(
      (await byApi.raw("EntityDefinitions(LogicalName='apm_widget')?$select=LogicalName", { user: "sysadmin" })).status,
    ).toBe(404);
  };

  it("refuses an unknown @odata.type with the OData library's message", () =>
    refused(entity("apm_widget", { "@odata.type": "Microsoft.Dynamics.CRM.TableMetadata" }), {
      status: 400,
      message:
        "A type named 'Microsoft.Dynamics.CRM.TableMetadata' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.",
    }));

  it("refuses a missing SchemaName or DisplayName, naming it", async () => {
    await refused(entity("apm_widget", { SchemaName: undefined }), {
      status: 400,
      code: "0x80040203",
      message: "The table: SchemaName is required, e.g. apm_Name (with the publisher's prefix 'apm').",
    });
    await refused(entity("apm_widget", { DisplayName: undefined }), {
      status: 400,
      message: "The table apm_widget: DisplayName is required. Give it a Label with one LocalizedLabel.",
    });
  });

  it("refuses a prefix that isn't the solution publisher's", async () => {
    await refused(entity("new_widget"), {
      status: 400,
      message: expect.stringContaining(
        "the SchemaName 'new_widget' does not start with the customization prefix 'apm_' of the solution's publisher",
      ),
    });
    // Without the header, the Default Solution's publisher (prefix new) receives it.
    await refused(
      entity("apm_widget"),
      { status: 400, message: expect.stringContaining("customization prefix 'new_'") },
      { "MSCRM.SolutionUniqueName": "" },
    );
  });

  it("answers 404 for a solution that does not exist", () =>
    refused(
      entity("apm_widget"),
      { status: 404, message: expect.stringContaining("The given solution unique name (Nope) is not valid") },
      {
        "MSCRM.SolutionUniqueName": "Nope",
      },
    ));

  it("lets only a System Administrator (or System Customizer) change definitions: 403 otherwise", async () => {
    for (const user of ["admin", "norole"] as const) {
      await refused(
        entity("apm_widget"),
        { status: 403, code: "0x80040220", message: expect.stringContaining("is missing prvCreateEntity privilege") },
        {},
        user,
      );
    }
    const role = await errorOf(await post(byApi, "roles", { name: "x" }, {}, "admin"));
    expect(role).toMatchObject({ status: 403, message: expect.stringContaining("prvCreateRole") });
  });

  it("lets a System Customizer change definitions too", async () => {
    // agent2 has not called this server yet, so its roles are read with the System Customizer role added.
    const db = byApi.server.api.dbs.writer as Database.Database;
    db.prepare("INSERT INTO systemuserroles (systemuserid, roleid) VALUES (?, ?)").run(
      byApi.userId("agent2"),
      SYSTEM_CUSTOMIZER_ROLE_ID,
    );
    try {
      const response = await post(
        byApi,
        `EntityDefinitions(LogicalName='apm_sessiontemplate')/Attributes`,
        stringColumn("apm_customized"),
        {},
        "agent2",
      );
      expect(response.status).toBe(204);
    } finally {
      db.prepare("DELETE FROM systemuserroles WHERE systemuserid = ? AND roleid = ?").run(
        byApi.userId("agent2"),
        SYSTEM_CUSTOMIZER_ROLE_ID,
      );
    }
  });

  it("refuses a column whose option set does not exist, and a key on a missing column; nothing is saved", async () => {
    const column = await errorOf(
      await post(byApi, `EntityDefinitions(LogicalName='apm_appprofile')/Attributes`, {
        "@odata.type": "Microsoft.Dynamics.CRM.PicklistAttributeMetadata",
        SchemaName: "apm_color",
        DisplayName: { LocalizedLabels: [{ Label: "Color", LanguageCode: 1033 }] },
        "GlobalOptionSet@odata.bind": "/GlobalOptionSetDefinitions(Name='apm_nope')",
      }),
    );
    expect(column).toMatchObject({ status: 400, message: expect.stringContaining("names no global option set here") });
    const key = await errorOf(
      await post(byApi, `EntityDefinitions(LogicalName='apm_appprofile')/Keys`, {
        "@odata.type": "Microsoft.Dynamics.CRM.EntityKeyMetadata",
        SchemaName: "apm_color_key",
        DisplayName: { LocalizedLabels: [{ Label: "Color", LanguageCode: 1033 }] },
        KeyAttributes: ["apm_color"],
      }),
    );
    expect(key).toMatchObject({
      status: 400,
      message:
        "The key apm_color_key of apm_appprofile: apm_appprofile has no column apm_color. Create the column first.",
    });
    const attributes = await json(
      byApi,
      `EntityDefinitions(LogicalName='apm_appprofile')/Attributes?$select=LogicalName`,
    );
    expect((attributes.value as { LogicalName: string }[]).map((a) => a.LogicalName)).not.toContain("apm_color");
  });

  it("refuses a table with notes or activities, which this environment can't relate", () =>
    refused(entity("apm_widget", { HasNotes: true }), {
      status: 400,
      message: "The table apm_widget: HasNotes true is not served by this server; send it as false.",
    }));

  it("refuses a definition change inside a $batch change set, and saves nothing", async () => {
    const part = [
      "--changeset_1",
      "Content-Type: application/http",
      "Content-Transfer-Encoding: binary",
      "Content-ID: 1",
      "",
      `POST ${byApi.server.apiUrl}EntityDefinitions HTTP/1.1`,
      "Content-Type: application/json",
      "MSCRM.SolutionUniqueName: AppProfileManager",
      "",
      JSON.stringify(entity("apm_widget")),
      "--changeset_1--",
    ].join("\r\n");
    const body = ["--batch_1", "Content-Type: multipart/mixed; boundary=changeset_1", "", part, "--batch_1--", ""].join(
      "\r\n",
    );
    const response = await byApi.raw("$batch", {
      method: "POST",
      user: "sysadmin",
      headers: { "Content-Type": "multipart/mixed; boundary=batch_1" },
      body,
    });
    expect(await response.text()).toContain("can't be part of a change set");
    expect(
      (await byApi.raw("EntityDefinitions(LogicalName='apm_widget')?$select=LogicalName", { user: "sysadmin" })).status,
    ).toBe(404);
  });

  it("answers every malformed body with a 4xx in Dataverse's shape, never a 500", async () => {
    const bodies: unknown[] = [
      null,
      [],
      "x",
      42,
      {},
      { "@odata.type": 5 },
      { SchemaName: 5, DisplayName: 5 },
      { SchemaName: "apm_x", DisplayName: { LocalizedLabels: [null] } },
      { SchemaName: "apm_x", DisplayName: { LocalizedLabels: [5] }, Attributes: "x" },
      { ...entity("apm_widget"), Attributes: [null] },
      {
        ...entity("apm_widget"),
        Attributes: [{ ...stringColumn("apm_widget_name"), IsPrimaryName: true, MaxLength: "9" }],
      },
      {
        "@odata.type": "Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata",
        SchemaName: "apm_r",
        ReferencedEntity: 1,
      },
      {
        "@odata.type": "Microsoft.Dynamics.CRM.ManyToManyRelationshipMetadata",
        SchemaName: "apm_r",
        Entity1NavigationPropertyName: {},
      },
      { Privileges: [null] },
      { Privileges: "x" },
      { Options: [{ Value: "1" }], Name: "apm_o" },
    ];
    const paths = [
      "EntityDefinitions",
      "EntityDefinitions(LogicalName='apm_appprofile')/Attributes",
      "EntityDefinitions(LogicalName='apm_appprofile')/Keys",
      "EntityDefinitions(LogicalName='nope')/Attributes",
      "RelationshipDefinitions",
      "GlobalOptionSetDefinitions",
      "roles",
      `roles(${UserRole.id})/Microsoft.Dynamics.CRM.AddPrivilegesRole`,
      "publishers",
      "solutions",
      "ExportSolution",
    ];
    for (const path of paths) {
      for (const body of bodies) {
        const response = await post(byApi, path, body);
        const error = (await response.json()) as { error?: { code: string; message: string } };
        expect([path, body, response.status]).toEqual([path, body, expect.any(Number)]);
        expect(response.status >= 400 && response.status < 500).toBe(true);
        expect(error.error?.message).toEqual(expect.any(String));
      }
    }
  });

  it("adds a column to an existing table and serves it at once", async () => {
    expect(
      (await post(byApi, `EntityDefinitions(LogicalName='apm_sessiontemplate')/Attributes`, stringColumn("apm_color")))
        .status,
    ).toBe(204);
    const db = byApi.server.api.dbs.writer as Database.Database;
    const columns = (db.prepare(`PRAGMA table_info("apm_sessiontemplate")`).all() as { name: string }[]).map(
      (c) => c.name,
    );
    expect(columns).toContain("apm_color");
    const again = await errorOf(
      await post(byApi, `EntityDefinitions(LogicalName='apm_sessiontemplate')/Attributes`, stringColumn("apm_color")),
    );
    expect(again).toMatchObject({
      status: 400,
      message: "The table apm_sessiontemplate already has a column named apm_color.",
    });
  });

  it("refuses AddPrivilegesRole with a privilege that does not exist, or a depth an organization-owned table can't take", async () => {
    const privileges = await json(byApi, `privileges?$select=privilegeid,name&$filter=name eq 'prvReadapm_appprofile'`);
    const [read] = privileges.value as { privilegeid: string }[];
    const add = (body: unknown) => post(byApi, `roles(${UserRole.id})/Microsoft.Dynamics.CRM.AddPrivilegesRole`, body);
    expect(await errorOf(await add({ Privileges: [{ PrivilegeId: read.privilegeid, Depth: "Basic" }] }))).toMatchObject(
      {
        status: 400,
        message: expect.stringContaining("organization-owned table apm_appprofile, which takes only the Global depth"),
      },
    );
    expect(
      await errorOf(
        await add({ Privileges: [{ PrivilegeId: "00000000-0000-0000-0000-00000000dead", Depth: "Global" }] }),
      ),
    ).toMatchObject({
      status: 404,
    });
  });
});
