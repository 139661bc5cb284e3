/**
 * Resource paths, writes, error codes, functions and $metadata of the local server, one test per documented
 * Dataverse behaviour (each names its Microsoft Learn source; "S19" and friends are the fidelity table's sources).
 */
import { AppChoice, AppProfile, SessionTemplate } from "../../schema";
import { profileRepository } from "../integration/repository";
import { startHarness, type Harness } from "../integration/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const set = AppProfile.entitySetName;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});
let counter = 0;
const profile = (extra: Record<string, unknown> = {}) => ({
  apm_name: `Conformance ${++counter}`,
  apm_uniquename: `conf_p${counter}_${Date.now() % 100000}`,
  apm_app: AppChoice.CustomerServiceWorkspace.value,
  ...extra,
});
async function create(body = profile()): Promise<string> {
  const response = await h.raw(set, { method: "POST", ...json(body) });
  expect(response.status).toBe(204);
  return /\(([^)]+)\)$/.exec(response.headers.get("OData-EntityId") as string)![1];
}
async function templateId(uniqueName: string): Promise<string> {
  const response = await h.raw(`${SessionTemplate.entitySetName}(apm_uniquename='${uniqueName}')?$select=apm_name`);
  return ((await response.json()) as { apm_sessiontemplateid: string }).apm_sessiontemplateid;
}
async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  const { error } = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...error };
}

describe("errors as Dataverse sends them", () => {
  it("unknown or wrong-case entity set: 404 0x8006088a 'Resource not found for the segment' (Learn: troubleshoot web-api-client-errors)", async () => {
    expect(await errorOf(await h.raw("APM_AppProfiles"))).toEqual({
      status: 404,
      code: "0x8006088a",
      message: "Resource not found for the segment 'APM_AppProfiles'.",
    });
  });

  it("an unknown function: 404 0x8006088a naming it (Learn: custom-api, 'Resource not found for the segment')", async () => {
    expect(await errorOf(await h.raw("apm_NoSuchFunction()"))).toEqual({
      status: 404,
      code: "0x8006088a",
      message: "Resource not found for the segment 'apm_NoSuchFunction'.",
    });
  });

  it("missing alternate key: 404 0x80060891 RecordNotFoundByEntityKey (Learn: use-alternate-key-reference-record; S19)", async () => {
    expect(await errorOf(await h.raw(`${set}(apm_uniquename='nope_nope')`))).toEqual({
      status: 404,
      code: "0x80060891",
      message: "A record with the specified key values does not exist in apm_appprofile entity",
    });
  });

  it("missing id: 404 0x80040217 '<entity> With Id = … Does Not Exist' (Learn: webapi/perform-conditional-operations-using-web-api)", async () => {
    const id = "33333333-3333-4333-8333-333333333333";
    expect(await errorOf(await h.raw(`${set}(${id})`))).toMatchObject({
      status: 404,
      code: "0x80040217",
      message: `apm_appprofile With Id = ${id} Does Not Exist`,
    });
  });

  it("duplicate alternate key on create: 412 0x80060892 DuplicateRecordEntityKey (Learn: define-alternate-keys-entity; S19)", async () => {
    // environmentvariabledefinitions has no handler of ours: the platform's key answers.
    const existing = await (
      await h.raw("environmentvariabledefinitions?$select=schemaname", { user: "sysadmin" })
    ).json();
    const response = await h.raw("environmentvariabledefinitions", {
      user: "sysadmin",
      method: "POST",
      ...json({ schemaname: existing.value[0].schemaname, displayname: "Again" }),
    });
    const error = await errorOf(response);
    expect(error).toMatchObject({ status: 412, code: "0x80060892" });
    expect(error.message).toBe(
      "Entity Key Schema name violated. A record with the same value for Schema Name already exists. " +
        "A duplicate record cannot be created. Select one or more unique values and try again.",
    );
  });

  it("duplicate primary id on create: 412 0x80040237 DuplicateRecord (Learn: webapi/compose-http-requests-handle-errors)", async () => {
    const id = await create();
    const error = await errorOf(await h.raw(set, { method: "POST", ...json(profile({ apm_appprofileid: id })) }));
    expect(error).toMatchObject({ status: 412, code: "0x80040237" });
  });

  it("If-None-Match: * on an existing row: 412 0x80040237 'A record with matching key values already exists.' (Learn: webapi/perform-conditional-operations-using-web-api)", async () => {
    const id = await create();
    const response = await h.raw(`${set}(${id})`, {
      method: "PATCH",
      ...json({ apm_description: "x" }, { "If-None-Match": "*" }),
    });
    expect(await errorOf(response)).toEqual({
      status: 412,
      code: "0x80040237",
      message: "A record with matching key values already exists.",
    });
  });

  it("a key with a column that is not an alternate key: 400 'The key in the request URI is not valid' (Learn: use-alternate-key-reference-record)", async () => {
    const error = await errorOf(await h.raw(`${set}(apm_name='x')`));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(
      /^The key in the request URI is not valid for resource 'Microsoft\.Dynamics\.CRM\.apm_appprofile'\. Ensure that the names and number of key properties match/,
    );
  });

  it.each(["DELETE", "PATCH"])(
    "%s on a collection: 405 (Learn: webapi/compose-http-requests-handle-errors, 'you can't use DELETE or PATCH on a collection')",
    async (method) => {
      const response = await h.raw(set, { method, ...json({ apm_description: "x" }) });
      expect(response.status).toBe(405);
      expect((await errorOf(response)).message).toContain(`'${method}'`);
    },
  );

  it("error bodies are application/json; odata.metadata=minimal (Learn: webapi/perform-conditional-operations-using-web-api)", async () => {
    const response = await h.raw("nosuchset");
    expect(response.headers.get("content-type")).toBe("application/json; odata.metadata=minimal");
    expect(response.headers.get("odata-version")).toBe("4.0");
  });

  it("include-annotations adds @Microsoft.PowerApps.CDS error details (Learn: webapi/compose-http-requests-handle-errors, 'Include more details with errors')", async () => {
    const plain = (await (await h.raw("nosuchset")).json()) as { error: Record<string, string> };
    expect(Object.keys(plain.error)).toEqual(["code", "message"]);
    const detailed = await h.raw("nosuchset", { headers: { Prefer: 'odata.include-annotations="*"' } });
    const error = ((await detailed.json()) as { error: Record<string, string> }).error;
    expect(error).toMatchObject({
      code: "0x8006088a",
      "@Microsoft.PowerApps.CDS.ErrorDetails.OperationStatus": "0",
      "@Microsoft.PowerApps.CDS.HelpLink": expect.stringContaining("error=Microsoft.Crm.CrmException%3a8006088a"),
    });
  });
});

