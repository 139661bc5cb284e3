/**
 * Ordering and paging of aggregate queries, FetchXML and `$apply`, one test per documented behaviour, each naming its
 * Microsoft Learn page (learn.microsoft.com/power-apps/developer/data-platform/…). Run over HTTP against the local
 * server. The error codes are Dataverse's QueryBuilder codes (Learn: reference/web-service-error-codes).
 */
import { AppChoice, AppProfile, AppProfileSystemUser } from "../../schema";
import { startHarness, type Harness } from "../integration/harness";

let h: Harness;
const set = AppProfile.entitySetName;
const PREFIX = "aggord_";
/** Profile name → how many users it gets. Alpha and Echo tie, so the second order decides between them. */
const users: ReadonlyArray<[string, number]> = [
  ["Delta", 3],
  ["Alpha", 1],
  ["Charlie", 2],
  ["Bravo", 0],
  ["Echo", 1],
];

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await h.raw(path, { headers: { Accept: "application/json", ...headers } });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const fetchXml = (xml: string, headers: Record<string, string> = {}) =>
  get(`${set}?fetchXml=${encodeURIComponent(xml)}`, headers);

beforeAll(async () => {
  h = await startHarness();
  const admin = h.client("admin");
  // Users with no profile yet, so every assignment passes the one-profile-per-user rule.
  const free = await get(
    `systemusers?$select=systemuserid&$filter=${encodeURIComponent("isdisabled eq false and applicationid eq null and accessmode ne 4 and not apm_appprofile_systemuser/any()")}`,
  );
  const pool: string[] = free.body.value.map((u: { systemuserid: string }) => u.systemuserid);
  const needed = users.reduce((sum, [, n]) => sum + n, 0);
  if (pool.length < needed)
    throw new Error(`The demo data has ${pool.length} unassigned users; the test needs ${needed}.`);
  for (const [i, [name, count]] of users.entries()) {
    const id = await admin.create<unknown, string>({
      collection: set,
      data: { apm_name: name, apm_uniquename: `${PREFIX}${i}`, apm_app: AppChoice.CustomerServiceWorkspace.value },
    });
    for (const userId of pool.splice(0, count)) {
      await admin.associate({
        collection: set,
        primaryKey: id,
        relationshipName: AppProfileSystemUser.schemaName,
        relatedCollection: "systemusers",
        relatedKey: userId,
      });
    }
  }
});
afterAll(() => h.stop());

const mine = `<filter><condition attribute="apm_uniquename" operator="like" value="${PREFIX}%" /></filter>`;

/** Users per profile: the designer's query, with the orders (and fetch attributes) given. */
const usersPerProfile = (orders: string, linkOrders = "", fetchAttributes = "") =>
  `<fetch aggregate="true"${fetchAttributes}><entity name="apm_appprofile">` +
  `<attribute name="apm_appprofileid" alias="profile" groupby="true" />` +
  `<attribute name="apm_name" alias="name" groupby="true" />${mine}${orders}` +
  `<link-entity name="apm_appprofile_systemuser" from="apm_appprofileid" to="apm_appprofileid" link-type="outer">` +
  `<attribute name="systemuserid" alias="users" aggregate="countcolumn" />${linkOrders}</link-entity></entity></fetch>`;

const rowsOf = (body: { value: { name: string; users: number }[] }) => body.value.map((r) => `${r.name} ${r.users}`);

