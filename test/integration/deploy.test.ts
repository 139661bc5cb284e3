/**
 * `npm run deploy` against an empty local server: nothing of ours exists before, everything after, and a second
 * deploy changes nothing. ImportSolution's refusals come in Dataverse's shape.
 */
import JSZip from "jszip";
import { readFileSync } from "node:fs";
import {
  AppProfile,
  builtInProfiles,
  ChannelProvider,
  ChatLicenseVariable,
  EnvironmentVariableDefinition,
  EnvironmentVariableValue,
  SessionTemplate,
} from "../../schema";
import { main } from "../../Solutions/deploy/cli";
import { packSolution } from "../../Solutions/src/pack";
import { makeControlsFixture } from "../../Solutions/test/fixtures";
import { SolutionStore } from "../../server/solution/store";
import { deployTo, solutionZips } from "./deployed";
import { rejection, startHarness, tempDataDir, type DemoUserKey, type Harness } from "./harness";

let h: Harness;
const dataDir = tempDataDir();
beforeAll(async () => {
  h = await startHarness({ dataDir, seed: "empty" });
});
afterAll(() => h.stop());

const importBody = (file: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    OverwriteUnmanagedCustomizations: true,
    PublishWorkflows: true,
    CustomizationFile: file,
    ImportJobId: "5b1f8c0e-0000-4000-8000-000000000001",
    ...extra,
  });
const post = (action: string, body: string | undefined, user: DemoUserKey = "sysadmin") =>
  h.raw(action, { method: "POST", headers: { "Content-Type": "application/json" }, body, user });
const errorOf = async (response: Response) => ({
  status: response.status,
  ...((await response.json()) as { error: { code: string; message: string } }).error,
});
const zipBase64 = async (files: Record<string, string>) => {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return (await zip.generateAsync({ type: "nodebuffer" })).toString("base64");
};

/** Row versions and counts of everything the deploy writes, to compare two deploys. */
async function snapshot() {
  const admin = h.client("admin");
  const profiles = await admin.retrieveMultiple({ collection: AppProfile.entitySetName, select: ["versionnumber"] });
  const values = await admin.retrieveMultiple({ collection: EnvironmentVariableValue.entitySetName });
  const definitions = await admin.retrieveMultiple({ collection: EnvironmentVariableDefinition.entitySetName });
  const templates = await admin.retrieveMultiple({ collection: SessionTemplate.entitySetName });
  return {
    profiles: profiles.value.map((p) => [p.apm_appprofileid, p["@odata.etag"], p.versionnumber]),
    values: values.value.map((v) => [v.value, v["@odata.etag"]]),
    definitions: definitions.value.map((d) => d["@odata.etag"]),
    templates: templates.value.length,
  };
}

describe("an empty server", () => {
  it("has the platform but none of the solution's tables", async () => {
    const missing = await h.raw(AppProfile.entitySetName);
    expect(await errorOf(missing)).toEqual({
      status: 404,
      code: "0x80060888",
      message: "Resource not found for the segment 'apm_appprofiles'.",
    });
    expect((await h.raw(`systemusers?$expand=apm_appprofile_systemuser`)).status).toBe(404);
    expect((await h.client("admin").callFunction<{ UserId: string }>("WhoAmI")).UserId).toBe(h.userId("admin"));
    const definitions = await (await h.raw("EntityDefinitions?$select=LogicalName")).json();
    expect(definitions.value.map((d: { LogicalName: string }) => d.LogicalName)).not.toContain(AppProfile.logicalName);
    expect((await h.client("admin").retrieveMultiple({ collection: "environmentvariabledefinitions" })).value).toEqual(
      [],
    );
  });

  it("answers 404 inside a $batch too", async () => {
    const sysadmin = h.client("sysadmin");
    sysadmin.startBatch();
    sysadmin.retrieveMultiple({ collection: ChannelProvider.entitySetName });
    const [response] = await sysadmin.executeBatch();
    expect(response).toMatchObject({ status: 404 });
  });
});

