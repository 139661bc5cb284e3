/**
 * Hostile requests to the audit endpoints (server/auditApi.ts): malformed parameters, aliases, keys, paging and query
 * options each get a 4xx in Dataverse's error shape, never a 500 or a stack trace.
 */
import { startHarness, type Harness } from "../integration/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const id = "a1b2c3d4-0000-4000-8001-000000000002";
const target = encodeURIComponent(`{'@odata.id':'apm_appprofiles(${id})'}`);
const paging = (value: string) =>
  `RetrieveRecordChangeHistory(Target=@t,PagingInfo=@p)?@t=${target}&@p=${encodeURIComponent(value)}`;

it.each([
  ["RetrieveRecordChangeHistory(Target=@t)?@t=garbage", 400],
  ["RetrieveRecordChangeHistory(=x)", 400],
  ["RetrieveRecordChangeHistory(Target)", 400],
  ["RetrieveRecordChangeHistory(Target=@t)?@t=null", 400],
  ["RetrieveRecordChangeHistory(Target=@t)?@t=%7B%22__proto__%22%3A1%7D", 400],
  [`RetrieveRecordChangeHistory(Target=@t)?@t=${encodeURIComponent("{'@odata.id':'constructor(" + id + ")'}")}`, 404],
  [paging('{"PageNumber":"x"}'), 400],
  [paging('{"PageNumber":1,"Count":5001}'), 400],
  [paging('{"PageNumber":-1}'), 400],
  [`RetrieveRecordChangeHistory(Target=@t,Foo=1)?@t=${target}`, 400],
  [`RetrieveRecordChangeHistory(Target=@t)/x?@t=${target}`, 404],
  ["audits(zzz)", 404],
  ["audits('; DROP TABLE audit; --')", 404],
  ["audits(zzz)/Microsoft.Dynamics.CRM.RetrieveAuditDetails()", 404],
  ["audits?$filter=", 400],
  [`audits?$filter=_objectid_value eq ${id} or 1 eq 1`, 400],
  [`audits?$top=abc&$filter=_objectid_value eq ${id}`, 400],
  [`audits?$select=__proto__&$filter=_objectid_value eq ${id}`, 400],
  ["audits/x/y", 404],
  ["audits?$orderby=__proto__", 400],
  ["audits?$orderby=action,action", 400],
  ["audits?$orderby=action;DROP TABLE audit", 400],
  [
    `audits?$skiptoken=${encodeURIComponent('<cookie pagenumber="2" pagingcookie="%3ccookie%3e%3c%2fcookie%3e" />')}`,
    400,
  ],
  ["audits?$filter=userid/constructor eq 'x'", 400],
  ["audits?$filter=_userid_value eq 'not-a-guid'", 400],
  ["audits?@p=1&@p=2&$filter=action eq @p", 400],
  ["audits?$top=1&$top=2", 400],
  [`audits(${id})?$skip=1`, 404],
])("%s answers %d in Dataverse's shape", async (path, status) => {
  const response = await h.raw(path);
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.message).toBe("string");
  expect(String(body.error?.message)).not.toMatch(/at \w+ \(|node_modules/);
});

it("a huge page number answers an empty page, not an error", async () => {
  const response = await h.raw(paging('{"PageNumber":99999999999,"Count":5000}'));
  expect(response.status).toBe(200);
  const body = (await response.json()) as { AuditDetailCollection: { AuditDetails: unknown[]; MoreRecords: boolean } };
  expect(body.AuditDetailCollection).toMatchObject({ AuditDetails: [], MoreRecords: false });
});