describe("ordering aggregate FetchXML (Learn: fetchxml/aggregate-data, fetchxml/order-rows)", () => {
  it("orders the groups by an aggregate's alias, descending when descending is true (fetchxml/aggregate-data, Grouping; fetchxml/order-rows, Descending order)", async () => {
    const descending = await fetchXml(
      usersPerProfile(`<order alias="users" descending="true" /><order alias="name" />`),
    );
    expect(descending.status).toBe(200);
    expect(rowsOf(descending.body)).toEqual(["Delta 3", "Charlie 2", "Alpha 1", "Echo 1", "Bravo 0"]);
    const ascending = await fetchXml(usersPerProfile(`<order alias="users" /><order alias="name" />`));
    expect(rowsOf(ascending.body)).toEqual(["Bravo 0", "Alpha 1", "Echo 1", "Charlie 2", "Delta 3"]);
  });

  it("orders by a groupby alias, and applies the orders in the sequence of the order elements (fetchxml/order-rows)", async () => {
    const byName = await fetchXml(usersPerProfile(`<order alias="name" descending="true" />`));
    expect(rowsOf(byName.body)).toEqual(["Echo 1", "Delta 3", "Charlie 2", "Bravo 0", "Alpha 1"]);
    // The tie between Alpha and Echo (1 user each) goes to the second order.
    const tieByNameDescending = await fetchXml(
      usersPerProfile(`<order alias="users" descending="true" /><order alias="name" descending="1" />`),
    );
    expect(rowsOf(tieByNameDescending.body)).toEqual(["Delta 3", "Charlie 2", "Echo 1", "Alpha 1", "Bravo 0"]);
  });

  it("applies a link-entity's orders after the entity's (fetchxml/order-rows, Process link-entity orders first)", async () => {
    const response = await fetchXml(
      usersPerProfile(`<order alias="name" />`, `<order alias="users" descending="true" />`),
    );
    expect(response.status).toBe(200);
    expect(rowsOf(response.body)).toEqual(["Alpha 1", "Bravo 0", "Charlie 2", "Delta 3", "Echo 1"]);
  });

  it("refuses an order by attribute in an aggregate query with QueryBuilderAttributeNotAllowedForAggregateOrderBy 0x80041131 (fetchxml/aggregate-data; reference/web-service-error-codes)", async () => {
    const response = await fetchXml(usersPerProfile(`<order attribute="apm_name" />`));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("0x80041131");
    expect(response.body.error.message).toBe(
      "An attribute cannot be specified for an order clause for an aggregate Query. Use an alias.",
    );
  });

  it("refuses an aggregate order without an alias with QueryBuilderAliasRequiredForAggregateOrderBy 0x80041134 (reference/web-service-error-codes)", async () => {
    const response = await fetchXml(usersPerProfile(`<order descending="true" />`));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("0x80041134");
    expect(response.body.error.message).toBe("An alias is required for an order clause for an aggregate Query.");
  });

  it("refuses an order alias that names no attribute of the query with QueryBuilderInvalid_Alias 0x80041109 (reference/web-service-error-codes)", async () => {
    const response = await fetchXml(usersPerProfile(`<order alias="members" />`));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("0x80041109");
    expect(response.body.error.message).toMatch(/^Invalid alias for aggregate operation: the order alias 'members'/);
  });

  it("refuses an alias on the order of a plain query with 0x80041132, and an order without attribute with 0x80041133 (fetchxml/order-rows; reference/web-service-error-codes)", async () => {
    const plain = (order: string) =>
      fetchXml(`<fetch><entity name="apm_appprofile"><attribute name="apm_name" />${mine}${order}</entity></fetch>`);
    const alias = await plain(`<order alias="apm_name" />`);
    expect(alias.status).toBe(400);
    expect(alias.body.error.code).toBe("0x80041132");
    expect(alias.body.error.message).toBe(
      "An alias cannot be specified for an order clause for a non-aggregate Query. Use an attribute.",
    );
    const none = await plain(`<order descending="true" />`);
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe("0x80041133");
  });

  it("takes true, false, 1 and 0 for descending and refuses anything else with 0x80041119 (fetchxml/reference/order; reference/web-service-error-codes)", async () => {
    const plain = (descending: string) =>
      fetchXml(
        `<fetch><entity name="apm_appprofile"><attribute name="apm_name" />${mine}<order attribute="apm_name" descending="${descending}" /></entity></fetch>`,
      );
    const one = await plain("1");
    expect(one.body.value.map((r: { apm_name: string }) => r.apm_name)).toEqual([
      "Echo",
      "Delta",
      "Charlie",
      "Bravo",
      "Alpha",
    ]);
    const zero = await plain("0");
    expect(zero.body.value[0].apm_name).toBe("Alpha");
    const yes = await plain("yes");
    expect(yes.status).toBe(400);
    expect(yes.body.error.code).toBe("0x80041119");
  });

  it("refuses a repeated alias with 0x80041130 and an attribute both groupby and aggregate with 0x80041137 (fetchxml/aggregate-data; reference/web-service-error-codes)", async () => {
    const repeated = await fetchXml(
      `<fetch aggregate="true"><entity name="apm_appprofile"><attribute name="apm_name" alias="n" groupby="true" /><attribute name="apm_appprofileid" alias="n" aggregate="count" /></entity></fetch>`,
    );
    expect(repeated.status).toBe(400);
    expect(repeated.body.error.code).toBe("0x80041130");
    const both = await fetchXml(
      `<fetch aggregate="true"><entity name="apm_appprofile"><attribute name="apm_name" alias="n" groupby="true" aggregate="count" /></entity></fetch>`,
    );
    expect(both.status).toBe(400);
    expect(both.body.error.code).toBe("0x80041137");
  });
});

