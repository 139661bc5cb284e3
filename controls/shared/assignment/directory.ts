/**
 * Reads what a bulk-assignment plan needs, and only that: the users a file names (by id, principal name or email)
 * with their direct profile, and the profiles it names by unique name. Values go into `Microsoft.Dynamics.CRM.In`
 * filters (Learn: webapi/query/filter-rows, "Query functions") in chunks that keep each URL far below the 32 KB limit,
 * every value quoted by the one escaping helper. Works over any JSON reader (the controls' or the CLI's client).
 */
import { AppProfile, AppProfileSystemUser, SystemUser } from "../../../schema/model";
import { normalizeId } from "../ids";
import { odataString } from "../odata";
import { userKey, type DirectoryProfile, type DirectoryUser } from "./bulkPlan";
import type { AssignmentCsvRow } from "./csv";

/** Reads every row of a query path (relative to the Web API root), following `@odata.nextLink`. */
export interface JsonRowReader {
  readAll(path: string): Promise<Record<string, unknown>[]>;
}

/**
 * A lookup's path stays well under the URL limits: Dataverse takes GET URLs up to 32 KB (Learn:
 * webapi/compose-http-requests-handle-errors), and a Node server (the local one) refuses headers over 16 KB with 431
 * (dataverse-webapi-fidelity.md #17), so the org URL and the headers in front never take a lookup over either.
 */
export const LOOKUP_PATH_BUDGET = 12_000;
/** Lookups in flight at once: well under the 52 concurrent requests Dataverse allows a user (Learn: data-platform/api-limits). */
export const LOOKUP_CONCURRENCY = 4;
/** Dataverse's accessmode 4 is a non-interactive user; an application user has an applicationid. */
const NON_INTERACTIVE_ACCESS_MODE = 4;

const userSelect = [
  SystemUser.primaryIdAttribute,
  "fullname",
  "domainname",
  "internalemailaddress",
  "isdisabled",
  "accessmode",
  "applicationid",
].join(",");
const profileColumns = `${AppProfile.primaryIdAttribute},apm_uniquename,apm_name`;

const inFilter = (column: string, values: readonly string[]) =>
  `Microsoft.Dynamics.CRM.In(PropertyName='${column}',PropertyValues=[${values.map(odataString).join(",")}])`;

/**
 * Splits the values into as few queries as fit the path budget: each path is `base` plus the encoded filter that
 * `filterOf` builds from one chunk. O(values): each value's encoded length is measured once.
 */
function lookupPaths(
  base: string,
  values: readonly string[],
  lists: number,
  filterOf: (chunk: readonly string[]) => string,
): string[] {
  const paths: string[] = [];
  let chunk: string[] = [];
  let length = 0;
  const overhead = encodeURIComponent(filterOf([])).length;
  const flush = () => {
    if (chunk.length > 0) paths.push(base + encodeURIComponent(filterOf(chunk)));
    chunk = [];
    length = 0;
  };
  for (const value of values) {
    // What the value adds to each In list it is in: its quoted, encoded text and an encoded comma.
    const cost = lists * (encodeURIComponent(odataString(value)).length + 3);
    if (chunk.length > 0 && base.length + overhead + length + cost > LOOKUP_PATH_BUDGET) flush();
    chunk.push(value);
    length += cost;
  }
  flush();
  return paths;
}

/** The query paths for the users of the file, ids and names apart (an id compares unquoted-equal, names by text). */
export function userLookupPaths(rows: readonly AssignmentCsvRow[]): string[] {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const row of rows) {
    const key = userKey(row.user);
    if (key.kind === "id") ids.add(key.id);
    else names.add(key.text);
  }
  const base = `${SystemUser.entitySetName}?$select=${userSelect}&$expand=${AppProfileSystemUser.entity2NavigationProperty}($select=${profileColumns})&$filter=`;
  return [
    ...lookupPaths(base, [...ids], 1, (part) => inFilter(SystemUser.primaryIdAttribute, part)),
    ...lookupPaths(
      base,
      [...names],
      2,
      (part) => `${inFilter("domainname", part)} or ${inFilter("internalemailaddress", part)}`,
    ),
  ];
}

export function profileLookupPaths(rows: readonly AssignmentCsvRow[]): string[] {
  const names = [...new Set(rows.map((r) => r.profile.toLowerCase()))];
  const base = `${AppProfile.entitySetName}?$select=${profileColumns}&$filter=`;
  return lookupPaths(base, names, 1, (part) => inFilter("apm_uniquename", part));
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

function toProfile(row: Record<string, unknown>): DirectoryProfile {
  return {
    id: text(row[AppProfile.primaryIdAttribute]),
    uniqueName: text(row.apm_uniquename),
    name: text(row.apm_name),
  };
}

export function toDirectoryUser(row: Record<string, unknown>): DirectoryUser {
  const assigned = row[AppProfileSystemUser.entity2NavigationProperty];
  const profiles = Array.isArray(assigned) ? (assigned as Record<string, unknown>[]).map(toProfile) : [];
  return {
    id: normalizeId(text(row[SystemUser.primaryIdAttribute])) ?? "",
    fullName: text(row.fullname),
    domainName: text(row.domainname),
    email: text(row.internalemailaddress),
    isDisabled: row.isdisabled === true,
    isInteractive: row.accessmode !== NON_INTERACTIVE_ACCESS_MODE && !row.applicationid,
    ...(profiles[0] ? { profile: profiles[0] } : {}),
  };
}

/** Runs the tasks with at most `limit` at once; resolves when all are done, rejects on the first failure. */
async function inParallel(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  let failed = false;
  // After a failure the other workers stop taking items.
  const stop = (error: unknown) => {
    failed = true;
    throw error;
  };
  const worker = async () => {
    while (!failed && next < tasks.length) await tasks[next++]().catch(stop);
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

/**
 * The users and profiles a file names, read in as few queries as fit a URL, a few at a time: 10,000 rows are a few
 * dozen requests, never one per row.
 */
export async function readDirectory(
  rows: readonly AssignmentCsvRow[],
  reader: JsonRowReader,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ users: DirectoryUser[]; profiles: DirectoryProfile[] }> {
  const userPaths = userLookupPaths(rows);
  const profilePaths = profileLookupPaths(rows);
  const total = userPaths.length + profilePaths.length;
  // By id: a user found by two lookups (by id and by name) is one user.
  const users = new Map<string, DirectoryUser>();
  const profiles = new Map<string, DirectoryProfile>();
  let done = 0;
  // One lookup: a path's rows into their map, by id.
  const into =
    <T extends { id: string }>(found: Map<string, T>, read: (row: Record<string, unknown>) => T) =>
    (path: string) =>
    async () => {
      for (const row of await reader.readAll(path)) {
        const item = read(row);
        found.set(item.id, item);
      }
      onProgress(++done, total);
    };
  await inParallel(
    [...userPaths.map(into(users, toDirectoryUser)), ...profilePaths.map(into(profiles, toProfile))],
    LOOKUP_CONCURRENCY,
  );
  return { users: [...users.values()], profiles: [...profiles.values()] };
}
