import { AppProfile, SystemUser, ProductivityPaneModeChoice } from "../../schema";
import { contextFragment, parseQueryOptions } from ".";
import { createFixture, ids, idsOf, query, retrieve, CSW, OMNI } from "./test-fixture";

const { db } = createFixture();
const { alpha, beta, gamma, delta, zeta } = ids;
const all = [alpha, beta, gamma, delta, zeta];

describe("rows as the Web API returns them", () => {
  test("every property without $select, typed as Dataverse types them", () => {
    const row = retrieve(db, AppProfile, alpha);
    expect(row).toEqual({
      "@odata.etag": 'W/"103"',
      apm_appprofileid: alpha,
      apm_name: "Alpha",
      apm_uniquename: "apm_alpha",
      apm_description: "50% off",
      apm_app: CSW,
      apm_isdefault: true,
      apm_productivitypaneenabled: false,
      apm_productivitypanemode: ProductivityPaneModeChoice.Collapsed.value,
      apm_smartassistenabled: null,
      apm_callscriptenabled: null,
      apm_allactivechannels: null,
      apm_rank: null,
      apm_iscustomdefault: null,
      createdon: "2020-01-01T08:00:00Z",
      modifiedon: "2020-01-01T09:00:00Z",
      versionnumber: 103,
      statecode: 0,
      statuscode: 1,
      _createdby_value: ids.alice,
      _modifiedby_value: ids.alice,
    });
  });

  test("$select returns the selected properties, the primary id and the etag", () => {
    const [row] = query(db, AppProfile, { $select: "apm_name,apm_isdefault,_createdby_value", $top: "1" }).rows;
    expect(row).toEqual({
      "@odata.etag": 'W/"103"',
      apm_name: "Alpha",
      apm_isdefault: true,
      _createdby_value: ids.alice,
      apm_appprofileid: alpha,
    });
  });

  test("retrieving by an id in upper case finds the row; an unknown id gives undefined", () => {
    expect(retrieve(db, AppProfile, beta.toUpperCase(), { $select: "apm_name" })?.apm_name).toBe("Beta");
    expect(retrieve(db, AppProfile, "99999999-0000-4000-8000-000000000000")).toBeUndefined();
  });

  test("formatted values and lookup annotations when asked for", () => {
    const row = retrieve(
      db,
      AppProfile,
      beta,
      { $select: "apm_app,apm_isdefault,apm_productivitypanemode,_createdby_value" },
      {
        annotations: true,
      },
    );
    expect(row).toEqual({
      "@odata.etag": 'W/"104"',
      "apm_app@OData.Community.Display.V1.FormattedValue": "Omnichannel for Customer Service",
      apm_app: OMNI,
      "apm_isdefault@OData.Community.Display.V1.FormattedValue": "No",
      apm_isdefault: false,
      "apm_productivitypanemode@OData.Community.Display.V1.FormattedValue": "Collapsed",
      apm_productivitypanemode: ProductivityPaneModeChoice.Collapsed.value,
      "_createdby_value@OData.Community.Display.V1.FormattedValue": "Bob Agent",
      "_createdby_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "createdby",
      "_createdby_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
      _createdby_value: ids.bob,
      apm_appprofileid: beta,
    });
  });

  test("empty values get no annotations", () => {
    const row = retrieve(db, SystemUser, ids.alice, { $select: "_createdby_value,fullname" }, { annotations: true });
    expect(row).toEqual({
      "@odata.etag": 'W/"100"',
      _createdby_value: null,
      fullname: "Alice Admin",
      systemuserid: ids.alice,
    });
  });
});

describe("$orderby and $top", () => {
  const ordered = (orderby: string, top?: string) =>
    idsOf(query(db, AppProfile, top ? { $orderby: orderby, $top: top } : { $orderby: orderby }).rows, AppProfile);

  test("without $orderby, rows come by primary id", () => {
    expect(idsOf(query(db, AppProfile, {}).rows, AppProfile)).toEqual(all);
  });

  test("one key, ascending and descending", () => {
    expect(ordered("apm_name")).toEqual([alpha, beta, delta, gamma, zeta]);
    expect(ordered("apm_name desc")).toEqual([zeta, gamma, delta, beta, alpha]);
  });

  test("several keys, each with its own direction", () => {
    expect(ordered("apm_app desc,apm_name asc")).toEqual([beta, delta, alpha, gamma, zeta]);
    expect(ordered("apm_app asc, apm_name desc")).toEqual([zeta, gamma, alpha, delta, beta]);
    expect(ordered("_createdby_value,createdon desc")).toEqual([delta, gamma, alpha, zeta, beta]);
  });

  test("empty values sort first ascending, as in Dataverse", () => {
    expect(ordered("apm_description")[0]).toBe(gamma);
  });

  test("$top takes the first rows in order", () => {
    expect(ordered("apm_name desc", "2")).toEqual([zeta, gamma]);
    expect(ordered("apm_name", "0")).toEqual([]);
  });
});

describe("$count and paging", () => {
  test("$count counts every row the filter matches, ignoring $top and paging", () => {
    const result = query(
      db,
      AppProfile,
      { $filter: `apm_app eq ${CSW}`, $count: "true", $top: "1" },
      { maxPageSize: 1 },
    );
    expect(result.count).toBe(3);
    expect(result.rows).toHaveLength(1);
    expect(query(db, AppProfile, { $count: "false" }).count).toBeUndefined();
  });

  test("pages follow each other with skip tokens and together return every row once, in order", () => {
    const seen: unknown[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const params: Record<string, string> = { $orderby: "apm_name desc", $count: "true" };
      if (token) params.$skiptoken = token;
      const result = query(db, AppProfile, params, { maxPageSize: 2 });
      expect(result.count).toBe(5);
      expect(result.rows.length).toBeLessThanOrEqual(2);
      seen.push(...idsOf(result.rows, AppProfile));
      token = result.nextSkipToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual([zeta, gamma, delta, beta, alpha]);
  });

  test("no next page when the page holds the last rows exactly", () => {
    expect(query(db, AppProfile, {}, { maxPageSize: 5 }).nextSkipToken).toBeUndefined();
    expect(query(db, AppProfile, {}, { maxPageSize: 4 }).nextSkipToken).toBeDefined();
  });

  test("$top caps the rows across pages", () => {
    const first = query(db, AppProfile, { $top: "3" }, { maxPageSize: 2 });
    expect(idsOf(first.rows, AppProfile)).toEqual([alpha, beta]);
    expect(first.nextSkipToken).toBeDefined();
    const second = query(db, AppProfile, { $top: "3", $skiptoken: first.nextSkipToken as string }, { maxPageSize: 2 });
    expect(idsOf(second.rows, AppProfile)).toEqual([gamma]);
    expect(second.nextSkipToken).toBeUndefined();
  });
});

test("the @odata.context fragment lists the selection and expansions", () => {
  const fragment = (params: Record<string, string>, kind: "collection" | "single") =>
    contextFragment(AppProfile, parseQueryOptions(AppProfile, new URLSearchParams(params), kind));
  expect(fragment({}, "collection")).toBe("apm_appprofiles");
  expect(fragment({ $select: "apm_name" }, "single")).toBe("apm_appprofiles(apm_name)/$entity");
  expect(
    fragment({ $select: "apm_name", $expand: "createdby($select=fullname),apm_appprofile_systemuser()" }, "collection"),
  ).toBe("apm_appprofiles(apm_name,createdby(fullname),apm_appprofile_systemuser())");
});
