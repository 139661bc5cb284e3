/**
 * Auditing as Dataverse records and serves it (issue 14, History), over HTTP, against the demo-seeded server and an
 * empty server the solution was deployed to. Sources:
 * - O: Learn power-platform/admin/manage-dataverse-auditing ("auditing overview"): changes to audited tables and
 *   columns are recorded with who and when; old and new values of an update.
 * - E: Learn reference/entities/audit (the audit table: action 1 Create, 2 Update, 33/34 Associate/Disassociate
 *   Entities; objectid, userid, createdon, attributemask, changedata; the table is written by the platform only).
 * - H: Learn webapi/reference/retrieverecordchangehistory and auditdetailcollection (AuditDetails, MoreRecords,
 *   PagingCookie, TotalRecordCount) with paginginfo.
 * - A: Learn webapi/reference/attributeauditdetail (OldValue, NewValue, DeletedAttributes, InvalidNewValueAttributes,
 *   LocLabelLanguageCode) and relationshipauditdetail (RelationshipName, TargetRecords); Learn
 *   data-platform/auditing/retrieve-audit-data shows the Web API's answers without AuditRecord: who, when and what
 *   kind come from the `audits` rows.
 * - Q: Learn webapi/query/page-results (Prefer: odata.maxpagesize, @odata.nextLink; no $skip) and
 *   webapi/query/count-rows ($count).
 * - D: Learn webapi/reference/retrieveauditdetails (bound to audit; RetrieveAuditDetailsResponse.AuditDetail).
 * - P: Learn "RetrieveRecordChangeHistory message privileges" (prvReadRecordAuditHistory) and "RetrieveAuditDetails
 *   message privileges".
 */
import { AppChoice, AppProfile, AppProfileSessionTemplate, AppProfileSystemUser, SessionTemplate } from "../../schema";
import type { Harness } from "../integration/harness";
import { harnessKinds } from "../integration/deployed";

const O = "Learn power-platform/admin/manage-dataverse-auditing";
const E = "Learn reference/entities/audit";
const H = "Learn webapi/reference/retrieverecordchangehistory";
const A = "Learn webapi/reference/attributeauditdetail and relationshipauditdetail";
const D = "Learn webapi/reference/retrieveauditdetails";
const P = "Learn RetrieveRecordChangeHistory message privileges";
const R = "Learn data-platform/auditing/retrieve-audit-data";
const Q = "Learn webapi/query/page-results";

interface Detail {
  "@odata.type": string;
  OldValue?: Record<string, unknown>;
  NewValue?: Record<string, unknown>;
  RelationshipName?: string;
  TargetRecords?: Record<string, unknown>[];
}
interface AuditRow {
  auditid: string;
  action: number;
  createdon: string;
  _userid_value: string | null;
  [property: string]: unknown;
}
interface Rows {
  value: AuditRow[];
  "@odata.nextLink"?: string;
  "@odata.count"?: number;
}
const attributeDetailKeys = [
  "@odata.type",
  "DeletedAttributes",
  "InvalidNewValueAttributes",
  "LocLabelLanguageCode",
  "NewValue",
  "OldValue",
];
const relationshipDetailKeys = ["@odata.type", "RelationshipName", "TargetRecords"];

interface History {
  "@odata.context": string;
  AuditDetailCollection: {
    AuditDetails: Detail[];
    MoreRecords: boolean;
    PagingCookie: string | null;
    TotalRecordCount: number;
  };
}

let h: Harness;
const set = AppProfile.entitySetName;

