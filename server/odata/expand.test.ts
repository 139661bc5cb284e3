import {
  AppProfile,
  EnvironmentVariableDefinition,
  EnvironmentVariableValue,
  SessionTemplateTypeChoice,
  SystemUser,
} from "../../schema";
import { createFixture, ids, idsOf, query, retrieve } from "./test-fixture";

const { db, statements } = createFixture();
const { alpha, beta, gamma } = ids;
const entity = SessionTemplateTypeChoice.Entity.value;

describe("$expand of lookups", () => {
  test("an audit lookup expands to the user, with a nested $select", () => {
    const row = retrieve(db, AppProfile, beta, { $select: "apm_name", $expand: "createdby($select=fullname)" });
    expect(row).toEqual({
      "@odata.etag": 'W/"104"',
      apm_name: "Beta",
      apm_appprofileid: beta,
      createdby: { "@odata.etag": 'W/"101"', fullname: "Bob Agent", systemuserid: ids.bob },
    });
  });

  test("an empty lookup expands to null", () => {
    const row = retrieve(db, SystemUser, ids.alice, { $select: "fullname", $expand: "createdby" });
    expect(row?.createdby).toBeNull();
  });

  test("a schema lookup expands through its navigation property", () => {
    const row = retrieve(db, EnvironmentVariableValue, ids.chatValue, {
      $select: "value",
      $expand: "EnvironmentVariableDefinitionId($select=schemaname)",
    });
    expect(row?.EnvironmentVariableDefinitionId).toEqual({
      "@odata.etag": 'W/"111"',
      schemaname: "apm_ChatLicenseAvailable",
      environmentvariabledefinitionid: ids.chatDefinition,
    });
  });
});

describe("$expand of collections", () => {
  test("N:N with nested $select, $filter, $orderby and $top, per parent", () => {
    const { rows } = query(db, AppProfile, {
      $select: "apm_name",
      $filter: "apm_appprofile_sessiontemplate/any()",
      $expand: `apm_appprofile_sessiontemplate($select=apm_name;$filter=apm_type eq ${entity};$orderby=apm_name desc;$top=1)`,
    });
    expect(
      rows.map((r) => [
        r.apm_name,
        (r.apm_appprofile_sessiontemplate as { apm_name: string }[]).map((t) => t.apm_name),
      ]),
    ).toEqual([
      ["Alpha", ["Contact form"]],
      ["Beta", ["Contact form"]],
      ["Gamma", []],
    ]);
  });

  test("without nested options every related row comes, by primary id", () => {
    const row = retrieve(db, AppProfile, alpha, {
      $select: "apm_name",
      $expand: "apm_appprofile_sessiontemplate,apm_appprofile_systemuser($select=fullname)",
    });
    expect(
      idsOf(row?.apm_appprofile_sessiontemplate as never, { primaryIdAttribute: "apm_sessiontemplateid" } as never),
    ).toEqual([ids.caseForm, ids.contactForm, ids.search]);
    expect(row?.apm_appprofile_systemuser).toEqual([
      { "@odata.etag": 'W/"100"', fullname: "Alice Admin", systemuserid: ids.alice },
      { "@odata.etag": 'W/"101"', fullname: "Bob Agent", systemuserid: ids.bob },
    ]);
  });

  test("the other side of an N:N, and a one-to-many collection", () => {
    const users = query(db, SystemUser, {
      $select: "fullname",
      $expand: "apm_appprofile_systemuser($select=apm_name)",
    }).rows;
    expect(users.map((u) => (u.apm_appprofile_systemuser as { apm_name: string }[]).map((p) => p.apm_name))).toEqual([
      ["Alpha"],
      ["Alpha"],
      ["Beta"],
    ]);
    const definition = retrieve(db, EnvironmentVariableDefinition, ids.chatDefinition, {
      $select: "schemaname",
      $expand: "environmentvariabledefinition_environmentvariablevalue($select=value)",
    });
    expect(definition?.environmentvariabledefinition_environmentvariablevalue).toEqual([
      { "@odata.etag": 'W/"113"', value: "yes", environmentvariablevalueid: ids.chatValue },
    ]);
  });

  test("expanded rows carry annotations too", () => {
    const row = retrieve(
      db,
      AppProfile,
      gamma,
      { $select: "apm_name", $expand: "apm_appprofile_sessiontemplate($select=apm_type)" },
      { annotations: true },
    );
    expect(row?.apm_appprofile_sessiontemplate).toEqual([
      {
        "@odata.etag": 'W/"110"',
        "apm_type@OData.Community.Display.V1.FormattedValue": "Generic",
        apm_type: SessionTemplateTypeChoice.Generic.value,
        apm_sessiontemplateid: ids.search,
      },
    ]);
  });

  test("one query per expanded navigation per page, not one per row", () => {
    statements.length = 0;
    const result = query(
      db,
      AppProfile,
      {
        $expand: "apm_appprofile_sessiontemplate($top=2),apm_appprofile_systemuser,createdby,modifiedby",
        $count: "true",
      },
      { maxPageSize: 4 },
    );
    expect(result.rows).toHaveLength(4);
    expect(statements).toHaveLength(1 + 4 + 1);
  });
});
