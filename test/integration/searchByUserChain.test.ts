/**
 * Issue 13, Search by user end to end: server rows (direct, team, role held directly and through a team, custom
 * default, built-in, ranks, inactive profiles) → the Web API over HTTP → the designer's own WebApiProfileRepository,
 * built as controls/ProfileDesigner/index.ts builds it → the chain and the "next" profile the panel shows. Each step
 * takes the effective profile away (unassign, deactivate, clear the custom default) and checks that the one shown
 * as next is the one that then applies, down to the built-in. Profiles and links go through the Web API (the
 * handlers run); users, teams, roles and memberships are the platform's rows, written as the platform would.
 */
import {
  AppChoice,
  AppProfile,
  AppProfileSystemUser,
  AppProfileTeam,
  builtInProfiles,
  SystemUserRoles,
  TeamMembership,
} from "../../schema";
import type { EffectiveProfileItem, ProfileStep } from "../../controls/shared/data/model";
import type { WebApiFetch } from "../../controls/shared/data/webApiFetch";
import { startHarness, type Harness } from "./harness";
import { precedenceFixture, seedPrecedence } from "./precedenceFixture";
import { designerRepository } from "./repository";

const csw = AppChoice.CustomerServiceWorkspace.value;
const oc = AppChoice.OmnichannelForCustomerService.value;
let h: Harness;
const fixture = precedenceFixture(() => h, "sbu");
const { ids, user, team, platformLink, profile, link, unlink } = fixture;

const giveTeam = (p: string, t: string) => link(ids[p], AppProfileTeam, ids[t]);
const assign = (p: string, u: string) => link(ids[p], AppProfileSystemUser, u);
const unassign = (p: string, u: string) => unlink(ids[p], AppProfileSystemUser, u);
const update = (p: string, data: Record<string, unknown>) =>
  h.client("admin").update({ collection: AppProfile.entitySetName, key: ids[p], data });
const deactivate = (p: string) => update(p, { statecode: 1, statuscode: 2 });

/** What the panel shows for a step: the profile's name, the reason, and the team or role it comes through. */
const shown = (step: ProfileStep | undefined) =>
  step ? [step.profile.name, step.reason, step.via?.name ?? null] : ["(none)", null, null];

/** Search by user as the designer runs it, counting the HTTP requests its fetch sends. */
async function searchByUser(userId: string): Promise<{ items: EffectiveProfileItem[]; requests: number }> {
  let requests = 0;
  const count =
    (send: WebApiFetch): WebApiFetch =>
    (path, init) => {
      requests += 1;
      return send(path, init);
    };
  const items = await designerRepository(h, "admin", { wrapFetch: count }).effectiveProfiles(userId);
  return { items, requests };
}
const inApp = (items: EffectiveProfileItem[], app: number) => items.find((i) => i.app === app)!;

beforeAll(async () => {
  h = await startHarness();
  await seedPrecedence(fixture);
  // One profile given to two teams: the team it comes through is named by the first team's name.
  for (const name of ["Alpha squad", "Beta squad"]) ids[name] = team(name);
  await profile("Squad profile", { apm_rank: 50 });
  await giveTeam("Squad profile", "Beta squad");
  await giveTeam("Squad profile", "Alpha squad");
});
afterAll(() => h.stop());

