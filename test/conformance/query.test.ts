/**
 * Query behaviours of the Dataverse Web API, one test per documented behaviour, each naming its Microsoft Learn page
 * (learn.microsoft.com/power-apps/developer/data-platform/…). Run over HTTP against the local server.
 */
import { randomUUID } from "node:crypto";
import { AppChoice, AppProfile, AppProfileSystemUser } from "../../schema";
import { startHarness, type Harness } from "../integration/harness";

let h: Harness;
const set = AppProfile.entitySetName;
const profileIds: string[] = [];
const PREFIX = "cnf_";

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await h.raw(path, { headers: { Accept: "application/json", ...headers } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  h = await startHarness();
  const admin = h.client("admin");
  for (const [i, name] of [
    "Alpha one",
    "Bravo two",
    "contoso_t1",
    "contosoXt2",
    "100% agents",
    "a[b] team",
  ].entries()) {
    profileIds.push(
      await admin.create<unknown, string>({
        collection: set,
        data: { apm_name: name, apm_uniquename: `${PREFIX}p${i}`, apm_app: AppChoice.CustomerServiceWorkspace.value },
      }),
    );
  }
  await admin.associate({
    collection: set,
    primaryKey: profileIds[0],
    relationshipName: AppProfileSystemUser.schemaName,
    relatedCollection: "systemusers",
    relatedKey: h.userId("agent"),
  });
});
afterAll(() => h.stop());

const mine = `startswith(apm_uniquename,'${PREFIX}')`;
const namesOf = (body: { value: { apm_name: string }[] }) => body.value.map((r) => r.apm_name).sort();

describe("query options (Learn: webapi/query/overview)", () => {
  it("refuses query option names in another case: 'Option names are case-sensitive' (webapi/query/overview)", async () => {
    const response = await get(`${set}?$SELECT=apm_name&$top=1`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/\$SELECT/);
    expect((await get(`${set}?$select=apm_name&$Top=1`)).status).toBe(400);
    expect((await get(`${set}?$expand=createdby($Select=fullname)&$top=1`)).status).toBe(400);
  });

  it("refuses $top that is not a non-negative integer, such as 1e3 (webapi/query/overview, $top)", async () => {
    for (const top of ["1e3", "0x10", "-1", "1.5", "+2", "%201"]) {
      const response = await get(`${set}?$select=apm_name&$top=${top}`);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toMatch(/^0x/);
    }
  });
});

