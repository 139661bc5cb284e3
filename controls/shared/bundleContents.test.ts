/**
 * @jest-environment node
 *
 * What each control's bundle leaves out, and its size against the budget (issue 12: at most 70 KB minified per
 * control). Bundled with esbuild (same entry points and externals as pcf-scripts' webpack), from the metafile: no
 * build needed. The size is esbuild's unminified bundle minified by terser with webpack 5's own minimizer settings
 * (`compress: { passes: 2 }`), what pcf-scripts' production build runs: measured against `npm run build:controls` on
 * both controls it came out 0.5-0.7% under webpack's bundle.js (see the figures in the test below), so the check adds
 * WEBPACK_MARGIN. Not a timed test: sizes only.
 */
import * as fs from "fs";
import * as path from "path";
import { build, type Plugin } from "esbuild";
import { minify } from "terser";

const root = path.resolve(__dirname, "..", "..");

/** Issue 12's goal, in bytes of bundle.js (KB as the build prints them: 1,000 bytes). Not met yet: see below. */
const BUDGET_BYTES = 70_000;
/**
 * Until the budget is met, each bundle may not grow past these (this estimate, with the margin, plus 0.5%). On
 * 2026-12-01 issue 13's UI left designer 105,886 and editor 122,729 bytes; a repository per control took 2,597 and
 * 8,467 out; then issue 14's Compare (designer +21.4 KB, 9.2 KB of it the export file's reader), History (+5.6 / +10.1
 * KB), Preview (+7.5 / +6.1 KB), the 10,000-row import (+0.9 KB) and Export/Import (designer +23.9 KB, 14.8 KB of it
 * the CLI's planner and environment reader) left 163,999 and 130,457. Issue 14's fixes for Dataverse parity then
 * added to the editor: History pages by @odata.nextLink (+600 B) and Preview leaves inactive links out (+570 B); a
 * History reader per control took 231 B out of the editor and 886 B out of the designer: 163,113 and 131,407. Issue
 * 12's first page then added the page asked for from init and the platform's allocated width (designer +818 B, editor
 * +319 B: 163,931 and 131,726), a speed fix with nothing of its size left to take out. A feature
 * that adds weight takes as much out elsewhere; lower these as the bundles shrink; remove them once both meet
 * BUDGET_BYTES.
 */
const CEILING_BYTES: Readonly<Record<string, number>> = { ProfileDesigner: 164_750, ProfileEditor: 132_400 };
/** Webpack's bundle.js was up to 0.7% larger than this estimate (esbuild's bundle through terser). */
const WEBPACK_MARGIN = 1.01;

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
  /** esbuild's bundle, unminified: what it kept, module by module. */
  readonly text: string;
  /** Bytes each source file contributes to esbuild's output. */
  readonly modules: Map<string, number>;
  /** The bundle minified as webpack's production build minifies it (terser drops more unused code than esbuild). */
  readonly minified: string;
  /** Its size: the estimate of bundle.js. */
  readonly minifiedBytes: number;
}

async function bundle(control: string): Promise<Bundle> {
  const result = await build({
    entryPoints: [path.join(root, "controls", control, "index.ts")],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    format: "iife",
    // pcf-scripts exposes the control's exports on a global (output.library), so nothing of the entry is unused.
    globalName: "pcf_tools",
    target: "es2020",
    jsx: "transform",
    external: ["react", "react-dom", "@fluentui/*"],
    tsconfig: path.join(root, "controls", "tsconfig.json"),
    plugins: [exactCase],
    logLevel: "silent",
  });
  const [output] = Object.values(result.metafile.outputs);
  const modules = new Map(Object.entries(output.inputs).map(([file, input]) => [file, input.bytesInOutput]));
  const text = result.outputFiles[0].text;
  // Webpack 5's default minimizer: TerserPlugin with terserOptions { compress: { passes: 2 } }.
  const minified = await minify(text, { compress: { passes: 2 } });
  const code = minified.code ?? "";
  return { text, modules, minified: code, minifiedBytes: Buffer.byteLength(code) };
}

describe.each(["ProfileDesigner", "ProfileEditor"])("the %s bundle", (control) => {
  let built: Bundle;
  const kept = (file: string) => (built.modules.get(file) ?? 0) > 0;
  beforeAll(async () => {
    built = await bundle(control);
  }, 120_000);

  // Figures (bytes, this estimate / webpack's bundle.js): designer 92,112 / 92,690 before the schema split, 86,185 /
  // 86,755 after; editor 100,900 / 101,431 before, 96,759 / 97,224 after; with issue 13's UI 105,886 and 122,729; with
  // a repository per control 103,289 and 114,262.
  it(`doesn't grow past its ceiling on the way to the ${BUDGET_BYTES / 1000} KB budget (not met yet)`, () => {
    const bytes = Math.round(built.minifiedBytes * WEBPACK_MARGIN);
    expect(bytes).toBeLessThanOrEqual(CEILING_BYTES[control]);
  });

  it("carries the product's tables and none of the plug-in registration tables", () => {
    expect(built.text).toContain('"apm_appprofiles"');
    for (const table of ["serviceendpoint", "sdkmessagefilter", "sdkmessageprocessingstepimage"]) {
      expect(built.text).not.toContain(`"${table}"`);
    }
    expect(kept("schema/pluginRegistration.ts")).toBe(false);
  });

  it("carries the run-time model, none of the schema's labels or solution-only settings", () => {
    // Code in a bundle imports schema/model.ts; the index (which merges in labels.ts) is for the server and solution.
    expect(kept("schema/model.ts")).toBe(true);
    expect(kept("schema/labels.ts")).toBe(false);
    for (const label of ["App Profiles", "A targeted app experience", "OrganizationOwned", "apm_sessiontemplatetype"]) {
      expect(built.text).not.toContain(label);
    }
  });

  it("carries the runtime's resolver only in the designer (Search by user), and there without the profile's content", () => {
    expect(kept("runtime/resolve.ts")).toBe(control === "ProfileDesigner");
    // toEffectiveProfile's content: an agent's app needs it, Search by user's chain doesn't (resolveProfileChain);
    // issue 14's Preview does (what a user's app gets), so the designer carries it through that source and no other.
    if (control === "ProfileDesigner")
      expect(built.text.includes("productivityPane:")).toBe(
        kept("controls/ProfileDesigner/preview/userPreviewSource.ts"),
      );
  });

  it("carries its own control's requests, not the other's (designerWebApi.ts, editorWebApi.ts)", () => {
    const designer = control === "ProfileDesigner";
    expect(kept("controls/shared/data/webApiCore.ts")).toBe(true);
    expect(kept("controls/shared/data/designerWebApi.ts")).toBe(designer);
    expect(kept("controls/shared/data/editorWebApi.ts")).toBe(!designer);
    // The list's counts and its sort by users; the save's $batch of the editor.
    for (const file of ["profileUserSort.ts", "associationCounts.ts"])
      expect(kept(`controls/shared/data/${file}`)).toBe(designer);
    expect(built.text.includes("RetrieveUserPrivileges")).toBe(!designer);
  });

  it("carries only the registrations its operations reach", () => {
    // The designer creates profiles: no relationship steps. The editor checks the profile's steps, no others.
    const relationshipSteps = ["Only existing ", "Built-in profiles keep their session templates"];
    for (const name of relationshipSteps) expect(built.minified.includes(name)).toBe(control === "ProfileEditor");
    expect(built.minified).not.toContain("Channel URL is https and inside the trusted domain");
    expect(built.minified).not.toContain("Changed session templates keep their profiles valid");
  });
});
