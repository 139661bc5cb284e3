/**
 * Issue 13's precedence end to end, server rows to the runtime: Direct > Team (lowest rank) > Role held directly or
 * through a team (lowest rank) > CustomDefault > Default, every step in exactly one request and under 5 KB, and
 * inactive profiles skipped. Profiles, ranks and links are written through the Web API (the handlers run); users,
 * teams, roles and their memberships are the platform's rows, written as the platform would.
 */
import {
  AppChoice,
  AppProfile,
  AppProfileChannelProvider,
  AppProfileSessionTemplate,
  ChannelProvider,
  SessionTemplate,
  SessionTemplateTypeChoice,
  AppProfileSystemUser,
  AppProfileTeam,
  builtInProfiles,
  SystemUserRoles,
  TeamMembership,
} from "../../schema";
import { createWebApiTransport, resolveEffectiveProfile, resolveProfileChain, type Transport } from "../../runtime";
import { startHarness, type Harness } from "./harness";
import { precedenceFixture, seedPrecedence } from "./precedenceFixture";

const csw = AppChoice.CustomerServiceWorkspace.value;
const oc = AppChoice.OmnichannelForCustomerService.value;
let h: Harness;

const fixture = precedenceFixture(() => h, "prec");
const { ids, user, team, platformLink, profile, link } = fixture;

/** Resolves as an agent's app does; exactly one request, and the answer's size. */
async function resolve(userId: string, app = csw) {
  const inner = createWebApiTransport({ baseUrl: h.server.apiUrl, getToken: () => h.token("agent") });
  let requests = 0;
  let bytes = 0;
  const transport: Transport = async (path, init) => {
    requests += 1;
    const response = await inner(path, init);
    const text = await response.text();
    bytes += Buffer.byteLength(text);
    return {
      ...response,
      ok: response.ok,
      status: response.status,
      json: async () => JSON.parse(text),
      text: async () => text,
    };
  };
  const result = await resolveEffectiveProfile(userId, app, { transport });
  expect(requests).toBe(1);
  expect(bytes).toBeLessThan(5 * 1024);
  // The agent's query carries the winner only; Search by user's chain ranks every candidate: both name the same one.
  const [first] = await resolveProfileChain(userId, app, { transport: inner });
  expect([first.reason, first.profile.id, first.via]).toEqual([result.reason, result.profile.id, result.via]);
  return { ...result, name: result.profile.name };
}

beforeAll(async () => {
  h = await startHarness();
  await seedPrecedence(fixture);
});
afterAll(() => h.stop());

