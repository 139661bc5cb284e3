/**
 * Issue 13's precedence fixture, shared by the runtime's precedence test (runtimePrecedence.test.ts) and Search by
 * user's chain (searchByUserChain.test.ts): teams, roles and users written as the platform writes them (straight
 * into the server's tables: the platform owns them), profiles and their links through the Web API (the handlers
 * run), and the standard set of ranked team and role profiles both tests walk down.
 */
import {
  AppChoice,
  AppProfile,
  AppProfileRole,
  AppProfileTeam,
  Role,
  SystemUser,
  Team,
  TeamRoles,
  tables,
  type AnyTable,
  type ManyToManyRelationship,
  type TableShape,
} from "../../schema";
import { newId } from "../../server/ids";
import { ROOT_BUSINESS_UNIT_ID } from "../../server/platform";
import { associate, insertRow } from "../../server/storage/rows";
import { SYSTEM_USER_ID } from "../../server/users";
import type { Harness } from "./harness";

/** A profile's N:N relationship (the profile is entity1): templates, providers, users, teams, roles. */
type ProfileRelationship = Pick<ManyToManyRelationship, "schemaName" | "entity1NavigationProperty" | "entity2">;

export interface PrecedenceFixture {
  /** Ids by name: the seeded teams, roles and profiles, and every profile `profile()` creates. */
  readonly ids: Record<string, string>;
  /** A platform row of the user, team or role, written as the platform would; its id. */
  user(name: string): string;
  team(name: string): string;
  role(name: string): string;
  /** A platform N:N row (team membership, a user's or a team's role), as the platform writes it. */
  platformLink(relationship: { schemaName: string }, id1: string, id2: string): void;
  /** A Customer Service workspace profile through the Web API, its unique name `<prefix>_<name>`; its id. */
  profile(name: string, extra?: Record<string, unknown>): Promise<string>;
  /** POST or DELETE of the profile's `$ref` to a related row through the Web API (the handlers check it). */
  link(profileId: string, relationship: ProfileRelationship, relatedId: string): Promise<void>;
  unlink(profileId: string, relationship: ProfileRelationship, relatedId: string): Promise<void>;
}

/** The related table's entity set, from the schema (a relationship names the table, not its set). */
function relatedSet(relationship: ProfileRelationship): string {
  const table = tables.find((t) => t.logicalName === relationship.entity2);
  if (!table) throw new Error(`No table '${relationship.entity2}' in the schema`);
  return table.entitySetName;
}

/** `harness` is read at each call: tests start the server in beforeAll, after the fixture is made. */
export function precedenceFixture(harness: () => Harness, uniqueNamePrefix: string): PrecedenceFixture {
  const ids: Record<string, string> = {};
  const platformRow = (table: TableShape, attributes: Record<string, string>) => {
    const id = newId();
    insertRow(harness().server.api.dbs.writer, table as AnyTable, id, attributes, SYSTEM_USER_ID);
    return id;
  };
  const ref = async (method: "POST" | "DELETE", profileId: string, r: ProfileRelationship, relatedId: string) => {
    const h = harness();
    const path = `${AppProfile.entitySetName}(${profileId})/${r.entity1NavigationProperty}`;
    const response =
      method === "POST"
        ? await h.raw(`${path}/$ref`, {
            method,
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ "@odata.id": `${h.server.apiUrl}${relatedSet(r)}(${relatedId})` }),
          })
        : await h.raw(`${path}(${relatedId})/$ref`, { method });
    if (response.status !== 204) throw new Error(`${method} $ref failed: ${response.status} ${await response.text()}`);
  };
  return {
    ids,
    user: (name) =>
      platformRow(SystemUser, { fullname: name, domainname: `${name.replace(/\W/g, "").toLowerCase()}@contoso.com` }),
    team: (name) => platformRow(Team, { name, businessunitid: ROOT_BUSINESS_UNIT_ID }),
    role: (name) => platformRow(Role, { name, businessunitid: ROOT_BUSINESS_UNIT_ID }),
    platformLink: (relationship, id1, id2) =>
      associate(harness().server.api.dbs.writer, relationship as unknown as ManyToManyRelationship, id1, id2),
    async profile(name, extra = {}) {
      const id = await harness()
        .client("admin")
        .create<unknown, string>({
          collection: AppProfile.entitySetName,
          data: {
            apm_name: name,
            apm_uniquename: `${uniqueNamePrefix}_${name.toLowerCase().replace(/\W+/g, "")}`,
            apm_app: AppChoice.CustomerServiceWorkspace.value,
            ...extra,
          },
        });
      ids[name] = id;
      return id;
    },
    link: (profileId, relationship, relatedId) => ref("POST", profileId, relationship, relatedId),
    unlink: (profileId, relationship, relatedId) => ref("DELETE", profileId, relationship, relatedId),
  };
}

/**
 * Teams Tier 1, Tier 2 and Escalations (which holds the Supervisor role, so its members hold it through the team);
 * roles Customer Service Representative, Omnichannel agent and Supervisor; and a profile for each: Tier 1 profile
 * (rank 20, team Tier 1), Tier 2 profile (10, Tier 2), CSR profile (5), Omnichannel profile (3) and Supervisor
 * profile (1), each given to its role; then Custom default (the app's custom default) and Direct profile (given to
 * no one: a test assigns it).
 */
export async function seedPrecedence(f: PrecedenceFixture): Promise<void> {
  const { ids } = f;
  for (const name of ["Tier 1", "Tier 2", "Escalations"]) ids[name] = f.team(name);
  for (const name of ["Customer Service Representative", "Omnichannel agent", "Supervisor"]) ids[name] = f.role(name);
  f.platformLink(TeamRoles, ids.Escalations, ids.Supervisor);
  const given: [string, number, ProfileRelationship, string][] = [
    ["Tier 1 profile", 20, AppProfileTeam, "Tier 1"],
    ["Tier 2 profile", 10, AppProfileTeam, "Tier 2"],
    ["CSR profile", 5, AppProfileRole, "Customer Service Representative"],
    ["Omnichannel profile", 3, AppProfileRole, "Omnichannel agent"],
    ["Supervisor profile", 1, AppProfileRole, "Supervisor"],
  ];
  for (const [name, rank, relationship, to] of given) {
    await f.link(await f.profile(name, { apm_rank: rank }), relationship, ids[to]);
  }
  await f.profile("Custom default", { apm_iscustomdefault: true });
  await f.profile("Direct profile");
}
