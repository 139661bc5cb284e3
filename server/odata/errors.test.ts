import { AppProfile } from "../../schema";
import { DataverseError } from "../errors";
import { parseQueryOptions } from ".";
import { createFixture, query } from "./test-fixture";

const { db } = createFixture();
const parse = (params: Record<string, string>, kind: "collection" | "single" = "collection") =>
  parseQueryOptions(AppProfile, new URLSearchParams(params), kind);

/** The DataverseError a function throws, for checking its kind, status and message. */
function errorOf(action: () => unknown): DataverseError {
  try {
    action();
  } catch (error) {
    if (error instanceof DataverseError) return error;
    throw error;
  }
  throw new Error("expected a DataverseError");
}

const badRequest = (message: string | RegExp) => ({
  status: 400,
  code: "0x80060888",
  message: expect.stringMatching(message),
});

describe("unknown names", () => {
  const unknown = "Could not find a property named 'foo' on type 'Microsoft.Dynamics.CRM.apm_appprofile'.";
  test.each([
    [{ $select: "apm_name,foo" }],
    [{ $filter: "foo eq 1" }],
    [{ $filter: "contains(foo,'x')" }],
    [{ $orderby: "foo desc" }],
    [{ $expand: "foo" }],
    [{ $filter: "foo/any(x:x/a eq 1)" }],
  ])("%o", (params) => {
    expect(errorOf(() => parse(params))).toMatchObject({ ...badRequest(unknown), message: unknown });
  });

  test("names inside $expand and lambdas are checked against the related table", () => {
    expect(errorOf(() => parse({ $expand: "createdby($select=foo)" })).message).toBe(
      "Could not find a property named 'foo' on type 'Microsoft.Dynamics.CRM.systemuser'.",
    );
    expect(errorOf(() => parse({ $filter: "apm_appprofile_systemuser/any(u:u/apm_name eq 'x')" })).message).toBe(
      "Could not find a property named 'apm_name' on type 'Microsoft.Dynamics.CRM.systemuser'.",
    );
  });

  test("a lookup is filtered on its value property, not its name", () => {
    expect(errorOf(() => parse({ $filter: "createdby eq null" })).message).toMatch(/_createdby_value/);
  });
});

