/**
 * `npm run assign` in this process, as the admin, against a harness's server: shared by the CLI's tests
 * (assignCli.test.ts, assignCli10k.test.ts). The CSV is written to a file, the command's lines are kept, and the
 * result file it writes next to the CSV (`<name>.result.csv`) is read back, one string a line.
 */
import fs from "node:fs";
import { main } from "../../cli/assign";
import type { Harness } from "./harness";

export interface AssignRun {
  /** The exit code: 0 done, 1 nothing written (problems stand), 2 a malformed file or call. */
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
  /** The result file's lines, the header first. */
  readonly result: string[];
}

export async function runAssign(h: Harness, csvFile: string, csv: string, ...flags: string[]): Promise<AssignRun> {
  fs.writeFileSync(csvFile, csv);
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ["--csv", csvFile, "--url", h.server.url, "--token", h.token("admin"), ...flags],
    (l) => out.push(l),
    (l) => err.push(l),
  );
  // Where the command writes it without --out (cli/assign.ts).
  const result = fs
    .readFileSync(csvFile.replace(/(\.csv)?$/i, ".result.csv"), "utf8")
    .trim()
    .split("\r\n");
  return { code, out, err, result };
}
