import { AppChoice } from "../schema";
import { checkApp, effectiveProfileQuery, normalizeUserId } from "./query";
import { pickEffective, rankCandidates, toEffectiveProfile } from "./rows";

const user = "8d1a7a52-0000-4000-8000-00000000a901";
const csw = AppChoice.CustomerServiceWorkspace.value;

describe("the effective-profile query", () => {
  const member = `teammembership_association/any(m:m/systemuserid eq ${user})`;
  const holder = `systemuserroles_association/any(s:s/systemuserid eq ${user}) or teamroles_association/any(tr:tr/${member})`;
  const ranking =
    `apm_appprofile_systemuser($select=systemuserid;$filter=systemuserid eq ${user}),` +
    `apm_appprofile_team($select=name;$filter=${member};$orderby=name),` +
    `apm_appprofile_role($select=name;$filter=${holder};$orderby=name)`;
  const decoded = (query: string) => decodeURIComponent(query);
  const option = (query: string, name: string) => new URLSearchParams(query.split("?")[1]).get(name) ?? "";

  it("for Search by user's chain: every candidate (default, custom default, assigned, team, role), nothing they hold", () => {
    expect(decoded(effectiveProfileQuery(user, csw, false))).toBe(
      "apm_appprofiles?$select=apm_name,apm_uniquename,apm_isdefault," +
        "apm_productivitypaneenabled,apm_productivitypanemode,apm_smartassistenabled,apm_callscriptenabled," +
        "apm_allactivechannels,apm_rank,apm_iscustomdefault" +
        `&$filter=statecode eq 0 and apm_app eq ${csw} and (apm_isdefault eq true or apm_iscustomdefault eq true or ` +
        `apm_appprofile_systemuser/any(u:u/systemuserid eq ${user}) or apm_appprofile_team/any(t:t/${member}) or ` +
        `apm_appprofile_role/any(r:r/${holder.replace("teamroles", "r/teamroles")}))` +
        `&$expand=${ranking}&$orderby=apm_isdefault,apm_name`,
    );
  });

  it("for the agent: the winner and at most one other row, with what it holds (issue 13: under 5 KB)", () => {
    const query = effectiveProfileQuery(user, csw);
    expect(query).not.toMatch(/ /);
    expect(option(query, "$top")).toBe("2");
    expect(option(query, "$orderby")).toBe("apm_isdefault,apm_rank,apm_uniquename");
    expect(option(query, "$expand")).toBe(
      "apm_appprofile_sessiontemplate($select=apm_name,apm_uniquename,apm_entitylogicalname;$filter=statecode eq 0;" +
        "$orderby=apm_name),apm_appprofile_channelprovider($select=apm_name,apm_label,apm_channelurl," +
        "apm_trusteddomain,apm_apiversion,apm_enableoutbound,apm_sortorder;$filter=statecode eq 0;" +
        `$orderby=apm_sortorder,apm_label),${ranking}`,
    );
    expect(option(query, "$select")).toBe(option(effectiveProfileQuery(user, csw, false), "$select"));
  });

  it("for the agent: a team's profile only without a direct one in the app, a role's only without either", () => {
    const filter = option(effectiveProfileQuery(user, csw), "$filter");
    const ofApp = (v: string) => `${v}/statecode eq 0 and ${v}/apm_app eq ${csw}`;
    const direct = (v: string) =>
      `${v}/apm_appprofile_systemuser/any(d:d/apm_appprofile_systemuser/any(x:x/systemuserid eq ${user}) and ${ofApp("d")})`;
    const mine = (v: string) => `${v}/teammembership_association/any(y:y/systemuserid eq ${user})`;
    const team = (v: string) =>
      `${v}/teammembership_association/any(h:${mine("h")} and h/apm_appprofile_team/any(e:${ofApp("e")} and ` +
      `e/apm_appprofile_team/any(z:${mine("z")})))`;
    const me = (v: string) => `${v}/systemuserid eq ${user}`;
    expect(filter).toBe(
      `statecode eq 0 and apm_app eq ${csw} and (apm_isdefault eq true or apm_iscustomdefault eq true or ` +
        `apm_appprofile_systemuser/any(u:u/systemuserid eq ${user}) or ` +
        `apm_appprofile_team/any(t:t/teammembership_association/any(m:${me("m")} and not ${direct("m")})) or ` +
        `apm_appprofile_role/any(r:r/systemuserroles_association/any(s:${me("s")} and not ${direct("s")} and not ${team("s")}) or ` +
        `r/teamroles_association/any(q:q/teammembership_association/any(m:${me("m")} and not ${direct("m")} and not ${team("m")}))))`,
    );
  });

  it("normalizes Xrm's {GUID} and refuses anything that is not a GUID", () => {
    expect(normalizeUserId(`{${user.toUpperCase()}}`)).toBe(user);
    for (const bad of [`${user})`, `'${user}'`, `${user} or true`, "", 42, null])
      expect(() => normalizeUserId(bad)).toThrow(TypeError);
  });

  it("accepts only the app choice values", () => {
    expect(checkApp(csw)).toBe(csw);
    for (const bad of [String(csw), csw + 0.5, 0, -1, Infinity]) expect(() => checkApp(bad)).toThrow(TypeError);
  });
});

