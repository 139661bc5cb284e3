/**
 * `npm start` builds the controls only when their sources changed since the bundles were written (`--rebuild`
 * forces it), and shows the build's progress while it runs.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { controlsOutDir, repoRoot } from "./assets";
import { controlOutputs, controlSources, type ControlLayout } from "./controlSources";
import { decideFreshness, formatBuiltAt, type Freshness } from "./controlsFreshness";

export interface EnsureBuiltOptions {
  readonly controls: readonly string[];
  readonly force?: boolean;
  readonly log?: (line: string) => void;
}

export function controlsFreshness(controls: readonly string[], force = false): Freshness {
  const layout: ControlLayout = { repoRoot, outDir: controlsOutDir, controls };
  return decideFreshness(controlOutputs(layout), controlSources(layout), { force });
}

/** Builds the controls when they are out of date; resolves once the bundles match their sources. */
export async function ensureControlsBuilt({ controls, force, log = console.log }: EnsureBuiltOptions): Promise<void> {
  const freshness = controlsFreshness(controls, force);
  if (freshness.upToDate) {
    log(
      `Controls are up to date (built ${formatBuiltAt(freshness.builtAtMs, Date.now())}; --rebuild builds them anyway).`,
    );
    return;
  }
  log(`Building the controls (${freshness.reason})… usually about a minute.`);
  const startedAt = new Date();
  await runControlBuild(log);
  // The bundles show the sources as they were when the build read them: a file saved during the build is newer
  // than the bundles, so the next start builds again.
  for (const output of controlOutputs({ repoRoot, outDir: controlsOutDir, controls }))
    if (output.mtimeMs !== undefined) fs.utimesSync(path.join(repoRoot, output.path), startedAt, startedAt);
  log(`Built the controls in ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s.`);
}

/** pcf-scripts prints "[11:44:30 AM] [build] Validating manifest..."; the step is what a person wants to see. */
const stepOf = (line: string) => /^\[[^\]]*\] \[build\] (.*)$/.exec(line.trim())?.[1];

/** Webpack's stats are coloured; a log file or a pipe gets them plain. */
const colour = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const plain = (line: string) => (process.stdout.isTTY ? line : line.replace(colour, ""));

/** Seconds of silence after which the progress says the build is still going. */
const HEARTBEAT_SECONDS = 15;

/** Runs `npm run build:controls` (the one definition of the build), printing each step with the elapsed time. */
function runControlBuild(log: (line: string) => void): Promise<void> {
  const started = Date.now();
  const elapsed = () => `${String(Math.round((Date.now() - started) / 1000)).padStart(3)} s`;
  let lastStep = "Starting";
  let lastOutput = Date.now();
  const windows = process.platform === "win32";
  return new Promise((resolve, reject) => {
    // Its own process group (not on Windows), so stopping npm start stops webpack's processes too.
    const child = spawn("npm", ["run", "--silent", "build:controls"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
      shell: windows,
      detached: !windows,
    });
    const print = (line: string) => {
      if (line.trim() === "") return;
      const step = stepOf(line);
      if (step) lastStep = step.replace(/\.+$/, "");
      log(step ? `  [${elapsed()}] ${step}` : `  ${plain(line)}`);
    };
    const lines = () => {
      let rest = "";
      return {
        add(chunk: Buffer) {
          lastOutput = Date.now();
          const parts = (rest + chunk.toString("utf8")).split(/\r?\n/);
          rest = parts.pop() ?? "";
          parts.forEach(print);
        },
        end: () => print(rest),
      };
    };
    const out = lines();
    const err = lines();
    child.stdout.on("data", out.add);
    child.stderr.on("data", err.add);
    const heartbeat = setInterval(() => {
      if (Date.now() - lastOutput < HEARTBEAT_SECONDS * 1000) return;
      lastOutput = Date.now();
      log(`  [${elapsed()}] … ${lastStep.toLowerCase()}`);
    }, 1000);
    const stop = (signal: NodeJS.Signals) => {
      if (!windows && child.pid !== undefined) process.kill(-child.pid, signal);
      else child.kill(signal);
      log(`${signal}: the control build was stopped.`);
      process.exit(1);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    const done = () => {
      clearInterval(heartbeat);
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      out.end();
      err.end();
    };
    child.once("error", (error) => {
      done();
      reject(new Error(`npm run build:controls could not start (${error.message}): is npm on the PATH?`));
    });
    child.once("close", (code, signal) => {
      done();
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `the control build failed (${signal ?? `exit code ${code}`}): fix what it printed above, then run npm start again.`,
          ),
        );
    });
  });
}