describe("refuses what Dataverse refuses", () => {
  it("a function called with POST: 404 'No HTTP resource was found that matches the request URI' (Learn: troubleshoot web-api-client-errors)", async () => {
    const response = await h.raw("WhoAmI", { method: "POST", ...json({}) });
    expect(await errorOf(response)).toEqual({
      status: 404,
      code: "",
      message: `No HTTP resource was found that matches the request URI '${h.server.apiUrl}WhoAmI'.`,
    });
  });

  it("a bound function without the Microsoft.Dynamics.CRM namespace: 400 'Request message has unresolved parameters' (Learn: webapi/use-web-api-functions)", async () => {
    const response = await h.raw(`systemusers(${h.userId("admin")})/RetrieveUserPrivileges`);
    const error = await errorOf(response);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^Request message has unresolved parameters\./);
  });

  it("PUT on a whole record: 405, PUT is for single properties (Learn: webapi/compose-http-requests-handle-errors)", async () => {
    const id = await create();
    const response = await h.raw(`${set}(${id})`, { method: "PUT", ...json({ apm_description: "x" }) });
    expect(response.status).toBe(405);
    const row = await (await h.raw(`${set}(${id})?$select=apm_description`)).json();
    expect(row.apm_description).toBeNull();
  });

  it("@odata.bind with a wrong-case navigation name: 400 0x80048d19 'An undeclared property' (Learn: troubleshoot web-api-client-errors)", async () => {
    const definition = await (
      await h.raw("environmentvariabledefinitions?$select=schemaname", { user: "sysadmin" })
    ).json();
    const definitionId = definition.value[0].environmentvariabledefinitionid;
    const response = await h.raw("environmentvariablevalues", {
      user: "sysadmin",
      method: "POST",
      ...json({
        value: "yes",
        "environmentvariabledefinitionid@odata.bind": `/environmentvariabledefinitions(${definitionId})`,
      }),
    });
    const error = await errorOf(response);
    expect(error).toMatchObject({ status: 400, code: "0x80048d19" });
    expect(error.message).toContain(
      "An undeclared property 'environmentvariabledefinitionid' which only has property annotations",
    );
    expect(error.message).toContain("EnvironmentVariableDefinitionId@odata.bind");
  });

  it("an update by alternate key can't rename the key: the key data is dropped from the body (Learn: use-upsert-insert-update-record)", async () => {
    const body = profile();
    const id = await create(body);
    const response = await h.raw(`${set}(apm_uniquename='${body.apm_uniquename}')`, {
      method: "PATCH",
      ...json({ apm_uniquename: `${body.apm_uniquename}_renamed`, apm_description: "kept" }),
    });
    expect(response.status).toBe(204);
    const row = await (await h.raw(`${set}(${id})?$select=apm_uniquename,apm_description`)).json();
    expect(row).toMatchObject({ apm_uniquename: body.apm_uniquename, apm_description: "kept" });
  });

  it("an upsert that creates by key uses the key values in the body, even when they differ (Learn: use-upsert-insert-update-record)", async () => {
    const body = profile();
    const response = await h.raw(`${set}(apm_uniquename='${body.apm_uniquename}_url')`, {
      method: "PATCH",
      ...json(body),
    });
    expect(response.status).toBe(204);
    expect((await h.raw(`${set}(apm_uniquename='${body.apm_uniquename}')`)).status).toBe(200);
    expect((await h.raw(`${set}(apm_uniquename='${body.apm_uniquename}_url')`)).status).toBe(404);
  });
});

