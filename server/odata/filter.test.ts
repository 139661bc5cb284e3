import { AppProfile, SessionTemplateTypeChoice, SystemUser, EnvironmentVariableDefinition } from "../../schema";
import { createFixture, ids, idsOf, query, CSW, OMNI } from "./test-fixture";

const { db } = createFixture();
const profiles = (filter: string): unknown[] => idsOf(query(db, AppProfile, { $filter: filter }).rows, AppProfile);
const { alpha, beta, gamma, delta, zeta } = ids;

describe("$filter comparisons", () => {
  test.each([
    ["apm_name eq 'Beta'", [beta]],
    ["apm_name ne 'Beta'", [alpha, gamma, delta, zeta]],
    ["apm_name gt 'Delta_x'", [gamma, zeta]],
    ["apm_name ge 'Gamma'", [gamma, zeta]],
    ["apm_name lt 'Beta'", [alpha]],
    ["apm_name le 'Beta'", [alpha, beta]],
    [`apm_app eq ${OMNI}`, [beta, delta]],
    [`apm_app ne ${OMNI}`, [alpha, gamma, zeta]],
    ["versionnumber gt 105", [delta, zeta]],
    ["versionnumber ge 105", [gamma, delta, zeta]],
    ["versionnumber lt 104", [alpha]],
    ["versionnumber le 104", [alpha, beta]],
  ])("%s", (filter, expected) => expect(profiles(filter)).toEqual(expected));

  test("strings compare without case, as Dataverse's collation does", () => {
    expect(profiles("apm_name eq 'ALPHA'")).toEqual([alpha]);
  });

  test("a literal on the left is mirrored", () => {
    expect(profiles("'Beta' eq apm_name")).toEqual([beta]);
    expect(profiles("105 lt versionnumber")).toEqual([delta, zeta]);
  });

  test("booleans, with eq and on their own", () => {
    expect(profiles("apm_isdefault eq true")).toEqual([alpha]);
    expect(profiles("apm_isdefault ne true")).toEqual([beta, gamma, delta, zeta]);
    expect(profiles("apm_isdefault")).toEqual([alpha]);
    expect(profiles("not apm_isdefault")).toEqual([beta, gamma, delta, zeta]);
  });

  test("guids, in any case, for the primary id and for lookup values", () => {
    expect(profiles(`apm_appprofileid eq ${beta.toUpperCase()}`)).toEqual([beta]);
    expect(profiles(`_createdby_value eq ${ids.bob}`)).toEqual([beta, zeta]);
    expect(profiles(`_modifiedby_value ne ${ids.bob}`)).toEqual([alpha, gamma, delta]);
  });

  test("dates and times", () => {
    expect(profiles("createdon gt 2020-01-03T08:00:00Z")).toEqual([delta, zeta]);
    expect(profiles("createdon ge 2020-01-03T10:00:00+02:00")).toEqual([gamma, delta, zeta]);
    expect(profiles("createdon lt 2020-01-02")).toEqual([alpha]);
  });
});

describe("$filter logic", () => {
  test("and binds tighter than or", () => {
    expect(profiles(`apm_name eq 'Alpha' or apm_name eq 'Beta' and apm_app eq ${CSW}`)).toEqual([alpha]);
    expect(profiles(`apm_name eq 'Beta' and apm_app eq ${CSW} or apm_name eq 'Alpha'`)).toEqual([alpha]);
  });

  test("parentheses regroup", () => {
    expect(profiles(`(apm_name eq 'Alpha' or apm_name eq 'Beta') and apm_app eq ${OMNI}`)).toEqual([beta]);
  });

  test("not applies to what follows it", () => {
    expect(profiles(`not (apm_app eq ${CSW})`)).toEqual([beta, delta]);
    expect(profiles(`not (apm_app eq ${CSW} or apm_isdefault eq true) and apm_name ne 'Beta'`)).toEqual([delta]);
    expect(profiles("not contains(apm_name,'a')")).toEqual([]);
    expect(profiles("not startswith(apm_name,'a')")).toEqual([beta, gamma, delta, zeta]);
    // not binds tighter than and, and the or after it is not inside the not.
    expect(profiles("not apm_isdefault eq true and apm_app eq " + CSW)).toEqual([gamma, zeta]);
    expect(profiles(`apm_app eq ${CSW} and not apm_name eq 'Gamma' or apm_name eq 'Beta'`)).toEqual([
      alpha,
      beta,
      zeta,
    ]);
  });

  test("not of an unknown (null) value is unknown, as in SQL", () => {
    expect(profiles("not (apm_description eq 'a_b')")).toEqual([alpha, beta, zeta]);
  });
});