describe("Search by user through the designer's repository over HTTP", () => {
  it("finds the user, then shows every step of the chain in order, each next one applying once the last goes", async () => {
    const u = user("Una Everything");
    for (const t of ["Tier 1", "Tier 2", "Escalations"]) platformLink(TeamMembership, u, ids[t]);
    for (const r of ["Customer Service Representative", "Omnichannel agent"]) platformLink(SystemUserRoles, u, ids[r]);
    await assign("Direct profile", u);

    const repository = designerRepository(h);
    const [found] = await repository.searchUsers("Una Every");
    expect([found.id, found.fullName, found.profiles?.map((p) => p.name)]).toEqual([
      u,
      "Una Everything",
      ["Direct profile"],
    ]);

    const steps: unknown[][] = [];
    const take = async (away: () => Promise<unknown>) => {
      const { items, requests } = await searchByUser(u);
      expect(requests).toBe(Object.values(AppChoice).length); // one request per app, whatever the chain
      const item = inApp(items, csw);
      steps.push([...shown(item), "next:", ...shown(item.next)]);
      await away();
      // What was shown as next is what now applies.
      const after = inApp((await searchByUser(u)).items, csw);
      expect(shown(after)).toEqual(shown(item.next));
    };
    await take(() => unassign("Direct profile", u));
    await take(() => deactivate("Tier 2 profile"));
    await take(() => deactivate("Tier 1 profile"));
    await take(() => deactivate("Supervisor profile"));
    await take(() => deactivate("Omnichannel profile"));
    await take(() => deactivate("CSR profile"));
    // An active custom default can't be deactivated (the handlers refuse): clearing the flag takes it away.
    await take(() => update("Custom default", { apm_iscustomdefault: false }));
    const last = inApp((await searchByUser(u)).items, csw);
    steps.push([...shown(last), "next:", ...shown(last.next)]);

    const builtIn = builtInProfiles[0].apm_name;
    expect(steps).toEqual([
      ["Direct profile", "Direct", null, "next:", "Tier 2 profile", "Team", "Tier 2"],
      // Two team profiles: the lower rank (10) first.
      ["Tier 2 profile", "Team", "Tier 2", "next:", "Tier 1 profile", "Team", "Tier 1"],
      // Team beats Role whatever the ranks; among roles, Supervisor (rank 1) is held through the Escalations team.
      ["Tier 1 profile", "Team", "Tier 1", "next:", "Supervisor profile", "Role", "Supervisor"],
      ["Supervisor profile", "Role", "Supervisor", "next:", "Omnichannel profile", "Role", "Omnichannel agent"],
      [
        "Omnichannel profile",
        "Role",
        "Omnichannel agent",
        "next:",
        "CSR profile",
        "Role",
        "Customer Service Representative",
      ],
      ["CSR profile", "Role", "Customer Service Representative", "next:", "Custom default", "CustomDefault", null],
      ["Custom default", "CustomDefault", null, "next:", builtIn, "Default", null],
      [builtIn, "Default", null, "next:", "(none)", null, null],
    ]);
    // The other app has none of these: its built-in, and nothing after it.
    const other = inApp((await searchByUser(u)).items, oc);
    expect([...shown(other), ...shown(other.next)]).toEqual([
      builtInProfiles[1].apm_name,
      "Default",
      null,
      "(none)",
      null,
      null,
    ]);

    for (const p of ["Tier 2 profile", "Tier 1 profile", "Supervisor profile", "Omnichannel profile", "CSR profile"])
      await update(p, { statecode: 0, statuscode: 1 });
    await update("Custom default", { apm_iscustomdefault: true });
  });

  it("names the first of the user's teams by name when one profile is given to several of them", async () => {
    const u = user("Sid Squads");
    platformLink(TeamMembership, u, ids["Beta squad"]);
    platformLink(TeamMembership, u, ids["Alpha squad"]);
    const item = inApp((await searchByUser(u)).items, csw);
    expect([...shown(item), ...shown(item.next)]).toEqual([
      "Squad profile",
      "Team",
      "Alpha squad",
      "Custom default",
      "CustomDefault",
      null,
    ]);
  });

  it("skips an inactive profile given to the user's team: the next one is what applies and what is shown", async () => {
    const u = user("Ian Inactive");
    platformLink(TeamMembership, u, ids["Tier 2"]);
    platformLink(SystemUserRoles, u, ids["Customer Service Representative"]);
    await deactivate("Tier 2 profile");
    try {
      const item = inApp((await searchByUser(u)).items, csw);
      expect([...shown(item), ...shown(item.next)]).toEqual([
        "CSR profile",
        "Role",
        "Customer Service Representative",
        "Custom default",
        "CustomDefault",
        null,
      ]);
    } finally {
      await update("Tier 2 profile", { statecode: 0, statuscode: 1 });
    }
  });

  it("shows a built-in assigned directly as Direct, ahead of the user's team and the custom default", async () => {
    const u = user("Bo Builtin");
    platformLink(TeamMembership, u, ids["Tier 1"]);
    const builtIn = builtInProfiles[0];
    await link(builtIn.apm_appprofileid, AppProfileSystemUser, u);
    const item = inApp((await searchByUser(u)).items, csw);
    expect([...shown(item), ...shown(item.next)]).toEqual([
      builtIn.apm_name,
      "Direct",
      null,
      "Tier 1 profile",
      "Team",
      "Tier 1",
    ]);
  });
});
