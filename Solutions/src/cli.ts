/**
 * `npm run build:solution [-- --with-webhook <https url>]`: packs out/controls and out/webresources into
 * Solutions/bin/AppProfileManager{,_managed}.zip. APM_WEBHOOK_URL works like --with-webhook.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { packSolution } from "./pack";
import { REPO_ROOT } from "./metadata";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "with-webhook": { type: "string" } } });
  await packSolution({
    controlsDir: path.join(REPO_ROOT, "out", "controls"),
    webResourcesDir: path.join(REPO_ROOT, "out", "webresources"),
    webhookUrl: values["with-webhook"] ?? (process.env.APM_WEBHOOK_URL || undefined),
    outDir: path.join(REPO_ROOT, "Solutions", "bin"),
    log: (line) => console.log(line),
  });
}

main().catch((error: unknown) => {
  console.error(`build:solution failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