describe("response shapes", () => {
  it("create with return=representation: 201, @odata.context …/$entity, ETag and no OData-EntityId (Learn: webapi/create-entity-web-api)", async () => {
    const response = await h.raw(`${set}?$select=apm_name`, {
      method: "POST",
      ...json(profile(), { Prefer: "return=representation" }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("OData-EntityId")).toBeNull();
    expect(response.headers.get("ETag")).toMatch(/^W\/"\d+"$/);
    const body = await response.json();
    expect(body["@odata.context"]).toBe(`${h.server.apiUrl}$metadata#${set}(apm_name)/$entity`);
    expect(body.apm_appprofileid).toMatch(GUID);
  });

  it("upsert by alternate key answers OData-EntityId in the key form (Learn: use-upsert-insert-update-record)", async () => {
    const body = profile();
    const url = `${set}(apm_uniquename='${body.apm_uniquename}')`;
    const created = await h.raw(url, { method: "PATCH", ...json({ apm_name: "By key", apm_app: body.apm_app }) });
    expect(created.status).toBe(204);
    expect(created.headers.get("OData-EntityId")).toBe(`${h.server.apiUrl}${url}`);
    const updated = await h.raw(url, { method: "PATCH", ...json({ apm_name: "By key again" }) });
    expect(updated.headers.get("OData-EntityId")).toBe(`${h.server.apiUrl}${url}`);
  });

  it("upsert by primary key: PATCH to a missing id creates the row with that id (Learn: use-upsert-insert-update-record)", async () => {
    const id = "11111111-2222-4333-8444-555555555555";
    const response = await h.raw(`${set}(${id})`, { method: "PATCH", ...json(profile()) });
    expect(response.status).toBe(204);
    expect(response.headers.get("OData-EntityId")).toBe(`${h.server.apiUrl}${set}(${id})`);
    expect((await h.raw(`${set}(${id})?$select=apm_name`)).status).toBe(200);
  });

  it("If-None-Match: * by primary key creates a missing row, and refuses once it exists (Learn: webapi/perform-conditional-operations-using-web-api)", async () => {
    const id = "11111111-2222-4333-8444-666666666666";
    const body = profile();
    const first = await h.raw(`${set}(${id})`, { method: "PATCH", ...json(body, { "If-None-Match": "*" }) });
    expect(first.status).toBe(204);
    const second = await h.raw(`${set}(${id})`, { method: "PATCH", ...json(body, { "If-None-Match": "*" }) });
    expect(second.status).toBe(412);
  });

  it("If-Match: * on a missing id: 404, no row created (Learn: use-upsert-insert-update-record, 'Prevent create in upsert')", async () => {
    const id = "11111111-2222-4333-8444-777777777777";
    const response = await h.raw(`${set}(${id})`, { method: "PATCH", ...json(profile(), { "If-Match": "*" }) });
    expect(response.status).toBe(404);
    expect((await h.raw(`${set}(${id})`)).status).toBe(404);
  });
});

describe("paths", () => {
  let profileId: string;
  let caseTemplate: string;
  let homeTemplate: string;
  beforeAll(async () => {
    profileId = await create();
    caseTemplate = await templateId("msdyn_case_session");
    homeTemplate = await templateId("msdyn_account_session");
    for (const related of [caseTemplate, homeTemplate]) {
      const response = await h.raw(`${set}(${profileId})/apm_appprofile_sessiontemplate/$ref`, {
        method: "POST",
        ...json({ "@odata.id": `${h.server.apiUrl}${SessionTemplate.entitySetName}(${related})` }),
      });
      expect(response.status).toBe(204);
    }
  });

  it("entity(id)/collection-navigation: the related rows, with $select, $filter and $orderby (Learn: webapi/query/overview, 'Filtered collections')", async () => {
    const response = await h.raw(
      `${set}(${profileId})/apm_appprofile_sessiontemplate?$select=apm_uniquename&$orderby=apm_uniquename desc`,
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body["@odata.context"]).toBe(`${h.server.apiUrl}$metadata#apm_sessiontemplates(apm_uniquename)`);
    expect(body.value.map((r: { apm_uniquename: string }) => r.apm_uniquename)).toEqual([
      "msdyn_case_session",
      "msdyn_account_session",
    ]);
    const filtered = await (
      await h.raw(
        `${set}(${profileId})/apm_appprofile_sessiontemplate?$select=apm_name&$filter=apm_entitylogicalname eq 'incident'`,
      )
    ).json();
    expect(filtered.value).toHaveLength(1);
  });

  it("the collection navigation from the other side of the N:N (Learn: webapi/query/overview)", async () => {
    const body = await (
      await h.raw(`${SessionTemplate.entitySetName}(${homeTemplate})/apm_appprofile_sessiontemplate?$select=apm_name`)
    ).json();
    expect(body.value.map((r: { apm_appprofileid: string }) => r.apm_appprofileid)).toContain(profileId);
  });

  it("a collection navigation pages with odata.maxpagesize and @odata.nextLink (Learn: webapi/query/page-results)", async () => {
    const first = await h.raw(`${set}(${profileId})/apm_appprofile_sessiontemplate?$select=apm_name`, {
      headers: { Prefer: "odata.maxpagesize=1" },
    });
    const page = await first.json();
    expect(page.value).toHaveLength(1);
    const next = await (
      await fetch(page["@odata.nextLink"], {
        headers: { Authorization: `Bearer ${h.token("admin")}`, Prefer: "odata.maxpagesize=1" },
      })
    ).json();
    expect(next.value).toHaveLength(1);
    expect(next.value[0].apm_sessiontemplateid).not.toBe(page.value[0].apm_sessiontemplateid);
  });

  it("entity(id)/single-valued-navigation: the related row (Learn: webapi/retrieve-related-entities-query-web-api)", async () => {
    const response = await h.raw(`${set}(${profileId})/createdby?$select=fullname`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ systemuserid: h.userId("admin") });
    expect(body["@odata.context"]).toBe(`${h.server.apiUrl}$metadata#systemusers(fullname)/$entity`);
  });

  it("…/nav/$ref lists the links as @odata.id (Learn: webapi/retrieve-related-entities-query-web-api, 'Retrieve references')", async () => {
    const body = await (await h.raw(`${set}(${profileId})/apm_appprofile_sessiontemplate/$ref`)).json();
    expect(body["@odata.context"]).toBe(`${h.server.apiUrl}$metadata#Collection($ref)`);
    expect(body.value.map((r: Record<string, string>) => r["@odata.id"]).sort()).toEqual(
      [caseTemplate, homeTemplate].map((id) => `${h.server.apiUrl}apm_sessiontemplates(${id})`).sort(),
    );
    const single = await (await h.raw(`${set}(${profileId})/createdby/$ref`)).json();
    expect(single["@odata.id"]).toBe(`${h.server.apiUrl}systemusers(${h.userId("admin")})`);
  });

  it("set/$count and entity(id)/nav/$count answer a number as text/plain (Learn: webapi/query/count-rows)", async () => {
    const all = await h.raw(`${set}/$count`);
    expect(all.headers.get("content-type")).toBe("text/plain");
    const listed = await (await h.raw(`${set}?$select=apm_name&$count=true`)).json();
    expect(Number(await all.text())).toBe(listed["@odata.count"]);
    const related = await h.raw(`${set}(${profileId})/apm_appprofile_sessiontemplate/$count`);
    expect(await related.text()).toBe("2");
  });

  it("entity(id)/property and …/$value read one value (Learn: webapi/retrieve-entity-using-web-api, 'Retrieve a single property value')", async () => {
    const response = await h.raw(`${set}(${profileId})/apm_name`);
    const body = await response.json();
    expect(body["@odata.context"]).toBe(`${h.server.apiUrl}$metadata#${set}(${profileId})/apm_name`);
    expect(body.value).toMatch(/^Conformance /);
    const raw = await h.raw(`${set}(${profileId})/apm_name/$value`);
    expect(raw.headers.get("content-type")).toBe("text/plain");
    expect(await raw.text()).toBe(body.value);
  });

  it("PUT and DELETE entity(id)/property change one value (Learn: webapi/update-delete-entities-using-web-api)", async () => {
    const put = await h.raw(`${set}(${profileId})/apm_description`, {
      method: "PUT",
      ...json({ value: "one property" }),
    });
    expect(put.status).toBe(204);
    expect((await (await h.raw(`${set}(${profileId})/apm_description`)).json()).value).toBe("one property");
    const removed = await h.raw(`${set}(${profileId})/apm_description`, { method: "DELETE" });
    expect(removed.status).toBe(204);
    expect((await h.raw(`${set}(${profileId})/apm_description`)).status).toBe(204);
    const tooLong = await h.raw(`${set}(${profileId})/apm_name`, {
      method: "PUT",
      ...json({ value: "x".repeat(101) }),
    });
    expect(tooLong.status).toBe(400);
  });

  it("PUT and DELETE a single-valued navigation through $ref (Learn: webapi/associate-disassociate-entities-using-web-api)", async () => {
    const definitions = await (
      await h.raw("environmentvariabledefinitions?$select=schemaname", { user: "sysadmin" })
    ).json();
    const definitionId = definitions.value[0].environmentvariabledefinitionid;
    const created = await h.raw("environmentvariablevalues", {
      user: "sysadmin",
      method: "POST",
      ...json({ value: "no" }),
    });
    const valueId = /\(([^)]+)\)$/.exec(created.headers.get("OData-EntityId") as string)![1];
    const put = await h.raw(`environmentvariablevalues(${valueId})/EnvironmentVariableDefinitionId/$ref`, {
      user: "sysadmin",
      method: "PUT",
      ...json({ "@odata.id": `environmentvariabledefinitions(${definitionId})` }),
    });
    expect(put.status).toBe(204);
    const read = async () =>
      (
        await (
          await h.raw(`environmentvariablevalues(${valueId})?$select=_environmentvariabledefinitionid_value`, {
            user: "sysadmin",
          })
        ).json()
      )._environmentvariabledefinitionid_value;
    expect(await read()).toBe(definitionId);
    const removed = await h.raw(`environmentvariablevalues(${valueId})/EnvironmentVariableDefinitionId/$ref`, {
      user: "sysadmin",
      method: "DELETE",
    });
    expect(removed.status).toBe(204);
    expect(await read()).toBeNull();
    await h.raw(`environmentvariablevalues(${valueId})`, { user: "sysadmin", method: "DELETE" });
  });

  it("a one-to-many navigation: entity(id)/nav lists the children and POST nav/$ref sets their lookup (Learn: webapi/associate-disassociate-entities-using-web-api)", async () => {
    const nav = "environmentvariabledefinition_environmentvariablevalue";
    const definitions = await (
      await h.raw("environmentvariabledefinitions?$select=schemaname", { user: "sysadmin" })
    ).json();
    const definitionId = definitions.value[0].environmentvariabledefinitionid;
    const created = await h.raw("environmentvariablevalues", {
      user: "sysadmin",
      method: "POST",
      ...json({ value: "one-to-many" }),
    });
    const valueId = /\(([^)]+)\)$/.exec(created.headers.get("OData-EntityId") as string)![1];
    const children = async () =>
      (
        await (
          await h.raw(`environmentvariabledefinitions(${definitionId})/${nav}?$select=value`, { user: "sysadmin" })
        ).json()
      ).value.map((r: { environmentvariablevalueid: string }) => r.environmentvariablevalueid);
    expect(await children()).not.toContain(valueId);
    const associated = await h.raw(`environmentvariabledefinitions(${definitionId})/${nav}/$ref`, {
      user: "sysadmin",
      method: "POST",
      ...json({ "@odata.id": `environmentvariablevalues(${valueId})` }),
    });
    expect(associated.status).toBe(204);
    expect(await children()).toContain(valueId);
    const removed = await h.raw(`environmentvariabledefinitions(${definitionId})/${nav}(${valueId})/$ref`, {
      user: "sysadmin",
      method: "DELETE",
    });
    expect(removed.status).toBe(204);
    expect(await children()).not.toContain(valueId);
    await h.raw(`environmentvariablevalues(${valueId})`, { user: "sysadmin", method: "DELETE" });
  });

  it("a system lookup (createdby) can't be set through $ref (Learn: webapi/associate-disassociate-entities-using-web-api)", async () => {
    const response = await h.raw(`${set}(${profileId})/createdby/$ref`, {
      method: "PUT",
      ...json({ "@odata.id": `systemusers(${h.userId("agent")})` }),
    });
    expect(response.status).toBe(400);
    const row = await (await h.raw(`${set}(${profileId})?$select=_createdby_value`)).json();
    expect(row._createdby_value).toBe(h.userId("admin"));
  });

  it("an unknown segment under a record: 404 naming it (Learn: troubleshoot web-api-client-errors)", async () => {
    expect(await errorOf(await h.raw(`${set}(${profileId})/apm_bogus`))).toEqual({
      status: 404,
      code: "0x8006088a",
      message: "Resource not found for the segment 'apm_bogus'.",
    });
  });

  it("WebApiProfileRepository.retrieveRelated reads an N:N through entity(id)/nav against the server", async () => {
    const repository = profileRepository(h, "admin");
    const related = await repository.retrieveRelated(
      "apm_appprofile_sessiontemplate",
      { logicalName: AppProfile.logicalName, id: profileId },
      SessionTemplate.logicalName,
      ["apm_uniquename"],
    );
    expect(related.map((e) => e.id).sort()).toEqual([caseTemplate, homeTemplate].sort());
    expect(related.map((e) => e.attributes.apm_uniquename).sort()).toEqual([
      "msdyn_account_session",
      "msdyn_case_session",
    ]);
  });
});

