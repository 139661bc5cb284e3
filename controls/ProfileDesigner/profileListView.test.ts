import type { ProfileSummary } from "../shared/data/model";
import { filterProfiles, nextSort, sortProfiles } from "./profileListView";

const profile = (name: string, extra: Partial<ProfileSummary> = {}): ProfileSummary => ({
  id: name,
  name,
  uniqueName: `x_${name.toLowerCase().replace(/\W/g, "")}`,
  app: 1,
  isDefault: false,
  isActive: true,
  userCount: 0,
  ...extra,
});
const appLabel = (app: number | null) => (app === 2 ? "Omnichannel" : "Workspace");
const profiles = [
  profile("beta", { userCount: 5 }),
  profile("Alpha", { app: 2, isDefault: true }),
  profile("gamma 10", { userCount: 5 }),
  profile("gamma 9"),
];

describe("profile list view", () => {
  it("filters by name, unique name or app label, ignoring case", () => {
    expect(filterProfiles(profiles, "ALPHA", appLabel).map((p) => p.name)).toEqual(["Alpha"]);
    expect(filterProfiles(profiles, "x_gamma", appLabel)).toHaveLength(2);
    expect(filterProfiles(profiles, "omni", appLabel).map((p) => p.name)).toEqual(["Alpha"]);
    expect(filterProfiles(profiles, "  ", appLabel)).toHaveLength(4);
  });

  it("sorts naturally, ties by name, and flips on a second click", () => {
    expect(sortProfiles(profiles, { column: "name", descending: false }, appLabel).map((p) => p.name)).toEqual([
      "Alpha",
      "beta",
      "gamma 9",
      "gamma 10",
    ]);
    expect(sortProfiles(profiles, { column: "userCount", descending: true }, appLabel).map((p) => p.name)).toEqual([
      "gamma 10",
      "beta",
      "gamma 9",
      "Alpha",
    ]);
    expect(sortProfiles(profiles, { column: "isDefault", descending: true }, appLabel)[0].name).toBe("Alpha");
    expect(nextSort({ column: "name", descending: false }, "name")).toEqual({ column: "name", descending: true });
    expect(nextSort({ column: "name", descending: true }, "app")).toEqual({ column: "app", descending: false });
  });
});
