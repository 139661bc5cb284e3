/**
 * Both controls' build output for the schema-by-api tests, written here rather than from the shared reference
 * manifest (Solutions/test/fixtures reads it beside the repository, which a worktree doesn't have).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CONTROL_NAMESPACE, controlConstructors, ProfileDesignerControl } from "../../Solutions/src/metadata";

const manifest = (constructor: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<manifest>
  <control namespace="${CONTROL_NAMESPACE}" constructor="${constructor}" version="0.0.1" display-name-key="${constructor}" description-key="${constructor}" control-type="standard" api-version="1.3.18">
    <property name="value" display-name-key="Value_Key" of-type="SingleLine.Text" usage="bound" required="false"/>
    ${constructor === ProfileDesignerControl ? '<data-set name="profiles" display-name-key="Profiles_Key" />' : ""}
    <resources>
      <code path="bundle.js" order="1"/>
      <resx path="strings/${constructor}.1033.resx" version="1.0.0"/>
    </resources>
  </control>
</manifest>
`;

const resx = `<?xml version="1.0" encoding="utf-8"?>
<root>
  <data name="Value_Key" xml:space="preserve"><value>Value</value></data>
</root>
`;

export function controlsFixture(dir = mkdtempSync(path.join(os.tmpdir(), "apm-controls-"))): string {
  for (const constructor of controlConstructors) {
    const controlDir = path.join(dir, constructor);
    mkdirSync(path.join(controlDir, "strings"), { recursive: true });
    writeFileSync(
      path.join(controlDir, "bundle.js"),
      `/* ${constructor} */ var pcf_tools_652ac3f36e1e4bca82eb3c1dc44e6fad;`,
    );
    writeFileSync(path.join(controlDir, "ControlManifest.xml"), manifest(constructor));
    writeFileSync(path.join(controlDir, "strings", `${constructor}.1033.resx`), resx);
  }
  return dir;
}