describe("$filter strings", () => {
  test("contains, startswith and endswith, without case", () => {
    expect(profiles("contains(apm_name,'ET')")).toEqual([beta, zeta]);
    expect(profiles("startswith(apm_name,'g')")).toEqual([gamma]);
    expect(profiles("endswith(apm_name, 'A')")).toEqual([alpha, beta, gamma]);
  });

  test("a doubled quote is a quote", () => {
    expect(profiles("apm_description eq 'O''Brien''s'")).toEqual([beta]);
    expect(profiles("contains(apm_description,'''')")).toEqual([beta]);
  });

  // Learn: webapi/query/filter-rows "Use wildcard characters": %, _, [] and [^] are T-SQL LIKE wildcards.
  test("% matches any text, _ any one character, [] a set and [^] its complement", () => {
    expect(profiles("contains(apm_description,'50%')")).toEqual([alpha, zeta]);
    expect(profiles("contains(apm_description,'50[%]')")).toEqual([alpha]);
    expect(profiles("contains(apm_name,'a_x')")).toEqual([delta, zeta]);
    expect(profiles("contains(apm_name,'a[_]x')")).toEqual([delta]);
    expect(profiles("startswith(apm_name,'[a-c]')")).toEqual([alpha, beta]);
    expect(profiles("startswith(apm_name,'[^a-c]')")).toEqual([gamma, delta, zeta]);
    expect(profiles("contains(apm_description,'\\')")).toEqual([]);
    expect(profiles("contains(apm_name,'a[')")).toEqual([]);
  });

  test("text that looks like SQL is just text", () => {
    expect(profiles("apm_name eq 'x'' OR 1=1 --'")).toEqual([]);
    expect(profiles("contains(apm_name,'\"; DROP TABLE apm_appprofile; --')")).toEqual([]);
    expect(profiles("apm_name ne null")).toHaveLength(5);
  });
});

describe("$filter null checks", () => {
  test("eq null and ne null", () => {
    expect(profiles("apm_description eq null")).toEqual([gamma]);
    expect(profiles("apm_description ne null")).toEqual([alpha, beta, delta, zeta]);
    expect(profiles("null eq apm_description")).toEqual([gamma]);
  });

  test("ne a value leaves out empty values, as Dataverse does", () => {
    expect(profiles("apm_description ne 'a_b'")).toEqual([alpha, beta, zeta]);
  });
});

describe("$filter lambdas", () => {
  test("any with a condition: profiles assigned to a user", () => {
    expect(profiles(`apm_appprofile_systemuser/any(u:u/systemuserid eq ${ids.bob})`)).toEqual([alpha]);
    expect(profiles(`apm_appprofile_systemuser/any(u: u/fullname eq 'carol')`)).toEqual([beta]);
  });

  test("any without a condition: profiles with any user", () => {
    expect(profiles("apm_appprofile_systemuser/any()")).toEqual([alpha, beta]);
    expect(profiles("not apm_appprofile_systemuser/any()")).toEqual([gamma, delta, zeta]);
  });

  test("all holds for every related row, and for none", () => {
    expect(profiles("apm_appprofile_systemuser/all(u:u/fullname ne 'Carol')")).toEqual([alpha, gamma, delta, zeta]);
    expect(profiles("apm_appprofile_sessiontemplate/all(t:t/apm_entitylogicalname ne null)")).toEqual([
      beta,
      delta,
      zeta,
    ]);
  });

  test("a lambda combines with other conditions and with properties of the outer row", () => {
    const generic = SessionTemplateTypeChoice.Generic.value;
    expect(
      profiles(`apm_appprofile_sessiontemplate/any(t:t/apm_type eq ${generic}) and apm_isdefault eq false`),
    ).toEqual([gamma]);
    expect(profiles(`apm_appprofile_systemuser/any(u:u/fullname eq 'Bob Agent' and apm_name eq 'Alpha')`)).toEqual([
      alpha,
    ]);
  });

  test("the other side of an N:N, and nested lambdas", () => {
    const users = (filter: string) => idsOf(query(db, SystemUser, { $filter: filter }).rows, SystemUser);
    expect(users("apm_appprofile_systemuser/any(p:p/apm_name eq 'Alpha')")).toEqual([ids.alice, ids.bob]);
    expect(users("apm_appprofile_systemuser/any(p:p/apm_appprofile_systemuser/any())")).toEqual([
      ids.alice,
      ids.bob,
      ids.carol,
    ]);
    expect(
      users("apm_appprofile_systemuser/any(p:p/apm_appprofile_sessiontemplate/any() and p/apm_app eq " + OMNI + ")"),
    ).toEqual([ids.carol]);
  });

  test("a one-to-many collection (a lookup's collection navigation)", () => {
    const definitions = (filter: string) =>
      idsOf(query(db, EnvironmentVariableDefinition, { $filter: filter }).rows, EnvironmentVariableDefinition);
    expect(definitions("environmentvariabledefinition_environmentvariablevalue/any(v:v/value eq 'yes')")).toEqual([
      ids.chatDefinition,
    ]);
    expect(definitions("environmentvariabledefinition_environmentvariablevalue/any()")).toEqual([ids.chatDefinition]);
  });
});
