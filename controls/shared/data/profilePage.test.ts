import {
  appsMatching,
  nextLinkPath,
  profilePageHeaders,
  profilePagePath,
  userCountFetchXml,
  userCountPath,
  userCountsOf,
} from "./profilePage";

const idA = "11111111-2222-4333-8444-555555555555";
const idB = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

describe("the profile page request", () => {
  it("selects the list's columns, counts, and orders with ties broken by name and id", () => {
    const path = decodeURIComponent(profilePagePath({ sort: { column: "app", descending: true }, status: "all" }));
    expect(path).toBe(
      "apm_appprofiles?$select=apm_appprofileid,apm_name,apm_uniquename,apm_app,apm_isdefault,statecode,apm_rank,apm_iscustomdefault" +
        "&$orderby=apm_app desc,apm_name desc,apm_appprofileid desc&$count=true",
    );
  });

  it("filters by status and by the search text, wildcards and quotes escaped", () => {
    const path = profilePagePath({
      search: " O'Brien_50% ",
      sort: { column: "name", descending: false },
      status: "active",
    });
    const filter = new URLSearchParams(path.split("?")[1]).get("$filter");
    expect(filter).toBe(
      "(statecode eq 0) and (contains(apm_name,'O''Brien[_]50[%]') or contains(apm_uniquename,'O''Brien[_]50[%]'))",
    );
    expect(path).not.toContain("$top");
    const inactive = new URLSearchParams(
      profilePagePath({ sort: { column: "name", descending: false }, status: "inactive" }).split("?")[1],
    );
    expect(inactive.get("$filter")).toBe("statecode eq 1");
    expect(inactive.get("$orderby")).toBe("apm_name asc,apm_appprofileid asc");
  });

  it("also matches the apps whose label contains the text, as an In() on the app column", () => {
    const choices = [
      { value: 0, label: "Customer Service workspace" },
      { value: 1, label: "Omnichannel for Customer Service" },
    ];
    expect(appsMatching(" OMNI ", choices)).toEqual([1]);
    expect(appsMatching("customer", choices)).toEqual([0, 1]);
    expect(appsMatching("", choices)).toEqual([]);
    const path = profilePagePath({
      search: "omni",
      searchApps: appsMatching("omni", choices),
      sort: { column: "name", descending: false },
      status: "all",
    });
    expect(new URLSearchParams(path.split("?")[1]).get("$filter")).toBe(
      "contains(apm_name,'omni') or contains(apm_uniquename,'omni') or " +
        "Microsoft.Dynamics.CRM.In(PropertyName='apm_app',PropertyValues=['1'])",
    );
    // Only whole numbers reach the filter.
    const hostile = profilePagePath({
      search: "x",
      searchApps: [Number.NaN, 1.5, 0],
      sort: { column: "name", descending: false },
      status: "all",
    });
    expect(new URLSearchParams(hostile.split("?")[1]).get("$filter")).toContain("PropertyValues=['0']");
  });

  it("asks for pages of 50 in the Prefer header", () => {
    expect(profilePageHeaders.Prefer).toContain("odata.maxpagesize=50");
  });

  it("follows a nextLink under the Web API root and refuses any other link", () => {
    expect(nextLinkPath("http://localhost:5555/api/data/v9.2/apm_appprofiles?$skiptoken=abc")).toBe(
      "apm_appprofiles?$skiptoken=abc",
    );
    expect(() => nextLinkPath("http://localhost/api/data/v9.2/systemusers?$top=1")).toThrow();
    expect(() => nextLinkPath("memory-page:50")).toThrow();
  });
});

describe("the users-per-profile aggregate", () => {
  it("groups the intersect's users by profile, outer joined, filtered to the page's ids", () => {
    expect(userCountFetchXml([idA, idB])).toBe(
      '<fetch aggregate="true"><entity name="apm_appprofile">' +
        '<attribute name="apm_appprofileid" alias="profile" groupby="true" />' +
        `<filter><condition attribute="apm_appprofileid" operator="in"><value>${idA}</value><value>${idB}</value></condition></filter>` +
        '<link-entity name="apm_appprofile_systemuser" from="apm_appprofileid" to="apm_appprofileid" link-type="outer">' +
        '<attribute name="systemuserid" alias="users" aggregate="countcolumn" /></link-entity></entity></fetch>',
    );
    expect(decodeURIComponent(userCountPath([idA]))).toMatch(/^apm_appprofiles\?fetchXml=<fetch aggregate="true">/);
  });

  it("drops anything that is not a GUID, so no text can change the FetchXML", () => {
    expect(userCountFetchXml([idA, '"/><x a="'])).not.toContain("<x");
    expect(() => userCountFetchXml(["not-a-guid"])).toThrow();
  });

  it("reads the counts by id, ignoring case", () => {
    const counts = userCountsOf([{ profile: idB.toUpperCase(), users: 3 }, { profile: idA, users: 0 }, { users: 9 }]);
    expect(counts.get(idB)).toBe(3);
    expect(counts.get(idA)).toBe(0);
    expect(counts.size).toBe(2);
  });
});
