import { AppChoice, ProductivityPaneModeChoice } from "../../../schema/model";
import { parseProfilesDocument, type CustomProfileEntry, type ProfilesDocument } from "../portability/document";
import { compareProfiles, type CompareWords, type ProfileSnapshot, type TabComparison } from "./profileComparison";
import { chooseFileProfile, entryName, snapshotOfEntry, snapshotOfRow, type LinkColumns } from "./snapshots";

const words: CompareWords = {
  field: (f) => `<${f}>`,
  app: (v) => (v === AppChoice.CustomerServiceWorkspace.value ? "CSW" : "OC"),
  paneMode: (v) => (v === ProductivityPaneModeChoice.Expanded.value ? "Expanded" : "Collapsed"),
  on: "On",
  off: "Off",
  yes: "Yes",
  no: "No",
  active: "Active",
  inactive: "Inactive",
  none: "(none)",
};

const tier1: ProfileSnapshot = {
  uniqueName: "contoso_tier1",
  builtIn: false,
  columns: {
    apm_name: "Tier 1",
    apm_description: null,
    apm_app: AppChoice.CustomerServiceWorkspace.value,
    apm_productivitypaneenabled: true,
    apm_productivitypanemode: ProductivityPaneModeChoice.Collapsed.value,
    apm_smartassistenabled: false,
    apm_callscriptenabled: false,
    apm_allactivechannels: false,
  },
  rank: 5,
  customDefault: false,
  active: true,
  sessionTemplates: ["msdyn_case_session", "msdyn_email_session"],
  channelProviders: ["contoso_voice"],
  roles: ["Omnichannel agent"],
  teams: ["Tier 1 team"],
  users: ["a@contoso.example", "b@contoso.example"],
};
const withColumns = (p: ProfileSnapshot, columns: Record<string, unknown>): ProfileSnapshot => ({
  ...p,
  columns: { ...p.columns, ...columns } as ProfileSnapshot["columns"],
});
const tab = (left: ProfileSnapshot, right: ProfileSnapshot, name: TabComparison["tab"]) =>
  compareProfiles(left, right, words).tabs.find((t) => t.tab === name)!;