describe("writes", () => {
  it("collection-valued @odata.bind on create associates the rows in the same request (Learn: webapi/create-entity-web-api, 'Associate table rows on create')", async () => {
    const templates = [await templateId("msdyn_email_session"), await templateId("msdyn_contact_session")];
    const id = await create(
      profile({ "apm_appprofile_sessiontemplate@odata.bind": templates.map((t) => `/apm_sessiontemplates(${t})`) }),
    );
    const body = await (await h.raw(`${set}(${id})/apm_appprofile_sessiontemplate/$ref`)).json();
    expect(body.value).toHaveLength(2);
  });

  it("a failing collection bind saves nothing (Learn: webapi/create-entity-web-api)", async () => {
    const body = profile({
      "apm_appprofile_sessiontemplate@odata.bind": ["/apm_sessiontemplates(44444444-4444-4444-8444-444444444444)"],
    });
    const response = await h.raw(set, { method: "POST", ...json(body) });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect((await h.raw(`${set}(apm_uniquename='${body.apm_uniquename}')`)).status).toBe(404);
  });

  it("deep insert is refused by name and saves nothing (Learn: webapi/create-entity-web-api, 'Create related table rows in one operation')", async () => {
    const body = profile({ apm_appprofile_sessiontemplate: [{ apm_name: "Nested", apm_uniquename: "conf_nested" }] });
    const error = await errorOf(await h.raw(set, { method: "POST", ...json(body) }));
    expect(error.status).toBe(400);
    expect(error.message).toContain("apm_appprofile_sessiontemplate@odata.bind");
    expect((await h.raw(`${set}(apm_uniquename='${body.apm_uniquename}')`)).status).toBe(404);
  });

  it("@odata.bind to an alternate-key reference (Learn: use-alternate-key-reference-record)", async () => {
    const definitions = await (
      await h.raw("environmentvariabledefinitions?$select=schemaname", { user: "sysadmin" })
    ).json();
    const { schemaname, environmentvariabledefinitionid } = definitions.value[0];
    const created = await h.raw("environmentvariablevalues", {
      user: "sysadmin",
      method: "POST",
      ...json({
        value: "yes",
        "EnvironmentVariableDefinitionId@odata.bind": `environmentvariabledefinitions(schemaname='${schemaname}')`,
      }),
    });
    expect(created.status).toBe(204);
    const valueId = /\(([^)]+)\)$/.exec(created.headers.get("OData-EntityId") as string)![1];
    const row = await (
      await h.raw(`environmentvariablevalues(${valueId})?$select=_environmentvariabledefinitionid_value`, {
        user: "sysadmin",
      })
    ).json();
    expect(row._environmentvariabledefinitionid_value).toBe(environmentvariabledefinitionid);
    await h.raw(`environmentvariablevalues(${valueId})`, { user: "sysadmin", method: "DELETE" });
    const missing = await h.raw("environmentvariablevalues", {
      user: "sysadmin",
      method: "POST",
      ...json({
        value: "yes",
        "EnvironmentVariableDefinitionId@odata.bind": "environmentvariabledefinitions(schemaname='nope_nope')",
      }),
    });
    expect(await errorOf(missing)).toMatchObject({ status: 404, code: "0x80060891" });
  });
});

