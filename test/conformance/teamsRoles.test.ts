/**
 * Security roles, teams and their N:N relationships with users, served as Dataverse serves them (issue 13): the
 * platform's `roles` and `teams` entity sets, `systemuserroles_association`, `teammembership_association` and
 * `teamroles_association` from both sides, `$expand`, `$ref`, nested `any()`/`all()` over them, FetchXML link-entity
 * over their intersects, and the privileges a role gives whether held directly or through a team.
 * Also run through a client we did not write (xrm-webapi-client), as clients.test.ts does.
 */
import { AppChoice, AppProfile, UserRole } from "../../schema";
import { startHarness, type DemoUserKey, type Harness } from "../integration/harness";

type XrmClient = typeof import("xrm-webapi-client");

let h: Harness;
let WebApiClient: XrmClient;

beforeAll(async () => {
  h = await startHarness();
  const g = globalThis as Record<string, unknown>;
  g.window ??= globalThis;
  const xhr2 = "xhr2"; // no typings: loaded by name
  g.XMLHttpRequest ??= ((await import(xhr2)) as { default: unknown }).default;
  WebApiClient = (await import("xrm-webapi-client")).default as unknown as XrmClient;
  WebApiClient.ClientUrl = h.server.apiUrl;
  WebApiClient.Token = h.token("sysadmin");
});
afterAll(() => h.stop());

const get = async (path: string, user: DemoUserKey = "sysadmin") => {
  const response = await h.raw(path, { user, headers: { Prefer: 'odata.include-annotations="*"' } });
  return { status: response.status, body: await response.json() };
};
const send = async (method: string, path: string, body: unknown, user: DemoUserKey = "sysadmin") => {
  const response = await h.raw(path, {
    method,
    user,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
};
const ref = (set: string, id: string) => ({ "@odata.id": `${h.server.apiUrl}${set}(${id})` });
const names = (rows: { name?: string; fullname?: string }[]) => rows.map((r) => r.name ?? r.fullname).sort();

async function idOfTeam(name: string): Promise<string> {
  return (await get(`teams?$select=name&$filter=name eq '${name}'`)).body.value[0].teamid;
}

let serial = 0;
async function createTeam(teamtype = 0): Promise<string> {
  const response = await h.raw("teams", {
    method: "POST",
    user: "sysadmin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      name: `Conformance team ${++serial} ${Date.now() % 100000}`,
      teamtype,
      "businessunitid@odata.bind": `/businessunits(${await rootBusinessUnit()})`,
    }),
  });
  expect(response.status).toBe(204);
  return /\(([0-9a-f-]{36})\)$/.exec(response.headers.get("OData-EntityId") ?? "")![1];
}
async function rootBusinessUnit(): Promise<string> {
  return (await get("businessunits?$select=name&$filter=_parentbusinessunitid_value eq null")).body.value[0]
    .businessunitid;
}

