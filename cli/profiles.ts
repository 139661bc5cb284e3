/**
 * `npm run profiles -- export --url U [--profile <unique name> ...] [--users] --out file.json`
 * `npm run profiles -- import --url U --file file.json [--dry-run] [--on-conflict skip|overwrite|rename]`
 * (either with `--token <bearer>` or `--token-file .data/tokens.json --user admin`; the token file is the default on a
 * local URL, the device code sign-in on Dataverse)
 *
 * Moves designed profiles between environments (issue 14). The export writes a versioned JSON document
 * (controls/shared/portability/profiles-export.schema.json); the import shows its plan first and writes nothing on a
 * dry run or while an error stands, then applies each profile in one change set with `[n/N]` progress. The client is
 * the bulk assignment's (token, `$batch` change sets); the planning is pure, in controls/shared/portability/.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { describeFailure, webApiRowReader } from "../controls/shared/assignment/webApiAssignment";
import {
  createWebApiFetch,
  sendBatch,
  webApiRoot,
  type WebApiFailure,
  type WebApiFetch,
} from "../controls/shared/data/webApiFetch";
import { describeProblem, parseProfilesDocument } from "../controls/shared/portability/document";
import { exportDocument } from "../controls/shared/portability/environment";
import { planImport, type ImportPlan, type OnConflict } from "../controls/shared/portability/importPlan";
import { describeChange, describeStatus } from "../controls/shared/portability/planText";
import { changeSetRequests } from "../controls/shared/portability/importRequests";
import { readEnvironment } from "../controls/shared/portability/webApiEnvironment";
import { retryThrottled } from "../controls/shared/portability/retryThrottled";
import { CONNECTION_OPTIONS, connectionOf, signIn, type TokenSource } from "../Solutions/deploy/auth";

type Log = (line: string) => void;

const USAGE =
  "Usage: npm run profiles -- export --url <environment url> --out <file.json> [--profile <unique name> ...] [--users]\n" +
  "       npm run profiles -- import --url <environment url> --file <file.json> [--dry-run] [--on-conflict skip|overwrite|rename]\n" +
  "       either with [--token <bearer> | --token-file .data/tokens.json --user admin]";

class UsageError extends Error {}

interface Common {
  readonly url: URL;
  readonly auth: TokenSource;
}
export type ProfilesCommand =
  | (Common & {
      readonly kind: "export";
      readonly out: string;
      readonly only: readonly string[];
      readonly users: boolean;
    })
  | (Common & {
      readonly kind: "import";
      readonly file: string;
      readonly dryRun: boolean;
      readonly onConflict: OnConflict;
    });

const CONFLICT_CHOICES = new Set(["skip", "overwrite", "rename"]);

export function parseProfilesArgs(argv: readonly string[], cwd = process.cwd()): ProfilesCommand {
  const [verb, ...rest] = argv;
  if (verb !== "export" && verb !== "import") throw new UsageError(`Say export or import first.\n${USAGE}`);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        ...CONNECTION_OPTIONS,
        out: { type: "string" },
        profile: { type: "string", multiple: true },
        users: { type: "boolean", default: false },
        file: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        "on-conflict": { type: "string" },
      },
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  const { url, auth } = connectionOf(values, { usage: USAGE, cwd, fail: (message) => new UsageError(message) });
  const misplaced = (flags: string[]) => {
    const given = flags.filter(
      (f) => (values as Record<string, unknown>)[f] !== undefined && (values as Record<string, unknown>)[f] !== false,
    );
    if (given.length > 0)
      throw new UsageError(
        `--${given[0]} belongs to ${verb === "export" ? "import" : "export"}, not ${verb}.\n${USAGE}`,
      );
  };
  if (verb === "export") {
    misplaced(["file", "dry-run", "on-conflict"]);
    if (!values.out) throw new UsageError(`--out is required.\n${USAGE}`);
    return {
      kind: "export",
      url,
      auth,
      out: path.resolve(cwd, values.out),
      only: values.profile ?? [],
      users: values.users ?? false,
    };
  }
  misplaced(["out", "profile", "users"]);
  if (!values.file) throw new UsageError(`--file is required.\n${USAGE}`);
  const choice = values["on-conflict"];
  if (choice !== undefined && !CONFLICT_CHOICES.has(choice))
    throw new UsageError(`--on-conflict must be skip, overwrite or rename, not '${choice}'.`);
  return {
    kind: "import",
    url,
    auth,
    file: path.resolve(cwd, values.file),
    dryRun: values["dry-run"] ?? false,
    onConflict: (choice ?? "stop") as OnConflict,
  };
}

async function connect(command: Common, log: Log): Promise<{ send: WebApiFetch; clientUrl: string }> {
  const getToken = await signIn(command.auth, command.url, log);
  const clientUrl = command.url.origin + command.url.pathname.replace(/\/+$/, "");
  const send = retryThrottled(createWebApiFetch({ clientUrl, getToken }), {
    onWait: (seconds) => log(`The environment asked to wait (service protection): retrying in ${seconds} s.`),
  });
  return { send, clientUrl };
}

async function runExport(command: Extract<ProfilesCommand, { kind: "export" }>, log: Log, error: Log): Promise<number> {
  const { send, clientUrl } = await connect(command, log);
  const snapshot = await readEnvironment(
    webApiRowReader(send, clientUrl),
    { users: command.users },
    (done, total, what) => log(`[${done}/${total}] reading ${what}`),
  );
  const result = exportDocument(snapshot, {
    source: clientUrl,
    exportedAt: new Date().toISOString(),
    includeUsers: command.users,
    only: command.only,
  });
  if (!result.ok) {
    error(
      `Nothing written: ${result.missing.map((n) => `"${n}"`).join(", ")} ${result.missing.length === 1 ? "is" : "are"} not a profile of ${clientUrl}.`,
    );
    return 1;
  }
  writeFileSync(command.out, `${JSON.stringify(result.document, null, 2)}\n`);
  const builtIns = result.document.profiles.filter((p) => p.builtIn).length;
  log(
    `${result.document.profiles.length} profiles written to ${command.out}` +
      (builtIns ? ` (${builtIns} built-in, referenced only)` : "") +
      (command.users ? ", with their users." : "."),
  );
  return 0;
}

export function printPlan(plan: ImportPlan, log: Log) {
  for (const planned of plan.profiles) {
    log(`  ${describeStatus(planned)}`);
    for (const change of planned.changes) log(`      ${describeChange(change)}`);
    for (const message of planned.errors) log(`      error: ${message}`);
  }
  const { create, update, unchanged, conflict } = plan.counts;
  log(
    `${create} to create, ${update} to update, ${unchanged} unchanged, ${conflict} in conflict; ${plan.errors} errors.`,
  );
}

async function runImport(command: Extract<ProfilesCommand, { kind: "import" }>, log: Log, error: Log): Promise<number> {
  const fileName = path.basename(command.file);
  let text: string;
  try {
    text = readFileSync(command.file, "utf8");
  } catch (e) {
    error(`Can't read ${command.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
    return 2;
  }
  const parsed = parseProfilesDocument(text);
  if (!parsed.ok) {
    for (const problem of parsed.problems) error(describeProblem(problem, fileName));
    return 2;
  }
  const document = parsed.document;
  const { send, clientUrl } = await connect(command, log);
  const principalNames = document.profiles.flatMap((p) => p.users ?? []);
  const target = await readEnvironment(
    webApiRowReader(send, clientUrl),
    { users: document.includesUsers, catalogs: { principalNames } },
    (done, total, what) => log(`[${done}/${total}] reading ${what}`),
  );
  const plan = planImport(document, target, command.onConflict);
  log(`${document.profiles.length} profiles in ${fileName} (from ${document.source}), against ${clientUrl}:`);
  printPlan(plan, log);
  const blocked = plan.errors > 0 || plan.unresolvedConflicts > 0;
  if (command.dryRun) {
    log(`Dry run: nothing written.${blocked ? " The import would stop on the errors or conflicts above." : ""}`);
    return blocked ? 1 : 0;
  }
  if (plan.errors > 0) {
    error(
      `Nothing written: ${plan.errors} errors (listed above). Fix them in the target or the file, then import again.`,
    );
    return 1;
  }
  if (plan.unresolvedConflicts > 0) {
    error(
      `Nothing written: ${plan.unresolvedConflicts} profiles conflict with the target (listed above). Choose ` +
        "--on-conflict skip (leave them), overwrite (make the target's match the file) or rename (import under another unique name).",
    );
    return 1;
  }
  const toWrite = plan.profiles.filter((p) => p.operations.length > 0);
  if (toWrite.length === 0) {
    log("Nothing to change: the target already matches the file.");
    return 0;
  }
  const root = webApiRoot(clientUrl);
  let failed = 0;
  for (const [index, planned] of toWrite.entries()) {
    try {
      await sendBatch(send, [{ changeSet: changeSetRequests(planned.operations, root) }]);
      log(
        `[${index + 1}/${toWrite.length}] ${planned.targetUniqueName}: ${planned.status === "create" || planned.operations[0].kind === "create" ? "created" : "updated"}`,
      );
    } catch (e) {
      failed++;
      const failures = (Array.isArray(e) ? e : [e]) as (WebApiFailure | Error)[];
      log(`[${index + 1}/${toWrite.length}] ${planned.targetUniqueName}: not changed: ${describeFailure(failures[0])}`);
    }
  }
  log(`${toWrite.length - failed} profiles written, ${failed} failed (a failed profile is left as it was).`);
  return failed > 0 ? 1 : 0;
}

/** Exit codes: 0 done, 1 errors, conflicts or failed profiles, 2 a bad argument or file. */
export async function main(
  argv: readonly string[],
  log: Log = console.log,
  error: Log = console.error,
): Promise<number> {
  let command: ProfilesCommand;
  try {
    command = parseProfilesArgs(argv);
  } catch (e) {
    error((e as Error).message);
    return 2;
  }
  try {
    return command.kind === "export" ? await runExport(command, log, error) : await runImport(command, log, error);
  } catch (e) {
    const failure = (Array.isArray(e) ? e[0] : e) as WebApiFailure | Error;
    error(`The ${command.kind} stopped: ${describeFailure(failure)}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
