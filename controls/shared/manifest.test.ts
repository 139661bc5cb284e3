/** The manifests, the .resx files and manifest.ts must name the same things. */
import * as fs from "fs";
import * as path from "path";
import { XMLParser } from "fast-xml-parser";
import { CONTROL_NAMESPACE, ProfileDesignerManifest, ProfileEditorManifest } from "./manifest";
import { designerStringKeys, editorStringKeys } from "./stringKeys";
import { readResx, type ControlName } from "./testing/fakeContext";

function manifestOf(control: ControlName) {
  const xml = fs.readFileSync(path.join(__dirname, "..", control, "ControlManifest.Input.xml"), "utf8");
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    isArray: (name) => ["property", "data-set", "platform-library", "uses-feature"].includes(name),
  });
  return parser.parse(xml).manifest.control;
}

const controls = [
  { name: "ProfileDesigner", manifest: ProfileDesignerManifest, strings: designerStringKeys },
  { name: "ProfileEditor", manifest: ProfileEditorManifest, strings: editorStringKeys },
] as const;

describe.each(controls)("$name", ({ name, manifest, strings }) => {
  const control = manifestOf(name);

  it("is a virtual control in our namespace", () => {
    expect(control.namespace).toBe(CONTROL_NAMESPACE);
    expect(control.constructor).toBe(manifest.constructor);
    expect(control["control-type"]).toBe("virtual");
  });

  it("declares React 16.14.0 and Fluent 8.121.1 as platform libraries, and WebAPI and Utility", () => {
    const libraries = control.resources["platform-library"].map(
      (l: { name: string; version: string }) => `${l.name}@${l.version}`,
    );
    expect(libraries).toEqual(["React@16.14.0", "Fluent@8.121.1"]);
    const features = control["feature-usage"]["uses-feature"].map((f: { name: string }) => f.name);
    expect(features).toEqual(expect.arrayContaining(["WebAPI", "Utility"]));
    expect(control.resources.resx.path).toBe(`strings/${name}.1033.resx`);
  });

  it("names the properties manifest.ts names", () => {
    const names = control.property.map((p: { name: string }) => p.name);
    expect(names.sort()).toEqual(Object.values(manifest.properties).sort());
  });

  it("names the data sets manifest.ts names; a dataset control has no bound property", () => {
    const dataSets: { name: string }[] = control["data-set"] ?? [];
    expect(dataSets.map((d) => d.name).sort()).toEqual(Object.values(manifest.dataSets).sort());
    if (dataSets.length > 0) {
      expect(control.property.filter((p: { usage: string }) => p.usage === "bound")).toEqual([]);
    }
  });

  it("has a string in its .resx for every resource key, including the manifest's own keys", () => {
    const resx = readResx(name);
    const keys = new Set<string>(strings);
    control.property.forEach((p: Record<string, string>) => keys.add(p["display-name-key"]).add(p["description-key"]));
    (control["data-set"] ?? []).forEach((d: Record<string, string>) => keys.add(d["display-name-key"]));
    keys.add(control["display-name-key"]).add(control["description-key"]);
    const missing = [...keys].filter((k) => !resx[k]);
    expect(missing).toEqual([]);
  });

  it("has no string in its .resx that no key names (a renamed key leaves no orphan)", () => {
    const keys = new Set<string>(strings);
    control.property.forEach((p: Record<string, string>) => keys.add(p["display-name-key"]).add(p["description-key"]));
    (control["data-set"] ?? []).forEach((d: Record<string, string>) => keys.add(d["display-name-key"]));
    keys.add(control["display-name-key"]).add(control["description-key"]);
    expect(Object.keys(readResx(name)).filter((k) => !keys.has(k))).toEqual([]);
  });
});
