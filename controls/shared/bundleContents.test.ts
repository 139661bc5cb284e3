/**
 * @jest-environment node
 *
 * What each control's bundle leaves out (issue 12, the 70 KB budget): the plug-in registration tables and, in the
 * editor, the agents' runtime resolver. Bundled with esbuild (same entry points and externals as pcf-scripts' webpack;
 * sizes differ by a few percent, the modules kept are the same for these), from the metafile: no build needed.
 */
import * as fs from "fs";
import * as path from "path";
import { build, type Plugin } from "esbuild";

const root = path.resolve(__dirname, "..", "..");

/** Relative imports resolved with their exact case, as webpack does on Linux (esbuild would otherwise match a file that differs only in case). */
const exactCase: Plugin = {
  name: "exact-case",
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      const base = path.resolve(args.resolveDir, args.path);
      for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
        const inDir = fs.existsSync(path.dirname(candidate)) ? fs.readdirSync(path.dirname(candidate)) : [];
        if (inDir.includes(path.basename(candidate)) && fs.statSync(candidate).isFile()) return { path: candidate };
      }
      return undefined;
    });
  },
};

interface Bundle {
  readonly text: string;
  /** Bytes each source file contributes to the output. */
  readonly modules: Map<string, number>;
}

async function bundle(control: string): Promise<Bundle> {
  const result = await build({
    entryPoints: [path.join(root, "controls", control, "index.ts")],
    absWorkingDir: root,
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    format: "iife",
    jsx: "transform",
    external: ["react", "react-dom", "@fluentui/*"],
    tsconfig: path.join(root, "controls", "tsconfig.json"),
    plugins: [exactCase],
    logLevel: "silent",
  });
  const [output] = Object.values(result.metafile.outputs);
  const modules = new Map(Object.entries(output.inputs).map(([file, input]) => [file, input.bytesInOutput]));
  return { text: result.outputFiles[0].text, modules };
}

describe.each(["ProfileDesigner", "ProfileEditor"])("the %s bundle", (control) => {
  let built: Bundle;
  const kept = (file: string) => (built.modules.get(file) ?? 0) > 0;
  beforeAll(async () => {
    built = await bundle(control);
  }, 120_000);

  it("carries the product's tables and none of the plug-in registration tables", () => {
    expect(built.text).toContain('"apm_appprofiles"');
    for (const table of ["serviceendpoint", "sdkmessagefilter", "sdkmessageprocessingstepimage"]) {
      expect(built.text).not.toContain(`"${table}"`);
    }
    expect(kept("schema/pluginRegistration.ts")).toBe(false);
  });

  it("carries the runtime's resolver only in the designer (Search by user)", () => {
    expect(kept("runtime/resolve.ts")).toBe(control === "ProfileDesigner");
  });
});