describe("service documents and functions", () => {
  it("GET /api/data/v9.2/ is the service document listing the entity sets (Learn: webapi/web-api-service-documents)", async () => {
    const body = await (await h.raw("")).json();
    expect(body["@odata.context"]).toBe(`${h.server.apiUrl}$metadata`);
    expect(body.value).toContainEqual({ name: "apm_appprofiles", kind: "EntitySet", url: "apm_appprofiles" });
    const noSlash = await fetch(h.server.apiUrl.replace(/\/$/, ""), {
      headers: { Authorization: `Bearer ${h.token("admin")}` },
    });
    expect((await noSlash.json()).value).toEqual(body.value);
  });

  it("$metadata is CSDL XML with entity types, keys, navigation properties, entity sets and functions (Learn: webapi/web-api-service-documents)", async () => {
    const response = await h.raw("$metadata");
    expect(response.headers.get("content-type")).toBe("application/xml");
    const xml = await response.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><edmx:Edmx Version="4.0"/);
    expect(xml).toContain('<EntityType Name="apm_appprofile"><Key><PropertyRef Name="apm_appprofileid"/></Key>');
    expect(xml).toContain('<NavigationProperty Name="apm_appprofile_systemuser" Type="Collection(mscrm.systemuser)"/>');
    expect(xml).toContain('<NavigationProperty Name="createdby" Type="mscrm.systemuser">');
    expect(xml).toContain('<EntitySet Name="apm_appprofiles" EntityType="mscrm.apm_appprofile">');
    expect(xml).toContain('<PropertyValue Property="Name" PropertyPath="apm_uniquename"/>');
    expect(xml).toContain('<Function Name="WhoAmI">');
    expect(xml).toContain('<Function Name="RetrieveUserPrivileges" IsBound="true">');
    expect(xml).toContain('<Action Name="ImportSolution">');
  });

  it("RetrieveUserPrivileges answers for the user it is bound to, with PrivilegeId (Learn: reference RetrieveUserPrivileges function)", async () => {
    const of = async (user: "admin" | "agent") =>
      (
        await (
          await h.raw(`systemusers(${h.userId(user)})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`, {
            user: "admin",
          })
        ).json()
      ).RolePrivileges as { PrivilegeName: string; PrivilegeId: string; Depth: string }[];
    const admin = await of("admin");
    const agent = await of("agent");
    expect(agent.length).toBeLessThan(admin.length);
    expect(agent.map((p) => p.PrivilegeName)).toContain("prvReadapm_appprofile");
    expect(agent.map((p) => p.PrivilegeName)).not.toContain("prvCreateapm_appprofile");
    // Each with its role's depth: Global on our organization-owned table, Basic on the user's own UI settings.
    const named = (name: string) => agent.find((p) => p.PrivilegeName === name);
    expect(named("prvReadapm_appprofile")).toMatchObject({ Depth: "Global", PrivilegeId: expect.stringMatching(GUID) });
    expect(named("prvReadUserEntityUISettings")).toMatchObject({ Depth: "Basic" });
    const missing = await h.raw(
      "systemusers(55555555-5555-4555-8555-555555555555)/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()",
    );
    expect(missing.status).toBe(404);
  });
});
