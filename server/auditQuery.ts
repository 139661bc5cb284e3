/**
 * `GET audits?…` and `audits(<id>)`: the audit table (Learn: reference/entities/audit) as a model of the one query
 * planner (server/odata): its properties on their stored columns and a TableSource saying where its rows are read
 * from. Ordering, paging (`Prefer: odata.maxpagesize`, `@odata.nextLink`, the `$skiptoken` paging cookie), `$select`,
 * `$top`, `$count` and formatted values are then every table's (server/odata/execute.ts). What only the audit table
 * refuses is refused here first, in Dataverse's error shape, naming what to use instead.
 */
import { AUDIT_TABLE } from "./audit";
import { DataverseError } from "./errors";
import type { EntityModel, Property, TableSource } from "./odata/model";
import { parseModelOptions } from "./odata/parse-options";
import type { QueryOptions } from "./odata/types";
import { tableByName } from "./storage/layout";
import type { AnyTable } from "../schema";
import { AuditAction, AuditOperation } from "../schema/audit";

const NS = "Microsoft.Dynamics.CRM.";

const systemUser = tableByName("systemuser");
const lookup = (name: string, column: string, more: Partial<Property> = {}): Property => ({
  name,
  column,
  type: "lookup",
  ...more,
});

/** Learn: reference/entities/audit, "Action choices/options" and "Operation choices/options" (the ones recorded here). */
const actionLabels = new Map<number, string>([
  [AuditAction.Create, "Create"],
  [AuditAction.Update, "Update"],
  [AuditAction.Delete, "Delete"],
  [AuditAction.AssociateEntities, "Associate Entities"],
  [AuditAction.DisassociateEntities, "Disassociate Entities"],
]);
const operationLabels = new Map<number, string>([
  [AuditOperation.Create, "Create"],
  [AuditOperation.Update, "Update"],
  [AuditOperation.Delete, "Delete"],
]);

/**
 * The audit's properties (Learn: reference/entities/audit), each on its stored column. `_userid_value` looks up the
 * user (its name is the formatted value; `userid/fullname eq '…'` filters by it); `_objectid_value` looks up a row of
 * any audited table, its table named by objecttypecode. Properties this server never sets read null.
 */
const createdOn: Property = { name: "createdon", column: "createdon", type: "datetime" };
const auditProperties: Property[] = [
  { name: "auditid", column: "auditid", type: "guid" },
  { name: "action", column: "action", type: "choice", labels: actionLabels },
  { name: "operation", column: "operation", type: "choice", labels: operationLabels },
  { name: "objecttypecode", column: "objecttypecode", type: "string" },
  lookup("_objectid_value", "objectid", { targetTableColumn: "objecttypecode" }),
  lookup("_userid_value", "userid", { target: systemUser, navigationProperty: "userid" }),
  lookup("_callinguserid_value", "callinguserid"),
  lookup("_regardingobjectid_value", "regardingobjectid"),
  createdOn,
  { name: "attributemask", column: "attributemask", type: "string" },
  { name: "changedata", column: "changedata", type: "string" },
  { name: "transactionid", column: "transactionid", type: "guid" },
  { name: "useradditionalinfo", column: "useradditionalinfo", type: "string" },
];

/** The audit as the planner's table: the entity set `audits`, keyed by auditid. */
export const auditTable = {
  logicalName: AUDIT_TABLE,
  entitySetName: "audits",
  primaryIdAttribute: "auditid",
  primaryNameAttribute: "auditid",
  columns: {},
} as unknown as AnyTable;

/**
 * The stored audit with the columns it doesn't record as nulls, so every property has a column. No version column:
 * audit rows carry no `@odata.etag` (Learn: data-platform/auditing/retrieve-audit-data, its `audits` answer). Without
 * `$orderby`, newest first, as a record's history reads (Learn's audit queries order by `createdon desc`).
 */
const auditSource: TableSource = {
  from: `(SELECT *, NULL AS callinguserid, NULL AS regardingobjectid, NULL AS useradditionalinfo FROM ${AUDIT_TABLE})`,
  defaultOrderBy: [{ property: createdOn, descending: true }],
};

export const auditModel: EntityModel = {
  table: auditTable,
  typeName: `${NS}audit`,
  primaryId: auditProperties[0],
  properties: new Map(auditProperties.map((p) => [p.name, p])),
  allProperties: auditProperties,
  singleNavigations: new Map([["userid", { name: "userid", column: "userid", target: systemUser }]]),
  collectionNavigations: new Map(),
  source: auditSource,
};

const cantRun = (what: string, instead: string) =>
  new DataverseError("BadRequestSyntax", `${what} on audits is not supported by the local server: ${instead}.`);

/**
 * The request's options in the query model, as every table's are parsed (server/odata/parse-options.ts), after the
 * refusals that are the audit's own: no FetchXML, `$expand` or `$apply` here.
 */
export function parseAuditOptions(params: URLSearchParams, kind: "collection" | "single"): QueryOptions {
  if (params.has("fetchXml")) throw cantRun("fetchXml", "use $filter, $orderby, $select and $top");
  for (const name of ["$expand", "$apply"])
    if (params.has(name))
      throw cantRun(`The query parameter ${name}`, "read the audit rows, then the records they name");
  return parseModelOptions(auditModel, params, kind);
}
