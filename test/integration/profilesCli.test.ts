/**
 * `npm run profiles` over HTTP between two real servers (issue 14): export from a server with the demo environment
 * (plus ranks, roles, teams and a custom default), import into an empty server the solution was deployed to. The
 * copy is compared field by field, links included; a second import changes nothing and sends no write; the dry-run
 * plan shows every status and writes nothing; every missing reference is an error naming it.
 */
import fs from "node:fs";
import path from "node:path";
import { AppChoice, AppProfile, AppProfileRole, AppProfileTeam, SystemUser, Team } from "../../schema";
import { main } from "../../cli/profiles";
import { demoPeople, principalName } from "../../server/demoEnvironment";
import { demoRoles, demoTeams } from "../../server/demoTeams";
import { ROOT_BUSINESS_UNIT_ID } from "../../server/platform";
import { upsertRoleRow } from "../../server/platformRows";
import { systemCaller } from "../../server/users";
import type { AnyTable } from "../../schema";
import { startDeployedHarness } from "./deployed";
import { startHarness, tempDataDir, type Harness } from "./harness";

jest.setTimeout(180_000);

let source: Harness;
let target: Harness;
let folder: string;
const exported = () => path.join(folder, "profiles.json");

/** Every request the CLI sends, by method and path, counted on the way out. */
const sent: string[] = [];
const realFetch = globalThis.fetch;
beforeAll(() => {
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    sent.push(`${init?.method ?? "GET"} ${String(input)}`);
    return realFetch(input, init);
  }) as typeof fetch;
});
afterAll(() => {
  globalThis.fetch = realFetch;
});
const writesTo = (h: Harness) => sent.filter((s) => !s.startsWith("GET ") && s.includes(h.server.url));

async function run(h: Harness, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const [verb, ...rest] = args;
  const code = await main(
    [verb, "--url", h.server.url, "--token", h.token("admin"), ...rest],
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out, err, text: [...out, ...err].join("\n") };
}

const profileId = async (h: Harness, uniqueName: string) => {
  const response = await h.raw(`${AppProfile.entitySetName}(apm_uniquename='${uniqueName}')?$select=apm_appprofileid`);
  return ((await response.json()) as { apm_appprofileid: string }).apm_appprofileid;
};

async function giveRanksRolesTeams(h: Harness) {
  const admin = h.client("admin");
  const support = await profileId(h, "contoso_technical_support");
  const voice = await profileId(h, "contoso_voice_agents");
  const billing = await profileId(h, "contoso_billing_support");
  await admin.update({ collection: AppProfile.entitySetName, key: support, data: { apm_rank: 10 } });
  await admin.associate({
    collection: AppProfile.entitySetName,
    primaryKey: support,
    relationshipName: AppProfileRole.schemaName,
    relatedCollection: "roles",
    relatedKey: demoRoles.omnichannelAgent.roleid,
  });
  await admin.associate({
    collection: AppProfile.entitySetName,
    primaryKey: support,
    relationshipName: AppProfileTeam.schemaName,
    relatedCollection: "teams",
    relatedKey: demoTeams.tier1.teamid,
  });
  await admin.update({ collection: AppProfile.entitySetName, key: voice, data: { apm_rank: 20 } });
  await admin.associate({
    collection: AppProfile.entitySetName,
    primaryKey: voice,
    relationshipName: AppProfileTeam.schemaName,
    relatedCollection: "teams",
    relatedKey: demoTeams.nightShift.teamid,
  });
  await admin.update({ collection: AppProfile.entitySetName, key: billing, data: { apm_iscustomdefault: true } });
}