describe("roles and teams (Learn: reference/entities/role, reference/entities/team)", () => {
  it("serves roles with name and the businessunitid lookup (Learn: reference/entities/role)", async () => {
    const { status, body } = await get("roles?$select=name,_businessunitid_value&$orderby=name");
    expect(status).toBe(200);
    const bu = await rootBusinessUnit();
    const byName = new Map(body.value.map((r: { name: string }) => [r.name, r]));
    for (const name of [
      "System Administrator",
      "Customer Service Representative",
      "Omnichannel agent",
      UserRole.name,
    ]) {
      expect(byName.get(name)).toMatchObject({ _businessunitid_value: bu });
    }
    expect(body.value[0]["_businessunitid_value@OData.Community.Display.V1.FormattedValue"]).toBeDefined();
  });

  it("serves teams with teamtype as a choice with its label (Learn: reference/entities/team, TeamType choices)", async () => {
    const { body } = await get("teams?$select=name,teamtype&$filter=name eq 'Tier 1'");
    expect(body.value).toHaveLength(1);
    expect(body.value[0]).toMatchObject({
      name: "Tier 1",
      teamtype: 0,
      "teamtype@OData.Community.Display.V1.FormattedValue": "Owner",
    });
  });

  it("declares role, team and their N:N navigation properties in $metadata (Learn: webapi/web-api-service-documents)", async () => {
    const csdl = await (await h.raw("$metadata", { user: "sysadmin" })).text();
    for (const type of ["role", "team", "businessunit"]) expect(csdl).toContain(`<EntityType Name="${type}"`);
    for (const nav of ["systemuserroles_association", "teammembership_association", "teamroles_association"]) {
      expect(csdl).toContain(`<NavigationProperty Name="${nav}" Type="Collection(`);
    }
    expect(csdl).toContain(`<EntitySet Name="roles" EntityType="mscrm.role"`);
    expect(csdl).toContain(`<EntitySet Name="teams" EntityType="mscrm.team"`);
  });

  it("lists role and team in EntityDefinitions with the platform's type codes (Learn: webapi/query-metadata-web-api)", async () => {
    const { body } = await get(
      "EntityDefinitions?$select=LogicalName,ObjectTypeCode,IsCustomEntity&$filter=LogicalName eq 'role' or LogicalName eq 'team'",
    );
    const byName = Object.fromEntries(body.value.map((d: { LogicalName: string }) => [d.LogicalName, d]));
    expect(byName.role).toMatchObject({ ObjectTypeCode: 1036, IsCustomEntity: false });
    expect(byName.team).toMatchObject({ ObjectTypeCode: 9, IsCustomEntity: false });
    const intersect = await get(
      "EntityDefinitions?$select=LogicalName,IsIntersect,IsCustomEntity&$filter=LogicalName eq 'teammembership'",
    );
    expect(intersect.body.value[0]).toMatchObject({ IsIntersect: true, IsCustomEntity: false });
  });

  it("lists the platform's N:N relationships in RelationshipDefinitions (Learn: webapi/query-metadata-web-api)", async () => {
    const { body } = await get("RelationshipDefinitions(SchemaName='teammembership_association')");
    expect(body).toMatchObject({
      SchemaName: "teammembership_association",
      IntersectEntityName: "teammembership",
      Entity1NavigationPropertyName: "teammembership_association",
      Entity2NavigationPropertyName: "teammembership_association",
    });
  });
});

describe("N:N navigation (Learn: webapi/query/join-tables, webapi/associate-disassociate-entities-using-web-api)", () => {
  it("reads a user's teams and roles as filtered collections (Learn: webapi/query/overview, Filtered collections)", async () => {
    const teams = await get(`systemusers(${h.userId("agent")})/teammembership_association?$select=name`);
    expect(names(teams.body.value)).toEqual(["Night shift", "Tier 1"]);
    const roles = await get(`systemusers(${h.userId("agent")})/systemuserroles_association?$select=name`);
    expect(names(roles.body.value)).toEqual(["App Profile User", "Customer Service Representative"].sort());
  });

  it("expands the N:N from either side (Learn: webapi/query/join-tables, many-to-many)", async () => {
    const { body } = await get(
      "teams?$select=name&$filter=name eq 'Escalations'&$expand=teammembership_association($select=fullname),teamroles_association($select=name)",
    );
    const [team] = body.value;
    expect(names(team.teammembership_association)).toEqual(["Avery Admin", "Sam Supervisor"]);
    expect(names(team.teamroles_association)).toEqual(["Omnichannel agent", "Omnichannel supervisor"]);
    const user = await get(
      `systemusers(${h.userId("agent2")})?$select=fullname&$expand=teammembership_association($select=name;$orderby=name)`,
    );
    expect(user.body.teammembership_association.map((t: { name: string }) => t.name)).toEqual([
      "Escalations",
      "Tier 1",
    ]);
  });

  it("associates and disassociates team members through $ref from either side (Learn: webapi/associate-disassociate-entities-using-web-api)", async () => {
    const team = await createTeam();
    const user = h.userId("norole");
    expect(
      (await send("POST", `teams(${team})/teammembership_association/$ref`, ref("systemusers", user))).status,
    ).toBe(204);
    const members = await get(`teams(${team})/teammembership_association?$select=fullname`);
    expect(names(members.body.value)).toEqual(["Noa Norole"]);
    const teams = await get(`systemusers(${user})/teammembership_association?$select=teamid`);
    expect(teams.body.value.map((t: { teamid: string }) => t.teamid)).toContain(team);
    const removed = await send("DELETE", `systemusers(${user})/teammembership_association(${team})/$ref`, undefined);
    expect(removed.status).toBe(204);
    expect((await get(`teams(${team})/teammembership_association?$select=fullname`)).body.value).toEqual([]);
  });
});

