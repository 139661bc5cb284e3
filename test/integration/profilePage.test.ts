/**
 * The designer's grid against the real server over HTTP: one page of 50 with $count, the next page through
 * @odata.nextLink (Learn: webapi/query/page-results), and the page's user counts from one FetchXML aggregate over the
 * N:N intersect (Learn: fetchxml/aggregate-data), never the assignments.
 */
import { AppChoice, AppProfile, AppProfileSystemUser, SystemUser } from "../../schema";
import type { WebApiProfileRepository } from "../../controls/shared/data/webApiRepository";
import { profileRepository } from "./repository";
import type { ProfilePageQuery } from "../../controls/shared/data/profilePage";
import { startHarness, type Harness } from "./harness";

let h: Harness;
let repository: WebApiProfileRepository;
const sent: string[] = [];
const ids: string[] = [];
const byName: ProfilePageQuery = { search: "grid_", sort: { column: "name", descending: false }, status: "all" };
const name = (i: number) => `grid_p${String(i).padStart(3, "0")}`;

beforeAll(async () => {
  h = await startHarness();
  const admin = h.client("admin");
  for (let i = 0; i < 120; i++) {
    ids.push(
      await admin.create<unknown, string>({
        collection: AppProfile.entitySetName,
        data: { apm_name: name(i), apm_uniquename: name(i), apm_app: AppChoice.CustomerServiceWorkspace.value },
      }),
    );
  }
  const assign = (profile: number, user: "agent" | "agent2" | "admin") =>
    admin.associate({
      collection: AppProfile.entitySetName,
      primaryKey: ids[profile],
      relationshipName: AppProfileSystemUser.schemaName,
      relatedCollection: SystemUser.entitySetName,
      relatedKey: h.userId(user),
    });
  await assign(0, "agent");
  await assign(0, "agent2");
  await assign(55, "admin");
  repository = profileRepository(h, "admin", {
    wrapFetch: (send) => (path, init) => {
      sent.push(decodeURIComponent(path));
      return send(path, init);
    },
  });
});
afterAll(() => h.stop());
beforeEach(() => {
  sent.length = 0;
});

describe("the profile list's page query", () => {
  it("reads the first page of 50 with the count in one request, and its user counts in one aggregate", async () => {
    const page = await repository.listProfilePage(byName);
    expect(page.rows.map((p) => p.name)).toEqual(Array.from({ length: 50 }, (_, i) => name(i)));
    expect(page.totalCount).toBe(120);
    expect(page.totalCountCapped).toBe(false);
    expect(page.nextPage).toEqual(expect.any(String));
    expect(page.rows[0].userCount).toBe(2);
    expect(page.rows.slice(1).every((p) => p.userCount === 0)).toBe(true);
    // The page, its user counts, and (issue 13) its roles and teams counts: two aggregates, never the rows.
    expect(sent).toHaveLength(3);
    expect(sent[0]).toContain("$count=true");
    expect(sent.slice(1).every((s) => s.includes('aggregate="true"'))).toBe(true);
    expect(sent.join(" ")).not.toContain("$expand");
  });

  it("follows the nextLink to the second and third pages, with the counts of their own rows", async () => {
    const first = await repository.listProfilePage(byName);
    const second = await repository.listProfilePage({ ...byName, page: first.nextPage });
    expect(second.rows.map((p) => p.name)).toEqual(Array.from({ length: 50 }, (_, i) => name(50 + i)));
    expect(second.totalCount).toBe(120);
    expect(second.rows.find((p) => p.name === name(55))?.userCount).toBe(1);
    const third = await repository.listProfilePage({ ...byName, page: second.nextPage });
    expect(third.rows).toHaveLength(20);
    expect(third.nextPage).toBeUndefined();
  });

  it("sorts and searches on the server", async () => {
    const descending = await repository.listProfilePage({ ...byName, sort: { column: "name", descending: true } });
    expect(descending.rows[0].name).toBe(name(119));
    const searched = await repository.listProfilePage({ ...byName, search: "grid_p11" });
    expect(searched.rows.map((p) => p.name)).toEqual(Array.from({ length: 10 }, (_, i) => name(110 + i)));
    expect(searched.totalCount).toBe(10);
    const inactive = await repository.listProfilePage({ ...byName, status: "inactive" });
    expect(inactive.rows).toEqual([]);
    expect(inactive.totalCount).toBe(0);
  });
});
