import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  AdministratorRole,
  ChatLicenseVariable,
  ModelDrivenApp,
  OPTION_VALUE_PREFIX,
  PUBLISHER_PREFIX,
  UserRole,
  solutionTables,
} from "../../schema";
import { packSolution } from "../src/pack";
import { packageVersion } from "../src/metadata";
import { makeControlsFixture } from "./fixtures";
import { buildOnce, entryText, find, names, parseOrdered, referenceText } from "./helpers";

const CONTROL_FOLDERS = ["apm_AppProfileManager.ProfileDesigner", "apm_AppProfileManager.ProfileEditor"];

describe("solution zips", () => {
  it("hold the package files, both controls and the environment variable, all with forward slashes", async () => {
    const { unmanaged, managed, files } = await buildOnce();
    expect(files.map((f) => path.basename(f.path))).toEqual(["AppProfileManager.zip", "AppProfileManager_managed.zip"]);
    for (const zip of [unmanaged, managed]) {
      const entries = Object.keys(zip.files);
      expect(entries.every((e) => !e.includes("\\"))).toBe(true);
      expect(entries).toEqual(
        expect.arrayContaining([
          "[Content_Types].xml",
          "solution.xml",
          "customizations.xml",
          "environmentvariabledefinitions/apm_ChatLicenseAvailable/environmentvariabledefinition.xml",
          ...CONTROL_FOLDERS.flatMap((folder) => [
            `Controls/${folder}/bundle.js`,
            `Controls/${folder}/ControlManifest.xml`,
          ]),
        ]),
      );
      expect(entries.filter((e) => /^Controls\/[^/]+\/strings\/[^/]+\.resx$/.test(e))).toHaveLength(2);
    }
  });

  it("prints each file it wrote and the total", async () => {
    const { log, files } = await buildOnce();
    for (const file of files) expect(log.some((line) => line.includes(file.path))).toBe(true);
    expect(log.some((line) => line.includes("customizations.xml"))).toBe(true);
    expect(log[log.length - 1]).toMatch(/^2 files, \d+ bytes in /);
  });

  it("names the missing file and the command to build it when the control output is missing", async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "apm-empty-"));
    try {
      await expect(packSolution({ controlsDir: empty, outDir: path.join(empty, "bin") })).rejects.toThrow(
        /Missing .*ProfileDesigner[/\\]bundle\.js.*npm run build:controls/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("fails, naming the control, when the control on the profiles' view declares no data set", async () => {
    const dir = makeControlsFixture();
    const manifest = path.join(dir, "ProfileDesigner", "ControlManifest.xml");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace(/<data-set [^>]*\/>\s*/, ""));
    const log: string[] = [];
    try {
      await expect(
        packSolution({ controlsDir: dir, outDir: path.join(dir, "bin"), log: (line) => log.push(line) }),
      ).rejects.toThrow(/apm_AppProfileManager\.ProfileDesigner declares no <data-set>.*dataset control/);
      expect(log.filter((line) => line.startsWith("wrote "))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("differ only in solution.xml's Managed flag", async () => {
    const { unmanaged, managed } = await buildOnce();
    expect(Object.keys(managed.files)).toEqual(Object.keys(unmanaged.files));
    for (const name of Object.keys(unmanaged.files)) {
      const [a, b] = [await entryText(unmanaged, name), await entryText(managed, name)];
      if (name === "solution.xml") {
        expect(a.replace("<Managed>0</Managed>", "<Managed>1</Managed>")).toBe(b);
        expect(a).toContain("<Managed>0</Managed>");
      } else {
        expect(b).toBe(a);
      }
    }
  });

  it("copy the control build output unchanged", async () => {
    const { unmanaged } = await buildOnce();
    const fixture = makeControlsFixture();
    const manifest = await entryText(unmanaged, `Controls/${CONTROL_FOLDERS[1]}/ControlManifest.xml`);
    expect(manifest).toBe(readFileSync(path.join(fixture, "ProfileEditor", "ControlManifest.xml"), "utf8"));
  });
});

describe("[Content_Types].xml", () => {
  it("is shaped like the control-only export: a BOM, one line, xml/js/resx defaults and manifest overrides", async () => {
    const { unmanaged } = await buildOnce();
    const ours = await entryText(unmanaged, "[Content_Types].xml");
    const reference = referenceText("control-only", "[Content_Types].xml");
    expect(ours.slice(0, 40)).toBe(reference.slice(0, 40));
    expect(ours).not.toContain("\n");
    const [o, r] = [parseOrdered(ours), parseOrdered(reference)];
    expect(o.attrs).toEqual(r.attrs);
    expect(o.children.filter((c) => c.name === "Default").map((c) => c.attrs.Extension)).toEqual(["xml", "js", "resx"]);
    expect(o.children.filter((c) => c.name === "Override").map((c) => c.attrs.PartName)).toEqual(
      CONTROL_FOLDERS.map((f) => `/Controls/${f}/ControlManifest.xml`),
    );
    expect(o.children.find((c) => c.attrs.Extension === "xml")?.attrs.ContentType).toBe("text/xml");
  });
});

describe("solution.xml", () => {
  const solution = async () => parseOrdered(await entryText((await buildOnce()).unmanaged, "solution.xml"));

  it.each(["control-only", "table-and-app"])("has the manifest and publisher layout of the %s export", async (ref) => {
    const [ours, reference] = [await solution(), parseOrdered(referenceText(ref, "solution.xml"))];
    expect(ours.name).toBe(reference.name);
    for (const attr of ["version", "SolutionPackageVersion", "languagecode", "generatedBy", "xmlns:xsi"]) {
      expect(Object.keys(ours.attrs)).toContain(attr);
    }
    expect(names(find(ours, "SolutionManifest"))).toEqual(names(find(reference, "SolutionManifest")));
    expect(names(find(ours, "SolutionManifest", "Publisher"))).toEqual(
      names(find(reference, "SolutionManifest", "Publisher")),
    );
    expect(names(find(ours, "SolutionManifest", "Publisher", "Addresses", "Address"))).toEqual(
      names(find(reference, "SolutionManifest", "Publisher", "Addresses", "Address")),
    );
  });

  it("carries the name, version, publisher prefix and option value prefix", async () => {
    const manifest = find(await solution(), "SolutionManifest");
    const text = (...path: string[]) => find(manifest, ...path).text;
    expect(text("UniqueName")).toBe("AppProfileManager");
    expect(text("Version")).toBe(packageVersion());
    expect(text("Managed")).toBe("0");
    expect(text("Publisher", "CustomizationPrefix")).toBe(PUBLISHER_PREFIX);
    expect(text("Publisher", "CustomizationOptionValuePrefix")).toBe(String(OPTION_VALUE_PREFIX));
  });

  it("lists a root component for every table, choice, role, the app and site map, every control and the variable", async () => {
    const roots = find(await solution(), "SolutionManifest", "RootComponents").children.map(
      (c) => `${c.attrs.type}:${c.attrs.schemaName ?? c.attrs.id}`,
    );
    expect(roots).toEqual(
      expect.arrayContaining([
        ...solutionTables.map((t) => `1:${t.logicalName}`),
        "9:apm_app",
        "9:apm_productivitypanemode",
        "9:apm_sessiontemplatetype",
        "9:apm_channelapiversion",
        `20:{${AdministratorRole.id}}`,
        `20:{${UserRole.id}}`,
        `62:${ModelDrivenApp.uniqueName}`,
        `80:${ModelDrivenApp.uniqueName}`,
        ...CONTROL_FOLDERS.map((f) => `66:${f}`),
        `380:${ChatLicenseVariable.schemaName}`,
      ]),
    );
    expect(roots).toHaveLength(new Set(roots).size);
  });
});