describe("privileges of roles (Learn: power-platform/admin/security-roles-privileges, power-platform/admin/manage-teams)", () => {
  it("gives a role's privileges to a user it is associated with through $ref, and takes them with the disassociate (Learn: power-platform/admin/assign-security-roles)", async () => {
    const user = h.userId("norole");
    expect((await get(`${AppProfile.entitySetName}?$select=apm_name`, "norole")).status).toBe(403);
    const assign = await send(
      "POST",
      `systemusers(${user})/systemuserroles_association/$ref`,
      ref("roles", UserRole.id),
    );
    expect(assign.status).toBe(204);
    expect((await get(`${AppProfile.entitySetName}?$select=apm_name`, "norole")).status).toBe(200);
    const unassign = await send("DELETE", `roles(${UserRole.id})/systemuserroles_association(${user})/$ref`, undefined);
    expect(unassign.status).toBe(204);
    expect((await get(`${AppProfile.entitySetName}?$select=apm_name`, "norole")).status).toBe(403);
  });

  it("gives the roles of a team to its members (Learn: power-platform/admin/manage-teams, owner teams)", async () => {
    const team = await createTeam();
    const user = h.userId("norole");
    expect((await send("POST", `teams(${team})/teamroles_association/$ref`, ref("roles", UserRole.id))).status).toBe(
      204,
    );
    expect((await get(`${AppProfile.entitySetName}?$select=apm_name`, "norole")).status).toBe(403);
    await send("POST", `teams(${team})/teammembership_association/$ref`, ref("systemusers", user));
    expect((await get(`${AppProfile.entitySetName}?$select=apm_name`, "norole")).status).toBe(200);
    const privileges = await get(`systemusers(${user})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges`, "norole");
    expect(privileges.body.RolePrivileges.map((p: { PrivilegeName: string }) => p.PrivilegeName)).toContain(
      "prvReadapm_appprofile",
    );
    await send("DELETE", `teams(${team})/teammembership_association(${user})/$ref`, undefined);
    expect((await get(`${AppProfile.entitySetName}?$select=apm_name`, "norole")).status).toBe(403);
  });

  it("refuses a role assignment by a user without Read and Assign on Security Role (Learn: power-platform/admin/assign-security-roles)", async () => {
    const { status, body } = await send(
      "POST",
      `systemusers(${h.userId("agent2")})/systemuserroles_association/$ref`,
      ref("roles", "627090ff-40a3-4053-8790-584edc5be201"),
      "admin",
    );
    expect(status).toBe(403);
    expect(body.error.code).toBe("0x80040220");
    expect(body.error.message).toMatch(/prvReadRole|prvAssignRole/);
    const roles = await get(`systemusers(${h.userId("agent2")})/systemuserroles_association?$select=name`);
    expect(names(roles.body.value)).not.toContain("System Administrator");
  });

  it("refuses a team member change by a user without Write on the team (Learn: AddMembersTeam message privileges, prvWriteTeam)", async () => {
    const team = await idOfTeam("Tier 1");
    const { status, body } = await send(
      "POST",
      `teams(${team})/teammembership_association/$ref`,
      ref("systemusers", h.userId("norole")),
      "admin",
    );
    expect(status).toBe(403);
    expect(body.error.message).toMatch(/prvWriteTeam/);
    const members = await get(`teams(${team})/teammembership_association?$select=fullname`);
    expect(names(members.body.value)).not.toContain("Noa Norole");
  });

  it("refuses a security role on an access team (Learn: power-platform/admin/manage-teams, about access teams)", async () => {
    const team = await createTeam(1);
    const { status, body } = await send("POST", `teams(${team})/teamroles_association/$ref`, ref("roles", UserRole.id));
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/access team/);
    expect((await get(`teams(${team})/teamroles_association?$select=name`)).body.value).toEqual([]);
  });
});

