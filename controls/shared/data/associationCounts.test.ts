import { roleTeamCountFetchXml, roleTeamCountPath, roleTeamCountsOf } from "./associationCounts";

const a = "11111111-1111-4111-8111-111111111111";
const b = "22222222-2222-4222-8222-222222222222";

describe("roles and teams per profile (issue 13)", () => {
  it("is one aggregate grouped on the profile, distinct counts over both intersects, outer joins", () => {
    const xml = roleTeamCountFetchXml([a, b, "not-a-guid' or 1=1"]);
    expect(xml).toBe(
      `<fetch aggregate="true"><entity name="apm_appprofile">` +
        `<attribute name="apm_appprofileid" alias="profile" groupby="true" />` +
        `<filter><condition attribute="apm_appprofileid" operator="in"><value>${a}</value><value>${b}</value></condition></filter>` +
        `<link-entity name="apm_appprofile_role" from="apm_appprofileid" to="apm_appprofileid" link-type="outer" alias="roles_link">` +
        `<attribute name="roleid" alias="roles" aggregate="countcolumn" distinct="true" /></link-entity>` +
        `<link-entity name="apm_appprofile_team" from="apm_appprofileid" to="apm_appprofileid" link-type="outer" alias="teams_link">` +
        `<attribute name="teamid" alias="teams" aggregate="countcolumn" distinct="true" /></link-entity>` +
        `</entity></fetch>`,
    );
    expect(roleTeamCountPath([a])).toMatch(/^apm_appprofiles\?fetchXml=%3Cfetch%20aggregate/);
    expect(() => roleTeamCountFetchXml(["x"])).toThrow(/No profile ids/);
  });

  it("reads the counts by profile id in lower case", () => {
    const counts = roleTeamCountsOf([{ profile: a.toUpperCase(), roles: 2, teams: 0 }, { profile: b }]);
    expect(counts.get(a)).toEqual({ roleCount: 2, teamCount: 0 });
    expect(counts.get(b)).toEqual({ roleCount: 0, teamCount: 0 });
  });
});