describe("paging aggregate FetchXML (Learn: fetchxml/page-results)", () => {
  const prefer = {
    Prefer:
      'odata.include-annotations="Microsoft.Dynamics.CRM.fetchxmlpagingcookie,Microsoft.Dynamics.CRM.morerecords"',
  };
  const page = (n: number) =>
    fetchXml(
      usersPerProfile(`<order alias="users" descending="true" /><order alias="name" />`, "", ` count="2" page="${n}"`),
      prefer,
    );

  it("pages the ordered groups with count and page (simple paging), morerecords telling whether another page follows (fetchxml/page-results, Simple paging)", async () => {
    const pages = [await page(1), await page(2), await page(3)];
    expect(pages.map((p) => rowsOf(p.body))).toEqual([["Delta 3", "Charlie 2"], ["Alpha 1", "Echo 1"], ["Bravo 0"]]);
    expect(pages.map((p) => p.body["@Microsoft.Dynamics.CRM.morerecords"])).toEqual([true, true, false]);
  });

  it("returns no paging cookie for an aggregate query, which pages simply (fetchxml/page-results, Queries that don't support paging cookies)", async () => {
    const first = await page(1);
    expect(first.body["@Microsoft.Dynamics.CRM.morerecords"]).toBe(true);
    expect(first.body).not.toHaveProperty(["@Microsoft.Dynamics.CRM.fetchxmlpagingcookie"]);
  });
});

describe("ordering $apply results (Learn: webapi/query/aggregate-data)", () => {
  const filter = encodeURIComponent(`startswith(apm_uniquename,'${PREFIX}')`);

  it("sorts the groups by a groupby property with $orderby (webapi/query/aggregate-data)", async () => {
    const response = await get(`${set}?$apply=filter(${filter})/groupby((apm_name))&$orderby=apm_name desc`);
    expect(response.status).toBe(200);
    expect(response.body.value.map((r: { apm_name: string }) => r.apm_name)).toEqual([
      "Echo",
      "Delta",
      "Charlie",
      "Bravo",
      "Alpha",
    ]);
  });

  it("refuses $orderby of an aggregate value with 'The query node SingleValueOpenPropertyAccess is not supported' (webapi/query/aggregate-data)", async () => {
    const response = await get(
      `${set}?$apply=filter(${filter})/groupby((apm_name),aggregate($count as n))&$orderby=n desc`,
    );
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("0x80060888");
    expect(response.body.error.message).toMatch(/^The query node SingleValueOpenPropertyAccess is not supported\./);
  });
});