describe("lambda operators over N:N (Learn: webapi/query/filter-rows, Filter using lambda operators)", () => {
  it("filters users with any() over teammembership_association", async () => {
    const { body } = await get(
      "systemusers?$select=fullname&$filter=teammembership_association/any(t:t/name eq 'Tier 1')",
    );
    expect(names(body.value)).toEqual(["Riley Agent", "Sam Supervisor"]);
  });

  it("nests any() inside any(): users holding a role through a team", async () => {
    const { body } = await get(
      "systemusers?$select=fullname&$filter=teammembership_association/any(t:t/teamroles_association/any(r:r/name eq 'Omnichannel supervisor'))",
    );
    expect(names(body.value)).toEqual(["Avery Admin", "Sam Supervisor"]);
  });

  it("nests any() from a profile N:N into the platform's N:N (profile -> users -> teams)", async () => {
    const profile = await send(
      "POST",
      AppProfile.entitySetName,
      {
        apm_name: `Team lambda ${Date.now()}`,
        apm_uniquename: `apm_lambda_${Date.now() % 1000000}`,
        apm_app: AppChoice.CustomerServiceWorkspace.value,
      },
      "admin",
    );
    expect(profile.status).toBe(204);
    const { body: created } = await get(
      `${AppProfile.entitySetName}?$select=apm_name&$filter=startswith(apm_uniquename,'apm_lambda_')`,
      "admin",
    );
    const id = created.value[0].apm_appprofileid;
    await send(
      "POST",
      `${AppProfile.entitySetName}(${id})/apm_appprofile_systemuser/$ref`,
      ref("systemusers", h.userId("agent2")),
      "admin",
    );
    const filter = `apm_appprofile_systemuser/any(u:u/teammembership_association/any(t:t/name eq 'Escalations'))`;
    const { body } = await get(`${AppProfile.entitySetName}?$select=apm_name&$filter=${filter}`, "admin");
    expect(body.value.map((p: { apm_appprofileid: string }) => p.apm_appprofileid)).toEqual([id]);
    const none = `apm_appprofile_systemuser/any(u:u/teammembership_association/any(t:t/name eq 'Night shift'))`;
    expect((await get(`${AppProfile.entitySetName}?$select=apm_name&$filter=${none}`, "admin")).body.value).toEqual([]);
  });

  it("reads a single-valued lookup inside a lambda (t/businessunitid/name)", async () => {
    const { body } = await get(
      "systemusers?$select=fullname&$filter=teammembership_association/any(t:t/businessunitid/name eq 'Contoso' and t/name eq 'Night shift')",
    );
    expect(names(body.value)).toEqual(["Riley Agent"]);
  });

  it("combines and/or inside a lambda", async () => {
    const { body } = await get(
      "systemusers?$select=fullname&$filter=teammembership_association/any(t:t/name eq 'Night shift' or (t/name eq 'Escalations' and t/teamtype eq 0))",
    );
    expect(names(body.value)).toEqual(["Avery Admin", "Riley Agent", "Sam Supervisor"]);
  });

  it("answers all() with the rows whose every related row matches", async () => {
    const { body } = await get(
      "systemusers?$select=fullname&$filter=teammembership_association/any() and teammembership_association/all(t:t/name ne 'Night shift')",
    );
    expect(names(body.value)).toEqual(["Avery Admin", "Sam Supervisor"]);
  });

  it("lets an inner lambda read the outer range variable, and refuses reusing its name", async () => {
    // `t` stays in scope after the inner lambda closes; `r` is the inner one's.
    const valid = await get(
      "systemusers?$select=fullname&$filter=teammembership_association/any(t:t/teamroles_association/any(r:r/name eq 'Omnichannel agent') and t/name eq 'Tier 1')",
    );
    expect(names(valid.body.value)).toEqual(["Riley Agent", "Sam Supervisor"]);
    const reused = await get(
      "systemusers?$select=fullname&$filter=teammembership_association/any(t:t/teamroles_association/any(t:t/name eq 'x'))",
    );
    expect(reused.status).toBe(400);
    expect(reused.body.error.message).toMatch(/range variable 't' is already in use/);
    const outside = await get(
      "systemusers?$select=fullname&$filter=teammembership_association/any(t:t/name eq 'Tier 1') and t/name eq 'x'",
    );
    expect(outside.status).toBe(400);
  });

  it("joins the N:N intersect with FetchXML link-entity and finds the same rows (Learn: fetchxml/reference/link-entity)", async () => {
    const fetch =
      `<fetch><entity name="systemuser"><attribute name="fullname"/>` +
      `<link-entity name="teammembership" from="systemuserid" to="systemuserid" intersect="true">` +
      `<link-entity name="team" from="teamid" to="teamid"><filter><condition attribute="name" operator="eq" value="Tier 1"/></filter></link-entity>` +
      `</link-entity></entity></fetch>`;
    const { status, body } = await get(`systemusers?fetchXml=${encodeURIComponent(fetch)}`);
    expect(status).toBe(200);
    expect(names(body.value)).toEqual(["Riley Agent", "Sam Supervisor"]);
  });
});

