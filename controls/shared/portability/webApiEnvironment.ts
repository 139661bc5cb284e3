/**
 * Reads an environment's profiles and catalogs over the Web API, with the JSON reader the bulk assignment uses
 * (`Prefer: odata.maxpagesize`, `@odata.nextLink`; Learn: webapi/query/page-results). One query reads every profile
 * with its templates, providers, roles and teams (`$expand` of the N:N navigation properties, Learn:
 * webapi/query/join-tables); users are read from the user side, only when the file carries them.
 */
import {
  AppProfile,
  AppProfileChannelProvider,
  AppProfileRole,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  AppProfileTeam,
  BusinessUnit,
  ChannelProvider,
  Role,
  SessionTemplate,
  SystemUser,
  Team,
} from "../../../schema/model";
import { StateCode } from "../../../schema/state";
import type { JsonRowReader } from "../assignment/directory";
import { normalizeId } from "../ids";
import { odataString } from "../odata";
import { PORTABLE_COLUMNS } from "./document";
import type { EnvironmentProfile, EnvironmentSnapshot, EnvironmentUser, NamedRef } from "./environment";

type Row = Record<string, unknown>;
const text = (v: unknown) => (typeof v === "string" ? v : "");
const id = (v: unknown) => normalizeId(text(v)) ?? text(v);
const refs = (rows: unknown, idColumn: string, nameColumn: string): NamedRef[] =>
  (Array.isArray(rows) ? (rows as Row[]) : []).map((r) => ({ id: id(r[idColumn]), name: text(r[nameColumn]) }));

const links = [
  [AppProfileSessionTemplate, SessionTemplate.primaryIdAttribute, "apm_uniquename"],
  [AppProfileChannelProvider, ChannelProvider.primaryIdAttribute, "apm_name"],
  [AppProfileRole, Role.primaryIdAttribute, "name"],
  [AppProfileTeam, Team.primaryIdAttribute, "name"],
] as const;

export const profilesQuery =
  `${AppProfile.entitySetName}?$select=${[AppProfile.primaryIdAttribute, "apm_uniquename", "apm_isdefault", ...PORTABLE_COLUMNS, "apm_rank", "apm_iscustomdefault", "statecode"].join(",")}` +
  `&$expand=${links.map(([rel, idColumn, name]) => `${rel.entity1NavigationProperty}($select=${idColumn},${name})`).join(",")}` +
  `&$orderby=apm_uniquename`;

const usersSelect = `$select=${SystemUser.primaryIdAttribute},domainname&$expand=${AppProfileSystemUser.entity2NavigationProperty}($select=${AppProfile.primaryIdAttribute})`;
/** Every user with a direct profile (Learn: webapi/query/filter-rows, "Filter using collection-valued navigation properties"). */
export const assignedUsersQuery = `${SystemUser.entitySetName}?${usersSelect}&$filter=${encodeURIComponent(`${AppProfileSystemUser.entity2NavigationProperty}/any(p:p/${AppProfile.primaryIdAttribute} ne null)`)}`;

const CHUNK = 100;
export function namedUsersQueries(principalNames: readonly string[]): string[] {
  const unique = [...new Set(principalNames.map((n) => n.toLowerCase()))];
  const paths: string[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const values = unique
      .slice(i, i + CHUNK)
      .map(odataString)
      .join(",");
    paths.push(
      `${SystemUser.entitySetName}?${usersSelect}&$filter=${encodeURIComponent(`Microsoft.Dynamics.CRM.In(PropertyName='domainname',PropertyValues=[${values}])`)}`,
    );
  }
  return paths;
}

function toProfile(row: Row, users: ReadonlyMap<string, NamedRef[]> | undefined): EnvironmentProfile {
  const columns: Record<string, string | number | boolean | null> = {};
  for (const name of PORTABLE_COLUMNS) columns[name] = (row[name] ?? null) as string | number | boolean | null;
  const profileId = id(row[AppProfile.primaryIdAttribute]);
  const [templates, providers, roles, teams] = links.map(([rel, idColumn, name]) =>
    refs(row[rel.entity1NavigationProperty], idColumn, name),
  );
  return {
    id: profileId,
    uniqueName: text(row.apm_uniquename),
    isBuiltIn: row.apm_isdefault === true,
    columns,
    rank: typeof row.apm_rank === "number" ? row.apm_rank : null,
    customDefault: row.apm_iscustomdefault === true,
    active: row.statecode === StateCode.Active.value,
    sessionTemplates: templates,
    channelProviders: providers,
    roles,
    teams,
    ...(users ? { users: users.get(profileId) ?? [] } : {}),
  };
}

