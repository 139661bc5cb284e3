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

/** A chunk's values stay well under 32 KB once percent-encoded (a principal name is rarely over 100 characters). */
export const LOOKUP_CHUNK_SIZE = 100;
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

function chunks<T>(items: readonly T[], size = LOOKUP_CHUNK_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
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
    ...chunks([...ids]).map((part) => base + encodeURIComponent(inFilter(SystemUser.primaryIdAttribute, part))),
    ...chunks([...names]).map(
      (part) =>
        base + encodeURIComponent(`${inFilter("domainname", part)} or ${inFilter("internalemailaddress", part)}`),
    ),
  ];
}

export function profileLookupPaths(rows: readonly AssignmentCsvRow[]): string[] {
  const names = [...new Set(rows.map((r) => r.profile.toLowerCase()))];
  return chunks(names).map(
    (part) =>
      `${AppProfile.entitySetName}?$select=${profileColumns}&$filter=${encodeURIComponent(inFilter("apm_uniquename", part))}`,
  );
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

/** The users and profiles a file names, read in chunks one after another (a bulk read never floods the server). */
export async function readDirectory(
  rows: readonly AssignmentCsvRow[],
  reader: JsonRowReader,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ users: DirectoryUser[]; profiles: DirectoryProfile[] }> {
  const userPaths = userLookupPaths(rows);
  const profilePaths = profileLookupPaths(rows);
  const total = userPaths.length + profilePaths.length;
  const users = new Map<string, DirectoryUser>();
  const profiles: DirectoryProfile[] = [];
  let done = 0;
  for (const path of userPaths) {
    for (const row of await reader.readAll(path)) {
      const user = toDirectoryUser(row);
      users.set(user.id, user);
    }
    onProgress(++done, total);
  }
  for (const path of profilePaths) {
    profiles.push(...(await reader.readAll(path)).map(toProfile));
    onProgress(++done, total);
  }
  return { users: [...users.values()], profiles };
}
