import type { EnvironmentProfile, EnvironmentSnapshot } from "./environment";
import { exportDocument } from "./environment";
import { freeName, planImport, type PlannedProfile } from "./importPlan";
import { changeSetRequests } from "./importRequests";
import { webApiRoot } from "../data/webApiFetch";
import { fixtureId, importFixtures, profilesDocument } from "../testing/importFixtures";

/** A target Web API root, as the CLI builds it (webApiRoot). */
const ROOT = webApiRoot("https://t.example");
const id = fixtureId;
const { columns, entry, stored } = importFixtures("Tier 1");

const catalogs = {
  sessionTemplates: [
    { id: id(101), name: "msdyn_case_session" },
    { id: id(102), name: "msdyn_email_session" },
  ],
  channelProviders: [{ id: id(201), name: "contoso_voice" }],
  roles: [{ id: id(301), name: "Omnichannel agent" }],
  teams: [
    { id: id(401), name: "Tier 1" },
    { id: id(402), name: "Night shift" },
    { id: id(403), name: "Night shift" },
  ],
};

const target = (profiles: EnvironmentProfile[], users: EnvironmentSnapshot["users"] = []): EnvironmentSnapshot => ({
  profiles,
  ...catalogs,
  users,
});
const file = profilesDocument;
const only = (plan: ReturnType<typeof planImport>): PlannedProfile => {
  expect(plan.profiles).toHaveLength(1);
  return plan.profiles[0];
};

