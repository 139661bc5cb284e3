import {
  AppChoice,
  AppProfile,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  SessionTemplate,
  SessionTemplateTypeChoice,
} from "../../schema";
import { startHarness, type Harness } from "./harness";

let h: Harness;
const set = AppProfile.entitySetName;
let ids: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  const admin = h.client("admin");
  ids = [];
  for (const [i, name] of ["Alpha", "Bravo", "Charlie", "Delta", "O'Brien team", "100% agents"].entries()) {
    ids.push(
      await admin.create<unknown, string>({
        collection: set,
        data: {
          apm_name: name,
          apm_uniquename: `qry_p${i}`,
          apm_app: AppChoice.CustomerServiceWorkspace.value,
          apm_productivitypaneenabled: i % 2 === 0,
        },
      }),
    );
  }
  const templates = await admin.retrieveMultiple({
    collection: SessionTemplate.entitySetName,
    filter: `apm_type eq ${SessionTemplateTypeChoice.Entity.value}`,
    select: ["apm_name"],
    orderBy: ["apm_name"],
  });
  await admin.associate({
    collection: set,
    primaryKey: ids[0],
    relationshipName: AppProfileSessionTemplate.schemaName,
    relatedCollection: SessionTemplate.entitySetName,
    relatedKey: templates.value[0].apm_sessiontemplateid,
  });
  await admin.associate({
    collection: set,
    primaryKey: ids[0],
    relationshipName: AppProfileSystemUser.schemaName,
    relatedCollection: "systemusers",
    relatedKey: h.userId("agent"),
  });
});
afterAll(() => h.stop());

const names = (rows: { apm_name: string }[]) => rows.map((r) => r.apm_name);

describe("query options", () => {
  it("filters with comparison, logical operators and string functions, ignoring case", async () => {
    const admin = h.client("admin");
    const q = (filter: string) =>
      admin.retrieveMultiple({
        collection: set,
        filter: `startswith(apm_uniquename,'qry_') and (${filter})`,
        select: ["apm_name"],
        orderBy: ["apm_name"],
      });
    expect(names((await q("apm_name eq 'alpha'")).value)).toEqual(["Alpha"]);
    expect(names((await q("apm_name ne 'Alpha' and apm_productivitypaneenabled eq true")).value)).toEqual([
      "Charlie",
      "O'Brien team",
    ]);
    expect(names((await q("contains(apm_name,'o''brien')")).value)).toEqual(["O'Brien team"]);
    expect(names((await q("contains(apm_name,'[%]')")).value)).toEqual(["100% agents"]); // Learn: filter-rows wildcards
    expect(names((await q("endswith(apm_name,'ta') or apm_name eq 'Bravo'")).value)).toEqual(["Bravo", "Delta"]);
    expect(names((await q("not (apm_name lt 'C') and apm_name le 'Delta'")).value)).toEqual(["Charlie", "Delta"]);
    expect((await q("apm_description eq null")).value).toHaveLength(6);
    expect((await q("apm_description ne null")).value).toHaveLength(0);
  });

  it("orders, tops and counts", async () => {
    const response = await h.raw(
      `${set}?$select=apm_name&$filter=startswith(apm_uniquename,'qry_')&$orderby=apm_productivitypaneenabled desc,apm_name asc&$top=3&$count=true`,
    );
    const body = await response.json();
    expect(body["@odata.count"]).toBe(6);
    expect(names(body.value)).toEqual(["Alpha", "Charlie", "O'Brien team"]);
  });

  it("pages with odata.maxpagesize and @odata.nextLink until every row is read once", async () => {
    const first = await h.raw(`${set}?$select=apm_name&$filter=startswith(apm_uniquename,'qry_')`, {
      headers: { Prefer: "odata.maxpagesize=4" },
    });
    const page1 = await first.json();
    expect(page1.value).toHaveLength(4);
    expect(page1["@odata.nextLink"]).toContain("$skiptoken");
    const all = await h.client("admin").retrieveAll({
      collection: set,
      select: ["apm_name"],
      filter: "startswith(apm_uniquename,'qry_')",
      maxPageSize: 4,
    });
    expect(new Set(names(all.value)).size).toBe(6);
  });

  it("expands N:N collections and lookups with nested options", async () => {
    const row = await h.client("admin").retrieve({
      collection: set,
      key: ids[0],
      select: ["apm_name"],
      expand: [
        { property: AppProfileSessionTemplate.schemaName, select: ["apm_name", "apm_entitylogicalname"] },
        { property: AppProfileSystemUser.schemaName, select: ["fullname"] },
        { property: "createdby", select: ["fullname"] },
      ],
    });
    expect(row[AppProfileSessionTemplate.schemaName]).toHaveLength(1);
    expect(row[AppProfileSystemUser.schemaName]).toEqual([expect.objectContaining({ fullname: "Riley Agent" })]);
    expect(row.createdby.fullname).toBe("Avery Admin");
  });

  it("filters on an N:N relationship with any()", async () => {
    const rows = await h.client("admin").retrieveMultiple({
      collection: set,
      select: ["apm_name"],
      filter: `${AppProfileSystemUser.schemaName}/any(u:u/systemuserid eq ${h.userId("agent")})`,
    });
    expect(names(rows.value)).toEqual(["Alpha"]);
  });

  it("adds formatted values when annotations are asked for", async () => {
    const row = await h
      .client("admin", { includeAnnotations: "OData.Community.Display.V1.FormattedValue" })
      .retrieve({ collection: set, key: ids[1], select: ["apm_app"] });
    expect(row["apm_app@OData.Community.Display.V1.FormattedValue"]).toBe(AppChoice.CustomerServiceWorkspace.label);
  });
});
