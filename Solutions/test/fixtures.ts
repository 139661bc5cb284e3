/** A minimal PCF build output (as `npm run build:controls` leaves in out/controls) for tests. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  CONTROL_NAMESPACE,
  controlConstructors,
  ProfileDesignerControl,
  ProfileEditorControl,
  REPO_ROOT,
} from "../src/metadata";

/** `../shared` beside the checkout; a git worktree under `wt/<name>` finds it one level further up. */
export const SHARED_DIR =
  [path.resolve(REPO_ROOT, "..", "shared"), path.resolve(REPO_ROOT, "..", "..", "shared")].find((dir) =>
    existsSync(path.join(dir, "reference")),
  ) ?? path.resolve(REPO_ROOT, "..", "shared");
export const REFERENCE_DIR = path.join(SHARED_DIR, "reference", "solutions");
export const SCHEMA_DIR = path.join(SHARED_DIR, "schemas", "dataverse-9.0");

const RESX = `<?xml version="1.0" encoding="utf-8"?>
<root>
  <data name="Display_Key" xml:space="preserve"><value>Control</value></data>
</root>
`;

/** The reference export's manifest, renamed to one of our controls; the designer gets a data set. */
export function fixtureManifest(constructor: string): string {
  const reference = readFileSync(path.join(REFERENCE_DIR, "control-only", "ControlManifest.xml"), "utf8");
  const renamed = reference
    .replace('namespace="CodeInterpreterSample"', `namespace="${CONTROL_NAMESPACE}"`)
    .replace('constructor="CodeInterpreterControl"', `constructor="${constructor}"`)
    .replace("strings/CodeInterpreterControl.1033.resx", `strings/${constructor}.1033.resx`);
  // The editor's one bound property, as controls/ProfileEditor declares it.
  if (constructor === ProfileEditorControl)
    return renamed.replace('property name="Unused"', 'property name="profileKey"');
  if (constructor !== ProfileDesignerControl) return renamed;
  return renamed.replace(
    "<external-service-usage",
    '<data-set name="profiles" display-name-key="Profiles_Key" />\n    <external-service-usage',
  );
}

/** Writes `<dir>/<Control>/{bundle.js,ControlManifest.xml,strings/<Control>.1033.resx}` and returns `<dir>`. */
export function makeControlsFixture(dir = mkdtempSync(path.join(os.tmpdir(), "apm-controls-"))): string {
  for (const constructor of controlConstructors) {
    const controlDir = path.join(dir, constructor);
    mkdirSync(path.join(controlDir, "strings"), { recursive: true });
    writeFileSync(
      path.join(controlDir, "bundle.js"),
      `/* ${constructor} */ var pcf_tools_652ac3f36e1e4bca82eb3c1dc44e6fad;`,
    );
    writeFileSync(path.join(controlDir, "ControlManifest.xml"), fixtureManifest(constructor));
    writeFileSync(path.join(controlDir, "strings", `${constructor}.1033.resx`), RESX);
  }
  return dir;
}