describe.each(harnessKinds)("auditing against the %s server", (_kind, start) => {
  let profileId: string;
  let templateId: string;
  beforeAll(async () => {
    h = await start();
    const admin = h.client("admin");
    profileId = await admin.create<unknown, string>({
      collection: set,
      data: { apm_name: "Audited", apm_uniquename: "audit_profile", apm_app: AppChoice.CustomerServiceWorkspace.value },
    });
    await admin.update({
      collection: set,
      key: profileId,
      data: { apm_name: "Audited, renamed", apm_smartassistenabled: true },
    });
    const templates = await admin.retrieveMultiple<{ apm_sessiontemplateid: string }>({
      collection: SessionTemplate.entitySetName,
      select: ["apm_sessiontemplateid"],
      filter: "apm_uniquename eq 'msdyn_case_session'",
    });
    templateId = templates.value[0].apm_sessiontemplateid;
    const nav = AppProfileSessionTemplate.entity1NavigationProperty;
    const ref = { "@odata.id": `${h.server.apiUrl}${SessionTemplate.entitySetName}(${templateId})` };
    await h.raw(`${set}(${profileId})/${nav}/$ref`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(ref),
    });
    await h.raw(`${set}(${profileId})/${nav}(${templateId})/$ref`, { method: "DELETE" });
  });
  afterAll(() => h.stop());

  const history = async (id: string, query = "", user: Parameters<Harness["raw"]>[1] = {}) => {
    const target = encodeURIComponent(`{'@odata.id':'${set}(${id})'}`);
    return h.raw(
      `RetrieveRecordChangeHistory(Target=@target${query ? ",PagingInfo=@paging" : ""})?@target=${target}${query ? `&@paging=${encodeURIComponent(query)}` : ""}`,
      user,
    );
  };
  const details = async (id: string) =>
    ((await (await history(id)).json()) as History).AuditDetailCollection.AuditDetails;
  /** The record's audit rows, newest first: who, when and what kind (Learn: retrieve-audit-data). */
  const rows = async (id: string, query = "") =>
    ((await (await h.raw(`audits?$filter=_objectid_value eq ${id}${query}`)).json()) as Rows).value;

  it(`records create, update, associate and disassociate, newest first; the audits rows say who and when (${O}; ${E}; ${R})`, async () => {
    const audits = await rows(profileId);
    expect(audits.map((r) => r.action)).toEqual([34, 33, 2, 1]);
    for (const record of audits) {
      expect(record).toMatchObject({
        objecttypecode: "apm_appprofile",
        _objectid_value: profileId,
        _userid_value: h.userId("admin"),
      });
      expect(record.createdon).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
  });

  it(`RetrieveRecordChangeHistory lists the details newest first, without AuditRecord (${H}; ${R})`, async () => {
    const response = await history(profileId);
    expect(response.status).toBe(200);
    const body = (await response.json()) as History;
    expect(body["@odata.context"]).toMatch(/\$metadata#Microsoft\.Dynamics\.CRM\.RetrieveRecordChangeHistoryResponse$/);
    const types = body.AuditDetailCollection.AuditDetails.map((d) => d["@odata.type"]);
    expect(types).toEqual([
      "#Microsoft.Dynamics.CRM.RelationshipAuditDetail",
      "#Microsoft.Dynamics.CRM.RelationshipAuditDetail",
      "#Microsoft.Dynamics.CRM.AttributeAuditDetail",
      "#Microsoft.Dynamics.CRM.AttributeAuditDetail",
    ]);
    for (const detail of body.AuditDetailCollection.AuditDetails) {
      expect(detail).not.toHaveProperty("AuditRecord");
      const keys = detail["@odata.type"].endsWith("RelationshipAuditDetail")
        ? relationshipDetailKeys
        : attributeDetailKeys;
      expect(Object.keys(detail).sort()).toEqual(keys);
    }
    expect(body.AuditDetailCollection).toMatchObject({ MoreRecords: false, PagingCookie: null, TotalRecordCount: -1 });
  });

  it(`an update's AttributeAuditDetail has the changed columns' old and new values, and only those (${A}; ${O})`, async () => {
    const update = (await details(profileId))[2];
    expect(update).toEqual({
      "@odata.type": "#Microsoft.Dynamics.CRM.AttributeAuditDetail",
      InvalidNewValueAttributes: [],
      LocLabelLanguageCode: 0,
      DeletedAttributes: { Count: 0, Keys: [], Values: [] },
      OldValue: {
        "@odata.type": "#Microsoft.Dynamics.CRM.apm_appprofile",
        apm_name: "Audited",
        apm_smartassistenabled: false,
      },
      NewValue: {
        "@odata.type": "#Microsoft.Dynamics.CRM.apm_appprofile",
        apm_name: "Audited, renamed",
        apm_smartassistenabled: true,
      },
    });
    const [row] = await rows(profileId, " and action eq 2");
    expect(row.attributemask).toMatch(/^,\d+,\d+,$/);
    expect(JSON.parse(row.changedata as string).changedAttributes).toEqual([
      { logicalName: "apm_name", oldValue: "Audited", newValue: "Audited, renamed" },
      { logicalName: "apm_smartassistenabled", oldValue: false, newValue: true },
    ]);
  });

  it(`a create's NewValue holds the values it was created with (${A})`, async () => {
    const created = (await details(profileId))[3];
    expect(created.NewValue).toMatchObject({
      apm_name: "Audited",
      apm_uniquename: "audit_profile",
      apm_app: AppChoice.CustomerServiceWorkspace.value,
      statecode: 0,
      statuscode: 1,
    });
    expect(created.OldValue).toEqual({ "@odata.type": "#Microsoft.Dynamics.CRM.apm_appprofile" });
  });

  it(`associate and disassociate are RelationshipAuditDetails naming the relationship and the other record (${A}; ${E})`, async () => {
    const [disassociate, associate] = await details(profileId);
    for (const detail of [disassociate, associate]) {
      expect(detail).toEqual({
        "@odata.type": "#Microsoft.Dynamics.CRM.RelationshipAuditDetail",
        RelationshipName: AppProfileSessionTemplate.schemaName,
        TargetRecords: [
          { "@odata.type": "#Microsoft.Dynamics.CRM.apm_sessiontemplate", apm_sessiontemplateid: templateId },
        ],
      });
    }
  });

  it(`an update that changes no audited value records nothing (${O})`, async () => {
    const before = (await details(profileId)).length;
    await h.client("admin").update({ collection: set, key: profileId, data: { apm_name: "Audited, renamed" } });
    expect((await details(profileId)).length).toBe(before);
  });

  it(`a refused write records nothing: the audit is part of the write's transaction (${O})`, async () => {
    const before = (await details(profileId)).length;
    const refused = await h.raw(`${set}(${profileId})`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ apm_isdefault: true }),
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect((await details(profileId)).length).toBe(before);
  });

  it(`assigning a user is recorded on the profile with who did it (${E})`, async () => {
    const nav = AppProfileSystemUser.entity1NavigationProperty;
    const ref = { "@odata.id": `${h.server.apiUrl}systemusers(${h.userId("norole")})` };
    const assigned = await h.raw(`${set}(${profileId})/${nav}/$ref`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(ref),
    });
    expect(assigned.status).toBe(204);
    const [latest] = await details(profileId);
    expect(latest).toMatchObject({
      RelationshipName: AppProfileSystemUser.schemaName,
      TargetRecords: [{ systemuserid: h.userId("norole") }],
    });
    const [row] = await rows(profileId);
    expect(row).toMatchObject({ action: 33, _userid_value: h.userId("admin") });
  });

  it(`PagingInfo pages the history, with MoreRecords, a paging cookie and the total on request (${H})`, async () => {
    const page = (await (
      await history(profileId, JSON.stringify({ PageNumber: 1, Count: 2, ReturnTotalRecordCount: true }))
    ).json()) as History;
    expect(page.AuditDetailCollection.AuditDetails).toHaveLength(2);
    expect(page.AuditDetailCollection.MoreRecords).toBe(true);
    expect(page.AuditDetailCollection.PagingCookie).toMatch(/^<cookie page="1">/);
    expect(page.AuditDetailCollection.TotalRecordCount).toBe(5);
    const last = (await (await history(profileId, JSON.stringify({ PageNumber: 3, Count: 2 }))).json()) as History;
    expect(last.AuditDetailCollection.AuditDetails.map((d) => d.NewValue?.apm_uniquename)).toEqual(["audit_profile"]);
    expect(last.AuditDetailCollection.MoreRecords).toBe(false);
  });

  it(`RetrieveAuditDetails, bound to an audit, answers that audit's detail (${D})`, async () => {
    const [latest] = await details(profileId);
    const [row] = await rows(profileId);
    const response = await h.raw(`audits(${row.auditid})/Microsoft.Dynamics.CRM.RetrieveAuditDetails()`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { "@odata.context": string; AuditDetail: Detail };
    expect(body["@odata.context"]).toMatch(/#Microsoft\.Dynamics\.CRM\.RetrieveAuditDetailsResponse$/);
    expect(body.AuditDetail).toEqual(latest);
    const short = await h.raw(`audits(${row.auditid})/RetrieveAuditDetails()`);
    expect(short.status).toBe(400);
    const missing = await h.raw(
      `audits(00000000-0000-4000-8000-000000000000)/Microsoft.Dynamics.CRM.RetrieveAuditDetails()`,
    );
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("0x80040217");
  });

  it(`audits rows can be read by record, newest first, and the table can't be written (${E})`, async () => {
    const response = await h.raw(`audits?$filter=_objectid_value eq ${profileId} and action eq 2&$top=5`);
    expect(response.status).toBe(200);
    const rows = ((await response.json()) as { value: Record<string, unknown>[] }).value;
    expect(rows.map((r) => r.action)).toEqual([2]);
    const picked = await h.raw(
      `audits?$select=action,_userid_value&$filter=_objectid_value eq ${profileId}&$orderby=createdon asc&$top=1`,
    );
    // Learn webapi/query/select-columns: "The primary key property is always returned"; audit rows have no etag.
    const [first] = ((await picked.json()) as { value: AuditRow[] }).value;
    expect(first).toEqual({ action: 1, _userid_value: h.userId("admin"), auditid: first.auditid });
    expect((await h.raw(`audits?$select=nosuch&$filter=_objectid_value eq ${profileId}`)).status).toBe(400);
    const write = await h.raw("audits", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(write.status).toBe(405);
  });

  it(`audits pages with Prefer: odata.maxpagesize and @odata.nextLink, each row once, newest first (${Q})`, async () => {
    const all = await rows(profileId);
    expect(all.length).toBeGreaterThan(4);
    const seen: string[] = [];
    let url: string | undefined =
      `audits?$select=auditid,action&$filter=_objectid_value eq ${profileId}&$orderby=createdon desc`;
    let pages = 0;
    while (url) {
      const response = await h.raw(url.replace(h.server.apiUrl, ""), { headers: { Prefer: "odata.maxpagesize=2" } });
      expect(response.status).toBe(200);
      expect(response.headers.get("preference-applied")).toBe("odata.maxpagesize=2");
      const page = (await response.json()) as Rows;
      expect(page.value.length).toBeLessThanOrEqual(2);
      seen.push(...page.value.map((r) => r.auditid));
      url = page["@odata.nextLink"];
      if (url) expect(url).toMatch(/\$skiptoken=%3Ccookie%20pagenumber%3D%22\d+%22/);
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(all.length / 2));
    expect(seen).toEqual(all.map((r) => r.auditid));
  });

  it(`$orderby on another property pages by it, then by the audit, each row once (${Q}; Learn webapi/query/order-rows)`, async () => {
    const all = await rows(profileId, "&$orderby=createdon asc");
    const seen: AuditRow[] = [];
    let url: string | undefined =
      `audits?$select=auditid,action,_userid_value&$filter=_objectid_value eq ${profileId}&$orderby=action desc,_userid_value`;
    while (url) {
      const page = (await (
        await h.raw(url.replace(h.server.apiUrl, ""), { headers: { Prefer: "odata.maxpagesize=2" } })
      ).json()) as Rows;
      seen.push(...page.value);
      url = page["@odata.nextLink"];
    }
    // As on every table, equal keys are ordered by the primary key (auditid), which the cookie carries last.
    const expected = [...all].sort((a, b) => b.action - a.action || (a.auditid < b.auditid ? -1 : 1));
    expect(seen.map((r) => r.auditid)).toEqual(expected.map((r) => r.auditid));
  });

  it(`$top caps the rows across pages, and $count counts what the filter matches (${Q}; Learn webapi/query/count-rows)`, async () => {
    const all = await rows(profileId);
    const first = await h.raw(`audits?$filter=_objectid_value eq ${profileId}&$top=3&$count=true`);
    const body = (await first.json()) as Rows;
    expect(body.value).toHaveLength(3);
    expect(body["@odata.count"]).toBe(all.length);
    expect(body["@odata.nextLink"]).toBeUndefined();
    const byAction = await rows(profileId, " and action ne 2 and _userid_value eq " + h.userId("admin"));
    expect(byAction.map((r) => r.action)).not.toContain(2);
    expect(byAction.length).toBe(all.length - 1);
  });

  it(`audits rows carry the author's name and the action's label on request (${R})`, async () => {
    const response = await h.raw(`audits?$select=action,_userid_value&$filter=_objectid_value eq ${profileId}&$top=1`, {
      headers: { Prefer: 'odata.include-annotations="*"' },
    });
    const [row] = ((await response.json()) as Rows).value;
    expect(row).toMatchObject({
      "_userid_value@OData.Community.Display.V1.FormattedValue": "Avery Admin",
      "_userid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
      _userid_value: h.userId("admin"),
    });
    expect(typeof row["action@OData.Community.Display.V1.FormattedValue"]).toBe("string");
  });

  it(`$filter on audits is the query model's: or, in, functions, a lookup's table (Learn webapi/query/filter-rows)`, async () => {
    const all = await rows(profileId);
    const ids = (value: AuditRow[]) => value.map((r) => r.auditid);
    const query = async (filter: string) =>
      ids(((await (await h.raw(`audits?$filter=${encodeURIComponent(filter)}`)).json()) as Rows).value);
    const links = all.filter((r) => r.action === 33 || r.action === 34);
    expect(await query(`_objectid_value eq ${profileId} and (action eq 33 or action eq 34)`)).toEqual(ids(links));
    expect(
      await query(
        `_objectid_value eq ${profileId} and Microsoft.Dynamics.CRM.In(PropertyName='action',PropertyValues=['33','34'])`,
      ),
    ).toEqual(ids(links));
    expect(await query(`_objectid_value eq ${profileId} and contains(changedata,'Audited, renamed')`)).toHaveLength(1);
    expect(await query(`_objectid_value eq ${profileId} and userid/fullname eq 'Avery Admin'`)).toEqual(ids(all));
    expect(await query(`_objectid_value eq ${profileId} and createdon gt 2000-01-01T00:00:00Z`)).toEqual(ids(all));
    expect(await query(`_objectid_value eq ${profileId} and createdon lt 2000-01-01T00:00:00Z`)).toEqual([]);
  });

  it(`audits takes no $skip, as no table does; other unsupported queries answer in Dataverse's error shape (${Q})`, async () => {
    const error = async (query: string) => {
      const response = await h.raw(`audits?${query}`);
      return { status: response.status, ...((await response.json()) as { error: { code: string; message: string } }) };
    };
    expect(await error("$skip=2")).toEqual({
      status: 400,
      error: { code: "0x80060888", message: "The query parameter $skip is not supported." },
    });
    expect(await error("$filter=nosuch eq 1")).toMatchObject({
      status: 400,
      error: {
        code: "0x80060888",
        message: "Could not find a property named 'nosuch' on type 'Microsoft.Dynamics.CRM.audit'.",
      },
    });
    for (const query of ["$orderby=action sideways", "$orderby=nosuch", "$expand=userid", "$skiptoken=nonsense"]) {
      const answer = await error(query);
      expect(answer.status).toBe(400);
      expect(answer.error.code).toBe("0x80060888");
      expect(answer.error.message.length).toBeGreaterThan(20);
    }
    expect((await error("$top=-1")).status).toBe(400);
  });

  it(`one audit row by id takes $select, and no collection option (${E}; ${Q})`, async () => {
    const [row] = await rows(profileId);
    const one = await h.raw(`audits(${row.auditid})?$select=action,_userid_value`);
    expect(one.status).toBe(200);
    const body = (await one.json()) as Record<string, unknown>;
    expect(body["@odata.context"]).toMatch(/\$metadata#audits\(action,_userid_value\)\/\$entity$/);
    expect(body).toMatchObject({ action: row.action, _userid_value: h.userId("admin") });
    expect(Object.keys(body).sort()).toEqual(["@odata.context", "_userid_value", "action", "auditid"]);
    const whole = (await (await h.raw(`audits(${row.auditid})`)).json()) as Record<string, unknown>;
    expect(whole).toMatchObject({ auditid: row.auditid, createdon: row.createdon, _objectid_value: profileId });
    const top = await h.raw(`audits(${row.auditid})?$top=1`);
    expect(top.status).toBe(400);
    expect(((await top.json()) as { error: { message: string } }).error.message).toBe(
      "The query parameter $top is not supported when retrieving a single record.",
    );
  });

  it(`a change set that fails records no audit for its other parts (${O}; Learn webapi/execute-batch-operations-using-web-api)`, async () => {
    const before = (await details(profileId)).length;
    const boundary = "batch_audit";
    const changeSet = "changeset_audit";
    const part = (id: number, method: string, url: string, body: unknown) =>
      [
        `--${changeSet}`,
        "Content-Type: application/http",
        "Content-Transfer-Encoding: binary",
        `Content-ID: ${id}`,
        "",
        `${method} ${h.server.apiUrl}${url} HTTP/1.1`,
        "Content-Type: application/json",
        "",
        JSON.stringify(body),
      ].join("\r\n");
    const body = [
      `--${boundary}`,
      `Content-Type: multipart/mixed; boundary=${changeSet}`,
      "",
      part(1, "PATCH", `${set}(${profileId})`, { apm_description: "In a change set that fails" }),
      part(2, "PATCH", `${set}(${profileId})`, { apm_isdefault: true }),
      `--${changeSet}--`,
      `--${boundary}--`,
      "",
    ].join("\r\n");
    const response = await h.raw("$batch", {
      method: "POST",
      headers: { "Content-Type": `multipart/mixed; boundary=${boundary}` },
      body,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect((await details(profileId)).length).toBe(before);
  });

  it(`a delete is recorded with the old values, and the audit outlives the record (${E})`, async () => {
    const admin = h.client("admin");
    const id = await admin.create<unknown, string>({
      collection: set,
      data: {
        apm_name: "Deleted later",
        apm_uniquename: "audit_deleted",
        apm_app: AppChoice.CustomerServiceWorkspace.value,
      },
    });
    await admin.deleteRecord({ collection: set, key: id });
    const rows = (
      (await (await h.raw(`audits?$filter=_objectid_value eq ${id}`)).json()) as { value: Record<string, unknown>[] }
    ).value;
    expect(rows.map((r) => r.action)).toEqual([3, 1]);
    expect(JSON.parse(rows[0].changedata as string).changedAttributes).toContainEqual({
      logicalName: "apm_name",
      oldValue: "Deleted later",
      newValue: null,
    });
  });

  it(`reading history needs prvReadRecordAuditHistory: an agent is refused with 403 (${P})`, async () => {
    const response = await history(profileId, "", { user: "agent" });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("0x80040220");
    expect(body.error.message).toMatch(/prvReadRecordAuditHistory/);
    expect((await h.raw(`audits?$filter=_objectid_value eq ${profileId}`, { user: "agent" })).status).toBe(403);
  });

  it(`a Target that isn't a record of this environment is refused, naming it (${H})`, async () => {
    const target = encodeURIComponent("{'@odata.id':'nosuchset(00000000-0000-4000-8000-000000000000)'}");
    const response = await h.raw(`RetrieveRecordChangeHistory(Target=@target)?@target=${target}`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/nosuchset/);
    expect((await h.raw("RetrieveRecordChangeHistory(Target=@target)")).status).toBe(400);
  });
});
