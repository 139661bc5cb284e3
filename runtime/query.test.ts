import { AppChoice } from "../schema";
import { checkApp, effectiveProfileQuery, normalizeUserId } from "./query";
import { pickEffective, toEffectiveProfile } from "./rows";

const user = "8d1a7a52-0000-4000-8000-00000000a901";
const csw = AppChoice.CustomerServiceWorkspace.value;

describe("the effective-profile query", () => {
  it("is one GET on apm_appprofiles: app, default or assigned, with templates, providers and the assignment", () => {
    expect(decodeURIComponent(effectiveProfileQuery(user, csw))).toBe(
      "apm_appprofiles?$select=apm_appprofileid,apm_name,apm_uniquename,apm_app,apm_isdefault," +
        "apm_productivitypaneenabled,apm_productivitypanemode,apm_smartassistenabled,apm_callscriptenabled," +
        "apm_allactivechannels" +
        `&$filter=statecode eq 0 and apm_app eq ${csw} and (apm_isdefault eq true or apm_appprofile_systemuser/any(u:u/systemuserid eq ${user}))` +
        "&$expand=apm_appprofile_sessiontemplate($select=apm_sessiontemplateid,apm_name,apm_uniquename," +
        "apm_entitylogicalname;$filter=statecode eq 0;$orderby=apm_name)," +
        "apm_appprofile_channelprovider($select=apm_channelproviderid,apm_name,apm_label,apm_channelurl," +
        "apm_trusteddomain,apm_apiversion,apm_enableoutbound,apm_sortorder;$filter=statecode eq 0;" +
        "$orderby=apm_sortorder,apm_label)," +
        `apm_appprofile_systemuser($select=systemuserid;$filter=systemuserid eq ${user})` +
        "&$orderby=apm_isdefault,apm_name",
    );
    expect(effectiveProfileQuery(user, csw)).not.toMatch(/ /);
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