describe("ImportSolution refuses", () => {
  it.each([
    [
      "a missing file",
      JSON.stringify({ OverwriteUnmanagedCustomizations: true, PublishWorkflows: true }),
      /'CustomizationFile'.*missing/,
    ],
    ["bad base64", importBody("not base64!"), /'CustomizationFile'.*not valid base64/],
    ["a file that is not a zip", importBody(Buffer.from("plain text, no zip").toString("base64")), /not a zip file/],
    ["an unknown parameter", importBody("UEsFBg==", { Bogus: 1 }), /'Bogus'.*not a valid parameter/],
    ["a non-boolean flag", importBody("UEsFBg==", { PublishWorkflows: "yes" }), /'PublishWorkflows'.*true or false/],
    ["a bad ImportJobId", importBody("UEsFBg==", { ImportJobId: "42" }), /'ImportJobId'.*GUID/],
  ])("%s with 400 naming the problem", async (_what, body, message) => {
    const error = await errorOf(await post("ImportSolution", body));
    expect(error).toMatchObject({ status: 400, code: "0x80040203" });
    expect(error.message).toMatch(message);
  });

  it("a zip without customizations.xml with 400", async () => {
    const error = await errorOf(await post("ImportSolution", importBody(await zipBase64({ "solution.xml": "<x/>" }))));
    expect(error).toMatchObject({ status: 400 });
    expect(error.message).toMatch(/no customizations\.xml/);
  });

  it.each<DemoUserKey>(["admin", "agent", "norole"])(
    "%s, who is not a System Administrator, with 403",
    async (user) => {
      const zip = readFileSync((await solutionZips()).unmanaged).toString("base64");
      const error = await errorOf(await post("ImportSolution", importBody(zip), user));
      expect(error).toMatchObject({ status: 403, code: "0x80040220" });
      expect(error.message).toMatch(/prvImportCustomizations/);
      expect((await post("PublishAllXml", undefined, user)).status).toBe(403);
      expect((await h.raw(AppProfile.entitySetName)).status).toBe(404);
    },
  );
});

describe("npm run deploy", () => {
  let first: Awaited<ReturnType<typeof snapshot>>;

  it("provisions the empty server: tables, the license variable's value and the built-in profiles", async () => {
    const lines: string[] = [];
    const errors: string[] = [];
    const zip = (await solutionZips()).unmanaged;
    // `--token=` because a local token may start with "-", which parseArgs would read as an option.
    const started = performance.now();
    const code = await main(
      ["--url", h.server.url, `--token=${h.token("sysadmin")}`, "--zip", zip, "--chat-license", "yes"],
      (line) => lines.push(line),
      (line) => errors.push(line),
    );
    expect({ code, errors }).toEqual({ code: 0, errors: [] });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(lines.filter((l) => /^\[\d\/7\] .*: done in \d+ ms$/.test(l))).toHaveLength(7);
    // The key's index is built after the import (Pending), and the deploy waits for it before upserting by it.
    expect(lines).toContain("      apm_appprofile key apm_uniquename_key: Pending after 0 s");
    expect(lines.some((l) => /apm_appprofile key apm_uniquename_key: Active after \d+ s$/.test(l))).toBe(true);
    expect(lines).toContain("      msdyn_csw_default: created");

    const admin = h.client("admin");
    const profiles = await admin.retrieveMultiple({ collection: AppProfile.entitySetName, select: ["apm_uniquename"] });
    expect(profiles.value.map((p) => p.apm_appprofileid).sort()).toEqual(
      builtInProfiles.map((p) => p.apm_appprofileid).sort(),
    );
    expect((await admin.retrieveMultiple({ collection: SessionTemplate.entitySetName })).value).toEqual([]);
    const values = await admin.retrieveMultiple({ collection: EnvironmentVariableValue.entitySetName });
    expect(values.value).toMatchObject([{ schemaname: ChatLicenseVariable.schemaName, value: "yes" }]);
    expect(SolutionStore.of(h.server.api.dbs.writer).solution("AppProfileManager")).toMatchObject({ managed: false });
    first = await snapshot();
  });

  it("changes nothing when run again", async () => {
    const lines = await deployTo(h);
    expect(lines).toEqual(expect.arrayContaining(["      unchanged", "      msdyn_oc_default: unchanged"]));
    expect(await snapshot()).toEqual(first);
  });

  it("upgrades to a newer version and refuses to switch the solution to managed", async () => {
    const outDir = tempDataDir();
    const files = await packSolution({ controlsDir: makeControlsFixture(), outDir, version: "1.0.0.1" });
    await deployTo(h, files.find((f) => !f.managed)!.path);
    expect(SolutionStore.of(h.server.api.dbs.writer).solution("AppProfileManager")?.version).toBe("1.0.0.1");
    expect(await snapshot()).toEqual(first);
    const managed = readFileSync(files.find((f) => f.managed)!.path).toString("base64");
    const error = await errorOf(await post("ImportSolution", importBody(managed)));
    expect(error.message).toMatch(/installed as unmanaged/);
  });

  it("lets only a System Administrator set an environment variable's value", async () => {
    const [value] = (await h.client("admin").retrieveMultiple({ collection: EnvironmentVariableValue.entitySetName }))
      .value;
    const key = value.environmentvariablevalueid as string;
    const update = (user: DemoUserKey) =>
      h.client(user).update({ collection: EnvironmentVariableValue.entitySetName, key, data: { value: "yes" } });
    expect((await rejection(update("admin"))).status).toBe(403);
    await update("sysadmin");
  });

  it("names the failing step and Dataverse's message, with exit code 1", async () => {
    const errors: string[] = [];
    const zip = (await solutionZips()).unmanaged;
    const args = ["--url", h.server.url, `--token=${h.token("admin")}`, "--zip", zip];
    expect(
      await main(
        args,
        () => undefined,
        (line) => errors.push(line),
      ),
    ).toBe(1);
    expect(errors.join("\n")).toMatch(
      /^Deploy failed at \[3\/6\] Import AppProfileManager .*prvImportCustomizations.*\(HTTP 403\)/,
    );
    const missing = ["--url", h.server.url, "--token", "x", "--zip", `${zip}.missing`];
    expect(
      await main(
        missing,
        () => undefined,
        (line) => errors.push(line),
      ),
    ).toBe(1);
    expect(errors.at(-1)).toMatch(/\[2\/6\] Read .*does not exist\. Run `npm run build` first\./);
  });

  it("keeps the installed tables across a restart", async () => {
    const before = await snapshot();
    await h.stop();
    h = await startHarness({ dataDir, seed: "empty" });
    expect(await snapshot()).toEqual(before);
  });
});

