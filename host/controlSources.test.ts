import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { controlOutputs, controlSources } from "./controlSources";
import { decideFreshness } from "./controlsFreshness";

/** A small repository shaped like ours: one control that imports code from outside controls/. */
function fixture() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "apm-sources-"));
  const write = (file: string, text = "") => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  write("controls/Widget/index.ts", 'import { rule } from "../../lib/rules";\nimport "./view";\n');
  write("controls/Widget/view.tsx", '// import { nothing } from "../../lib/commented";\nexport const v = 1;\n');
  write("controls/Widget/ControlManifest.Input.xml", "<manifest/>");
  write("controls/Widget/strings/Widget.1033.resx", "<root/>");
  write("controls/Widget/view.test.tsx", "");
  write("controls/Widget/generated/ManifestTypes.d.ts", "");
  write("controls/shared/testing/fake.ts", "");
  write("lib/rules/index.ts", 'export * from "./text";\nimport type { T } from "../types";\n');
  write("lib/rules/text.ts", 'import { x } from "some-package";\n');
  write("lib/types.ts", "export type T = 1;\n");
  write("lib/commented.ts", "");
  write("lib/unused.ts", "");
  write("pcfconfig.json", "{}");
  write("package-lock.json", "{}");
  return { root, write, layout: { repoRoot: root, outDir: path.join(root, "out", "controls"), controls: ["Widget"] } };
}

describe("the controls' sources", () => {
  let f: ReturnType<typeof fixture>;
  beforeEach(() => {
    f = fixture();
  });
  afterEach(() => fs.rmSync(f.root, { recursive: true, force: true }));

  it("are the control's files, what it imports from elsewhere (type imports too) and the build's configuration", () => {
    expect(controlSources(f.layout).map((s) => s.path)).toEqual([
      "controls/Widget/ControlManifest.Input.xml",
      "controls/Widget/index.ts",
      "controls/Widget/strings/Widget.1033.resx",
      "controls/Widget/view.tsx",
      "lib/rules/index.ts",
      "lib/rules/text.ts",
      "lib/types.ts",
      "package-lock.json",
      "pcfconfig.json",
    ]);
  });

  it("make the bundles stale when an imported file outside controls/ changes, and not when a test does", () => {
    f.write("out/controls/Widget/bundle.js");
    f.write("out/controls/Widget/ControlManifest.xml");
    f.write("out/controls/Widget/strings/Widget.1033.resx");
    const past = new Date(Date.now() - 60_000);
    for (const s of controlSources(f.layout)) fs.utimesSync(path.join(f.root, s.path), past, past);
    const fresh = () => decideFreshness(controlOutputs(f.layout), controlSources(f.layout));
    expect(fresh()).toMatchObject({ upToDate: true });

    const future = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(f.root, "controls/Widget/view.test.tsx"), future, future);
    fs.utimesSync(path.join(f.root, "lib/unused.ts"), future, future);
    expect(fresh()).toMatchObject({ upToDate: true });

    fs.utimesSync(path.join(f.root, "lib/types.ts"), future, future);
    expect(fresh()).toEqual({ upToDate: false, reason: "sources changed: lib/types.ts" });
  });

  it("expect a bundle, a manifest and each string table per control", () => {
    expect(controlOutputs(f.layout)).toEqual([
      { path: "out/controls/Widget/bundle.js", mtimeMs: undefined },
      { path: "out/controls/Widget/ControlManifest.xml", mtimeMs: undefined },
      { path: "out/controls/Widget/strings/Widget.1033.resx", mtimeMs: undefined },
    ]);
  });
});

describe("the real controls' sources", () => {
  it("include the schema and the rules the bundles import, and none of the tests", () => {
    const root = path.resolve(__dirname, "..");
    const paths = controlSources({
      repoRoot: root,
      outDir: path.join(root, "out", "controls"),
      controls: ["ProfileDesigner", "ProfileEditor"],
    }).map((s) => s.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "controls/ProfileEditor/index.ts",
        "controls/ProfileDesigner/ControlManifest.Input.xml",
        "controls/ProfileEditor/strings/ProfileEditor.1033.resx",
        "schema/model.ts",
        "handlers/rules/uniqueName.ts",
        "pcfconfig.json",
        "package-lock.json",
      ]),
    );
    expect(paths.filter((p) => /\.test\.tsx?$|\/generated\/|^server\/|^test\//.test(p))).toEqual([]);
  });
});