describe("select columns (Learn: webapi/query/select-columns)", () => {
  it("refuses $select of a lookup's navigation property; select _x_value instead (webapi/query/select-columns)", async () => {
    const response = await get(`${set}?$select=apm_name,createdby`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      "Could not find a property named 'createdby' on type 'Microsoft.Dynamics.CRM.apm_appprofile'.",
    );
    expect((await get(`${set}?$select=apm_name,_createdby_value&$top=1`)).status).toBe(200);
  });

  it("writes date-times without milliseconds, as 2023-04-07T21:59:01Z (webapi/query/select-columns)", async () => {
    const { body } = await get(`${set}(${profileIds[0]})?$select=createdon,modifiedon`);
    expect(body.createdon).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(body.modifiedon).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("returns only the annotations asked for, and says so in Preference-Applied (webapi/query/select-columns)", async () => {
    const formatted = 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"';
    const only = await get(`${set}(${profileIds[0]})?$select=apm_app,_createdby_value`, { Prefer: formatted });
    expect(only.headers.get("preference-applied")).toBe(formatted);
    expect(only.body["_createdby_value@OData.Community.Display.V1.FormattedValue"]).toBe("Avery Admin");
    expect(only.body["apm_app@OData.Community.Display.V1.FormattedValue"]).toBe(
      AppChoice.CustomerServiceWorkspace.label,
    );
    expect(only.body).not.toHaveProperty(["_createdby_value@Microsoft.Dynamics.CRM.lookuplogicalname"]);
    expect(only.body).not.toHaveProperty(["_createdby_value@Microsoft.Dynamics.CRM.associatednavigationproperty"]);

    const lookup = await get(`${set}(${profileIds[0]})?$select=apm_app,_createdby_value`, {
      Prefer: 'odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"',
    });
    expect(lookup.body["_createdby_value@Microsoft.Dynamics.CRM.lookuplogicalname"]).toBe("systemuser");
    expect(lookup.body).not.toHaveProperty(["_createdby_value@OData.Community.Display.V1.FormattedValue"]);
    expect(lookup.body).not.toHaveProperty(["apm_app@OData.Community.Display.V1.FormattedValue"]);

    const all = await get(`${set}(${profileIds[0]})?$select=_createdby_value`, {
      Prefer: 'odata.include-annotations="*"',
    });
    expect(Object.keys(all.body).filter((k) => k.startsWith("_createdby_value@"))).toHaveLength(3);

    const none = await get(`${set}(${profileIds[0]})?$select=_createdby_value`);
    expect(
      Object.keys(none.body).filter((k) => k.includes("@") && k !== "@odata.context" && k !== "@odata.etag"),
    ).toEqual([]);
    expect(none.headers.get("preference-applied")).toBeNull();
  });
});

describe("join tables (Learn: webapi/query/join-tables)", () => {
  it("writes @odata.context with the selection and expansions, as accounts(name,primarycontactid(fullname)) (webapi/query/join-tables)", async () => {
    const base = `${h.server.apiUrl}$metadata#`;
    expect((await get(`${set}?$select=apm_name&$top=1`)).body["@odata.context"]).toBe(`${base}${set}(apm_name)`);
    expect((await get(`${set}?$top=1`)).body["@odata.context"]).toBe(`${base}${set}`);
    expect(
      (await get(`${set}(${profileIds[0]})?$select=apm_name&$expand=createdby($select=fullname)`)).body[
        "@odata.context"
      ],
    ).toBe(`${base}${set}(apm_name,createdby(fullname))/$entity`);
  });
});

describe("filter rows (Learn: webapi/query/filter-rows)", () => {
  const filtered = async (filter: string) =>
    namesOf((await get(`${set}?$select=apm_name&$filter=${mine} and ${encodeURIComponent(filter)}`)).body);

  it("treats % in contains/startswith/endswith as the LIKE wildcard for any text (webapi/query/filter-rows, Use wildcard characters)", async () => {
    expect(await filtered("contains(apm_name,'p%o')")).toEqual(["Alpha one"]);
    expect(await filtered("startswith(apm_name,'100[%]')")).toEqual(["100% agents"]);
  });

  it("treats _ as the LIKE wildcard for one character (webapi/query/filter-rows, Use wildcard characters)", async () => {
    expect(await filtered("startswith(apm_name,'contoso_t')")).toEqual(["contosoXt2", "contoso_t1"].sort());
    expect(await filtered("startswith(apm_name,'contoso[_]t')")).toEqual(["contoso_t1"]);
  });

  it("treats [] and [^] as LIKE character sets (webapi/query/filter-rows, Use wildcard characters)", async () => {
    expect(await filtered("startswith(apm_name,'[ab]')")).toEqual(["a[b] team", "Alpha one", "Bravo two"].sort());
    expect(await filtered("startswith(apm_name,'[^ab1]')")).toEqual(["contosoXt2", "contoso_t1"].sort());
    expect(await filtered("contains(apm_name,'[[]b]')")).toEqual(["a[b] team"]);
  });
});

describe("page results (Learn: webapi/query/page-results)", () => {
  it("ignores $top when Prefer: odata.maxpagesize is sent: 'If you include both, $top is ignored' (webapi/query/page-results)", async () => {
    const response = await get(`${set}?$select=apm_name&$filter=${mine}&$top=1`, { Prefer: "odata.maxpagesize=2" });
    expect(response.body.value).toHaveLength(2);
    expect(response.body["@odata.nextLink"]).toContain("$skiptoken=");
    expect(response.headers.get("preference-applied")).toBe("odata.maxpagesize=2");
  });

  it("does not apply a page size above 5,000: 'You can't request a page size larger than 5,000' (webapi/query/page-results)", async () => {
    const response = await get(`${set}?$select=apm_name&$filter=${mine}`, { Prefer: "odata.maxpagesize=9000" });
    expect(response.status).toBe(200);
    expect(response.headers.get("preference-applied")).toBeNull();
  });
});

describe("count rows (Learn: webapi/query/count-rows)", () => {
  it("adds totalrecordcount and totalrecordcountlimitexceeded when asked; -1 without $count (webapi/query/count-rows)", async () => {
    const prefer = {
      Prefer:
        'odata.include-annotations="Microsoft.Dynamics.CRM.totalrecordcount,Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"',
    };
    const counted = await get(`${set}?$select=apm_name&$filter=${mine}&$count=true`, prefer);
    expect(counted.body["@odata.count"]).toBe(6);
    expect(counted.body["@Microsoft.Dynamics.CRM.totalrecordcount"]).toBe(6);
    expect(counted.body["@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"]).toBe(false);
    const uncounted = await get(`${set}?$select=apm_name&$filter=${mine}`, prefer);
    expect(uncounted.body["@Microsoft.Dynamics.CRM.totalrecordcount"]).toBe(-1);
    const plain = await get(`${set}?$select=apm_name&$filter=${mine}&$count=true`);
    expect(plain.body).not.toHaveProperty(["@Microsoft.Dynamics.CRM.totalrecordcount"]);
  });

  it("caps @odata.count at 5,000 and says the limit was exceeded (webapi/query/count-rows)", async () => {
    const db = h.server.api.dbs.writer;
    const insert = db.prepare(
      `INSERT INTO apm_appprofile (apm_appprofileid, apm_name, apm_uniquename, createdon, modifiedon, versionnumber) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const now = new Date().toISOString();
    db.transaction(() => {
      for (let i = 0; i < 5003; i++) insert.run(randomUUID(), `Bulk ${i}`, `bulk_${i}`, now, now, 1);
    })();
    const response = await get(`${set}?$select=apm_name&$filter=startswith(apm_uniquename,'bulk_')&$count=true`, {
      Prefer: 'odata.include-annotations="Microsoft.Dynamics.CRM.*",odata.maxpagesize=10',
    });
    expect(response.body["@odata.count"]).toBe(5000);
    expect(response.body["@Microsoft.Dynamics.CRM.totalrecordcount"]).toBe(5000);
    expect(response.body["@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"]).toBe(true);
    expect(response.body.value).toHaveLength(10);
    expect(response.headers.get("preference-applied")).toBe(
      'odata.include-annotations="Microsoft.Dynamics.CRM.*", odata.maxpagesize=10',
    );
    db.prepare(`DELETE FROM apm_appprofile WHERE apm_uniquename LIKE 'bulk\\_%' ESCAPE '\\'`).run();
  });
});

describe("conditional operations (Learn: webapi/perform-conditional-operations-using-web-api)", () => {
  it("answers 304 for an unchanged row, but never for a query with $expand or annotations (webapi/perform-conditional-operations-using-web-api)", async () => {
    const first = await get(`${set}(${profileIds[0]})?$select=apm_name`);
    const etag = first.headers.get("etag") as string;
    expect((await get(`${set}(${profileIds[0]})?$select=apm_name`, { "If-None-Match": etag })).status).toBe(304);
    const expanded = await get(
      `${set}(${profileIds[0]})?$select=apm_name&$expand=apm_appprofile_systemuser($select=fullname)`,
      {
        "If-None-Match": etag,
      },
    );
    expect(expanded.status).toBe(200);
    const annotated = await get(`${set}(${profileIds[0]})?$select=apm_name`, {
      "If-None-Match": etag,
      Prefer: 'odata.include-annotations="*"',
    });
    expect(annotated.status).toBe(200);
  });
});

describe("filter functions and related data (Learn: webapi/query/filter-rows)", () => {
  const filtered = async (filter: string, extra = "") =>
    namesOf((await get(`${set}?$select=apm_name&$filter=${mine} and ${encodeURIComponent(filter)}${extra}`)).body);

  it("takes parameter aliases in $filter and $orderby (webapi/query/overview, Parameter aliases)", async () => {
    expect(await filtered("apm_name eq @p1", `&@p1=${encodeURIComponent("'Bravo two'")}`)).toEqual(["Bravo two"]);
    const ordered = await get(`${set}?$select=apm_name&$filter=${mine}&$orderby=@o desc&@o=apm_name&$top=2`);
    expect(ordered.body.value.map((r: { apm_name: string }) => r.apm_name)).toEqual(["contosoXt2", "contoso_t1"]);
    const missing = await get(`${set}?$select=apm_name&$filter=apm_name eq @nope`);
    expect(missing.status).toBe(400);
  });

  it("evaluates Microsoft.Dynamics.CRM.In and NotIn, with single or double quotes (webapi/query/filter-rows, Manage single quotes)", async () => {
    expect(
      await filtered("Microsoft.Dynamics.CRM.In(PropertyName='apm_name',PropertyValues=['alpha one','Bravo two'])"),
    ).toEqual(["Alpha one", "Bravo two"]);
    expect(
      await filtered(
        "Microsoft.Dynamics.CRM.In(PropertyName=@p1,PropertyValues=@p2)",
        `&@p1='apm_name'&@p2=${encodeURIComponent('["100% agents","O\'Brien"]')}`,
      ),
    ).toEqual(["100% agents"]);
    expect(
      (await filtered("Microsoft.Dynamics.CRM.NotIn(PropertyName='apm_name',PropertyValues=['Alpha one'])")).length,
    ).toBe(5);
  });

  it("evaluates Microsoft.Dynamics.CRM.Between and the date functions On, OnOrAfter, OnOrBefore, LastXDays, NextXDays (webapi/query/filter-rows, query functions)", async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(
      await filtered("Microsoft.Dynamics.CRM.Between(PropertyName='apm_name',PropertyValues=['B','contoso_u'])"),
    ).toEqual(["Bravo two", "contoso_t1"]);
    expect(
      (await filtered(`Microsoft.Dynamics.CRM.On(PropertyName='createdon',PropertyValue='${today}')`)).length,
    ).toBe(6);
    expect(
      (await filtered(`Microsoft.Dynamics.CRM.OnOrAfter(PropertyName='createdon',PropertyValue='${today}')`)).length,
    ).toBe(6);
    expect(
      (await filtered("Microsoft.Dynamics.CRM.OnOrBefore(PropertyName='createdon',PropertyValue='2000-01-01')")).length,
    ).toBe(0);
    expect((await filtered("Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=1)")).length).toBe(
      6,
    );
    expect((await filtered("Microsoft.Dynamics.CRM.NextXDays(PropertyName='createdon',PropertyValue=3)")).length).toBe(
      0,
    );
  });

  it("refuses query functions it does not evaluate, rather than ignoring them (webapi/query/filter-rows, query functions)", async () => {
    const response = await get(
      `${set}?$filter=${encodeURIComponent("Microsoft.Dynamics.CRM.EqualUserId(PropertyName='_createdby_value')")}`,
    );
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/EqualUserId' is not supported/);
  });

  it("filters on a lookup's related column, as primarycontactid/fullname eq '…' (webapi/query/filter-rows, Filter using lookup column property values)", async () => {
    expect(await filtered("createdby/fullname eq 'Avery Admin'")).toHaveLength(6);
    expect(await filtered("createdby/fullname eq 'Riley Agent'")).toEqual([]);
    expect(await filtered("startswith(createdby/fullname,'avery')")).toHaveLength(6);
  });

  it("compares two columns of the same row (webapi/query/filter-rows, Filter on column values in the same row)", async () => {
    expect(await filtered("apm_name eq apm_uniquename")).toEqual([]);
    expect(await filtered("apm_name ne apm_uniquename")).toHaveLength(6);
  });

  it("refuses more than 500 conditions with TooManyConditionsInQuery 0x8004430C (webapi/query/filter-rows, Condition limits)", async () => {
    const terms = (n: number) => Array.from({ length: n }, (_, i) => `apm_app eq ${i}`).join(" or ");
    const ok = await get(`${set}?$select=apm_name&$filter=${encodeURIComponent(terms(499))}`);
    expect(ok.status).toBe(200);
    const over = await get(`${set}?$select=apm_name&$filter=${encodeURIComponent(terms(501))}`);
    expect(over.status).toBe(400);
    expect(over.body.error.code).toBe("0x8004430C");
    expect(over.body.error.message).toMatch(/^Number of conditions in query exceeded maximum limit/);
  });

  it("answers a 400 in Dataverse's shape, never a 500, for filters nested past the limit or patterns past the length limit (webapi/compose-http-requests-handle-errors)", async () => {
    for (const filter of [
      `${"(".repeat(2000)}apm_name eq 'a'${")".repeat(2000)}`,
      `${"not ".repeat(1000)}apm_isdefault`,
      `contains(apm_name,'${"%_".repeat(3000)}')`,
    ]) {
      const response = await get(`${set}?$select=apm_name&$filter=${encodeURIComponent(filter)}`);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toMatch(/^0x[0-9A-Fa-f]{8}$/);
      expect(JSON.stringify(response.body)).not.toMatch(/ at .*\.ts:/);
    }
  });
});

describe("nested $expand (Learn: webapi/query/join-tables)", () => {
  it("expands lookups within an expanded lookup, as primarycontactid($expand=createdby(…)) (webapi/query/join-tables)", async () => {
    const db = h.server.api.dbs.writer;
    db.prepare(`UPDATE systemuser SET createdby = ? WHERE systemuserid = ?`).run(
      h.userId("sysadmin"),
      h.userId("admin"),
    );
    const response = await get(
      `${set}(${profileIds[0]})?$select=apm_name&$expand=createdby($select=fullname;$expand=createdby($select=fullname))`,
    );
    expect(response.status).toBe(200);
    expect(response.body.createdby.fullname).toBe("Avery Admin");
    expect(response.body.createdby.createdby).toEqual(
      expect.objectContaining({ systemuserid: h.userId("sysadmin"), fullname: expect.any(String) }),
    );
    expect(response.body["@odata.context"]).toMatch(
      /\(apm_name,createdby\(fullname,createdby\(fullname\)\)\)\/\$entity$/,
    );
  });

  it("refuses $expand nested under a collection-valued navigation property (webapi/query/join-tables)", async () => {
    const response = await get(`${set}?$expand=apm_appprofile_systemuser($expand=createdby)`);
    expect(response.status).toBe(400);
  });
});

describe("aggregate data (Learn: webapi/query/aggregate-data)", () => {
  it("answers aggregate($count as x) with one row (webapi/query/aggregate-data)", async () => {
    const response = await get(`${set}?$filter=${mine}&$apply=aggregate($count as total)`);
    expect(response.status).toBe(200);
    expect(response.body.value).toEqual([{ total: 6 }]);
    expect(response.body["@odata.context"]).toBe(`${h.server.apiUrl}$metadata#${set}`);
  });

  it("answers groupby((col),aggregate($count as n)) with one row per value, with formatted values when asked (webapi/query/aggregate-data, Count by status values)", async () => {
    const response = await get(
      `${set}?$apply=filter(${encodeURIComponent(mine)})/groupby((apm_app),aggregate($count as n))`,
      { Prefer: 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"' },
    );
    expect(response.body.value).toEqual([
      {
        "apm_app@OData.Community.Display.V1.FormattedValue": AppChoice.CustomerServiceWorkspace.label,
        apm_app: AppChoice.CustomerServiceWorkspace.value,
        "n@OData.Community.Display.V1.FormattedValue": "6",
        n: 6,
      },
    ]);
  });

  it("answers groupby((col)) with the distinct values (webapi/query/aggregate-data, Distinct column values)", async () => {
    const response = await get(`${set}?$filter=${mine}&$apply=groupby((apm_isdefault))`);
    expect(response.body.value).toEqual([{ apm_isdefault: false }]);
  });

  it("refuses groupby with datetime values and transformations Dataverse lacks (webapi/query/aggregate-data)", async () => {
    expect((await get(`${set}?$apply=groupby((createdon))`)).status).toBe(400);
    expect((await get(`${set}?$apply=compute(1 as x)`)).status).toBe(400);
    expect((await get(`${set}?$apply=aggregate($count as n)&$select=apm_name`)).status).toBe(400);
  });
});

describe("paging cookies (Learn: webapi/query/page-results)", () => {
  it("writes $skiptoken as a paging cookie with the last row's keys (webapi/query/page-results)", async () => {
    const response = await get(`${set}?$select=apm_name&$filter=${mine}&$orderby=apm_name`, {
      Prefer: "odata.maxpagesize=2",
    });
    const link = new URL(response.body["@odata.nextLink"]);
    const token = link.searchParams.get("$skiptoken") as string;
    expect(token).toMatch(
      /^<cookie pagenumber="2" pagingcookie="%3ccookie%20page%3d%221%22%3e.*" istracking="False" \/>$/,
    );
    const inner = decodeURIComponent(/pagingcookie="([^"]*)"/.exec(token)?.[1] ?? "");
    expect(inner).toContain(`<apm_name last="${response.body.value[1].apm_name}"`);
    expect(inner).toMatch(/<apm_appprofileid last="\{[0-9A-F-]{36}\}"/);
  });

  it("pages by keyset: rows inserted before the cookie's position between pages never repeat (webapi/query/page-results, paging cookies)", async () => {
    const first = await get(`${set}?$select=apm_name&$filter=${mine}&$orderby=apm_name`, {
      Prefer: "odata.maxpagesize=3",
    });
    const seen = first.body.value.map((r: { apm_name: string }) => r.apm_name);
    // A row that sorts before everything on page 1: offset paging would show page 1's last row again.
    await h.client("admin").create({
      collection: set,
      data: {
        apm_name: "000 first",
        apm_uniquename: `${PREFIX}late`,
        apm_app: AppChoice.CustomerServiceWorkspace.value,
      },
    });
    let next: string | undefined = first.body["@odata.nextLink"];
    while (next) {
      const page = await get(next.slice(h.server.apiUrl.length), { Prefer: "odata.maxpagesize=3" });
      seen.push(...page.body.value.map((r: { apm_name: string }) => r.apm_name));
      next = page.body["@odata.nextLink"];
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(6);
    expect(seen).not.toContain("000 first");
  });
});

describe("FetchXML (Learn: fetchxml/overview, fetchxml/retrieve-data)", () => {
  const fetchXml = (xml: string, headers: Record<string, string> = {}) =>
    get(`${set}?fetchXml=${encodeURIComponent(xml)}`, headers);
  const mineCondition = `<condition attribute="apm_uniquename" operator="like" value="${PREFIX}p%" />`;

  it("returns only the attributes asked for, honours top and leaves out null columns (fetchxml/reference/fetch, fetchxml/select-columns)", async () => {
    const response = await fetchXml(
      `<fetch top="2"><entity name="apm_appprofile"><attribute name="apm_name" /><attribute name="apm_description" /><filter>${mineCondition}</filter><order attribute="apm_name" /></entity></fetch>`,
    );
    expect(response.status).toBe(200);
    expect(response.body.value).toHaveLength(2);
    expect(Object.keys(response.body.value[0]).sort()).toEqual(["@odata.etag", "apm_appprofileid", "apm_name"]);
    expect(response.body.value[0].apm_name).toBe("100% agents");
  });

  it("evaluates filters and conditions with the common operators (fetchxml/filter-rows, fetchxml/reference/operators)", async () => {
    const names = async (filter: string) =>
      (
        await fetchXml(
          `<fetch><entity name="apm_appprofile"><attribute name="apm_name" /><filter>${mineCondition}${filter}</filter></entity></fetch>`,
        )
      ).body.value
        .map((r: { apm_name: string }) => r.apm_name)
        .sort();
    expect(await names(`<condition attribute="apm_name" operator="eq" value="alpha one" />`)).toEqual(["Alpha one"]);
    expect(await names(`<condition attribute="apm_name" operator="begins-with" value="contoso[_]" />`)).toEqual([
      "contoso_t1",
    ]);
    expect(
      await names(
        `<condition attribute="apm_name" operator="in"><value>Alpha one</value><value>Bravo two</value></condition>`,
      ),
    ).toEqual(["Alpha one", "Bravo two"]);
    expect(
      await names(
        `<filter type="or"><condition attribute="apm_name" operator="ends-with" value="team" /><condition attribute="apm_name" operator="eq" value="Bravo two" /></filter>`,
      ),
    ).toEqual(["Bravo two", "a[b] team"].sort());
    expect(await names(`<condition attribute="apm_description" operator="not-null" />`)).toEqual([]);
  });

  it("refuses an attribute the entity doesn't have, and operators it can't evaluate, with Dataverse's error (fetchxml/reference/condition)", async () => {
    const unknown = await fetchXml(`<fetch><entity name="apm_appprofile"><attribute name="nope" /></entity></fetch>`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("0x80041103");
    expect(unknown.body.error.message).toBe(
      "'apm_appprofile' entity doesn't contain attribute with Name = 'nope' and NameMapping = 'Logical'.",
    );
    const operator = await fetchXml(
      `<fetch><entity name="apm_appprofile"><filter><condition attribute="createdby" operator="eq-userid" /></filter></entity></fetch>`,
    );
    expect(operator.status).toBe(400);
    expect(operator.body.error.message).toMatch(/eq-userid' is not supported/);
    const wrongEntity = await fetchXml(
      `<fetch><entity name="systemuser"><attribute name="fullname" /></entity></fetch>`,
    );
    expect(wrongEntity.status).toBe(400);
    expect((await fetchXml(`<fetch><entity name="apm_appprofile">`)).status).toBe(400);
  });

  it("pages with count, page and the paging cookie from @Microsoft.Dynamics.CRM.fetchxmlpagingcookie (fetchxml/page-results, Web API)", async () => {
    const prefer = {
      Prefer:
        'odata.include-annotations="Microsoft.Dynamics.CRM.fetchxmlpagingcookie,Microsoft.Dynamics.CRM.morerecords"',
    };
    const query = (attributes: string) =>
      `<fetch count="4"${attributes}><entity name="apm_appprofile"><attribute name="apm_name" /><filter>${mineCondition}</filter><order attribute="apm_name" descending="true" /></entity></fetch>`;
    const first = await fetchXml(query(` page="1"`), prefer);
    expect(first.body.value).toHaveLength(4);
    expect(first.body["@Microsoft.Dynamics.CRM.morerecords"]).toBe(true);
    const annotation = first.body["@Microsoft.Dynamics.CRM.fetchxmlpagingcookie"] as string;
    expect(annotation).toMatch(/^<cookie pagenumber="2" pagingcookie="%253ccookie%2520page%253d%25221%2522%253e/);
    expect(first.body).not.toHaveProperty(["@odata.nextLink"]);
    // The documented steps: URL-decode the pagingcookie twice, XML-encode it into paging-cookie, increment page.
    const inner = decodeURIComponent(decodeURIComponent(/pagingcookie="([^"]*)"/.exec(annotation)?.[1] ?? ""));
    const escaped = inner.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    const second = await fetchXml(query(` page="2" paging-cookie="${escaped}"`), prefer);
    expect(second.body.value).toHaveLength(2);
    expect(second.body["@Microsoft.Dynamics.CRM.morerecords"]).toBe(false);
    const all = [...first.body.value, ...second.body.value].map((r: { apm_name: string }) => r.apm_name);
    expect(new Set(all).size).toBe(6);
    // Simple paging: page without a cookie.
    const simple = await fetchXml(query(` page="2"`), prefer);
    expect(simple.body.value.map((r: { apm_name: string }) => r.apm_name)).toEqual(
      second.body.value.map((r: { apm_name: string }) => r.apm_name),
    );
    const plain = await fetchXml(query(` page="1"`));
    expect(plain.body).not.toHaveProperty(["@Microsoft.Dynamics.CRM.morerecords"]);
  });

  it("joins with link-entity, inner and outer, also over an N:N intersect (fetchxml/join-tables)", async () => {
    const inner = await fetchXml(
      `<fetch><entity name="apm_appprofile"><attribute name="apm_name" /><filter>${mineCondition}</filter>` +
        `<link-entity name="apm_appprofile_systemuser" from="apm_appprofileid" to="apm_appprofileid" intersect="true">` +
        `<link-entity name="systemuser" from="systemuserid" to="systemuserid" alias="u"><attribute name="fullname" /></link-entity>` +
        `</link-entity></entity></fetch>`,
    );
    expect(inner.status).toBe(200);
    expect(inner.body.value).toEqual([expect.objectContaining({ apm_name: "Alpha one", "u.fullname": "Riley Agent" })]);
    const outer = await fetchXml(
      `<fetch><entity name="apm_appprofile"><attribute name="apm_name" /><filter>${mineCondition}</filter>` +
        `<link-entity name="systemuser" from="systemuserid" to="createdby" link-type="outer" alias="c"><attribute name="fullname" /></link-entity>` +
        `</entity></fetch>`,
    );
    expect(outer.body.value).toHaveLength(6);
    expect(outer.body.value[0]["c.fullname"]).toBe("Avery Admin");
  });

  it("aggregates count, countcolumn and groupby, including the users linked to each profile through the N:N intersect (fetchxml/aggregate-data)", async () => {
    const counted = await fetchXml(
      `<fetch aggregate="true"><entity name="apm_appprofile"><attribute name="apm_appprofileid" alias="n" aggregate="count" /><filter>${mineCondition}</filter></entity></fetch>`,
    );
    expect(counted.body.value).toEqual([{ n: 6 }]);
    const perProfile = await fetchXml(
      `<fetch aggregate="true"><entity name="apm_appprofile"><attribute name="apm_appprofileid" alias="profile" groupby="true" /><filter>${mineCondition}</filter>` +
        `<link-entity name="apm_appprofile_systemuser" from="apm_appprofileid" to="apm_appprofileid" link-type="outer">` +
        `<attribute name="systemuserid" alias="users" aggregate="countcolumn" /></link-entity></entity></fetch>`,
    );
    expect(perProfile.status).toBe(200);
    const users = new Map(perProfile.body.value.map((r: { profile: string; users: number }) => [r.profile, r.users]));
    expect(users.get(profileIds[0])).toBe(1);
    expect(users.get(profileIds[1])).toBe(0);
    expect(users.size).toBe(6);
    const noAlias = await fetchXml(
      `<fetch aggregate="true"><entity name="apm_appprofile"><attribute name="apm_name" aggregate="count" /></entity></fetch>`,
    );
    expect(noAlias.status).toBe(400);
  });
});

describe("aggregate limits (Learn: webapi/query/aggregate-data)", () => {
  it("refuses to aggregate more than 50,000 rows with AggregateQueryRecordLimit 0x8004E023 (webapi/query/aggregate-data)", async () => {
    const db = h.server.api.dbs.writer;
    const insert = db.prepare(
      `INSERT INTO apm_appprofile (apm_appprofileid, apm_name, apm_uniquename, createdon, modifiedon, versionnumber) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const now = new Date().toISOString();
    db.transaction(() => {
      for (let i = 0; i < 50001; i++) insert.run(randomUUID(), `Agg ${i}`, `agg_${i}`, now, now, 1);
    })();
    try {
      const over = await get(`${set}?$apply=aggregate($count as n)`);
      expect(over.status).toBe(400);
      expect(over.body.error.code).toBe("0x8004E023");
      const narrowed = await get(`${set}?$filter=${mine}&$apply=aggregate($count as n)`);
      expect(narrowed.status).toBe(200);
    } finally {
      db.prepare(`DELETE FROM apm_appprofile WHERE apm_uniquename LIKE 'agg\\_%' ESCAPE '\\'`).run();
    }
  });
});