describe("compareProfiles", () => {
  it("finds no differences between a profile and itself, in every tab", () => {
    const result = compareProfiles(tier1, { ...tier1 }, words);
    expect(result.total).toBe(0);
    expect(result.tabs.map((t) => [t.tab, t.differences.length])).toEqual([
      ["general", 0],
      ["sessionTemplates", 0],
      ["productivity", 0],
      ["channels", 0],
      ["usersTab", 0],
      ["rolesAndTeams", 0],
    ]);
    expect(result.tabs.every((t) => t.notCompared.length === 0)).toBe(true);
  });

  it("reads an empty description and a missing one as the same, and names without case", () => {
    const right = {
      ...withColumns(tier1, { apm_description: "" }),
      sessionTemplates: ["MSDYN_CASE_SESSION", "msdyn_email_session"],
      users: ["A@contoso.example", "b@contoso.example"],
    };
    expect(compareProfiles(tier1, right, words).total).toBe(0);
  });

  it("gives a changed choice column with both option labels and the column's display name", () => {
    const right = withColumns(tier1, { apm_app: AppChoice.OmnichannelForCustomerService.value });
    expect(tab(tier1, right, "general").differences).toEqual([
      { kind: "changed", field: "apm_app", label: "<apm_app>", left: "CSW", right: "OC" },
    ]);
  });

  it("gives changed text, on/off, yes/no, rank and state with their words", () => {
    const right: ProfileSnapshot = {
      ...withColumns(tier1, {
        apm_description: "Escalations",
        apm_productivitypanemode: ProductivityPaneModeChoice.Expanded.value,
        apm_smartassistenabled: true,
        apm_allactivechannels: true,
      }),
      rank: null,
      customDefault: true,
      active: false,
    };
    const result = compareProfiles(tier1, right, words);
    const changed = result.tabs.flatMap((t) =>
      t.differences.map((d) => (d.kind === "changed" ? [t.tab, d.field, d.left, d.right] : [])),
    );
    expect(changed).toEqual([
      ["general", "apm_description", "(none)", "Escalations"],
      ["general", "state", "Active", "Inactive"],
      ["productivity", "apm_productivitypanemode", "Collapsed", "Expanded"],
      ["productivity", "apm_smartassistenabled", "Off", "On"],
      ["channels", "apm_allactivechannels", "Off", "On"],
      ["rolesAndTeams", "rank", "5", "(none)"],
      ["rolesAndTeams", "customDefault", "No", "Yes"],
    ]);
    expect(result.total).toBe(7);
  });

  it("shows an option value the schema doesn't know as its number", () => {
    const right = withColumns(tier1, { apm_app: 999 });
    const [difference] = tab(tier1, right, "general").differences;
    expect(difference).toMatchObject({ left: "CSW", right: "999" });
  });

  it("lists templates, providers, users, roles and teams only on the left or only on the right, sorted", () => {
    const right: ProfileSnapshot = {
      ...tier1,
      sessionTemplates: ["msdyn_case_session", "msdyn_chat_session", "msdyn_account_session"],
      channelProviders: [],
      users: ["b@contoso.example", "c@contoso.example"],
      roles: ["Omnichannel agent", "Supervisor"],
      teams: [],
    };
    expect(tab(tier1, right, "sessionTemplates").differences).toEqual([
      { kind: "onlyLeft", list: "sessionTemplates", name: "msdyn_email_session" },
      { kind: "onlyRight", list: "sessionTemplates", name: "msdyn_account_session" },
      { kind: "onlyRight", list: "sessionTemplates", name: "msdyn_chat_session" },
    ]);
    expect(tab(tier1, right, "channels").differences).toEqual([
      { kind: "onlyLeft", list: "channelProviders", name: "contoso_voice" },
    ]);
    expect(tab(tier1, right, "usersTab").differences).toEqual([
      { kind: "onlyLeft", list: "users", name: "a@contoso.example" },
      { kind: "onlyRight", list: "users", name: "c@contoso.example" },
    ]);
    expect(tab(tier1, right, "rolesAndTeams").differences).toEqual([
      { kind: "onlyRight", list: "roles", name: "Supervisor" },
      { kind: "onlyLeft", list: "teams", name: "Tier 1 team" },
    ]);
  });

  it("compares the name only for the same profile: two profiles' names are what tell them apart", () => {
    const other = { ...withColumns(tier1, { apm_name: "Tier 2" }), uniqueName: "contoso_tier2" };
    expect(compareProfiles(tier1, other, words).total).toBe(0);
    const renamed = withColumns(tier1, { apm_name: "Tier one" });
    expect(tab(tier1, renamed, "general").differences).toEqual([
      { kind: "changed", field: "apm_name", label: "<apm_name>", left: "Tier 1", right: "Tier one" },
    ]);
  });

  it("doesn't compare users when one side doesn't carry them, and says so", () => {
    const { users: _users, ...noUsers } = tier1;
    const users = tab(tier1, noUsers, "usersTab");
    expect(users.differences).toEqual([]);
    expect(users.notCompared).toEqual(["users"]);
  });

  it("compares built-ins: a file's reference to one compares its users only", () => {
    const serverBuiltIn: ProfileSnapshot = { ...tier1, uniqueName: "msdyn_default_csw", builtIn: true };
    const fileBuiltIn: ProfileSnapshot = {
      uniqueName: "msdyn_default_csw",
      builtIn: true,
      users: ["a@contoso.example"],
    };
    const result = compareProfiles(serverBuiltIn, fileBuiltIn, words);
    expect(result.total).toBe(1);
    expect(result.tabs.find((t) => t.tab === "usersTab")!.differences).toEqual([
      { kind: "onlyLeft", list: "users", name: "b@contoso.example" },
    ]);
    expect(result.tabs.find((t) => t.tab === "general")!.notCompared).toEqual(["builtInColumns"]);
  });
});

