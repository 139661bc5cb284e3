/**
 * The planner reads a table through its model's TableSource: a table without a version column (the audit's, Learn:
 * reference/entities/audit) gets rows without `@odata.etag`, its own order without `$orderby`, and every table's
 * paging cookie, `$count` and annotations; a lookup whose table a column names answers that table's logical name.
 */
import Database from "better-sqlite3";
import type { AnyTable } from "../../schema";
import { executeQuery } from "./execute";
import type { EntityModel, Property } from "./model";
import { parseModelOptions } from "./parse-options";

const db = new Database(":memory:");
db.exec(
  "CREATE TABLE log (seq INTEGER PRIMARY KEY, logid TEXT, createdon TEXT, kind INTEGER, objectid TEXT, objecttype TEXT)",
);
const insert = db.prepare("INSERT INTO log (logid, createdon, kind, objectid, objecttype) VALUES (?, ?, ?, ?, ?)");
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
for (let n = 1; n <= 5; n++) insert.run(id(n), `2026-01-0${n}T00:00:00.000Z`, n % 2, id(100 + n), "apm_appprofile");

const createdOn: Property = { name: "createdon", column: "createdon", type: "datetime" };
const properties: Property[] = [
  { name: "logid", column: "logid", type: "guid" },
  createdOn,
  { name: "kind", column: "kind", type: "choice", labels: new Map([[1, "Odd"]]) },
  { name: "_objectid_value", column: "objectid", type: "lookup", targetTableColumn: "objecttype" },
];
const table = {
  logicalName: "log",
  entitySetName: "logs",
  primaryIdAttribute: "logid",
  columns: {},
} as unknown as AnyTable;
const model: EntityModel = {
  table,
  typeName: "Microsoft.Dynamics.CRM.log",
  primaryId: properties[0],
  properties: new Map(properties.map((p) => [p.name, p])),
  allProperties: properties,
  singleNavigations: new Map(),
  collectionNavigations: new Map(),
  source: { from: "(SELECT * FROM log)", defaultOrderBy: [{ property: createdOn, descending: true }] },
};
const run = (params: Record<string, string>, maxPageSize?: number) =>
  executeQuery(db, table, parseModelOptions(model, new URLSearchParams(params), "collection"), {
    maxPageSize,
    annotations: true,
  });

test("rows of a table without a version column carry no @odata.etag, in the source's order without $orderby", () => {
  const { rows } = run({ $select: "kind,_objectid_value" });
  expect(rows.map((r) => r.logid)).toEqual([id(5), id(4), id(3), id(2), id(1)]);
  expect(rows[0]).toEqual({
    "kind@OData.Community.Display.V1.FormattedValue": "Odd",
    kind: 1,
    "_objectid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "apm_appprofile",
    _objectid_value: id(105),
    logid: id(5),
  });
});

test("such a table pages by the paging cookie and counts as every table does", () => {
  const seen: unknown[] = [];
  let result = run({ $orderby: "kind desc", $count: "true" }, 2);
  expect(result.count).toBe(5);
  while (true) {
    seen.push(...result.rows.map((r) => r.logid));
    if (!result.nextSkipToken) break;
    expect(decodeURIComponent(result.nextSkipToken)).toMatch(/<logid last="\{0{8}-0{4}-4000-8000-\d{12}\}"/);
    result = run({ $orderby: "kind desc", $skiptoken: result.nextSkipToken }, 2);
  }
  expect(seen).toEqual([id(1), id(3), id(5), id(2), id(4)]);
});
