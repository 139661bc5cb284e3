/** What the host page serves besides the API: the platform libraries, the built controls and its own script. */
import fs from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";

export const repoRoot = path.resolve(__dirname, "..");
export const controlsOutDir = path.join(repoRoot, "out", "controls");

/** React and Fluent as the platform provides them, from node_modules (never a CDN). */
export const platformLibraries: Record<string, string> = {
  "/platform/react.js": require.resolve("react/umd/react.production.min.js"),
  "/platform/react-dom.js": require.resolve("react-dom/umd/react-dom.production.min.js"),
  "/platform/fluent.js": path.join(
    path.dirname(require.resolve("@fluentui/react/package.json")),
    "dist",
    "fluentui-react.min.js",
  ),
};

/** Fluent's MDL2 icon font files, served under /platform/fonts/. */
export const iconFontsDir = path.join(repoRoot, "node_modules", "@fluentui", "font-icons-mdl2", "fonts");

export interface BuiltControl {
  readonly name: string;
  readonly bundle: string;
  readonly strings: Record<string, string>;
}

/** Reads a control's build output; fails with what is missing and how to build it. */
export function readBuiltControl(name: string): BuiltControl {
  const dir = path.join(controlsOutDir, name);
  const bundle = path.join(dir, "bundle.js");
  if (!fs.existsSync(bundle)) {
    throw new Error(`${bundle} is missing: the ${name} control has not been built. Run \`npm run build:controls\`.`);
  }
  const stringsDir = path.join(dir, "strings");
  const resx = fs.existsSync(stringsDir) ? fs.readdirSync(stringsDir).find((f) => f.endsWith(".1033.resx")) : undefined;
  return { name, bundle, strings: resx ? readResx(path.join(stringsDir, resx)) : {} };
}

/** The `<data name><value>` pairs of a .resx file. */
export function readResx(file: string): Record<string, string> {
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(
    fs.readFileSync(file, "utf8"),
  );
  const data = parsed?.root?.data ?? [];
  const rows = (Array.isArray(data) ? data : [data]) as { name: string; value: unknown }[];
  return Object.fromEntries(rows.map((row) => [row.name, String(row.value ?? "")]));
}
