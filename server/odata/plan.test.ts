/** How the planner turns the product's queries into SQL: index lookups, one statement per keyed read (issue 10). */
import { AppProfile } from "../../schema";
import { effectiveProfileQuery } from "../../runtime/query";
import { executeQuery, parseQueryOptions, retrieveByKey } from ".";
import { compileFilter, SqlParameters } from "./sql";
import { createFixture, ids, CSW } from "./test-fixture";

const { db, statements } = createFixture();

function planOf(filter: string): string {
  const options = parseQueryOptions(AppProfile, new URLSearchParams({ $filter: filter }), "collection");
  const parameters = new SqlParameters();
  const where = compileFilter(options.filter!, options.model, "t0", parameters);
  const rows = db
    .prepare(`EXPLAIN QUERY PLAN SELECT 1 FROM apm_appprofile AS t0 WHERE ${where}`)
    .all(...parameters.values) as { detail: string }[];
  return rows.map((r) => r.detail).join("; ");
}

test("the runtime's effective-profile filter is answered from indexes (MULTI-INDEX OR), not by scanning the app's profiles", () => {
  const query = new URL(`http://h/api/data/v9.2/${effectiveProfileQuery(ids.bob, CSW)}`);
  const plan = planOf(query.searchParams.get("$filter") as string);
  expect(plan).toMatch(/MULTI-INDEX OR/);
  expect(plan).toMatch(/SEARCH l\d+_i USING COVERING INDEX apm_appprofile_systemuser__systemuserid_apm_appprofileid/);
  expect(plan).not.toMatch(/SCAN t0/);
});

test("any() on an N:N with an id-only predicate reads the intersect's index alone", () => {
  const plan = planOf(`apm_appprofile_systemuser/any(u:u/systemuserid eq ${ids.bob})`);
  expect(plan).toMatch(
    /USING COVERING INDEX apm_appprofile_systemuser__systemuserid_apm_appprofileid \(systemuserid=\?\)/,
  );
  expect(plan).not.toMatch(/systemuser AS|SEARCH l\d+ /);
});

test("a keyed read by alternate key is one statement", () => {
  const options = parseQueryOptions(AppProfile, new URLSearchParams({ $select: "apm_name" }), "single");
  statements.length = 0;
  const row = retrieveByKey(db, AppProfile, { apm_uniquename: "APM_ALPHA" }, options);
  expect(row?.apm_name).toBe("Alpha");
  expect(statements.filter((s) => /^SELECT/i.test(s))).toHaveLength(1);
});

test("the product's tables carry the query indexes, each ending with the primary id", () => {
  const names = (
    db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`).all() as {
      name: string;
      sql: string;
    }[]
  ).map((r) => `${r.name}: ${r.sql}`);
  expect(names.join("\n")).toMatch(
    /apm_appprofile__q_apm_app_apm_isdefault_apm_name: .*\("apm_app", "apm_isdefault", "apm_name", "apm_appprofileid"\)/,
  );
  expect(names.join("\n")).toMatch(/apm_appprofile__q_apm_name: /);
  expect(names.join("\n")).toMatch(/systemuser__q_fullname: /);
  expect(names.join("\n")).toMatch(
    /apm_appprofile_systemuser__systemuserid_apm_appprofileid: .*\("systemuserid", "apm_appprofileid"\)/,
  );
});

test("a page after a cookie seeks the sort index instead of scanning from the start", () => {
  const first = executeQuery(
    db,
    AppProfile,
    parseQueryOptions(AppProfile, new URLSearchParams({ $orderby: "apm_name" }), "collection"),
    {
      maxPageSize: 2,
    },
  );
  statements.length = 0;
  const params = new URLSearchParams({ $orderby: "apm_name", $skiptoken: first.nextSkipToken as string });
  executeQuery(db, AppProfile, parseQueryOptions(AppProfile, params, "collection"), { maxPageSize: 2 });
  const sql = statements.find((s) => s.includes("ORDER BY")) as string;
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join("; ");
  expect(plan).toMatch(/SEARCH t0 USING INDEX apm_appprofile__q_apm_name \(apm_name>\?\)/);
});

test("nested any() through the platform's N:N (profile -> users -> teams) reads the intersects' indexes, no rows", () => {
  const team = "7ea30000-0000-4000-8000-0000000000a1";
  const plan = planOf(`apm_appprofile_systemuser/any(u:u/teammembership_association/any(t:t/teamid eq ${team}))`);
  expect(plan).toMatch(/SEARCH l\d+_i USING COVERING INDEX teammembership__teamid_systemuserid \(teamid=\?\)/);
  expect(plan).toMatch(
    /USING COVERING INDEX apm_appprofile_systemuser__systemuserid_apm_appprofileid \(systemuserid=\?\)/,
  );
  expect(plan).not.toMatch(/SCAN|SEARCH l\d+ USING/);
});

test("nested any() with a condition on the team's name finds the team by its name index first", () => {
  const plan = planOf(`apm_appprofile_systemuser/any(u:u/teammembership_association/any(t:t/name eq 'Tier 1'))`);
  expect(plan).toMatch(/SEARCH l\d+ USING COVERING INDEX team__q_name \(name=\?\)/);
  expect(plan).toMatch(/SEARCH l\d+_i USING COVERING INDEX teammembership__teamid_systemuserid \(teamid=\?\)/);
  expect(plan).not.toMatch(/SCAN/);
});
