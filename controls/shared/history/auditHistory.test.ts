import { filterByKind, historyPath, readHistoryPage, whoAssigned } from "./auditHistory";

const NS = "#Microsoft.Dynamics.CRM.";
const record = (action: number, auditid: string, at: string) => ({
  "@odata.type": `${NS}audit`,
  auditid,
  action,
  operation: action === 1 ? 1 : 2,
  objecttypecode: "apm_appprofile",
  _objectid_value: "11111111-0000-4000-8000-000000000001",
  _userid_value: "22222222-0000-4000-8000-000000000001",
  createdon: at,
});
/** A RetrieveRecordChangeHistoryResponse in Learn's documented shape (webapi/reference/auditdetailcollection). */
const response = {
  "@odata.context": "$metadata#Microsoft.Dynamics.CRM.RetrieveRecordChangeHistoryResponse",
  AuditDetailCollection: {
    MoreRecords: true,
    PagingCookie: '<cookie page="1" />',
    TotalRecordCount: 9,
    AuditDetails: [
      {
        "@odata.type": `${NS}RelationshipAuditDetail`,
        RelationshipName: "apm_appprofile_systemuser",
        AuditRecord: record(33, "a4", "2026-12-01T10:04:00Z"),
        TargetRecords: [{ "@odata.type": `${NS}systemuser`, systemuserid: "33333333-0000-4000-8000-00000000000A" }],
      },
      {
        "@odata.type": `${NS}RelationshipAuditDetail`,
        RelationshipName: "apm_appprofile_sessiontemplate",
        AuditRecord: record(34, "a3", "2026-12-01T10:03:00Z"),
        TargetRecords: [
          { "@odata.type": `${NS}apm_sessiontemplate`, apm_sessiontemplateid: "44444444-0000-4000-8000-000000000001" },
        ],
      },
      {
        "@odata.type": `${NS}AttributeAuditDetail`,
        AuditRecord: record(2, "a2", "2026-12-01T10:02:00Z"),
        OldValue: { "@odata.type": `${NS}apm_appprofile`, apm_name: "Old", apm_rank: 3 },
        NewValue: { "@odata.type": `${NS}apm_appprofile`, apm_name: "New" },
      },
      {
        "@odata.type": `${NS}AttributeAuditDetail`,
        AuditRecord: record(1, "a1", "2026-12-01T10:01:00Z"),
        OldValue: {},
        NewValue: { apm_name: "Old" },
      },
      { "@odata.type": `${NS}AuditDetail`, AuditRecord: record(64, "a0", "2026-12-01T10:00:00Z") },
    ],
  },
};

describe("a profile's history from RetrieveRecordChangeHistory", () => {
  it("reads each kind with who and when, old → new (a cleared value is null), and leaves out kinds it doesn't show", () => {
    const page = readHistoryPage(response);
    expect(page.moreRecords).toBe(true);
    expect(page.totalRecordCount).toBe(9);
    expect(page.entries.map((e) => e.kind)).toEqual(["associate", "disassociate", "update", "create"]);
    expect(page.entries[2]).toMatchObject({
      at: "2026-12-01T10:02:00Z",
      userId: "22222222-0000-4000-8000-000000000001",
      changes: [
        { column: "apm_name", from: "Old", to: "New" },
        { column: "apm_rank", from: 3, to: null },
      ],
    });
    expect(page.entries[1].link).toEqual({
      kind: "sessionTemplates",
      relationship: "apm_appprofile_sessiontemplate",
      relatedTable: "apm_sessiontemplate",
      relatedId: "44444444-0000-4000-8000-000000000001",
    });
  });

  it("filters by kind, and finds who assigned a user (ids compared without case)", () => {
    const { entries } = readHistoryPage(response);
    expect(filterByKind(entries, "update").map((e) => e.auditId)).toEqual(["a2"]);
    expect(filterByKind(entries, "all")).toHaveLength(4);
    expect(whoAssigned(entries, "33333333-0000-4000-8000-00000000000a")?.auditId).toBe("a4");
    expect(whoAssigned(entries, "33333333-0000-4000-8000-00000000000b")).toBeUndefined();
  });

  it("reads a malformed answer as an empty page, never throwing", () => {
    expect(readHistoryPage(null)).toEqual({ entries: [], moreRecords: false, totalRecordCount: -1 });
    expect(readHistoryPage({ AuditDetailCollection: { AuditDetails: [{ AuditRecord: "x" }, 3] } }).entries).toEqual([]);
  });

  it("asks for one page with the total, the target by @odata.id", () => {
    const path = historyPath("11111111-0000-4000-8000-000000000001", 2, 25);
    expect(path.startsWith("RetrieveRecordChangeHistory(Target=@target,PagingInfo=@paging)?")).toBe(true);
    const params = new URLSearchParams(path.split("?")[1]);
    expect(JSON.parse(params.get("@target")!)).toEqual({
      "@odata.id": "apm_appprofiles(11111111-0000-4000-8000-000000000001)",
    });
    expect(JSON.parse(params.get("@paging")!)).toEqual({ PageNumber: 2, Count: 25, ReturnTotalRecordCount: true });
  });
});
