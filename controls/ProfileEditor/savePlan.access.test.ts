/** Issue 13 in the save plan: roles, teams and the rank go in the form's one change set, after its PATCH. */
import { AppProfileRole, AppProfileTeam } from "../../schema";
import { draftOf, editorReducer, type Loaded } from "./editorState";
import { hasChanges, knownData, planSave, tabOfFirstError, validateDraft } from "./savePlan";
import { profileRecord } from "../shared/testing/fixtures";

const team = { id: "a0000000-0000-4000-8000-000000000001", name: "Tier 1", kind: "team" as const };
const role = { id: "b0000000-0000-4000-8000-000000000001", name: "Agent", kind: "role" as const };
const record = profileRecord({ access: { rank: null, isCustomDefault: false, roles: [], teams: [team] } });

const loaded = (): Loaded => ({
  status: "ready",
  original: record,
  draft: draftOf(record),
  chatLicenseValue: undefined,
  tab: "rolesAndTeams",
  errors: {},
  saving: false,
});

describe("save plan: roles, teams, rank (issue 13)", () => {
  it("adds a role, removes a team and sets the rank in one change set, PATCH first", () => {
    let state = editorReducer(loaded(), { type: "addAccess", item: role }) as Loaded;
    state = editorReducer(state, { type: "removeAccess", item: team }) as Loaded;
    state = editorReducer(state, { type: "setRank", rank: 7 }) as Loaded;
    expect(hasChanges(record, state.draft)).toBe(true);
    const { save, operations } = planSave(record, state.draft);
    expect(save.changedFields).toEqual({ apm_rank: 7 });
    expect(save.disassociate).toEqual([
      { relationship: AppProfileTeam.schemaName, profileId: "p1", relatedId: team.id },
    ]);
    expect(save.associate).toEqual([{ relationship: AppProfileRole.schemaName, profileId: "p1", relatedId: role.id }]);
    expect(operations.map((o) => o.kind)).toEqual(["update", "disassociate", "associate"]);
    // The associations' checks read the profile as the PATCH leaves it: with its new rank.
    const known = knownData(record, state.draft, undefined);
    expect(known.rows?.find((r) => r.id === "p1")?.attributes.apm_rank).toBe(7);
  });

  it("asks for a rank when the profile has roles or teams, in the handler's words, on the Roles and teams tab", () => {
    const errors = validateDraft(record, draftOf(record), undefined);
    expect(errors.apm_rank).toMatch(/is given to teams or roles, so it needs a rank/);
    expect(tabOfFirstError(errors, draftOf(record), "general")).toBe("rolesAndTeams");
    const ranked = editorReducer(loaded(), { type: "setRank", rank: 1001 }) as Loaded;
    expect(validateDraft(record, ranked.draft, undefined).apm_rank).toMatch(/from 1 to 1000/);
  });

  it("discard restores the loaded roles, teams and rank; an untouched draft has nothing to save", () => {
    const edited = editorReducer(loaded(), { type: "addAccess", item: role }) as Loaded;
    const discarded = editorReducer(edited, { type: "discard" }) as Loaded;
    expect(discarded.draft.access).toEqual(record.access);
    expect(hasChanges(record, discarded.draft)).toBe(false);
  });
});
