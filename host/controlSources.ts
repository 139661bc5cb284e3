/**
 * What the control bundles are built from, and what the build writes, read from the file system for
 * `decideFreshness`. Sources are every file pcf-scripts reads to build them: everything under `controls/` but tests
 * and generated types, every file of ours the controls import from elsewhere (`schema/`, `handlers/`, `runtime/`,
 * found by following their imports), the build's configuration, and the lock files (a dependency change).
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { FileTime } from "./controlsFreshness";

/** Configuration the build reads; a missing one is skipped (creating it later makes it newer than the bundles). */
const configFiles = [
  "pcfconfig.json",
  "AppProfileManager.pcfproj",
  "tsconfig.json",
  "package-lock.json",
  // npm rewrites this one on every `npm ci` / `npm install`, so a reinstall with other versions counts.
  "node_modules/.package-lock.json",
  "featureconfig.json",
  "webpack.config.js",
];

/** Files under controls/ that no bundle is built from. */
const notASource = (relative: string) =>
  /(^|\/)(generated|testing|node_modules)(\/|$)/.test(relative) || /\.test\.tsx?$/.test(relative);

/** TypeScript's order for an import without an extension (exact case: the build runs on case-sensitive disks). */
const candidates = (base: string) => [
  base,
  `${base}.ts`,
  `${base}.tsx`,
  `${base}.d.ts`,
  path.join(base, "index.ts"),
  path.join(base, "index.tsx"),
];

const isFile = (file: string) => fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true;

/** The files of ours reachable from the entry points through relative imports (packages are the lock file's). */
export function importGraph(entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file) || !isFile(file)) continue;
    seen.add(file);
    if (!/\.tsx?$/.test(file)) continue;
    // TypeScript's own scanner: comments and strings that look like imports are not imports.
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const resolved = candidates(path.resolve(path.dirname(file), fileName)).find(isFile);
      if (resolved) queue.push(resolved);
    }
  }
  return [...seen];
}

function walk(dir: string, root: string, into: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (notASource(path.relative(root, full).split(path.sep).join("/"))) continue;
    if (entry.isDirectory()) walk(full, root, into);
    else if (entry.isFile()) into.push(full);
  }
}

export interface ControlLayout {
  readonly repoRoot: string;
  /** pcfconfig.json's outDir. */
  readonly outDir: string;
  readonly controls: readonly string[];
}

const mtimeOf = (repoRoot: string, file: string): FileTime => ({
  path: path.relative(repoRoot, file).split(path.sep).join("/"),
  mtimeMs: fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs,
});

/** The source files of every control bundle, with their times. */
export function controlSources({ repoRoot, controls }: ControlLayout): FileTime[] {
  const controlsDir = path.join(repoRoot, "controls");
  const files = new Set<string>();
  const underControls: string[] = [];
  walk(controlsDir, controlsDir, underControls);
  for (const file of underControls) files.add(file);
  for (const file of importGraph(controls.map((name) => path.join(controlsDir, name, "index.ts")))) files.add(file);
  for (const file of configFiles) if (isFile(path.join(repoRoot, file))) files.add(path.join(repoRoot, file));
  return [...files].map((file) => mtimeOf(repoRoot, file)).sort((a, b) => a.path.localeCompare(b.path));
}

/** What `pcf-scripts build` writes per control: the bundle, the manifest and each string table. */
export function controlOutputs({ repoRoot, outDir, controls }: ControlLayout): FileTime[] {
  const outputs: string[] = [];
  for (const name of controls) {
    const out = path.join(outDir, name);
    outputs.push(path.join(out, "bundle.js"), path.join(out, "ControlManifest.xml"));
    const strings = path.join(repoRoot, "controls", name, "strings");
    if (fs.existsSync(strings))
      for (const resx of fs.readdirSync(strings).filter((f) => f.endsWith(".resx")))
        outputs.push(path.join(out, "strings", resx));
  }
  return outputs.map((file) => mtimeOf(repoRoot, file));
}