describe("picking the row", () => {
  const row = (id: string, isDefault: boolean, assigned: boolean) => ({
    apm_appprofileid: id,
    apm_uniquename: id,
    apm_isdefault: isDefault,
    apm_appprofile_systemuser: assigned ? [{ systemuserid: user }] : [],
  });

  it("prefers an assigned regular profile, then an assigned built-in, then the default", () => {
    expect(pickEffective([row("d", true, false), row("p", false, true)])).toMatchObject({ reason: "Direct" });
    expect(pickEffective([row("d", true, true), row("p", false, true)])?.row.apm_appprofileid).toBe("p");
    expect(pickEffective([row("d", true, true)])).toMatchObject({ reason: "Direct" });
    expect(pickEffective([row("d", true, false)])).toMatchObject({ reason: "Default" });
    expect(pickEffective([])).toBeUndefined();
  });

  it("reads missing or odd values as safe defaults and sorts providers even when the server did not", () => {
    const profile = toEffectiveProfile(
      {
        apm_appprofile_channelprovider: [
          { apm_channelproviderid: "b", apm_label: "B", apm_sortorder: 2, apm_apiversion: 999 },
          { apm_channelproviderid: "a", apm_label: "A", apm_sortorder: 1 },
          "not a row",
        ],
        apm_productivitypanemode: null,
      },
      "Default",
    );
    expect(profile.channelProviders.map((p) => [p.id, p.apiVersion])).toEqual([
      ["a", "2.0"],
      ["b", "2.0"],
    ]);
    expect(profile.productivityPane.mode).toBe("collapsed");
    expect(profile.sessionTemplates).toEqual([]);
  });
});

describe("precedence (issue 13)", () => {
  type Extra = {
    teams?: string[];
    roles?: string[];
    rank?: number;
    custom?: boolean;
    assigned?: boolean;
    builtIn?: boolean;
  };
  const row = (id: string, extra: Extra = {}) => ({
    apm_appprofileid: id,
    apm_uniquename: id,
    apm_isdefault: extra.builtIn === true,
    apm_iscustomdefault: extra.custom === true,
    apm_rank: extra.rank ?? null,
    apm_appprofile_systemuser: extra.assigned ? [{ systemuserid: user }] : [],
    apm_appprofile_team: (extra.teams ?? []).map((name) => ({ teamid: `t-${name}`, name })),
    apm_appprofile_role: (extra.roles ?? []).map((name) => ({ roleid: `r-${name}`, name })),
  });
  const order = (rows: ReturnType<typeof row>[]) =>
    rankCandidates(rows).map((p) => [p.row.apm_appprofileid, p.reason, p.via?.name]);

  it("orders Direct, Team by rank, Role by rank, CustomDefault, Default, each profile once at its best reason", () => {
    const rows = [
      row("builtin", { builtIn: true }),
      row("custom", { custom: true }),
      row("role9", { roles: ["CSR"], rank: 9 }),
      row("role2", { roles: ["Supervisor", "Agent"], rank: 2 }),
      row("team7", { teams: ["Tier 2"], rank: 7, roles: ["CSR"] }),
      row("team1", { teams: ["Tier 1"], rank: 1 }),
      row("direct", { assigned: true, teams: ["Tier 1"], rank: 3 }),
    ];
    expect(order(rows)).toEqual([
      ["direct", "Direct", undefined],
      ["team1", "Team", "Tier 1"],
      ["team7", "Team", "Tier 2"],
      ["role2", "Role", "Agent"],
      ["role9", "Role", "CSR"],
      ["custom", "CustomDefault", undefined],
      ["builtin", "Default", undefined],
    ]);
  });

  it("gives the via of the winning step, and a profile without a rank ranks last", () => {
    expect(
      pickEffective([row("a", { teams: ["X"] }), row("b", { teams: ["Y"], rank: 1000 })])?.row.apm_appprofileid,
    ).toBe("b");
    const picked = toEffectiveProfile(row("r", { roles: ["B", "A"], rank: 4 }), "Role", { id: "r-A", name: "A" });
    expect([picked.via, picked.profile.rank, picked.profile.isCustomDefault]).toEqual([
      { id: "r-A", name: "A" },
      4,
      false,
    ]);
    expect("via" in toEffectiveProfile(row("d", { builtIn: true }), "Default")).toBe(false);
  });

  it("never lets a built-in be the CustomDefault", () => {
    expect(order([row("builtin", { builtIn: true, custom: true })])).toEqual([["builtin", "Default", undefined]]);
  });
});