const entry: CustomProfileEntry = {
  uniqueName: "contoso_tier1",
  builtIn: false,
  columns: tier1.columns!,
  rank: 5,
  customDefault: false,
  state: "Active",
  sessionTemplates: ["msdyn_case_session", "msdyn_email_session"],
  channelProviders: ["contoso_voice"],
  roles: ["Omnichannel agent"],
  teams: ["Tier 1 team"],
  users: ["a@contoso.example", "b@contoso.example"],
};
const documentOf = (...profiles: ProfilesDocument["profiles"]): ProfilesDocument => ({
  format: "apm-app-profiles",
  version: 1,
  exportedAt: "2026-12-01T10:00:00Z",
  source: "https://contoso.crm.dynamics.com",
  includesUsers: true,
  profiles,
});

describe("snapshots", () => {
  it("a file's entry and the server's row of the same profile are the same snapshot", () => {
    const links: LinkColumns = {
      sessionTemplates: ["templates", "apm_uniquename"],
      channelProviders: ["providers", "apm_name"],
      roles: ["roles", "name"],
      teams: ["teams", "name"],
      users: ["users", "domainname"],
    };
    const row = {
      apm_uniquename: "contoso_tier1",
      apm_isdefault: false,
      ...tier1.columns,
      apm_rank: 5,
      apm_iscustomdefault: false,
      statecode: 0,
      templates: [{ apm_uniquename: "msdyn_email_session" }, { apm_uniquename: "msdyn_case_session" }],
      providers: [{ apm_name: "contoso_voice" }],
      roles: [{ name: "Omnichannel agent" }],
      teams: [{ name: "Tier 1 team" }],
      users: [{ domainname: "b@contoso.example" }, { domainname: "a@contoso.example" }],
    };
    const fromRow = snapshotOfRow(row, Object.keys(tier1.columns!), links);
    expect(compareProfiles(fromRow, snapshotOfEntry(entry), words).total).toBe(0);
    expect(fromRow.active).toBe(true);
    expect(snapshotOfRow({ ...row, statecode: 1 }, [], links).active).toBe(false);
  });

  it("an export read by the portability reader compares with the server's copy after a change", () => {
    const parsed = parseProfilesDocument(JSON.stringify(documentOf({ ...entry, rank: 7 })));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const choice = chooseFileProfile(parsed.document, "CONTOSO_TIER1");
    if (choice.kind !== "match") throw new Error(choice.kind);
    const result = compareProfiles(tier1, snapshotOfEntry(choice.entry), words);
    expect(result.total).toBe(1);
    expect(result.tabs.find((t) => t.tab === "rolesAndTeams")!.differences).toEqual([
      { kind: "changed", field: "rank", label: "<rank>", left: "5", right: "7" },
    ]);
  });

  it("picks the file's profile of the same unique name, its only one, or lets the admin choose", () => {
    const other = { ...entry, uniqueName: "contoso_tier2", columns: { ...entry.columns, apm_name: "Tier 2" } };
    expect(chooseFileProfile(documentOf(other, entry), "contoso_tier1")).toEqual({ kind: "match", entry });
    expect(chooseFileProfile(documentOf(other), "contoso_tier1")).toEqual({ kind: "match", entry: other });
    expect(chooseFileProfile(documentOf(other, { ...entry, uniqueName: "contoso_x" }), "contoso_tier1").kind).toBe(
      "choose",
    );
    expect(chooseFileProfile(documentOf(), "contoso_tier1")).toEqual({ kind: "empty" });
  });

  it("names a file's profile by its Name column, a built-in by its unique name", () => {
    expect(entryName(entry)).toBe("Tier 1");
    expect(entryName({ uniqueName: "msdyn_default_csw", builtIn: true })).toBe("msdyn_default_csw");
  });
});
