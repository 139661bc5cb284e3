/**
 * Issue 13, the designer's list against the real server over HTTP: each profile's rank and custom-default flag come
 * with the page, and its roles and teams are counted by one FetchXML aggregate per page (distinct counts over both
 * N:N intersects, Learn: fetchxml/aggregate-data), whatever the number of assignments; the server sorts by rank.
 */
import { AppChoice, AppProfile, AppProfileRole, AppProfileTeam, Role, Team } from "../../schema";
import type { WebApiProfileRepository } from "../../controls/shared/data/webApiRepository";
import type { ProfilePageQuery } from "../../controls/shared/data/profilePage";
import { profileRepository } from "./repository";
import { startHarness, type Harness } from "./harness";

let h: Harness;
let repository: WebApiProfileRepository;
const sent: string[] = [];
const query: ProfilePageQuery = { search: "access_", sort: { column: "rank", descending: false }, status: "all" };

async function ids(collection: string, id: string): Promise<string[]> {
  const response = await h.raw(`${collection}?$select=${id}&$top=3`, { user: "sysadmin" });
  return ((await response.json()) as { value: Record<string, string>[] }).value.map((r) => r[id]);
}

beforeAll(async () => {
  h = await startHarness();
  const admin = h.client("admin");
  const create = (name: string, extra: Record<string, unknown>) =>
    admin.create<unknown, string>({
      collection: AppProfile.entitySetName,
      data: { apm_name: name, apm_uniquename: name, apm_app: AppChoice.CustomerServiceWorkspace.value, ...extra },
    });
  const ranked = await create("access_ranked", { apm_rank: 7 });
  await create("access_default", { apm_iscustomdefault: true });
  await create("access_first", { apm_rank: 3 });
  const [roles, teams] = [
    await ids(Role.entitySetName, Role.primaryIdAttribute),
    await ids(Team.entitySetName, Team.primaryIdAttribute),
  ];
  expect(roles.length).toBeGreaterThanOrEqual(2);
  expect(teams.length).toBeGreaterThanOrEqual(1);
  const link = (relationshipName: string, relatedCollection: string, relatedKey: string) =>
    admin.associate({
      collection: AppProfile.entitySetName,
      primaryKey: ranked,
      relationshipName,
      relatedCollection,
      relatedKey,
    });
  await link(AppProfileRole.schemaName, Role.entitySetName, roles[0]);
  await link(AppProfileRole.schemaName, Role.entitySetName, roles[1]);
  await link(AppProfileTeam.schemaName, Team.entitySetName, teams[0]);
  repository = profileRepository(h, "admin", {
    wrapFetch: (send) => (path, init) => {
      sent.push(decodeURIComponent(path));
      return send(path, init);
    },
  });
}, 120_000);
afterAll(() => h.stop());

describe("the list's rank, roles and teams, and custom default (issue 13)", () => {
  it("sorts by rank on the server and counts roles and teams in one aggregate, without the rows", async () => {
    const page = await repository.listProfilePage(query);
    expect(page.rows.map((p) => [p.name, p.rank, p.roleCount, p.teamCount, p.isCustomDefault])).toEqual([
      // Dataverse sorts empty values first, ascending.
      ["access_default", null, 0, 0, true],
      ["access_first", 3, 0, 0, false],
      ["access_ranked", 7, 2, 1, false],
    ]);
    expect(sent).toHaveLength(3);
    expect(sent[0]).toContain("$orderby=apm_rank asc");
    const aggregate = sent.find((s) => s.includes("apm_appprofile_role"));
    expect(aggregate).toContain('aggregate="countcolumn" distinct="true"');
    expect(sent.join(" ")).not.toContain("$expand");
  });
});