describe("planImport", () => {
  it("create: a profile the target lacks, with its id, links bound on create and roles associated after", () => {
    const planned = only(
      planImport(
        file([
          entry("contoso_tier1", 1, {
            rank: 3,
            sessionTemplates: ["MSDYN_CASE_SESSION"],
            channelProviders: ["contoso_voice"],
            roles: ["Omnichannel agent"],
          }),
        ]),
        target([]),
      ),
    );
    expect(planned.status).toBe("create");
    expect(planned.errors).toEqual([]);
    const requests = changeSetRequests(planned.operations, ROOT);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST https://t.example/api/data/v9.2/apm_appprofiles",
      `POST https://t.example/api/data/v9.2/apm_appprofiles(${id(1)})/apm_appprofile_role/$ref`,
    ]);
    expect(requests[0].body).toMatchObject({
      apm_appprofileid: id(1),
      apm_uniquename: "contoso_tier1",
      apm_rank: 3,
      "apm_appprofile_sessiontemplate@odata.bind": [`https://t.example/api/data/v9.2/apm_sessiontemplates(${id(101)})`],
      "apm_appprofile_channelprovider@odata.bind": [`https://t.example/api/data/v9.2/apm_channelproviders(${id(201)})`],
    });
  });

  it("create: an inactive profile is deactivated before its teams are added (ranks count among active profiles)", () => {
    const planned = only(
      planImport(file([entry("contoso_night", 1, { rank: 2, state: "Inactive", teams: ["Tier 1"] })]), target([])),
    );
    expect(planned.operations.map((o) => o.kind)).toEqual(["create", "update", "associate"]);
    expect(planned.operations[1]).toMatchObject({ attributes: { statecode: 1, statuscode: 2 } });
  });

  it("unchanged: the same profile with the same columns and links (names compared without case)", () => {
    const plan = planImport(
      file([entry("contoso_tier1", 1, { sessionTemplates: ["msdyn_case_session"] })]),
      target([
        stored("Contoso_Tier1", 1, {
          sessionTemplates: [{ id: id(101), name: "MSDYN_case_session" }],
          columns: { ...columns, apm_description: "" },
        }),
      ]),
    );
    expect(only(plan)).toMatchObject({ status: "unchanged", changes: [], operations: [] });
  });

  it("update: the changed fields, links leaving before the row changes and new links after", () => {
    const planned = only(
      planImport(
        file([
          entry("contoso_tier1", 1, {
            columns: { ...columns, apm_name: "Tier one" },
            rank: 4,
            roles: ["Omnichannel agent"],
            sessionTemplates: ["msdyn_email_session"],
          }),
        ]),
        target([stored("contoso_tier1", 1, { sessionTemplates: [{ id: id(101), name: "msdyn_case_session" }] })]),
      ),
    );
    expect(planned.status).toBe("update");
    expect(planned.changes).toEqual([
      { field: "apm_name", from: "Tier 1", to: "Tier one" },
      { field: "rank", from: null, to: 4 },
      { field: "sessionTemplates", added: ["msdyn_email_session"], removed: ["msdyn_case_session"] },
      { field: "roles", added: ["Omnichannel agent"], removed: [] },
    ]);
    expect(planned.operations.map((o) => `${o.kind}${"link" in o ? ` ${o.link}` : ""}`)).toEqual([
      "disassociate sessionTemplates",
      "update",
      "associate sessionTemplates",
      "associate roles",
    ]);
    expect(planned.operations[1]).toEqual({
      kind: "update",
      id: id(1),
      attributes: { apm_name: "Tier one", apm_rank: 4 },
    });
  });

  it("errors: every missing or ambiguous reference, by name, and nothing to write", () => {
    const plan = planImport(
      file(
        [
          entry("contoso_tier1", 1, {
            rank: 1,
            sessionTemplates: ["contoso_gone"],
            channelProviders: ["litware"],
            roles: ["Nobody"],
            teams: ["Night shift"],
            users: ["x@y.example"],
          }),
        ],
        true,
      ),
      target([]),
    );
    const planned = only(plan);
    expect(plan.errors).toBe(5);
    expect(planned.errors.join("\n")).toMatch(
      /session template "contoso_gone"[\s\S]*channel provider "litware"[\s\S]*security role "Nobody"[\s\S]*2 teams are named "Night shift"[\s\S]*user "x@y.example"/,
    );
    expect(planned.operations).toEqual([]);
  });

  it("built-ins: referenced, never written; only their users move; a missing built-in is an error", () => {
    const builtIn = stored("msdyn_csw_default", 9, { isBuiltIn: true, users: [] });
    const users = [{ id: id(501), principalName: "a@contoso.example", profileId: id(1) }];
    const plan = planImport(
      file(
        [
          { uniqueName: "msdyn_csw_default", builtIn: true, users: ["a@contoso.example"] },
          { uniqueName: "msdyn_oc_default", builtIn: true },
        ],
        true,
      ),
      target([builtIn, stored("contoso_tier1", 1, { users: [{ id: id(501), name: "a@contoso.example" }] })], users),
    );
    const [csw, oc] = plan.profiles;
    expect(csw.status).toBe("update");
    expect(csw.operations).toEqual([
      { kind: "disassociate", link: "users", profileId: id(1), relatedId: id(501) },
      { kind: "associate", link: "users", profileId: id(9), relatedId: id(501) },
    ]);
    expect(csw.operations.some((o) => o.kind === "update" || o.kind === "create")).toBe(false);
    expect(oc.errors[0]).toMatch(/built-in profile "msdyn_oc_default" is not in the target/);
  });

  describe("conflict: another profile of the same unique name in the target", () => {
    const theirs = stored("contoso_tier1", 77, { columns: { ...columns, apm_name: "Made by hand" } });
    const mine = entry("contoso_tier1", 1);

    it("without --on-conflict: reported, nothing written", () => {
      const plan = planImport(file([mine]), target([theirs]));
      expect(only(plan)).toMatchObject({ status: "conflict", conflict: { resolution: "stop" }, operations: [] });
      expect(plan.unresolvedConflicts).toBe(1);
    });

    it("skip: left as it is", () => {
      const plan = planImport(file([mine]), target([theirs]), "skip");
      expect(only(plan)).toMatchObject({ status: "conflict", operations: [] });
      expect(plan.unresolvedConflicts).toBe(0);
    });

    it("overwrite: the target's profile is updated to the file's, and a second import is unchanged", () => {
      const planned = only(planImport(file([mine]), target([theirs]), "overwrite"));
      expect(planned.status).toBe("conflict");
      expect(planned.operations).toEqual([{ kind: "update", id: id(77), attributes: { apm_name: "Tier 1" } }]);
      const again = only(planImport(file([mine]), target([{ ...theirs, columns }]), "overwrite"));
      expect(again).toMatchObject({ status: "unchanged", operations: [] });
    });

    it("rename: created under a free unique name with the file's id, and a second import is unchanged", () => {
      const planned = only(planImport(file([mine]), target([theirs, stored("contoso_tier1_2", 78)]), "rename"));
      expect(planned.targetUniqueName).toBe("contoso_tier1_3");
      expect(planned.operations[0]).toMatchObject({
        kind: "create",
        id: id(1),
        attributes: { apm_uniquename: "contoso_tier1_3" },
      });
      const created = stored("contoso_tier1_3", 1);
      const again = only(planImport(file([mine]), target([theirs, stored("contoso_tier1_2", 78), created]), "rename"));
      expect(again).toMatchObject({ status: "unchanged", operations: [], targetUniqueName: "contoso_tier1_3" });
    });
  });

  it("ranks against the target: a holder that keeps the rank is an error naming it", () => {
    const holder = stored("contoso_other", 2, { rank: 5, teams: [{ id: id(401), name: "Tier 1" }] });
    const planned = only(
      planImport(file([entry("contoso_tier1", 1, { rank: 5, roles: ["Omnichannel agent"] })]), target([holder])),
    );
    expect(planned.errors).toEqual([
      expect.stringMatching(/the rank 5 in Customer Service workspace is held in the target by "contoso_other"/),
    ]);
  });

  it("custom defaults against the target: a holder the file releases is applied first", () => {
    const holder = stored("contoso_old", 2, { customDefault: true });
    const plan = planImport(
      file([entry("contoso_new", 1, { customDefault: true }), entry("contoso_old", 2)]),
      target([holder]),
    );
    expect(plan.errors).toBe(0);
    expect(plan.profiles.map((p) => p.uniqueName)).toEqual(["contoso_old", "contoso_new"]);
  });

  it("a swap of ranks can't be applied one profile at a time, and says so", () => {
    const a = stored("contoso_a", 1, { rank: 1, teams: [{ id: id(401), name: "Tier 1" }] });
    const b = stored("contoso_b", 2, { rank: 2, teams: [{ id: id(401), name: "Tier 1" }] });
    const plan = planImport(
      file([
        entry("contoso_a", 1, { rank: 2, teams: ["Tier 1"] }),
        entry("contoso_b", 2, { rank: 1, teams: ["Tier 1"] }),
      ]),
      target([a, b]),
    );
    expect(plan.profiles.every((p) => p.errors.some((e) => /swaps a rank/.test(e)))).toBe(true);
  });

  it("users: a user moving between two profiles of the file is moved once, by the profile they join", () => {
    const users = [{ id: id(501), principalName: "a@contoso.example", profileId: id(1) }];
    const plan = planImport(
      file([entry("contoso_a", 1, { users: [] }), entry("contoso_b", 2, { users: ["a@contoso.example"] })], true),
      target(
        [stored("contoso_a", 1, { users: [{ id: id(501), name: "a@contoso.example" }] }), stored("contoso_b", 2)],
        users,
      ),
    );
    const [a, b] = plan.profiles;
    expect(a.status).toBe("unchanged");
    expect(b.operations).toEqual([
      { kind: "disassociate", link: "users", profileId: id(1), relatedId: id(501) },
      { kind: "associate", link: "users", profileId: id(2), relatedId: id(501) },
    ]);
  });

  it("an export read back into the same environment plans nothing", () => {
    const env = target([
      stored("msdyn_csw_default", 9, { isBuiltIn: true }),
      stored("contoso_tier1", 1, { rank: 2, roles: [{ id: id(301), name: "Omnichannel agent" }], active: false }),
    ]);
    const exported = exportDocument(env, { source: "s", exportedAt: "t", includeUsers: true });
    if (!exported.ok) throw new Error("export failed");
    const plan = planImport(exported.document, env);
    expect(plan.counts).toEqual({ create: 0, update: 0, unchanged: 2, conflict: 0 });
    expect(plan.profiles.flatMap((p) => p.operations)).toEqual([]);
  });

  it("export: names a profile asked for that doesn't exist", () => {
    expect(
      exportDocument(target([]), { source: "s", exportedAt: "t", includeUsers: false, only: ["contoso_x"] }),
    ).toEqual({ ok: false, missing: ["contoso_x"] });
  });

  it("freeName keeps within 128 characters", () => {
    const long = `contoso_${"x".repeat(120)}`;
    expect(freeName(long, new Set([long.toLowerCase()]))).toHaveLength(128);
  });
});
