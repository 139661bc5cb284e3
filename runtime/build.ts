/**
 * `npm run build:runtime`: bundles runtime/browser.ts into the web resource apm_/runtime/profile.js, an IIFE that
 * defines the global `AppProfileRuntime`. The solution packer ships everything under out/webresources/.
 */
import { build } from "esbuild";
import fs from "node:fs";
import path from "node:path";

export const WEB_RESOURCE_NAME = "apm_/runtime/profile.js";
const repoRoot = path.resolve(__dirname, "..");

export async function buildRuntime(outRoot = path.join(repoRoot, "out", "webresources")): Promise<string> {
  const outfile = path.join(outRoot, ...WEB_RESOURCE_NAME.split("/"));
  await build({
    entryPoints: [path.join(__dirname, "browser.ts")],
    outfile,
    bundle: true,
    format: "iife",
    globalName: "AppProfileRuntime",
    platform: "browser",
    // What Dataverse's supported browsers (current Edge, Chrome, Firefox, Safari) all run.
    target: ["es2019"],
    minify: true,
    legalComments: "none",
    banner: { js: "/* App Profile Manager runtime: AppProfileRuntime.resolveEffectiveProfile(userId, app) */" },
    logLevel: "warning",
  });
  return outfile;
}

if (require.main === module) {
  buildRuntime().then(
    (file) => console.log(`Wrote web resource ${WEB_RESOURCE_NAME} to ${file} (${fs.statSync(file).size} bytes)`),
    (error: Error) => {
      console.error(`The runtime build failed: ${error.message}`);
      process.exit(1);
    },
  );
}