describe("xrm-webapi-client 4.1.6 (xhr2)", () => {
  it("associates a user with a team and filters with nested any() (Learn: webapi/associate-disassociate-entities-using-web-api, webapi/query/filter-rows)", async () => {
    const team = await createTeam();
    const reference = {
      relationShip: "teammembership_association",
      source: { entityName: "team", entityId: team },
      target: { entityName: "systemuser", entityId: h.userId("agent2") },
    };
    await WebApiClient.Associate(reference);
    await WebApiClient.Associate({
      ...reference,
      relationShip: "teamroles_association",
      target: { entityName: "role", entityId: UserRole.id },
    });
    const found = await WebApiClient.Retrieve({
      entityName: "systemuser",
      queryParams: `?$select=fullname&$filter=teammembership_association/any(t:t/teamid eq ${team} and t/teamroles_association/any(r:r/roleid eq ${UserRole.id}))`,
    });
    expect(found.value.map((u: { systemuserid: string }) => u.systemuserid)).toEqual([h.userId("agent2")]);
    await WebApiClient.Disassociate(reference);
    const after = await WebApiClient.Retrieve({
      entityName: "team",
      entityId: team,
      queryParams: "?$select=name&$expand=teammembership_association($select=fullname)",
    });
    expect(after.teammembership_association).toEqual([]);
  });
});

describe("an environment without the solution (Learn: power-platform/admin/database-security, predefined security roles)", () => {
  it("has the root business unit and the System Administrator role, and a role POSTed through the metadata API is a roles row", async () => {
    const empty = await startHarness({ seed: "empty" });
    try {
      const read = async (path: string) => (await empty.raw(path, { user: "sysadmin" })).json();
      const units = await read("businessunits?$select=name&$filter=_parentbusinessunitid_value eq null");
      expect(units.value).toHaveLength(1);
      const roles = await read("roles?$select=name");
      expect(roles.value.map((r: { name: string }) => r.name)).toEqual(["System Administrator"]);
      const created = await empty.raw("roles", {
        method: "POST",
        user: "sysadmin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          name: "Conformance role",
          "businessunitid@odata.bind": `/businessunits(${units.value[0].businessunitid})`,
        }),
      });
      expect(created.status).toBe(204);
      const after = await read("roles?$select=name,_businessunitid_value&$filter=name eq 'Conformance role'");
      expect(after.value).toEqual([
        expect.objectContaining({ name: "Conformance role", _businessunitid_value: units.value[0].businessunitid }),
      ]);
    } finally {
      await empty.stop();
    }
  });
});
