/**
 * `npm run deploy -- --schema-by-api --url <environment> [--token … | --token-file … --user …] [--zip <controls-only
 * zip>] [--controls-dir out/controls] [--chat-license yes|no] [--webhook-url U --webhook-key K] [--export-managed <path>]`: the deploy through the
 * metadata Web API (schemaByApi.ts). The sign-in options are the zip deploy's.
 */
import path from "node:path";
import { parseDeployArgs } from "./cli";
import { deploySchemaByApi, type SchemaByApiOptions } from "./schemaByApi";
import { DeployError, type Log } from "./steps";

/** Takes `--name value` or `--name=value` out of argv. */
function take(argv: string[], name: string): string | undefined {
  const index = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (index < 0) return undefined;
  const [arg] = argv.splice(index, 1);
  if (arg.includes("=")) return arg.slice(name.length + 1);
  const [value] = argv.splice(index, 1);
  if (value === undefined || value.startsWith("--")) throw new Error(`${name} needs a value.`);
  return value;
}

export function parseSchemaByApiArgs(argv: readonly string[], cwd = process.cwd()): SchemaByApiOptions {
  const rest = argv.filter((a) => a !== "--schema-by-api");
  const zip = take(rest, "--zip");
  const controlsDir = take(rest, "--controls-dir");
  const exportManaged = take(rest, "--export-managed");
  if (rest.includes("--managed")) {
    throw new Error(
      "--managed takes the packer's managed zip; with --schema-by-api, use --export-managed <path> for the environment's own managed export.",
    );
  }
  const shared = parseDeployArgs(rest, cwd);
  return {
    url: shared.url,
    auth: shared.auth,
    chatLicense: shared.chatLicense,
    webhook: shared.webhook,
    zipPath: zip && path.resolve(cwd, zip),
    controlsDir: controlsDir && path.resolve(cwd, controlsDir),
    exportManagedPath: exportManaged && path.resolve(cwd, exportManaged),
  };
}

export async function mainSchemaByApi(argv: readonly string[], log: Log, error: Log): Promise<number> {
  let options: SchemaByApiOptions;
  try {
    options = parseSchemaByApiArgs(argv);
  } catch (e) {
    error((e as Error).message);
    return 1;
  }
  const started = performance.now();
  try {
    const { solution, created } = await deploySchemaByApi({ ...options, log });
    log(
      `Deployed ${solution.uniqueName} ${solution.version} to ${options.url} through the metadata Web API ` +
        `(${created.length} definitions created) in ${Math.round(performance.now() - started)} ms.`,
    );
    return 0;
  } catch (e) {
    error(e instanceof DeployError ? `Deploy failed at ${e.message}` : `Deploy failed: ${(e as Error).message}`);
    return 1;
  }
}
