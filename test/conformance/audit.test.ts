/**
 * Auditing as Dataverse records and serves it (issue 14, History), over HTTP, against the demo-seeded server and an
 * empty server the solution was deployed to. Sources:
 * - O: Learn power-platform/admin/manage-dataverse-auditing ("auditing overview"): changes to audited tables and
 *   columns are recorded with who and when; old and new values of an update.
 * - E: Learn reference/entities/audit (the audit table: action 1 Create, 2 Update, 33/34 Associate/Disassociate
 *   Entities; objectid, userid, createdon, attributemask, changedata; the table is written by the platform only).
 * - H: Learn webapi/reference/retrieverecordchangehistory and auditdetailcollection (AuditDetails, MoreRecords,
 *   PagingCookie, TotalRecordCount) with paginginfo.
 * - A: Learn webapi/reference/attributeauditdetail (OldValue, NewValue) and relationshipauditdetail
 *   (RelationshipName, TargetRecords).
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

interface Detail {
  "@odata.type": string;
  AuditRecord: Record<string, unknown>;
  OldValue?: Record<string, unknown>;
  NewValue?: Record<string, unknown>;
  RelationshipName?: string;
  TargetRecords?: Record<string, unknown>[];
}
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

  it(`records create, update, associate and disassociate, newest first, each with who and when (${O}; ${E}; ${H})`, async () => {
    const response = await history(profileId);
    expect(response.status).toBe(200);
    const body = (await response.json()) as History;
    expect(body["@odata.context"]).toMatch(/\$metadata#Microsoft\.Dynamics\.CRM\.RetrieveRecordChangeHistoryResponse$/);
    const records = body.AuditDetailCollection.AuditDetails.map((d) => d.AuditRecord);
    expect(records.map((r) => r.action)).toEqual([34, 33, 2, 1]);
    for (const record of records) {
      expect(record).toMatchObject({
        "@odata.type": "#Microsoft.Dynamics.CRM.audit",
        objecttypecode: "apm_appprofile",
        _objectid_value: profileId,
        _userid_value: h.userId("admin"),
      });
      expect(record.createdon).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    expect(body.AuditDetailCollection).toMatchObject({ MoreRecords: false, PagingCookie: null, TotalRecordCount: -1 });
  });

  it(`an update's AttributeAuditDetail has the changed columns' old and new values, and only those (${A}; ${O})`, async () => {
    const update = (await details(profileId)).find((d) => d.AuditRecord.action === 2)!;
    expect(update["@odata.type"]).toBe("#Microsoft.Dynamics.CRM.AttributeAuditDetail");
    expect(update.OldValue).toEqual({
      "@odata.type": "#Microsoft.Dynamics.CRM.apm_appprofile",
      apm_name: "Audited",
      apm_smartassistenabled: false,
    });
    expect(update.NewValue).toEqual({
      "@odata.type": "#Microsoft.Dynamics.CRM.apm_appprofile",
      apm_name: "Audited, renamed",
      apm_smartassistenabled: true,
    });
    expect(update.AuditRecord.attributemask).toMatch(/^,\d+,\d+,$/);
    expect(JSON.parse(update.AuditRecord.changedata as string).changedAttributes).toEqual([
      { logicalName: "apm_name", oldValue: "Audited", newValue: "Audited, renamed" },
      { logicalName: "apm_smartassistenabled", oldValue: false, newValue: true },
    ]);
  });

  it(`a create's NewValue holds the values it was created with (${A})`, async () => {
    const created = (await details(profileId)).find((d) => d.AuditRecord.action === 1)!;
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
      expect(detail).toMatchObject({
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
    expect(latest.AuditRecord._userid_value).toBe(h.userId("admin"));
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
    expect(last.AuditDetailCollection.AuditDetails.map((d) => d.AuditRecord.action)).toEqual([1]);
    expect(last.AuditDetailCollection.MoreRecords).toBe(false);
  });

  it(`RetrieveAuditDetails, bound to an audit, answers that audit's detail (${D})`, async () => {
    const [latest] = await details(profileId);
    const response = await h.raw(
      `audits(${latest.AuditRecord.auditid as string})/Microsoft.Dynamics.CRM.RetrieveAuditDetails()`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { "@odata.context": string; AuditDetail: Detail };
    expect(body["@odata.context"]).toMatch(/#Microsoft\.Dynamics\.CRM\.RetrieveAuditDetailsResponse$/);
    expect(body.AuditDetail).toEqual(latest);
    const short = await h.raw(`audits(${latest.AuditRecord.auditid as string})/RetrieveAuditDetails()`);
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
    expect(((await picked.json()) as { value: unknown[] }).value).toEqual([
      { action: 1, _userid_value: h.userId("admin") },
    ]);
    expect((await h.raw(`audits?$select=nosuch&$filter=_objectid_value eq ${profileId}`)).status).toBe(400);
    const write = await h.raw("audits", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(write.status).toBe(405);
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
