/**
 * Issue 13's rules over HTTP: rank (range, required, unique, raced by two admins), one custom default per app (and
 * moving it in one change set), only existing roles and teams, none for built-ins. Against the demo-seeded server and
 * a server the solution was deployed to (so the zip's relationships and columns are the ones being used).
 */
import { AppChoice, AppProfile, AppProfileRole, AppProfileTeam, builtInProfiles, Role, Team } from "../../schema";
import { newId } from "../../server/ids";
import { ROOT_BUSINESS_UNIT_ID } from "../../server/platform";
import { insertRow } from "../../server/storage/rows";
import { SYSTEM_USER_ID } from "../../server/users";
import { rejection, type Harness } from "./harness";
import { harnessKinds } from "./deployed";

let h: Harness;
const set = AppProfile.entitySetName;
let roleId: string;
let teamId: string;
let counter = 0;

const profile = (extra: Record<string, unknown> = {}) => {
  counter += 1;
  return {
    apm_name: `Ranked ${counter}`,
    apm_uniquename: `contoso_ranked${counter}`,
    apm_app: AppChoice.CustomerServiceWorkspace.value,
    ...extra,
  };
};
const withRole = (extra: Record<string, unknown>) =>
  profile({
    ...extra,
    [`${AppProfileRole.entity1NavigationProperty}@odata.bind`]: [`/${Role.entitySetName}(${roleId})`],
  });
const create = (data: Record<string, unknown>) => h.client("admin").create<unknown, string>({ collection: set, data });
const update = (id: string, data: Record<string, unknown>) =>
  h.client("admin").update({ collection: set, key: id, data });
const read = async (id: string) =>
  (await h.client("admin").retrieve({ collection: set, key: id, select: ["apm_rank", "apm_iscustomdefault"] })) as {
    apm_rank: number | null;
    apm_iscustomdefault: boolean | null;
  };
const link = (profileId: string, navigation: string, target: string) =>
  h.raw(`${set}(${profileId})/${navigation}/$ref`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ "@odata.id": `${h.server.apiUrl}${target}` }),
  });
const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string } }).error;

describe.each(harnessKinds)("against the %s server", (_kind, start) => {
  beforeAll(async () => {
    h = await start();
    // Roles and teams are the platform's rows (an admin picks existing ones): written here as the platform would.
    const platformRow = (table: typeof Role | typeof Team, name: string) => {
      const id = newId();
      insertRow(h.server.api.dbs.writer, table, id, { name, businessunitid: ROOT_BUSINESS_UNIT_ID }, SYSTEM_USER_ID);
      return id;
    };
    roleId = platformRow(Role, "Tier 1 role");
    teamId = platformRow(Team, "Escalations");
  });
  afterAll(() => h.stop());

  describe("rank", () => {
    it("refuses a rank outside 1-1000 as Dataverse refuses an out-of-range whole number", async () => {
      const refused = await rejection(create(profile({ apm_rank: 1001 })));
      expect(refused).toMatchObject({ status: 400, code: "0x80044331" });
    });

    it("needs a rank for a role given on create, and writes nothing when it is missing", async () => {
      const data = withRole({});
      const refused = await rejection(create(data));
      expect(refused).toMatchObject({ status: 400, code: "0x80040265" });
      expect(refused.message).toMatch(/needs a rank/);
      const found = await h.client("admin").retrieveMultiple({
        collection: set,
        filter: `apm_uniquename eq '${data.apm_uniquename}'`,
        select: ["apm_name"],
      });
      expect(found.value).toHaveLength(0);
    });

    it("lets only one of two admins racing for the same rank win, naming the winner to the other", async () => {
      const first = withRole({ apm_rank: 7 });
      const second = withRole({ apm_rank: 7 });
      const results = await Promise.allSettled([create(first), create(second)]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const winner = results[0].status === "fulfilled" ? first : second;
      expect(String(lost[0].reason.message)).toContain(`The rank 7 is already held by "${winner.apm_name}"`);
    });

    it("refuses giving a team to a profile whose rank another profile with roles holds, over $ref", async () => {
      await create(withRole({ apm_rank: 11 }));
      const id = await create(profile({ apm_rank: 11 }));
      const response = await link(id, AppProfileTeam.entity1NavigationProperty, `${Team.entitySetName}(${teamId})`);
      expect(response.status).toBe(400);
      expect((await errorOf(response)).message).toMatch(/rank 11 is already held by "Ranked \d+"/);
      await update(id, { apm_rank: 12 });
      expect(
        (await link(id, AppProfileTeam.entity1NavigationProperty, `${Team.entitySetName}(${teamId})`)).status,
      ).toBe(204);
      expect((await rejection(update(id, { apm_rank: null }))).message).toMatch(/needs a rank/);
      expect((await read(id)).apm_rank).toBe(12);
    });
  });

  describe("roles and teams", () => {
    it("gives a built-in profile no role", async () => {
      const builtIn = builtInProfiles[0].apm_appprofileid;
      const response = await link(
        builtIn,
        AppProfileRole.entity1NavigationProperty,
        `${Role.entitySetName}(${roleId})`,
      );
      expect(response.status).toBe(400);
      expect((await errorOf(response)).message).toMatch(/built-in profile.*can't be given to a role/);
    });

    it("answers 404 for a role that doesn't exist, as Dataverse does, and links nothing", async () => {
      const id = await create(profile({ apm_rank: 20 }));
      const ghost = "00000000-0000-4000-8000-00000000dead";
      const response = await link(id, AppProfileRole.entity1NavigationProperty, `${Role.entitySetName}(${ghost})`);
      expect(response.status).toBe(404);
      const related = await h.raw(`${set}(${id})/${AppProfileRole.entity1NavigationProperty}`);
      expect(((await related.json()) as { value: unknown[] }).value).toHaveLength(0);
    });
  });

  describe("custom default", () => {
    it("refuses a second one in the app, naming the holder, and moves it in one change set", async () => {
      const holder = profile({ apm_iscustomdefault: true });
      const holderId = await create(holder);
      const otherId = await create(profile());
      const refused = await rejection(update(otherId, { apm_iscustomdefault: true }));
      expect(refused.message).toContain(`clear it on "${holder.apm_name}" (${holder.apm_uniquename}) first`);
      const admin = h.client("admin");
      admin.startBatch();
      admin.update({ collection: set, key: holderId, data: { apm_iscustomdefault: false } });
      admin.update({ collection: set, key: otherId, data: { apm_iscustomdefault: true } });
      await admin.executeBatch();
      expect((await read(holderId)).apm_iscustomdefault).toBe(false);
      expect((await read(otherId)).apm_iscustomdefault).toBe(true);
      // Deactivating the custom default is refused: an inactive profile can't be it.
      const deactivate = await rejection(update(otherId, { statecode: 1, statuscode: 2 }));
      expect(deactivate.message).toMatch(/inactive profile can't be/);
      // Clean up for the next suites of this server.
      await update(otherId, { apm_iscustomdefault: false });
    });
  });
});
