/**
 * Recorded Dataverse audit answers, in the shapes Microsoft documents (test fixture; no bundle imports it).
 *
 * Source: Learn, "Retrieve the history of audited data changes"
 * (https://learn.microsoft.com/power-apps/developer/data-platform/auditing/retrieve-audit-data), Web API tabs:
 * - `auditRows`: "Example: Find Contact records deleted by a user", the response to `GET audits?$select=…` with
 *   `Prefer: odata.include-annotations="*"`: lookups carry `@Microsoft.Dynamics.CRM.lookuplogicalname` and
 *   `@OData.Community.Display.V1.FormattedValue` (the user's full name), `createdon` its formatted value. The rows are
 *   Learn's, with our table, our columns (`auditid`, `action`, which the audit EntityType defines) and our ids.
 * - `parentAccountDetail`: "RetrieveAuditDetails Message", Learn's response verbatim (an AttributeAuditDetail that
 *   sets a lookup, with formatted values, and no AuditRecord).
 * - `appChangeDetail`: the same AttributeAuditDetail shape for a choice column of ours, with formatted values.
 * - `userAddedDetail`: a RelationshipAuditDetail as its type reference lists it (webapi/reference/
 *   relationshipauditdetail: RelationshipName, TargetRecords of crmbaseentity); Learn gives no sample answer.
 * - `recordChangeHistory`: "RetrieveRecordChangeHistory Message", Learn's response verbatim; Learn notes its
 *   AuditDetails "don't include the AuditRecord property, so no data about who made the change and when".
 */
export const profileId = "0e76dc8a-41b5-ec11-983f-0022482bf046";
export const authorId = "4026be43-6b69-e111-8f65-78e7d1620f5e";
export const addedUserId = "39e0dbe4-131b-e111-ba7e-78e7d1620f5e";
export const audits = {
  userAdded: "12869c65-d7d3-ec11-b656-281878f0eba1",
  appChanged: "12869c65-d7d3-ec11-b656-281878f0eba2",
  parentAccount: "12869c65-d7d3-ec11-b656-281878f0eba9",
};

const row = (auditid: string, action: number, label: string, createdon: string, shown: string) => ({
  "_objectid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "apm_appprofile",
  _objectid_value: profileId,
  "objecttypecode@OData.Community.Display.V1.FormattedValue": "App profile",
  objecttypecode: "apm_appprofile",
  "action@OData.Community.Display.V1.FormattedValue": label,
  action,
  auditid,
  "createdon@OData.Community.Display.V1.FormattedValue": shown,
  createdon,
  "_userid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
  "_userid_value@OData.Community.Display.V1.FormattedValue": "FirstName LastName",
  _userid_value: authorId,
  transactionid: "00000000-0000-0000-0000-000000000000",
});

export const auditRows = {
  "@odata.context": "[Organization URI]/api/data/v9.2/$metadata#audits(auditid,action,createdon,_userid_value)",
  "@Microsoft.Dynamics.CRM.totalrecordcount": -1,
  "@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded": false,
  value: [
    row(audits.userAdded, 33, "Associate Entities", "2022-05-12T22:21:40Z", "5/12/2022 3:21 PM"),
    row(audits.appChanged, 2, "Update", "2022-05-12T22:20:05Z", "5/12/2022 3:20 PM"),
    row(audits.parentAccount, 2, "Update", "2022-05-12T22:19:12Z", "5/12/2022 3:19 PM"),
  ],
};

export const parentAccountDetail = {
  "@odata.context": "[Organization URI]/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.RetrieveAuditDetailsResponse",
  AuditDetail: {
    "@odata.type": "#Microsoft.Dynamics.CRM.AttributeAuditDetail",
    InvalidNewValueAttributes: [],
    LocLabelLanguageCode: 0,
    DeletedAttributes: { Count: 0, Keys: [], Values: [] },
    OldValue: { "@odata.type": "#Microsoft.Dynamics.CRM.account" },
    NewValue: {
      "@odata.type": "#Microsoft.Dynamics.CRM.account",
      "_parentaccountid_value@OData.Community.Display.V1.FormattedValue": "A. Datum Corporation",
      "_parentaccountid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "parentaccountid",
      "_parentaccountid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "account",
      _parentaccountid_value: "d249d106-38b5-ec11-983f-002248296cd0",
    },
  },
};

export const appChangeDetail = {
  "@odata.context": "[Organization URI]/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.RetrieveAuditDetailsResponse",
  AuditDetail: {
    "@odata.type": "#Microsoft.Dynamics.CRM.AttributeAuditDetail",
    InvalidNewValueAttributes: [],
    LocLabelLanguageCode: 0,
    DeletedAttributes: { Count: 0, Keys: [], Values: [] },
    OldValue: {
      "@odata.type": "#Microsoft.Dynamics.CRM.apm_appprofile",
      "apm_app@OData.Community.Display.V1.FormattedValue": "Customer Service workspace",
      apm_app: 192350000,
    },
    NewValue: {
      "@odata.type": "#Microsoft.Dynamics.CRM.apm_appprofile",
      "apm_app@OData.Community.Display.V1.FormattedValue": "Omnichannel for Customer Service",
      apm_app: 192350001,
    },
  },
};

export const userAddedDetail = {
  "@odata.context": "[Organization URI]/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.RetrieveAuditDetailsResponse",
  AuditDetail: {
    "@odata.type": "#Microsoft.Dynamics.CRM.RelationshipAuditDetail",
    RelationshipName: "apm_appprofile_systemuser",
    TargetRecords: [{ "@odata.type": "#Microsoft.Dynamics.CRM.systemuser", systemuserid: addedUserId }],
  },
};

export const recordChangeHistory = {
  "@odata.context":
    "[Organization URI]/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.RetrieveRecordChangeHistoryResponse",
  AuditDetailCollection: {
    MoreRecords: true,
    PagingCookie: '<cookie page="1"></cookie>',
    TotalRecordCount: 4,
    AuditDetails: [
      {
        "@odata.type": "#Microsoft.Dynamics.CRM.AttributeAuditDetail",
        InvalidNewValueAttributes: [],
        LocLabelLanguageCode: 0,
        DeletedAttributes: { Count: 0, Keys: [], Values: [] },
        OldValue: { "@odata.type": "#Microsoft.Dynamics.CRM.account", description: "Old description value" },
        NewValue: { "@odata.type": "#Microsoft.Dynamics.CRM.account", description: "New description value" },
      },
    ],
  },
};
