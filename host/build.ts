/** Bundles the host page's own script (the PCF context and the app shell) with esbuild. */
import { build } from "esbuild";
import path from "node:path";
import { repoRoot } from "./assets";

export async function buildHostScript(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(repoRoot, "host", "page", "main.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "chrome109",
    minify: true,
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}