function toUser(row: Row): EnvironmentUser {
  const assigned = row[AppProfileSystemUser.entity2NavigationProperty];
  const first = Array.isArray(assigned) ? (assigned[0] as Row | undefined) : undefined;
  const profileId = first ? id(first[AppProfile.primaryIdAttribute]) : undefined;
  return {
    id: id(row[SystemUser.primaryIdAttribute]),
    principalName: text(row.domainname),
    ...(profileId ? { profileId } : {}),
  };
}

export interface ReadOptions {
  /** Read the profiles' direct users. */
  readonly users: boolean;
  /** Read the catalogs an import looks names up in (templates, providers, roles, teams) and these users. */
  readonly catalogs?: { readonly principalNames: readonly string[] };
}

export async function readEnvironment(
  reader: JsonRowReader,
  options: ReadOptions,
  onProgress: (done: number, total: number, what: string) => void = () => {},
): Promise<EnvironmentSnapshot> {
  const steps: [string, () => Promise<void>][] = [];
  const users = new Map<string, EnvironmentUser>();
  const byProfile = new Map<string, NamedRef[]>();
  let profileRows: Row[] = [];
  const catalogs = {
    sessionTemplates: [] as NamedRef[],
    channelProviders: [] as NamedRef[],
    roles: [] as NamedRef[],
    teams: [] as NamedRef[],
  };
  steps.push(["profiles", async () => void (profileRows = await reader.readAll(profilesQuery))]);
  if (options.users) {
    steps.push([
      "assigned users",
      async () => {
        for (const row of await reader.readAll(assignedUsersQuery)) {
          const user = toUser(row);
          users.set(user.id, user);
          if (user.profileId)
            byProfile.set(user.profileId, [
              ...(byProfile.get(user.profileId) ?? []),
              { id: user.id, name: user.principalName },
            ]);
        }
      },
    ]);
  }
  const wanted = options.catalogs;
  if (wanted) {
    for (const path of namedUsersQueries(wanted.principalNames))
      steps.push([
        "users the file names",
        async () => (await reader.readAll(path)).map(toUser).forEach((u) => users.set(u.id, u)),
      ]);
    steps.push([
      "session templates",
      async () =>
        void (catalogs.sessionTemplates = refs(
          await reader.readAll(
            `${SessionTemplate.entitySetName}?$select=${SessionTemplate.primaryIdAttribute},apm_uniquename`,
          ),
          SessionTemplate.primaryIdAttribute,
          "apm_uniquename",
        )),
    ]);
    steps.push([
      "channel providers",
      async () =>
        void (catalogs.channelProviders = refs(
          await reader.readAll(
            `${ChannelProvider.entitySetName}?$select=${ChannelProvider.primaryIdAttribute},apm_name`,
          ),
          ChannelProvider.primaryIdAttribute,
          "apm_name",
        )),
    ]);
    steps.push(["security roles", async () => void (catalogs.roles = await rootRoles(reader))]);
    steps.push([
      "teams",
      async () =>
        void (catalogs.teams = refs(
          await reader.readAll(`${Team.entitySetName}?$select=${Team.primaryIdAttribute},name`),
          Team.primaryIdAttribute,
          "name",
        )),
    ]);
  }
  let done = 0;
  for (const [what, step] of steps) {
    await step();
    onProgress(++done, steps.length, what);
  }
  return {
    profiles: profileRows.map((row) => toProfile(row, options.users ? byProfile : undefined)),
    ...catalogs,
    users: [...users.values()],
  };
}

/** A role of each name exists in every business unit (Learn: power-platform/admin/security-roles-privileges); the root's is the one. */
async function rootRoles(reader: JsonRowReader): Promise<NamedRef[]> {
  // Reading business units needs prvReadBusinessUnit, which an admin of profiles may not hold: then every role counts.
  const roots = await reader
    .readAll(
      `${BusinessUnit.entitySetName}?$select=${BusinessUnit.primaryIdAttribute}&$filter=_parentbusinessunitid_value eq null`,
    )
    .catch((failure: { status?: number }) => {
      if (failure?.status === 403) return [];
      throw failure;
    });
  const rootIds = new Set(roots.map((r) => id(r[BusinessUnit.primaryIdAttribute])));
  const rows = await reader.readAll(
    `${Role.entitySetName}?$select=${Role.primaryIdAttribute},name,_businessunitid_value`,
  );
  return rows
    .filter((r) => rootIds.size === 0 || rootIds.has(id(r._businessunitid_value)))
    .map((r) => ({ id: id(r[Role.primaryIdAttribute]), name: text(r.name) }));
}
