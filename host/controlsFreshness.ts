/**
 * Whether `npm start` must build the controls: a pure decision over modification times, so it can be tested
 * without a file system. The bundles are up to date when every output exists and none of the sources they are
 * built from changed after the oldest output was written.
 */

/** A file and its modification time; `mtimeMs` is undefined when the file does not exist. */
export interface FileTime {
  readonly path: string;
  readonly mtimeMs: number | undefined;
}

export type Freshness =
  | { readonly upToDate: true; readonly builtAtMs: number }
  | {
      readonly upToDate: false;
      /** Why a build is needed, as the end of "Building the controls (…)". */
      readonly reason: string;
    };

export interface FreshnessOptions {
  /** `--rebuild`: build whatever the times say. */
  readonly force?: boolean;
}

/** How many changed files the reason names before it says "and N more". */
const NAMED_CHANGES = 1;

export function decideFreshness(
  outputs: readonly FileTime[],
  sources: readonly FileTime[],
  options: FreshnessOptions = {},
): Freshness {
  if (options.force) return { upToDate: false, reason: "--rebuild" };
  if (outputs.length === 0 || outputs.every((o) => o.mtimeMs === undefined))
    return { upToDate: false, reason: "not built yet" };
  const missing = outputs.find((o) => o.mtimeMs === undefined);
  if (missing) return { upToDate: false, reason: `${missing.path} is missing` };
  // With no sources the decision would be "fresh" for any bundle: refuse to trust an empty list.
  if (sources.length === 0) return { upToDate: false, reason: "no sources found to compare with" };
  const builtAtMs = Math.min(...outputs.map((o) => o.mtimeMs as number));
  // A source that vanished between listing and reading is a change too (it was renamed or deleted).
  const changed = sources
    .filter((s) => s.mtimeMs === undefined || s.mtimeMs > builtAtMs)
    .sort((a, b) => (b.mtimeMs ?? Infinity) - (a.mtimeMs ?? Infinity) || a.path.localeCompare(b.path));
  if (changed.length === 0) return { upToDate: true, builtAtMs };
  const named = changed.slice(0, NAMED_CHANGES).map((s) => s.path);
  const more = changed.length - named.length;
  return {
    upToDate: false,
    reason: `sources changed: ${named.join(", ")}${more > 0 ? ` and ${more} more` : ""}`,
  };
}

/** "11:45:29" today, "2026-11-30 17:02" another day: when the bundles were built, in local time. */
export function formatBuiltAt(builtAtMs: number, nowMs: number): string {
  const built = new Date(builtAtMs);
  const now = new Date(nowMs);
  const two = (n: number) => String(n).padStart(2, "0");
  const time = `${two(built.getHours())}:${two(built.getMinutes())}`;
  const sameDay =
    built.getFullYear() === now.getFullYear() &&
    built.getMonth() === now.getMonth() &&
    built.getDate() === now.getDate();
  if (sameDay) return `${time}:${two(built.getSeconds())}`;
  return `${built.getFullYear()}-${two(built.getMonth() + 1)}-${two(built.getDate())} ${time}`;
}