describe("which profile a user gets, in order", () => {
  it("Direct beats teams, roles and the defaults", async () => {
    const u = user("Dana Direct");
    platformLink(TeamMembership, u, ids["Tier 2"]);
    platformLink(SystemUserRoles, u, ids["Omnichannel agent"]);
    await link(ids["Direct profile"], AppProfileSystemUser, u);
    const result = await resolve(u);
    expect([result.reason, result.name, result.via]).toEqual(["Direct", "Direct profile", undefined]);
  });

  it("Team beats Role whatever the ranks, and the lowest-ranked team profile wins, via that team", async () => {
    const u = user("Theo Teams");
    platformLink(TeamMembership, u, ids["Tier 1"]);
    platformLink(TeamMembership, u, ids["Tier 2"]);
    platformLink(SystemUserRoles, u, ids["Omnichannel agent"]); // rank 3, lower than both teams'
    const result = await resolve(u);
    expect([result.reason, result.name, result.via]).toEqual([
      "Team",
      "Tier 2 profile",
      { id: ids["Tier 2"], name: "Tier 2" },
    ]);
    expect(result.profile.rank).toBe(10);
  });

  it("Role: the lowest rank among the roles the user holds directly", async () => {
    const u = user("Rita Roles");
    platformLink(SystemUserRoles, u, ids["Customer Service Representative"]);
    platformLink(SystemUserRoles, u, ids["Omnichannel agent"]);
    const result = await resolve(u);
    expect([result.reason, result.name, result.via]).toEqual([
      "Role",
      "Omnichannel profile",
      { id: ids["Omnichannel agent"], name: "Omnichannel agent" },
    ]);
  });

  it("Role held through a team counts, and wins on rank over a role held directly", async () => {
    const u = user("Sam Supervisor");
    platformLink(TeamMembership, u, ids.Escalations); // no profile for the team itself; it holds Supervisor
    platformLink(SystemUserRoles, u, ids["Customer Service Representative"]);
    const result = await resolve(u);
    expect([result.reason, result.name, result.via]).toEqual([
      "Role",
      "Supervisor profile",
      { id: ids.Supervisor, name: "Supervisor" },
    ]);
  });

  it("CustomDefault for a user with nothing else, Default in an app without one", async () => {
    const u = user("Nora Nothing");
    const custom = await resolve(u);
    expect([custom.reason, custom.name, custom.via]).toEqual(["CustomDefault", "Custom default", undefined]);
    const builtIn = await resolve(u, oc);
    expect([builtIn.reason, builtIn.profile.id]).toEqual(["Default", builtInProfiles[1].apm_appprofileid]);
  });

  it("skips inactive profiles at every step, each time to the next one", async () => {
    const u = user("Ivy Inactive");
    platformLink(TeamMembership, u, ids["Tier 1"]);
    platformLink(TeamMembership, u, ids["Tier 2"]);
    platformLink(SystemUserRoles, u, ids["Customer Service Representative"]);
    const admin = h.client("admin");
    const setState = (id: string, active: boolean) =>
      admin.update({
        collection: AppProfile.entitySetName,
        key: id,
        data: active ? { statecode: 0, statuscode: 1 } : { statecode: 1, statuscode: 2 },
      });
    const steps: [string, string][] = [];
    const step = async () => {
      const r = await resolve(u);
      steps.push([r.reason, r.name]);
    };
    await step();
    await setState(ids["Tier 2 profile"], false);
    await step();
    await setState(ids["Tier 1 profile"], false);
    await step();
    await setState(ids["CSR profile"], false);
    await step();
    // The custom default can't be deactivated while it is one (the handlers refuse); clearing it lets the built-in apply.
    await admin.update({
      collection: AppProfile.entitySetName,
      key: ids["Custom default"],
      data: { apm_iscustomdefault: false },
    });
    await step();
    expect(steps).toEqual([
      ["Team", "Tier 2 profile"],
      ["Team", "Tier 1 profile"],
      ["Role", "CSR profile"],
      ["CustomDefault", "Custom default"],
      ["Default", builtInProfiles[0].apm_name],
    ]);
    for (const id of ["Tier 2 profile", "Tier 1 profile", "CSR profile"]) await setState(ids[id], true);
    await admin.update({
      collection: AppProfile.entitySetName,
      key: ids["Custom default"],
      data: { apm_iscustomdefault: true },
    });
  });
  it("a direct profile in the other app does not stop this app's team profile", async () => {
    const u = user("Olga Other");
    platformLink(TeamMembership, u, ids["Tier 2"]);
    const other = await profile("Other app direct", { apm_app: oc });
    await link(other, AppProfileSystemUser, u);
    const here = await resolve(u);
    expect([here.reason, here.name]).toEqual(["Team", "Tier 2 profile"]);
    const there = await resolve(u, oc);
    expect([there.reason, there.name]).toEqual(["Direct", "Other app direct"]);
  });

  it("a built-in assigned directly is Direct: it beats the user's teams, roles and the custom default", async () => {
    const u = user("Bea Builtin");
    platformLink(TeamMembership, u, ids["Tier 1"]);
    platformLink(SystemUserRoles, u, ids["Omnichannel agent"]);
    const builtIn = builtInProfiles[0].apm_appprofileid;
    await link(builtIn, AppProfileSystemUser, u);
    const result = await resolve(u);
    expect([result.reason, result.profile.id, result.via]).toEqual(["Direct", builtIn, undefined]);
  });

  it("the assigned profile is Direct even when the user's team is given it too", async () => {
    const u = user("Dora Double");
    platformLink(TeamMembership, u, ids["Tier 2"]);
    await link(ids["Tier 1 profile"], AppProfileSystemUser, u);
    platformLink(TeamMembership, u, ids["Tier 1"]);
    const result = await resolve(u);
    expect([result.reason, result.name, result.via]).toEqual(["Direct", "Tier 1 profile", undefined]);
  });

  it("ties between a user's teams go to the lowest rank, even when that is the custom default given to a team", async () => {
    const [a, b, c] = ["Rank team A", "Rank team B", "Rank team C"].map(team);
    for (const [name, rank, teamId] of [
      ["Rank 30", 30, a],
      ["Rank 40", 40, b],
    ] as const) {
      ids[name] = await profile(name, { apm_rank: rank });
      await link(ids[name], AppProfileTeam, teamId);
    }
    const u = user("Tia Ties");
    for (const t of [a, b, c]) platformLink(TeamMembership, u, t);
    expect((await resolve(u)).name).toBe("Rank 30");
    // The custom default, ranked 2 and given to team C, wins as a team profile (its team is the reason).
    const admin = h.client("admin");
    await admin.update({ collection: AppProfile.entitySetName, key: ids["Custom default"], data: { apm_rank: 2 } });
    await link(ids["Custom default"], AppProfileTeam, c);
    const result = await resolve(u);
    expect([result.reason, result.name, result.via]).toEqual([
      "Team",
      "Custom default",
      { id: c, name: "Rank team C" },
    ]);
  });
  it("a typical profile's answer stays under 5 KB when the user's team profile and the custom default hold as much", async () => {
    // Issue 13's typical profile: four session templates and two channel providers, on three profiles that fit.
    const admin = h.client("admin");
    const templates: string[] = [];
    for (const entity of ["incident", "account", "contact", "msdyn_ocliveworkitem"])
      templates.push(
        await admin.create<unknown, string>({
          collection: SessionTemplate.entitySetName,
          data: {
            apm_name: `Typical ${entity} session`,
            apm_uniquename: `prec_typical_${entity}`,
            apm_type: SessionTemplateTypeChoice.Entity.value,
            apm_entitylogicalname: entity,
          },
        }),
      );
    const providers: string[] = [];
    for (const n of [1, 2])
      providers.push(
        await admin.create<unknown, string>({
          collection: ChannelProvider.entitySetName,
          data: {
            apm_name: `prec_typical_provider${n}`,
            apm_label: `Contoso telephony ${n}`,
            apm_channelurl: `https://cti${n}.contoso-telephony.example/agent/index.html`,
            apm_trusteddomain: `https://cti${n}.contoso-telephony.example`,
            apm_sortorder: n,
          },
        }),
      );
    const typical = async (name: string, extra: Record<string, unknown>) => {
      const id = await profile(name, { apm_app: oc, ...extra });
      for (const t of templates) await link(id, AppProfileSessionTemplate, t);
      for (const p of providers) await link(id, AppProfileChannelProvider, p);
      return id;
    };
    const direct = await typical("Typical direct profile", {});
    const teamProfile = await typical("Typical team profile", { apm_rank: 600 });
    await typical("Typical custom default", { apm_iscustomdefault: true });
    const typicalTeam = team("Typical team");
    await link(teamProfile, AppProfileTeam, typicalTeam);
    const u = user("Tom Typical");
    platformLink(TeamMembership, u, typicalTeam);
    await link(direct, AppProfileSystemUser, u);
    // resolve() asserts one request and under 5 KB; every candidate's templates and providers made it about 7 KB.
    const result = await resolve(u, oc);
    expect([result.reason, result.name]).toEqual(["Direct", "Typical direct profile"]);
    expect(result.sessionTemplates).toHaveLength(4);
    expect(result.channelProviders.map((p) => p.label)).toEqual(["Contoso telephony 1", "Contoso telephony 2"]);
  });
});
