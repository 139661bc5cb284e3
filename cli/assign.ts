/**
 * `npm run assign -- --csv users.csv --url <environment> [--dry-run] [--skip-problems] [--out result.csv]
 * [--action assign|move|remove] [--token <bearer> | --token-file .data/tokens.json --user admin]`
 *
 * Assigns many users at once from a CSV (columns `user`, `profile`, optionally `action`: assign or move, which gives
 * the profile, moving the user from theirs, or remove, which takes it away; `--action` is what a row without one does): reads the users and profiles the file names,
 * prints the preview (a status per row), and, unless it is a dry run, applies the changes in change sets of at most
 * 1,000 operations with `[n/N]` progress. Writes a result file with a line per row either way.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { applyChangeSets } from "../controls/shared/assignment/applyChangeSets";
import {
  describeStatus,
  HARMLESS_STATUSES,
  planAssignments,
  type AssignmentPlan,
} from "../controls/shared/assignment/bulkPlan";
import { groupsFromPlan, packChangeSets } from "../controls/shared/assignment/changeSets";
import { parseAssignmentCsv, type CsvAction } from "../controls/shared/assignment/csv";
import { readDirectory } from "../controls/shared/assignment/directory";
import { resultCsv } from "../controls/shared/assignment/resultFile";
import {
  describeFailure,
  webApiChangeSetWriter,
  webApiRowReader,
} from "../controls/shared/assignment/webApiAssignment";
import { createWebApiFetch } from "../controls/shared/data/webApiFetch";
import { retryThrottled } from "../controls/shared/portability/retryThrottled";
import { CONNECTION_OPTIONS, connectionOf, signIn, type TokenSource } from "../Solutions/deploy/auth";

type Log = (line: string) => void;

const USAGE =
  "Usage: npm run assign -- --csv <file> --url <environment url> [--dry-run] [--skip-problems] [--out <result.csv>]\n" +
  "                         [--action assign|move|remove]\n" +
  "                         [--token <bearer> | --token-file .data/tokens.json --user admin]";

export interface AssignOptions {
  readonly csvPath: string;
  readonly url: URL;
  readonly auth: TokenSource;
  readonly dryRun: boolean;
  readonly skipProblems: boolean;
  readonly outPath: string;
  /** What a row without an `action` value does. */
  readonly action: CsvAction;
}

const ACTIONS: ReadonlyMap<string, CsvAction> = new Map<string, CsvAction>([
  ["assign", "assign"],
  ["move", "assign"],
  ["remove", "remove"],
]);

export function parseAssignArgs(argv: readonly string[], cwd = process.cwd()): AssignOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      csv: { type: "string" },
      ...CONNECTION_OPTIONS,
      "dry-run": { type: "boolean", default: false },
      "skip-problems": { type: "boolean", default: false },
      out: { type: "string" },
      action: { type: "string" },
    },
  });
  if (!values.csv) throw new Error(`--csv is required.\n${USAGE}`);
  const { url, auth } = connectionOf(values, { usage: USAGE, cwd });
  const action = ACTIONS.get((values.action ?? "assign").toLowerCase());
  if (!action) throw new Error(`--action '${values.action}' is not assign, move or remove.\n${USAGE}`);
  const csvPath = path.resolve(cwd, values.csv);
  return {
    csvPath,
    url,
    auth,
    dryRun: values["dry-run"] ?? false,
    skipProblems: values["skip-problems"] ?? false,
    outPath: path.resolve(cwd, values.out ?? csvPath.replace(/(\.csv)?$/i, ".result.csv")),
    action,
  };
}

const STATUS_LABELS: ReadonlyArray<[keyof AssignmentPlan["counts"], string]> = [
  ["assign", "will assign"],
  ["move", "will move"],
  ["already", "already there"],
  ["remove", "will remove"],
  ["notAssigned", "not on the profile (nothing to remove)"],
  ["unknownUser", "unknown user"],
  ["ambiguousUser", "ambiguous user"],
  ["disabledUser", "disabled user"],
  ["nonInteractiveUser", "application or non-interactive user"],
  ["profileMissing", "profile missing"],
  ["duplicateUser", "user listed twice"],
];
const SHOWN_PROBLEMS = 20;

export function printPlan(plan: AssignmentPlan, csvName: string, log: Log) {
  log(`${plan.rows.length} rows in ${csvName}:`);
  for (const [kind, label] of STATUS_LABELS) if (plan.counts[kind] > 0) log(`  ${plan.counts[kind]} ${label}`);
  const problems = plan.rows.filter((r) => !HARMLESS_STATUSES.has(r.status.kind));
  for (const planned of problems.slice(0, SHOWN_PROBLEMS))
    log(`  ${csvName}:${planned.row.line}: ${describeStatus(planned)}`);
  if (problems.length > SHOWN_PROBLEMS) log(`  … and ${problems.length - SHOWN_PROBLEMS} more in the result file.`);
}

/** Runs the assignment; returns the exit code (0 done, 1 refused or failed rows, 2 bad arguments or file). */
export async function main(argv: readonly string[], log: Log = console.log, error: Log = console.error) {
  let options: AssignOptions;
  try {
    options = parseAssignArgs(argv);
  } catch (e) {
    error((e as Error).message);
    return 2;
  }
  const csvName = path.basename(options.csvPath);
  let text: string;
  try {
    text = readFileSync(options.csvPath, "utf8");
  } catch (e) {
    error(`Can't read ${options.csvPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
    return 2;
  }
  const parsed = parseAssignmentCsv(text, options.action);
  if (!parsed.ok) {
    for (const problem of parsed.problems) error(`${csvName}: ${problem.message}`);
    return 2;
  }
  try {
    const getToken = await signIn(options.auth, options.url, log);
    const clientUrl = options.url.origin + options.url.pathname.replace(/\/+$/, "");
    // A long import meets the service protection limits: wait as asked, never count it as failed rows.
    const send = retryThrottled(createWebApiFetch({ clientUrl, getToken }), {
      onWait: (seconds) => log(`The environment asked to wait (service protection): retrying in ${seconds} s.`),
    });
    const directory = await readDirectory(parsed.rows, webApiRowReader(send, clientUrl), (done, total) =>
      log(`[${done}/${total}] reading users and profiles`),
    );
    const plan = planAssignments(parsed.rows, directory.users, directory.profiles);
    printPlan(plan, csvName, log);
    if (options.dryRun) {
      writeFileSync(options.outPath, resultCsv(plan));
      log(`Dry run: nothing written. The preview is in ${options.outPath}.`);
      return 0;
    }
    if (plan.problems > 0 && !options.skipProblems) {
      writeFileSync(options.outPath, resultCsv(plan));
      error(
        `Nothing written: ${plan.problems} rows have problems (listed above and in ${options.outPath}). ` +
          "Fix them, or pass --skip-problems to apply the other rows.",
      );
      return 1;
    }
    const sets = packChangeSets(groupsFromPlan(plan));
    const result = await applyChangeSets(sets, webApiChangeSetWriter(send, clientUrl), (p) =>
      log(`[${p.done}/${p.total}] rows applied${p.failed ? ` (${p.failed} failed)` : ""}`),
    );
    writeFileSync(options.outPath, resultCsv(plan, result.outcomes));
    log(`${result.applied} rows applied, ${result.failed} failed. The result is in ${options.outPath}.`);
    return result.failed > 0 ? 1 : 0;
  } catch (e) {
    error(`The assignment stopped: ${describeFailure(e as Error)}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
