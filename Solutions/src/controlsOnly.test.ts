import JSZip from "jszip";
import { securityRoles, solutionTables } from "../../schema";
import { makeControlsFixture as controlsFixture } from "../test/fixtures";
import { controlsOnlyEntries, packControlsOnly } from "./controlsOnly";
import { loadControls } from "./controls";
import { readSolution } from "./read";

const controlsDir = controlsFixture();
const text = (entries: ReadonlyMap<string, Buffer>, name: string) => entries.get(name)!.toString("utf8");

describe("the controls-only zip", () => {
  const entries = controlsOnlyEntries(loadControls(controlsDir), "1.2.0.0");
  const customizations = text(entries, "customizations.xml");
  const manifest = text(entries, "solution.xml");

  it("keeps each table's forms and views, but none of its metadata", () => {
    for (const table of solutionTables) {
      expect(customizations).toMatch(new RegExp(`<entity Name="${table.logicalName}">\\s*<attributes />\\s*</entity>`));
    }
    expect(customizations).toContain("<FormXml>");
    expect(customizations).toContain("<SavedQueries>");
    expect(customizations).not.toContain("<EntitySetName>");
    expect(customizations).not.toContain("<attribute PhysicalName=");
    expect(customizations).not.toContain("<EntityKeys>");
  });

  it("has no roles, relationships or option sets (the metadata Web API creates them), but the app and controls", () => {
    expect(customizations).toContain("<Roles />");
    expect(customizations).toContain("<EntityRelationships />");
    expect(customizations).toContain("<optionsets />");
    expect(customizations).toContain("<AppModules>");
    expect(customizations).toContain("<CustomControl>");
    expect([...entries.keys()]).toEqual(
      expect.arrayContaining([
        "[Content_Types].xml",
        "Controls/apm_AppProfileManager.ProfileDesigner/bundle.js",
        "Controls/apm_AppProfileManager.ProfileEditor/ControlManifest.xml",
        "environmentvariabledefinitions/apm_ChatLicenseAvailable/environmentvariabledefinition.xml",
      ]),
    );
  });

  it("lists the tables as behavior 2 with their forms and views as root components, and no roles or option sets", () => {
    for (const table of solutionTables) {
      expect(manifest).toContain(`<RootComponent type="1" schemaName="${table.logicalName}" behavior="2" />`);
    }
    expect(manifest).not.toContain('type="20"');
    expect(manifest).not.toContain('type="9"');
    for (const role of securityRoles) expect(manifest).not.toContain(role.id);
    expect(manifest.match(/type="60"/g)).toHaveLength(solutionTables.length);
    expect((manifest.match(/type="26"/g) ?? []).length).toBeGreaterThanOrEqual(solutionTables.length);
    expect(manifest).toContain("<Managed>0</Managed>");
  });

  it("reads back as a solution that defines no tables", async () => {
    const zip = await packControlsOnly({ controlsDir, webResourcesDir: "/nonexistent", version: "1.2.0.0" });
    const solution = await readSolution(zip);
    expect(solution).toMatchObject({
      uniqueName: "AppProfileManager",
      version: "1.2.0.0",
      managed: false,
      tables: [],
      relationships: [],
    });
    expect(Object.keys((await JSZip.loadAsync(zip)).files)).toContain("customizations.xml");
  });
});
