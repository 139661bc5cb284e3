/**
 * `npm run deploy -- --url <environment> [--token <bearer> | --token-file <data>/tokens.json --user sysadmin]
 * [--managed] [--chat-license yes|no] [--zip path] [--webhook-url U --webhook-key K]`
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { zipFileName } from "../src/pack";
import { REPO_ROOT } from "../src/metadata";
import { CONNECTION_OPTIONS, connectionOf } from "./auth";
import { deploy, type DeployOptions } from "./deploy";
import { DeployError, type Log } from "./steps";

const USAGE =
  "Usage: npm run deploy -- --url <environment url> [--token <bearer> | --token-file .data/tokens.json --user sysadmin]\n" +
  "                         [--managed] [--chat-license yes|no] [--zip Solutions/bin/AppProfileManager.zip]\n" +
  "                         [--webhook-url https://<host>/api/handlers --webhook-key <key>]\n" +
  "       npm run deploy -- --schema-by-api --url <environment url> [--export-managed <path>] (see schemaByApiCli.ts)";

export const DEFAULT_USER = "sysadmin";

/** Turns the command line into deploy options; throws with the usage on a bad argument. */
export function parseDeployArgs(argv: readonly string[], cwd = process.cwd()): DeployOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...CONNECTION_OPTIONS,
      managed: { type: "boolean", default: false },
      "chat-license": { type: "string" },
      zip: { type: "string" },
      "webhook-url": { type: "string" },
      "webhook-key": { type: "string" },
    },
  });
  const { url, auth } = connectionOf(values, { usage: USAGE, cwd, defaultUser: DEFAULT_USER });
  const license = values["chat-license"];
  if (license !== undefined && license !== "yes" && license !== "no") {
    throw new Error(`--chat-license must be yes or no, not '${license}'.`);
  }
  const webhookUrl = values["webhook-url"];
  const webhookKey = values["webhook-key"] ?? process.env.APM_WEBHOOK_KEY;
  if (webhookUrl && !webhookKey)
    throw new Error("--webhook-url needs --webhook-key (or APM_WEBHOOK_KEY): the host's shared key.");
  if (!webhookUrl && values["webhook-key"]) throw new Error("--webhook-key needs --webhook-url.");
  return {
    url: url.toString(),
    auth,
    zipPath: path.resolve(cwd, values.zip ?? path.join(REPO_ROOT, "Solutions", "bin", zipFileName(values.managed))),
    chatLicense: license === undefined ? undefined : license === "yes",
    ...(webhookUrl && webhookKey ? { webhook: { url: webhookUrl, key: webhookKey } } : {}),
  };
}

/** Runs the deploy; returns the process exit code (0 or 1) after printing the outcome. */
export async function main(argv: readonly string[], log: Log = console.log, error: Log = console.error) {
  if (argv.includes("--schema-by-api")) return (await import("./schemaByApiCli")).mainSchemaByApi(argv, log, error);
  let options: DeployOptions;
  try {
    options = parseDeployArgs(argv);
  } catch (e) {
    error((e as Error).message);
    return 1;
  }
  const started = performance.now();
  try {
    const { solution } = await deploy({ ...options, log });
    log(
      `Deployed ${solution.uniqueName} ${solution.version} to ${options.url} in ${Math.round(performance.now() - started)} ms.`,
    );
    return 0;
  } catch (e) {
    error(e instanceof DeployError ? `Deploy failed at ${e.message}` : `Deploy failed: ${(e as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