/** The people, roles and teams an environment has before its profiles move: same names, other ids. */
async function addDirectory(h: Harness) {
  const api = h.server.api;
  await api.inTransaction(async () => {
    for (const [i, person] of demoPeople.entries()) {
      await api.pipeline.execute(
        {
          message: "Create",
          table: SystemUser,
          id: `e0e0e0e0-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
          attributes: { fullname: person.fullname, domainname: principalName(person.fullname) },
        },
        systemCaller,
      );
    }
    for (const [i, role] of Object.values(demoRoles).entries())
      upsertRoleRow(api.dbs.writer, {
        roleid: `e1e1e1e1-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
        name: role.name,
      });
    for (const [i, team] of Object.values(demoTeams).entries()) {
      await api.pipeline.execute(
        {
          message: "Create",
          table: Team as unknown as AnyTable,
          id: `e2e2e2e2-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
          attributes: { name: team.name, teamtype: 0, businessunitid: ROOT_BUSINESS_UNIT_ID },
        },
        systemCaller,
      );
    }
  });
}

const withoutStamp = (file: string) => {
  const document = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  delete document.exportedAt;
  delete document.source;
  return document;
};

beforeAll(async () => {
  folder = tempDataDir();
  [source, target] = await Promise.all([startHarness(), startDeployedHarness()]);
  await giveRanksRolesTeams(source);
});
afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
});

describe("npm run profiles", () => {
  it("exports every profile with its columns, links by name, rank, custom default, state and users; built-ins referenced", async () => {
    const result = await run(source, "export", "--users", "--out", exported());
    expect(result.code).toBe(0);
    expect(result.text).toMatch(/14 profiles written to .* \(2 built-in, referenced only\), with their users\./);
    const document = JSON.parse(fs.readFileSync(exported(), "utf8"));
    expect(document).toMatchObject({ format: "apm-app-profiles", version: 1, includesUsers: true });
    const byName = new Map(document.profiles.map((p: { uniqueName: string }) => [p.uniqueName, p]));
    expect(byName.get("msdyn_csw_default")).toEqual({
      id: "a1b2c3d4-0000-4000-8000-000000000001",
      uniqueName: "msdyn_csw_default",
      builtIn: true,
      users: [],
    });
    expect(byName.get("contoso_technical_support")).toMatchObject({
      rank: 10,
      roles: ["Omnichannel agent"],
      teams: ["Tier 1"],
      state: "Active",
      sessionTemplates: expect.arrayContaining(["msdyn_case_session"]),
      channelProviders: ["contoso_voice"],
      users: expect.arrayContaining(["liam.oconnor@contoso.example"]),
    });
    expect(byName.get("contoso_billing_support")).toMatchObject({ customDefault: true });
    expect(byName.get("contoso_holiday_overflow")).toMatchObject({ state: "Inactive" });
  });

  it("export --profile writes only those, and names one that doesn't exist", async () => {
    const one = path.join(folder, "one.json");
    const result = await run(source, "export", "--profile", "contoso_voice_agents", "--out", one);
    expect(result.code).toBe(0);
    const document = JSON.parse(fs.readFileSync(one, "utf8"));
    expect(document.profiles.map((p: { uniqueName: string }) => p.uniqueName)).toEqual(["contoso_voice_agents"]);
    expect(document.includesUsers).toBe(false);
    expect(document.profiles[0].users).toBeUndefined();
    const missing = await run(source, "export", "--profile", "contoso_nope", "--out", path.join(folder, "none.json"));
    expect(missing.code).toBe(1);
    expect(missing.text).toMatch(/"contoso_nope" is not a profile of/);
  });

  it("refuses to write while references are missing in the target, naming each, and writes nothing", async () => {
    const before = writesTo(target).length;
    const result = await run(target, "import", "--file", exported());
    expect(result.code).toBe(1);
    expect(result.text).toMatch(/error: the team "Tier 1" is not in the target/);
    expect(result.text).toMatch(/error: the security role "Omnichannel agent" is not in the target/);
    expect(result.text).toMatch(/error: the user "liam.oconnor@contoso.example" is not in the target/);
    expect(result.text).toMatch(/Nothing written: \d+ errors/);
    expect(writesTo(target).length).toBe(before);
  });

  it("imports into the deployed server, one change set per profile with [n/N] progress, reproducing every profile", async () => {
    await addDirectory(target);
    const before = writesTo(target).length;
    const result = await run(target, "import", "--file", exported());
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.text).toMatch(/12 to create, 0 to update, 2 unchanged, 0 in conflict; 0 errors\./);
    expect(result.out.filter((l) => /^\[\d+\/12\] contoso_\w+: created$/.test(l))).toHaveLength(12);
    const batches = writesTo(target).slice(before);
    expect(batches).toHaveLength(12);
    expect(batches.every((s) => s.startsWith("POST ") && s.endsWith("/$batch"))).toBe(true);
    // Field by field, links included: the target's export equals the source's (ids too: created with the file's).
    const copy = path.join(folder, "copy.json");
    expect((await run(target, "export", "--users", "--out", copy)).code).toBe(0);
    expect(withoutStamp(copy)).toEqual(withoutStamp(exported()));
  });

  it("a second import reports every profile unchanged and sends no write", async () => {
    const before = writesTo(target).length;
    const result = await run(target, "import", "--file", exported());
    expect(result.code).toBe(0);
    expect(result.text).toMatch(/0 to create, 0 to update, 14 unchanged, 0 in conflict; 0 errors\./);
    expect(result.text).toMatch(/Nothing to change: the target already matches the file\./);
    expect(writesTo(target).length).toBe(before);
  });

  it("the dry-run plan shows create, update (with the changed fields), unchanged and conflict, and writes nothing", async () => {
    const admin = target.client("admin");
    await admin.update({
      collection: AppProfile.entitySetName,
      key: await profileId(target, "contoso_quality_review"),
      data: { apm_name: "QA renamed in test" },
    });
    await admin.create({
      collection: AppProfile.entitySetName,
      data: {
        apm_name: "Hand made",
        apm_uniquename: "contoso_handmade",
        apm_app: AppChoice.CustomerServiceWorkspace.value,
      },
    });
    const document = JSON.parse(fs.readFileSync(exported(), "utf8"));
    const template = document.profiles.find(
      (p: { uniqueName: string }) => p.uniqueName === "contoso_new_hire_onboarding",
    );
    document.profiles.push(
      { ...template, id: "f0f0f0f0-0000-4000-8000-000000000001", uniqueName: "contoso_brand_new", users: [] },
      { ...template, id: "f0f0f0f0-0000-4000-8000-000000000002", uniqueName: "contoso_handmade", users: [] },
    );
    const planFile = path.join(folder, "plan.json");
    fs.writeFileSync(planFile, JSON.stringify(document, null, 2));
    const before = writesTo(target).length;
    const result = await run(target, "import", "--file", planFile, "--dry-run");
    expect(result.out).toContain("  create    contoso_brand_new");
    expect(result.out).toContain("  update    contoso_quality_review: apm_name");
    expect(result.out).toContain('      apm_name: "QA renamed in test" -> "Quality review"');
    expect(result.out).toContain("  unchanged contoso_technical_support");
    expect(result.text).toMatch(
      /conflict {2}contoso_handmade: the target has another profile named "contoso_handmade" .* \(choose --on-conflict skip, overwrite or rename\)/,
    );
    expect(result.text).toMatch(/1 to create, 1 to update, 13 unchanged, 1 in conflict; 0 errors\./);
    expect(result.text).toMatch(/Dry run: nothing written\. The import would stop/);
    expect(result.code).toBe(1);
    const renamed = await run(target, "import", "--file", planFile, "--dry-run", "--on-conflict", "rename");
    expect(renamed.text).toMatch(/conflict {2}contoso_handmade: .* \(created as contoso_handmade_2\)/);
    expect(renamed.code).toBe(0);
    const overwrite = await run(target, "import", "--file", planFile, "--dry-run", "--on-conflict", "overwrite");
    expect(overwrite.text).toMatch(/conflict {2}contoso_handmade: .* \(overwritten\)/);
    expect(writesTo(target).length).toBe(before);
  });

  it("--on-conflict rename applies, and importing the same file again changes nothing", async () => {
    const planFile = path.join(folder, "plan.json");
    const first = await run(target, "import", "--file", planFile, "--on-conflict", "rename");
    expect(first.err).toEqual([]);
    expect(first.out).toContain("[3/3] contoso_handmade_2: created");
    const before = writesTo(target).length;
    const again = await run(target, "import", "--file", planFile, "--on-conflict", "rename");
    expect(again.text).toMatch(/0 to create, 0 to update, 16 unchanged/);
    expect(writesTo(target).length).toBe(before);
  });

  it("a profile the server refuses is left out whole (its change set is all or nothing); the others are applied", async () => {
    const document = JSON.parse(fs.readFileSync(exported(), "utf8"));
    const base = document.profiles.find((p: { uniqueName: string }) => p.uniqueName === "contoso_new_hire_onboarding");
    // Rule 6: two entity templates for one entity (incident). The plan can't see it; the server's handler refuses.
    const refused = {
      ...base,
      id: "f0f0f0f0-0000-4000-8000-0000000000a1",
      uniqueName: "contoso_two_case_templates",
      sessionTemplates: ["contoso_vipcase_session", "msdyn_case_session"],
      users: [],
    };
    const fine = {
      ...base,
      id: "f0f0f0f0-0000-4000-8000-0000000000a2",
      uniqueName: "contoso_fine_after_refusal",
      users: [],
    };
    const file = path.join(folder, "partly.json");
    fs.writeFileSync(file, JSON.stringify({ ...document, profiles: [refused, fine] }, null, 2));
    const result = await run(target, "import", "--file", file);
    expect(result.code).toBe(1);
    expect(result.text).toMatch(/\[1\/2\] contoso_two_case_templates: not changed: .+/);
    expect(result.text).toMatch(/\[2\/2\] contoso_fine_after_refusal: created/);
    expect(result.text).toMatch(/1 profiles written, 1 failed/);
    const missing = await target.raw(
      `${AppProfile.entitySetName}?$select=apm_uniquename&$filter=apm_uniquename eq 'contoso_two_case_templates'`,
    );
    expect(((await missing.json()) as { value: unknown[] }).value).toEqual([]);
  });

  it("waits out the environment's 429s (Retry-After) and still imports everything", async () => {
    const throttled = await startHarness({
      throttle: { schedule: { every: 3, limit: "requests", retryAfterSeconds: 1 } },
    });
    try {
      const document = JSON.parse(fs.readFileSync(path.join(folder, "one.json"), "utf8"));
      document.profiles = document.profiles.map((p: Record<string, unknown>) => ({
        ...p,
        id: "f0f0f0f0-0000-4000-8000-0000000000b1",
        uniqueName: "contoso_after_throttling",
      }));
      const file = path.join(folder, "throttled.json");
      fs.writeFileSync(file, JSON.stringify(document));
      const result = await run(throttled, "import", "--file", file);
      expect(result.err).toEqual([]);
      expect(result.code).toBe(0);
      expect(result.text).toMatch(/asked to wait \(service protection\): retrying in 1 s/);
      expect(result.text).toMatch(/\[1\/1\] contoso_after_throttling: created/);
    } finally {
      await throttled.stop();
    }
  });

  it("a malformed or foreign file gets a message naming the line and field, and exit code 2", async () => {
    const bad = path.join(folder, "bad.json");
    const document = JSON.parse(fs.readFileSync(exported(), "utf8"));
    document.profiles[3].rank = "high";
    fs.writeFileSync(bad, JSON.stringify(document, null, 2));
    const result = await run(target, "import", "--file", bad);
    expect(result.code).toBe(2);
    expect(result.err[0]).toMatch(
      /^bad\.json:\d+: profiles\[3\]\.rank: must be null or a whole number from 1 to 1000\.$/,
    );
    fs.writeFileSync(bad, JSON.stringify({ user: "x" }));
    expect((await run(target, "import", "--file", bad)).err[0]).toMatch(
      /bad\.json:1: this is not an app profiles export/,
    );
  });
});
