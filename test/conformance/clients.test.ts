/**
 * Clients we did not write, run through the product's main flows against the local server: xrm-webapi-client
 * (with xhr2 as XMLHttpRequest in Node) and dynamics-web-api. Retrieve by id and by key, create, update,
 * associate, disassociate, delete, retrieve multiple with paging, and WhoAmI: each as Dataverse answers it
 * (Learn: webapi/overview and the pages each test names).
 */
import { AppChoice, AppProfile, SessionTemplate } from "../../schema";
import { startHarness, type Harness } from "../integration/harness";

type XrmClient = typeof import("xrm-webapi-client");

let h: Harness;
let WebApiClient: XrmClient;

beforeAll(async () => {
  h = await startHarness();
  // xrm-webapi-client is written for the browser: it needs a window and XMLHttpRequest (xhr2 in Node).
  const g = globalThis as Record<string, unknown>;
  g.window ??= globalThis;
  const xhr2 = "xhr2"; // no typings: loaded by name
  g.XMLHttpRequest ??= ((await import(xhr2)) as { default: unknown }).default;
  WebApiClient = (await import("xrm-webapi-client")).default as unknown as XrmClient;
  WebApiClient.ClientUrl = h.server.apiUrl;
  WebApiClient.Token = h.token("admin");
});
afterAll(() => h.stop());

const set = AppProfile.entitySetName;
let serial = 0;
const profile = (client: string) => ({
  apm_name: `${client} profile ${++serial}`,
  apm_uniquename: `clients_${client}_${serial}_${Date.now() % 100000}`,
  apm_app: AppChoice.CustomerServiceWorkspace.value,
});
const idFromUrl = (url: string) => /\(([0-9a-f-]{36})\)$/.exec(url)?.[1];
async function templateId(uniqueName: string): Promise<string> {
  const row = await (await h.raw(`${SessionTemplate.entitySetName}(apm_uniquename='${uniqueName}')`)).json();
  return row.apm_sessiontemplateid;
}
async function relatedTemplates(profileId: string): Promise<string[]> {
  const body = await (await h.raw(`${set}(${profileId})/apm_appprofile_sessiontemplate?$select=apm_name`)).json();
  return body.value.map((r: { apm_sessiontemplateid: string }) => r.apm_sessiontemplateid);
}