describe("bad syntax", () => {
  test.each([
    ["apm_name eq", 11],
    ["apm_name eq 'a' and", 19],
    ["apm_name eq 'a')", 15],
    ["apm_name eq 'a' xor apm_name eq 'b'", 16],
  ])("%s", (filter, position) => {
    expect(errorOf(() => parse({ $filter: filter }))).toMatchObject(
      badRequest(`Syntax error at position ${position} in '${filter.replace(/[()]/g, "\\$&")}'.`),
    );
  });

  test.each([
    ["tolower(apm_name) eq 'a'", /function 'tolower' is not supported/],
    ["length(apm_name) gt 1", /function 'length' is not supported/],
    ["contains(apm_app,'1')", /needs a string property/],
    ["apm_name eq 1", /incompatible types.*'Edm.String' and 'Edm.Int32'/],
    ["apm_isdefault eq 'true'", /incompatible types/],
    ["apm_appprofileid eq 'x'", /incompatible types/],
    ["versionnumber gt null", /cannot compare/],
    ["apm_name eq apm_isdefault", /incompatible types/],
    ["'a' eq 'b'", /Comparing two values/],
    ["createdby/nope eq 'x'", /Could not find a property named 'nope' on type 'Microsoft.Dynamics.CRM.systemuser'/],
    ["apm_appprofile_systemuser eq null", /is a collection/],
    ["apm_appprofile_systemuser/all()", /all\(\) operator needs a lambda expression/],
    ["contains(apm_name,'a') eq true", /condition on its own/],
    ["Microsoft.Dynamics.CRM.ThisMonth(PropertyName='createdon')", /ThisMonth' is not supported/],
    [
      "Microsoft.Dynamics.CRM.Nope(PropertyName='createdon')",
      /unknown function with name 'Microsoft.Dynamics.CRM.Nope'/,
    ],
    ["apm_name eq 'unterminated", /unterminated literal at position 12/],
    [
      "apm_appprofile_systemuser/any(u:u/fullname eq 'x' and u/apm_appprofile_systemuser/any(u:u/apm_name eq 'a'))",
      /./,
    ],
  ])("unsupported: %s", (filter, message) => {
    expect(errorOf(() => parse({ $filter: filter }))).toMatchObject(badRequest(message));
  });

  test.each([
    [{ $top: "-1" }, /\$top/],
    [{ $top: "abc" }, /\$top/],
    [{ $count: "yes" }, /count/],
    [{ $orderby: "apm_name sideways" }, /asc or desc/],
    // A property twice in $orderby: Microsoft's OData library refuses it (OData/WebApi#376).
    [{ $orderby: "apm_name,apm_name desc" }, /Duplicate property named 'apm_name' is not supported in '\$orderby'/],
    [{ $select: "apm_name,," }, /empty item/],
    [{ $skip: "10" }, /\$skip is not supported/],
    [{ $search: "x" }, /\$search is not supported/],
    [{ $expand: "createdby($filter=fullname eq 'x')" }, /not supported in \$expand of the single-valued/],
    [{ $expand: "apm_appprofile_systemuser($count=true)" }, /not supported in \$expand/],
    [{ $expand: "apm_appprofile_systemuser($select=fullname" }, /unbalanced/],
    [{ $expand: "apm_name" }, /not a navigation property/],
    [{ $expand: "createdby,createdby" }, /more than once/],
    [{ $filter: "" }, /empty/],
  ])("%o", (params, message) => {
    expect(errorOf(() => parse(params))).toMatchObject(badRequest(message));
  });

  test("a single row takes only $select and $expand", () => {
    expect(errorOf(() => parse({ $filter: "apm_name eq 'a'" }, "single"))).toMatchObject(
      badRequest(/\$filter is not supported when retrieving a single record/),
    );
    expect(parse({ $select: "apm_name", $expand: "createdby" }, "single").kind).toBe("single");
  });

  test("other parameters (aliases, custom options) are left to the caller", () => {
    expect(() => parse({ "@p1": "'x'", foo: "bar" })).not.toThrow();
  });
});

describe("skip tokens", () => {
  test.each([
    "abc",
    "",
    "Mg",
    '<cookie pagenumber="1" pagingcookie="%3ccookie%20page%3d%221%22%3e%3c%2fcookie%3e" />',
    '<cookie pagenumber="2" pagingcookie="%3ccookie%20page%3d%221%22%3e%3c%2fcookie%3e" />',
    '<cookie pagenumber="2" pagingcookie="%3cnot-a-cookie%3e" />',
  ])("'%s' is refused", (token) => {
    expect(errorOf(() => parse({ $skiptoken: token }))).toMatchObject(badRequest(/\$skiptoken .* is not valid/));
  });

  // Learn: webapi/query/page-results shows this cookie (from a real environment).
  test("Dataverse's own paging cookie is accepted", () => {
    const token =
      '<cookie pagenumber="2" pagingcookie="%253ccookie%2520page%253d%25221%2522%253e%253ccontactid%2520last%253d%2522%257bD5026A4D-D01C-ED11-B83E-000D3A572421%257d%2522%2520first%253d%2522%257b49B0BE2E-D01C-ED11-B83E-000D3A572421%257d%2522%2520%252f%253e%253c%252fcookie%253e" istracking="False" />';
    const cookie = parse({ $skiptoken: decodeURIComponent(token) }).cookie;
    expect(cookie?.page).toBe(2);
    expect(cookie?.last.get("contactid")).toBe("{D5026A4D-D01C-ED11-B83E-000D3A572421}");
  });
});

test("strings with quotes, ) and ; inside $expand options are read whole", () => {
  const { rows } = query(db, AppProfile, {
    $select: "apm_name",
    $filter: "apm_name eq 'Alpha'",
    $expand: "apm_appprofile_systemuser($filter=fullname eq 'a'')(;b' or fullname eq 'Bob Agent';$select=fullname)",
  });
  expect(rows[0].apm_appprofile_systemuser).toEqual([expect.objectContaining({ fullname: "Bob Agent" })]);
});
