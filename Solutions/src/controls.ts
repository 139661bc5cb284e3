/**
 * The PCF controls' build output (`npm run build:controls` writes `out/controls/<Control>/`): bundle, manifest and
 * resources, read from disk and described from their ControlManifest.xml.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { CONTROL_NAMESPACE, controlConstructors, ProfileEditorControl, solutionControlName } from "./metadata";

export interface ControlProperty {
  readonly name: string;
  readonly ofType: string;
  readonly usage: string;
}

export interface ControlBuild {
  readonly constructor: string;
  readonly namespace: string;
  readonly version: string;
  /** `<prefix>_<namespace>.<constructor>`: the control's name and folder in the solution. */
  readonly solutionName: string;
  readonly properties: readonly ControlProperty[];
  readonly dataSets: readonly string[];
  /** Every file of the build output, keyed by its path inside the control folder (forward slashes). */
  readonly files: ReadonlyMap<string, Buffer>;
}

const REQUIRED_FILES = ["bundle.js", "ControlManifest.xml"] as const;
/** webpack's licence notes for the bundle: not part of a control as pac packs it. */
const isBuildByproduct = (file: string) => file.endsWith(".LICENSE.txt");

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      const relative = prefix ? `${prefix}/${entry}` : entry;
      return statSync(full).isDirectory() ? listFiles(full, relative) : [relative];
    })
    .filter((file) => !isBuildByproduct(file));
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

interface ManifestControl {
  "@_namespace"?: string;
  "@_constructor"?: string;
  "@_version"?: string;
  property?: Record<string, string> | Record<string, string>[];
  "data-set"?: Record<string, string> | Record<string, string>[];
  resources?: { resx?: Record<string, string> | Record<string, string>[] };
}

export function loadControl(controlsDir: string, constructor: string): ControlBuild {
  const dir = path.join(controlsDir, constructor);
  for (const file of REQUIRED_FILES) {
    const full = path.join(dir, file);
    if (!existsSync(full)) {
      throw new Error(
        `Missing ${full}: the ${constructor} control has not been built. Run \`npm run build:controls\` first.`,
      );
    }
  }
  const files = new Map(listFiles(dir).map((file) => [file, readFileSync(path.join(dir, ...file.split("/")))]));
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_" });
  const manifest = parser.parse(files.get("ControlManifest.xml")!.toString("utf8")) as {
    manifest?: { control?: ManifestControl };
  };
  const control = manifest.manifest?.control;
  if (!control) throw new Error(`${path.join(dir, "ControlManifest.xml")} has no <manifest><control>`);
  const namespace = control["@_namespace"] ?? "";
  if (namespace !== CONTROL_NAMESPACE || control["@_constructor"] !== constructor) {
    throw new Error(
      `${path.join(dir, "ControlManifest.xml")} declares ${namespace}.${control["@_constructor"]}, expected ${CONTROL_NAMESPACE}.${constructor}`,
    );
  }
  for (const resx of asArray(control.resources?.resx)) {
    const file = resx["@_path"];
    if (file && !files.has(file)) {
      throw new Error(
        `Missing ${path.join(dir, file)} (listed in ControlManifest.xml). Run \`npm run build:controls\` first.`,
      );
    }
  }
  return {
    constructor,
    namespace,
    version: control["@_version"] ?? "0.0.0",
    solutionName: solutionControlName(constructor),
    properties: asArray(control.property).map((p) => ({
      name: p["@_name"] ?? "",
      ofType: p["@_of-type"] ?? "",
      usage: p["@_usage"] ?? "",
    })),
    dataSets: asArray(control["data-set"]).map((d) => d["@_name"] ?? ""),
    files,
  };
}

/** Both controls, or an error naming the first missing file. */
export function loadControls(controlsDir: string): ControlBuild[] {
  return controlConstructors.map((constructor) => loadControl(controlsDir, constructor));
}

/** What the build can still package but Dataverse would not use as intended. */
export function controlWarnings(controls: readonly ControlBuild[]): string[] {
  const warnings: string[] = [];
  for (const control of controls) {
    if (control.constructor === ProfileEditorControl && !control.properties.some((p) => p.usage === "bound")) {
      warnings.push(
        `${control.solutionName} declares no bound property; a form can only host it on a column through one`,
      );
    }
  }
  return warnings;
}
