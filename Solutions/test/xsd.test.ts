import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildOnce, entryText, referenceText } from "./helpers";
import { loadSchemas, validateCustomizations, withoutNewerThanXsd } from "./xsd";

jest.setTimeout(120_000);

describe("customizations.xml against CustomizationsSolution.xsd (Dataverse 9.0)", () => {
  it("fails, not skips, when the schemas are missing", () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "apm-no-schema-"));
    expect(() => loadSchemas(empty)).toThrow(/CustomizationsSolution\.xsd is missing/);
  });

  it("accepts the control-only reference export (the validator works)", async () => {
    const result = await validateCustomizations(referenceText("control-only", "customizations.xml"));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("rejects a document with an unknown section (the validator is not vacuous)", async () => {
    const xml = referenceText("control-only", "customizations.xml").replace("<Roles />", "<Roles /><NotASection />");
    expect((await validateCustomizations(xml)).valid).toBe(false);
  });

  it("skips only the elements newer than the XSD: anything else unknown still fails", async () => {
    const xml = await entryText((await buildOnce()).unmanaged, "customizations.xml");
    expect(withoutNewerThanXsd(xml)).not.toMatch(/<(OptimizedFor|NavigationType|CascadeArchive|IsAutoAssigned)\b/);
    expect(withoutNewerThanXsd(xml)).toContain("<FormFactor>1</FormFactor>");
    const tampered = xml.replace("<NavigationType>0</NavigationType>", "<NavigationTypes>0</NavigationTypes>");
    expect(tampered).not.toBe(xml);
    expect((await validateCustomizations(tampered)).valid).toBe(false);
  });

  it.each(["unmanaged", "managed"] as const)("validates the %s package", async (kind) => {
    const xml = await entryText((await buildOnce())[kind], "customizations.xml");
    const result = await validateCustomizations(xml);
    expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
    expect(result.valid).toBe(true);
    // The relaxed part of FormXml.xsd (parameters of a classic control) is never used.
    expect(xml).not.toMatch(/<control\b[^>]*[^/]>\s*<parameters/);
  });
});
