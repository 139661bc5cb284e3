import { auditDetailsPath, auditRowsPath, nextAuditRowsPath, readAuditDetail, readAuditRows } from "./auditTrail";
import * as learn from "./learnAuditShapes";
import { dateTimeFormatter } from "./dateTime";

const id = "11111111-0000-4000-8000-00000000000A";

describe("audit rows and details, read as Learn documents them", () => {
  it("asks for the record's rows newest first, of one kind on the server, and refuses a non-id", () => {
    const all = new URLSearchParams(auditRowsPath(id, "all").split("?")[1]);
    expect(all.get("$filter")).toBe("_objectid_value eq 11111111-0000-4000-8000-00000000000a");
    expect(all.get("$orderby")).toBe("createdon desc");
    // Pages come from Prefer: odata.maxpagesize and @odata.nextLink, never $top or $skip.
    expect(all.has("$top")).toBe(false);
    expect(all.has("$skip")).toBe(false);
    expect(new URLSearchParams(auditRowsPath(id, "all", 26).split("?")[1]).get("$top")).toBe("26");
    expect(all.get("$select")).toBe("auditid,action,createdon,_userid_value");
    const added = new URLSearchParams(auditRowsPath(id, "associate", 10).split("?")[1]);
    expect(added.get("$filter")).toBe("_objectid_value eq 11111111-0000-4000-8000-00000000000a and action eq 33");
    expect(new URLSearchParams(auditRowsPath(id, "all", 99_999).split("?")[1]).get("$top")).toBe("5000");
    expect(() => auditRowsPath("x' or 1 eq 1", "all", 1)).toThrow(/not an id/);
    expect(auditDetailsPath(learn.audits.parentAccount)).toBe(
      `audits(${learn.audits.parentAccount})/Microsoft.Dynamics.CRM.RetrieveAuditDetails()`,
    );
  });

  it("follows @odata.nextLink to the next page of rows, relative to the Web API root, and nowhere else (Learn: webapi/query/page-results)", () => {
    const root = "/api/data/v9.2/";
    const next = "audits?$select=auditid&$skiptoken=%3Ccookie%20pagenumber%3D%222%22%20%2F%3E";
    expect(nextAuditRowsPath({ "@odata.nextLink": `https://contoso.crm.dynamics.com${root}${next}` }, root)).toBe(next);
    expect(nextAuditRowsPath({ value: [] }, root)).toBeUndefined();
    expect(
      nextAuditRowsPath({ "@odata.nextLink": `https://contoso.crm.dynamics.com${root}systemusers?x` }, root),
    ).toBeUndefined();
    expect(nextAuditRowsPath({ "@odata.nextLink": 3 }, root)).toBeUndefined();
  });

  it("reads who (the formatted user name), when and the kind from audit rows; other actions are left out", () => {
    const rows = readAuditRows({
      value: [...learn.auditRows.value, { ...learn.auditRows.value[0], auditid: "x", action: 64 }, 3, null],
    });
    expect(rows.map((r) => [r.kind, r.userName, r.at])).toEqual([
      ["associate", "FirstName LastName", "2022-05-12T22:21:40Z"],
      ["update", "FirstName LastName", "2022-05-12T22:20:05Z"],
      ["update", "FirstName LastName", "2022-05-12T22:19:12Z"],
    ]);
    expect(readAuditRows(undefined)).toEqual([]);
  });

  it("reads old → new with formatted values, a lookup as its column, and a relationship's target", () => {
    expect(readAuditDetail(learn.parentAccountDetail)?.changes).toEqual([
      {
        column: "parentaccountid",
        from: null,
        to: "d249d106-38b5-ec11-983f-002248296cd0",
        toText: "A. Datum Corporation",
      },
    ]);
    expect(readAuditDetail(learn.appChangeDetail)?.changes[0]).toMatchObject({
      column: "apm_app",
      fromText: "Customer Service workspace",
      toText: "Omnichannel for Customer Service",
    });
    expect(readAuditDetail(learn.userAddedDetail)?.link).toEqual({
      kind: "users",
      relationship: "apm_appprofile_systemuser",
      relatedTable: "systemuser",
      relatedId: learn.addedUserId,
    });
    expect(
      readAuditDetail({ AuditDetail: { "@odata.type": "#Microsoft.Dynamics.CRM.ShareAuditDetail" } }),
    ).toBeUndefined();
    expect(readAuditDetail({ AuditDetail: { RelationshipName: "other", TargetRecords: [] } })).toBeUndefined();
    expect(readAuditDetail("x")).toBeUndefined();
  });

  it("formats a date with the host's formatting when it has one, else Intl; never throws", () => {
    const calls: unknown[] = [];
    const host = dateTimeFormatter({ formatTime: (d: Date, b: number) => (calls.push(b), `host ${d.toISOString()}`) });
    expect(host("2026-12-01T10:00:00Z")).toBe("host 2026-12-01T10:00:00.000Z");
    expect(calls).toEqual([1]);
    const intl = dateTimeFormatter({});
    expect(intl("2026-12-01T10:00:00Z")).toBe(
      new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(
        new Date("2026-12-01T10:00:00Z"),
      ),
    );
    expect(intl("not a date")).toBe("not a date");
    const broken = dateTimeFormatter({
      formatTime: () => {
        throw new Error("no settings");
      },
    });
    expect(broken("2026-12-01T10:00:00Z")).toBe(intl("2026-12-01T10:00:00Z"));
  });
});

it("uses the audit table's action values schema/audit.ts names", async () => {
  const { AuditAction } = await import("../../../schema/audit");
  const filter = (kind: Parameters<typeof auditRowsPath>[1]) =>
    new URLSearchParams(auditRowsPath("11111111-0000-4000-8000-000000000001", kind, 1).split("?")[1]).get("$filter");
  expect(filter("create")).toMatch(new RegExp(`action eq ${AuditAction.Create}$`));
  expect(filter("update")).toMatch(new RegExp(`action eq ${AuditAction.Update}$`));
  expect(filter("associate")).toMatch(new RegExp(`action eq ${AuditAction.AssociateEntities}$`));
  expect(filter("disassociate")).toMatch(new RegExp(`action eq ${AuditAction.DisassociateEntities}$`));
});
