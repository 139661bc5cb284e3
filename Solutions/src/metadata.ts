/**
 * Solution-level facts that are not table schema: the solution and publisher identity and the controls it ships.
 * Table, column, role, app and environment variable names all come from `schema/`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { OPTION_VALUE_PREFIX, PUBLISHER_PREFIX } from "../../schema";

export const SOLUTION_UNIQUE_NAME = "AppProfileManager";
export const SOLUTION_DISPLAY_NAME = "App Profile Manager";
export const SOLUTION_DESCRIPTION =
  "App profiles for agents and supervisors: tables, security roles, the model-driven app and its PCF controls.";

export const PUBLISHER = {
  uniqueName: "AppProfileManagerPublisher",
  displayName: "App Profile Manager",
  description: "Publisher of the App Profile Manager solution.",
  prefix: PUBLISHER_PREFIX,
  optionValuePrefix: OPTION_VALUE_PREFIX,
} as const;

/** English (United States): the only language the solution carries. */
export const LANGUAGE_CODE = 1033;

/** The PCF namespace of both controls (their ControlManifest.xml `namespace`). */
export const CONTROL_NAMESPACE = "AppProfileManager";
export const ProfileDesignerControl = "ProfileDesigner";
export const ProfileEditorControl = "ProfileEditor";
export const controlConstructors = [ProfileDesignerControl, ProfileEditorControl] as const;
export type ControlConstructor = (typeof controlConstructors)[number];

/** The name a control carries inside a solution: `<prefix>_<namespace>.<constructor>`. */
export const solutionControlName = (constructor: string): string =>
  `${PUBLISHER.prefix}_${CONTROL_NAMESPACE}.${constructor}`;

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Dataverse versions have two to four numeric parts; `1.2.3-beta.1` becomes `1.2.3.0`. */
export function solutionVersion(packageVersion: string): string {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(packageVersion);
  if (!match) throw new Error(`package.json version "${packageVersion}" is not a numeric version`);
  return [match[1], match[2], match[3] ?? "0", match[4] ?? "0"].map((n) => String(Number(n))).join(".");
}

export function packageVersion(repoRoot: string = REPO_ROOT): string {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version?: unknown };
  if (typeof pkg.version !== "string") throw new Error("package.json has no version");
  return solutionVersion(pkg.version);
}