describe("the managed zip", () => {
  it("provisions another empty server the same way", async () => {
    const other = await startHarness({ seed: "empty" });
    try {
      await deployTo(other, (await solutionZips()).managed);
      const profiles = await other.client("agent").retrieveMultiple({ collection: AppProfile.entitySetName });
      expect(profiles.value).toHaveLength(builtInProfiles.length);
      expect(SolutionStore.of(other.server.api.dbs.writer).solution("AppProfileManager")).toMatchObject({
        managed: true,
      });
    } finally {
      await other.stop();
    }
  });
});

describe("a new alternate key (Learn: data-platform/define-alternate-keys-entity)", () => {
  it("is Pending right after ImportSolution and Active once its index job has run", async () => {
    const other = await startHarness({ seed: "empty", keyIndexDelayMs: 1600 });
    try {
      const zip = readFileSync((await solutionZips()).unmanaged).toString("base64");
      const imported = await other.raw("ImportSolution", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: importBody(zip),
        user: "sysadmin",
      });
      expect(imported.status).toBe(204);
      const status = async () => {
        const response = await other.raw(
          `EntityDefinitions(LogicalName='apm_appprofile')/Keys?$select=LogicalName,EntityKeyIndexStatus`,
        );
        const body = (await response.json()) as { value: { LogicalName: string; EntityKeyIndexStatus: string }[] };
        return body.value.map((k) => `${k.LogicalName}: ${k.EntityKeyIndexStatus}`);
      };
      // Polled until Active: each status in order, none skipped back (the job takes keyIndexDelayMs).
      const seen: string[] = [];
      const deadline = Date.now() + 10_000;
      while (seen.at(-1) !== "apm_uniquename_key: Active" && Date.now() < deadline) {
        const [current] = await status();
        if (current !== seen.at(-1)) seen.push(current);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(seen).toEqual([
        "apm_uniquename_key: Pending",
        "apm_uniquename_key: InProgress",
        "apm_uniquename_key: Active",
      ]);
    } finally {
      await other.stop();
    }
  });
});
