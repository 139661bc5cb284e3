/**
 * `npm run build:solution`: packs out/controls and out/webresources into Solutions/bin/AppProfileManager{,_managed}.zip.
 * The webhook is not in the zip (its messages' ids differ per environment): `npm run deploy -- --webhook-url U
 * --webhook-key K` registers it through the Web API after the import.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { packSolution } from "./pack";
import { REPO_ROOT } from "./metadata";

const WEBHOOK_MOVED =
  "--with-webhook (and APM_WEBHOOK_URL) no longer put the webhook into the zip. Build without it, then register the " +
  "webhook when you deploy: npm run deploy -- --url <environment> --webhook-url <https url> --webhook-key <key>.";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "with-webhook": { type: "string" } } });
  if (values["with-webhook"] !== undefined || process.env.APM_WEBHOOK_URL) throw new Error(WEBHOOK_MOVED);
  await packSolution({
    controlsDir: path.join(REPO_ROOT, "out", "controls"),
    webResourcesDir: path.join(REPO_ROOT, "out", "webresources"),
    outDir: path.join(REPO_ROOT, "Solutions", "bin"),
    log: (line) => console.log(line),
  });
}

main().catch((error: unknown) => {
  console.error(`build:solution failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
