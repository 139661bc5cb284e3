/**
 * Issue 13, the editor's data module (controls/shared/data/profileAccess.ts) over HTTP against the local server:
 * roles and teams saved with the profile in one change set, a rank swap and a custom default moved in one change
 * set each, and the users a team or a role reaches.
 */
import { AppChoice, AppProfile } from "../../schema";
import { demoRoles, demoTeams } from "../../server/demoTeams";
import { WebApiProfileAccess, type AccessItem } from "../../controls/shared/data/profileAccess";
import { createWebApiFetch } from "../../controls/shared/data/webApiFetch";
import { RepositoryError } from "../../controls/shared/data/ProfileRepository";
import { profileRepository } from "./repository";
import { startHarness, type Harness } from "./harness";

jest.setTimeout(60_000);

let h: Harness;
let access: WebApiProfileAccess;
beforeAll(async () => {
  h = await startHarness();
  access = new WebApiProfileAccess(
    createWebApiFetch({ clientUrl: h.server.url, getToken: () => h.token("admin") }),
    h.server.url,
  );
});
afterAll(() => h.stop());

const app = AppChoice.OmnichannelForCustomerService.value;
const tier1: AccessItem = { id: demoTeams.tier1.teamid, name: demoTeams.tier1.name, kind: "team" };
const agentRole: AccessItem = {
  id: demoRoles.omnichannelAgent.roleid,
  name: demoRoles.omnichannelAgent.name,
  kind: "role",
};

async function profile(uniqueName: string, extra: Record<string, unknown> = {}): Promise<string> {
  return h.client("admin").create<unknown, string>({
    collection: AppProfile.entitySetName,
    data: { apm_name: uniqueName, apm_uniquename: uniqueName, apm_app: app, ...extra },
  });
}

describe("profile access over HTTP", () => {
  it("searches roles and teams, and saves a role, a team and the rank in the profile's one change set", async () => {
    expect((await access.searchTeams("tier")).map((t) => t.name)).toEqual(["Tier 1"]);
    expect((await access.searchRoles("omnichannel")).map((t) => t.name)).toEqual([
      "Omnichannel agent",
      "Omnichannel supervisor",
    ]);
    const id = await profile("apm_access_save");
    const repository = profileRepository(h, "admin");
    const record = await repository.getProfile(id);
    await repository.saveProfile({
      profileId: id,
      etag: record!.etag,
      changedFields: { apm_rank: 40 } as never,
      disassociate: [],
      associate: [
        { relationship: "apm_appprofile_team", profileId: id, relatedId: tier1.id },
        { relationship: "apm_appprofile_role", profileId: id, relatedId: agentRole.id },
      ],
    });
    const loaded = await access.loadAccess(id);
    expect(loaded).toEqual({ rank: 40, isCustomDefault: false, roles: [agentRole], teams: [tier1] });
    const rows = await access.appProfiles(app);
    expect(rows.find((r) => r.id === id)).toMatchObject({ rank: 40, teams: [tier1], roles: [agentRole] });
  });

  it("refuses a team without a rank, saying how to fix it, and writes nothing", async () => {
    const id = await profile("apm_access_norank");
    const repository = profileRepository(h, "admin");
    const record = await repository.getProfile(id);
    const error = await repository
      .saveProfile({
        profileId: id,
        etag: record!.etag,
        changedFields: {},
        disassociate: [],
        associate: [{ relationship: "apm_appprofile_team", profileId: id, relatedId: tier1.id }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RepositoryError);
    expect((error as Error).message).toMatch(/needs a rank/);
    expect((await access.loadAccess(id)).teams).toEqual([]);
  });

  it("swaps two adjacent ranks in one change set, through a free rank", async () => {
    const a = await profile("apm_access_swap_a", { apm_rank: 61 });
    const b = await profile("apm_access_swap_b", { apm_rank: 62 });
    const repository = profileRepository(h, "admin");
    for (const id of [a, b]) {
      const r = await repository.getProfile(id);
      await repository.saveProfile({
        profileId: id,
        etag: r!.etag,
        changedFields: {},
        disassociate: [],
        associate: [{ relationship: "apm_appprofile_team", profileId: id, relatedId: tier1.id }],
      });
    }
    const rows = await access.appProfiles(app);
    const [ra, rb] = [a, b].map((id) => rows.find((r) => r.id === id)!);
    await access.updateProfiles([
      { id: a, etag: ra.etag, fields: { apm_rank: 999 } },
      { id: b, etag: rb.etag, fields: { apm_rank: 61 } },
      { id: a, fields: { apm_rank: 62 } },
    ]);
    expect((await access.loadAccess(a)).rank).toBe(62);
    expect((await access.loadAccess(b)).rank).toBe(61);
  });

  it("moves the custom default in one change set; setting a second one alone is refused naming the holder", async () => {
    const first = await profile("apm_access_default_a", { apm_iscustomdefault: true });
    const second = await profile("apm_access_default_b");
    const rows = await access.appProfiles(app);
    const [r1, r2] = [first, second].map((id) => rows.find((r) => r.id === id)!);
    const refused = await access
      .updateProfiles([{ id: second, etag: r2.etag, fields: { apm_iscustomdefault: true } }])
      .catch((e: unknown) => e);
    expect((refused as Error).message).toMatch(/apm_access_default_a|already the custom default/);
    await access.updateProfiles([
      { id: first, etag: r1.etag, fields: { apm_iscustomdefault: false } },
      { id: second, etag: r2.etag, fields: { apm_iscustomdefault: true } },
    ]);
    expect((await access.loadAccess(first)).isCustomDefault).toBe(false);
    expect((await access.loadAccess(second)).isCustomDefault).toBe(true);
  });

  it("lists a team's members and a role's holders (directly or through a team) with their profiles", async () => {
    const members = await access.usersOf(tier1);
    expect(members.map((u) => u.id).sort()).toEqual([h.userId("agent"), h.userId("agent2")].sort());
    const holders = await access.usersOf(agentRole);
    // Omnichannel agent is held by Tier 1 and Escalations: agent, agent2 and admin through their teams.
    expect(holders.map((u) => u.id).sort()).toEqual([h.userId("admin"), h.userId("agent"), h.userId("agent2")].sort());
    expect(members.every((u) => Array.isArray(u.profiles) && u.teamIds.length > 0)).toBe(true);
  });
});
