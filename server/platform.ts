/**
 * What this server serves: the schema's tables and N:N relationships, and the platform's N:N of users, teams and roles
 * the schema defines too (`platformRelationships`: Learn reference/entities/systemuser, team, role), which every
 * environment has and no solution ships. The tables `businessunit`, `role` and `team` are the schema's own.
 */
import {
  BusinessUnit,
  manyToManyRelationships,
  platformRelationships,
  privilegeName,
  Role,
  SystemUserRoles,
  Team,
  TeamMembership,
  TeamRoles,
  TeamTypeChoice as TeamType,
  tables,
  type AnyTable,
  type ManyToManyRelationship,
  type Privilege,
} from "../schema";

export { BusinessUnit, Role, Team, TeamType, SystemUserRoles, TeamMembership, TeamRoles };

export const ROOT_BUSINESS_UNIT_ID = "3c2b1a00-0000-4000-8000-00000000b0e1";

export const serverTables: readonly AnyTable[] = tables;

/* The row code works on any relationship definition; the cast only widens the schema's literal union to the platform's. */
export const serverRelationships: readonly ManyToManyRelationship[] = [
  ...manyToManyRelationships,
  ...(platformRelationships as unknown as ManyToManyRelationship[]),
];

/** Privileges of the platform's tables carry their schema names (prvReadRole, prvAppendToTeam), as role exports do. */
const platformPrivilegeNames = new Map([
  ["role", "Role"],
  ["team", "Team"],
  ["businessunit", "BusinessUnit"],
]);

export function serverPrivilegeName(table: string, privilege: Privilege): string {
  const name = platformPrivilegeNames.get(table);
  return name ? privilegeName(name, privilege) : privilegeName(table, privilege);
}
