/** The user-count sort's requests: one aggregate FetchXML ordered by the count, its text escaped, its cookie checked. */
import { AppChoice } from "../../../schema";
import { profilesByIdPath, usersSortFetchXml, usersSortPageNumber } from "./profileUserSort";

const query = {
  search: `50% <"x'>`,
  searchApps: [AppChoice.OmnichannelForCustomerService.value],
  sort: { column: "userCount" as const, descending: true },
  status: "active" as const,
};

describe("the profile list sorted by Users", () => {
  it("orders one aggregate by the count's alias, then name and id, paged by count and page", () => {
    const xml = usersSortFetchXml(query, 3);
    expect(xml).toMatch(/^<fetch aggregate="true" count="50" page="3">/);
    expect(xml).toContain(
      '<order alias="users" descending="true" /><order alias="name" descending="true" /><order alias="profile" descending="true" />',
    );
    expect(xml).toContain('<attribute name="systemuserid" alias="users" aggregate="countcolumn" />');
    expect(xml).toContain('<condition attribute="statecode" operator="eq" value="0" />');
    expect(xml).toContain(
      `<condition attribute="apm_app" operator="in"><value>${query.searchApps[0]}</value></condition>`,
    );
    expect(usersSortFetchXml({ ...query, sort: { column: "userCount", descending: false } }, 1)).toContain(
      '<order alias="users" /><order alias="name" /><order alias="profile" />',
    );
  });

  it("escapes the search text for XML and its wildcards for like", () => {
    const xml = usersSortFetchXml(query, 1);
    expect(xml).toContain('value="%50[%] &lt;&quot;x&apos;&gt;%"');
    expect(xml).not.toContain("\"x'>");
  });

  it("reads only its own page cookies, and ids only as GUIDs", () => {
    expect(usersSortPageNumber(undefined)).toBe(1);
    expect(usersSortPageNumber("apm-users-page:12")).toBe(12);
    for (const bad of ["apm-users-page:0", "apm-users-page:1001", "memory-page:50", "apm-users-page:2&x"])
      expect(() => usersSortPageNumber(bad)).toThrow("The page link is not a profile list page.");
    expect(decodeURIComponent(profilesByIdPath(["00000000-0000-4000-9000-000000000001", "') or true or ('"]))).toBe(
      "apm_appprofiles?$select=apm_appprofileid,apm_name,apm_uniquename,apm_app,apm_isdefault,statecode,apm_rank," +
        "apm_iscustomdefault&$filter=" +
        "Microsoft.Dynamics.CRM.In(PropertyName='apm_appprofileid',PropertyValues=['00000000-0000-4000-9000-000000000001'])",
    );
  });
});