describe("xrm-webapi-client 4.1.6 (xhr2)", () => {
  it("creates, retrieves by id and by alternate key, updates and deletes (Learn: webapi/create-entity-web-api, webapi/retrieve-entity-using-web-api)", async () => {
    const body = profile("xrm");
    const url = (await WebApiClient.Create({ entityName: AppProfile.logicalName, entity: body })) as string;
    const id = idFromUrl(url) as string;
    expect(id).toBeDefined();

    const byId = await WebApiClient.Retrieve({
      entityName: AppProfile.logicalName,
      entityId: id,
      queryParams: "?$select=apm_name",
    });
    expect(byId).toMatchObject({ apm_appprofileid: id, apm_name: body.apm_name });
    const byKey = await WebApiClient.Retrieve({
      entityName: AppProfile.logicalName,
      alternateKey: [{ property: "apm_uniquename", value: body.apm_uniquename }],
      queryParams: "?$select=apm_name",
    });
    expect(byKey.apm_appprofileid).toBe(id);

    await WebApiClient.Update({
      entityName: AppProfile.logicalName,
      entityId: id,
      entity: { apm_description: "via xrm" },
    });
    expect(await h.raw(`${set}(${id})/apm_description/$value`).then((r) => r.text())).toBe("via xrm");

    await WebApiClient.Delete({ entityName: AppProfile.logicalName, entityId: id });
    expect((await h.raw(`${set}(${id})`)).status).toBe(404);
  });

  it("associates and disassociates through $ref (Learn: webapi/associate-disassociate-entities-using-web-api)", async () => {
    const id = idFromUrl(
      (await WebApiClient.Create({ entityName: AppProfile.logicalName, entity: profile("xrm") })) as string,
    )!;
    const template = await templateId("msdyn_case_session");
    const reference = {
      relationShip: "apm_appprofile_sessiontemplate",
      source: { entityName: AppProfile.logicalName, entityId: id },
      target: { entityName: SessionTemplate.logicalName, entityId: template },
    };
    await WebApiClient.Associate(reference);
    expect(await relatedTemplates(id)).toEqual([template]);
    await WebApiClient.Disassociate(reference);
    expect(await relatedTemplates(id)).toEqual([]);
  });

  it("retrieves every page by following @odata.nextLink (Learn: webapi/query/page-results)", async () => {
    const all = await (await h.raw(`${SessionTemplate.entitySetName}?$select=apm_name&$count=true`)).json();
    const paged = await WebApiClient.Retrieve({
      entityName: SessionTemplate.logicalName,
      queryParams: "?$select=apm_name",
      returnAllPages: true,
      headers: [{ key: "Prefer", value: "odata.maxpagesize=3" }],
    });
    expect(paged.value).toHaveLength(all["@odata.count"]);
    expect(new Set(paged.value.map((r: { apm_sessiontemplateid: string }) => r.apm_sessiontemplateid)).size).toBe(
      all["@odata.count"],
    );
  });

  it("executes WhoAmI (Learn: reference WhoAmI function)", async () => {
    // The library's requests are prototype objects, not classes (its typings say otherwise).
    const response = await WebApiClient.Execute(WebApiClient.Requests.WhoAmIRequest as unknown as object);
    expect(response.UserId).toBe(h.userId("admin"));
  });

  it("reports a duplicate alternate key as Dataverse's 412 0x80060892 (S19)", async () => {
    WebApiClient.Token = h.token("sysadmin");
    WebApiClient.PrettifyErrors = false; // the raw Dataverse error body, code included
    try {
      const existing = await WebApiClient.Retrieve({
        entityName: "environmentvariabledefinition",
        queryParams: "?$select=schemaname",
      });
      const error = await Promise.resolve(
        WebApiClient.Create({
          entityName: "environmentvariabledefinition",
          entity: { schemaname: existing.value[0].schemaname },
        }),
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      const text = String((error as Error).message ?? error);
      expect(text).toContain('"code":"0x80060892"');
    } finally {
      WebApiClient.PrettifyErrors = true;
      WebApiClient.Token = h.token("admin");
    }
  });
});

describe("dynamics-web-api", () => {
  it("creates, retrieves by id and by key, updates and deletes (Learn: webapi/create-entity-web-api)", async () => {
    const api = h.client("admin");
    const body = profile("dwa");
    const id = await api.create<unknown, string>({ collection: set, data: body });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await api.retrieve({ collection: set, key: id, select: ["apm_name"] })).apm_name).toBe(body.apm_name);
    const byKey = await api.retrieve({
      collection: set,
      key: `apm_uniquename='${body.apm_uniquename}'`,
      select: ["apm_name"],
    });
    expect(byKey.apm_appprofileid).toBe(id);
    await api.update<unknown, unknown>({ collection: set, key: id, data: { apm_description: "via dwa" } });
    expect((await api.retrieve({ collection: set, key: id, select: ["apm_description"] })).apm_description).toBe(
      "via dwa",
    );
    await api.deleteRecord({ collection: set, key: id });
    expect((await h.raw(`${set}(${id})`)).status).toBe(404);
  });

  it("creates with return=representation and reads @odata.context (Learn: webapi/create-entity-web-api)", async () => {
    const created = await h
      .client("admin")
      .create<
        unknown,
        Record<string, unknown>
      >({ collection: set, data: profile("dwa"), returnRepresentation: true, select: ["apm_name"] });
    expect(created["@odata.context"]).toBe(`${h.server.apiUrl}$metadata#${set}(apm_name)/$entity`);
  });

  it("upserts by alternate key; the server answers the key form of OData-EntityId (Learn: use-upsert-insert-update-record)", async () => {
    const api = h.client("admin");
    const body = profile("dwa");
    const key = `apm_uniquename='${body.apm_uniquename}'`;
    await api.upsert<unknown, unknown>({
      collection: set,
      key,
      data: { apm_name: body.apm_name, apm_app: body.apm_app },
    });
    const row = await api.retrieve({ collection: set, key, select: ["apm_name"] });
    expect(row.apm_name).toBe(body.apm_name);
    const raw = await h.raw(`${set}(${key})`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ apm_description: "again" }),
    });
    expect(raw.headers.get("OData-EntityId")).toBe(`${h.server.apiUrl}${set}(${key})`);
  });

  it("associates, retrieves the related rows through entity(id)/nav, and disassociates (Learn: webapi/associate-disassociate-entities-using-web-api)", async () => {
    const api = h.client("admin");
    const id = await api.create<unknown, string>({ collection: set, data: profile("dwa") });
    const template = await templateId("msdyn_contact_session");
    await api.associate({
      primaryKey: id,
      collection: set,
      relationshipName: "apm_appprofile_sessiontemplate",
      relatedKey: template,
      relatedCollection: SessionTemplate.entitySetName,
    });
    const related = await api.retrieve<{ value: { apm_sessiontemplateid: string }[] }>({
      collection: set,
      key: id,
      navigationProperty: "apm_appprofile_sessiontemplate",
      select: ["apm_name"],
    });
    expect(related.value.map((r) => r.apm_sessiontemplateid)).toEqual([template]);
    await api.disassociate({
      primaryKey: id,
      collection: set,
      relationshipName: "apm_appprofile_sessiontemplate",
      relatedKey: template,
    });
    expect(await relatedTemplates(id)).toEqual([]);
  });

  it("retrieves every page with retrieveAll and maxPageSize (Learn: webapi/query/page-results)", async () => {
    const all = await (await h.raw(`${SessionTemplate.entitySetName}/$count`)).text();
    const paged = await h
      .client("admin")
      .retrieveAll({ collection: SessionTemplate.entitySetName, select: ["apm_name"], maxPageSize: 3 });
    expect(paged.value).toHaveLength(Number(all));
  });

  it("calls WhoAmI (Learn: reference WhoAmI function)", async () => {
    const response = await h.client("agent").callFunction<{ UserId: string }>("WhoAmI");
    expect(response.UserId).toBe(h.userId("agent"));
  });
});
