/** Callers: bearer tokens map to systemusers; privileges come from the schema's security roles. */
import type Database from "better-sqlite3";
import { AdministratorRole, securityRoles, UserRole, type Privilege, type TableLogicalName } from "../schema";
import { DataverseError } from "./errors";
import { serverPrivilegeName } from "./platform";
import { SystemAdministratorRole, SYSTEM_USER_ID } from "./platformRows";
import { prepare } from "./storage/statements";

export { SystemAdministratorRole, SYSTEM_USER_ID } from "./platformRows";

export interface Caller {
  readonly userId: string;
  readonly roleIds: readonly string[];
  /**
   * The system writes built-in rows (rule 3): seeding, and System Administrators, who install and upgrade the
   * solution (the deploy upserts the built-in profiles as one).
   */
  readonly isSystem: boolean;
}

export const systemCaller: Caller = { userId: SYSTEM_USER_ID, roleIds: [], isSystem: true };

/**
 * The roles a user holds: assigned directly (`systemuserroles_association`) and through the teams the user is a member
 * of (`teammembership_association`, then `teamroles_association`): "A user's privileges can come from their
 * individual security roles, those of the teams that they're part of" (Learn: power-platform/admin/manage-teams).
 * Read from the same intersect
 * tables the Web API serves, so a role associated through `$ref` applies to the user's next request.
 */
const rolesOfUserSql =
  "SELECT roleid FROM systemuserroles WHERE systemuserid = ? " +
  "UNION SELECT tr.roleid FROM teammembership AS tm JOIN teamroles AS tr ON tr.teamid = tm.teamid WHERE tm.systemuserid = ?";

/**
 * Reads the caller's roles now: the server calls this for every request (indexed reads of a prepared statement),
 * so a role granted or removed applies to the next request, as in Dataverse, not after a restart.
 */
export function loadCaller(db: Database.Database, userId: string): Caller {
  const roles = prepare(db, rolesOfUserSql).all(userId, userId) as { roleid: string }[];
  const roleIds = roles.map((r) => r.roleid).sort();
  return { userId, roleIds, isSystem: roleIds.includes(SystemAdministratorRole.id) };
}

export function hasPrivilege(caller: Caller, table: TableLogicalName | string, privilege: Privilege): boolean {
  if (caller.isSystem) return true;
  return securityRoles.some(
    (role) =>
      caller.roleIds.includes(role.id) && (role.privileges[table as TableLogicalName] ?? []).includes(privilege),
  );
}

/** Refuses with Dataverse's PrivilegeDenied (403), naming the missing privilege and a role that grants it. */
export function requirePrivilege(caller: Caller, table: string, privilege: Privilege): void {
  if (hasPrivilege(caller, table, privilege)) return;
  // Name the product's roles that grant it; the platform's tables (roles, teams) only a System Administrator's.
  const granting = securityRoles.filter((r) => (r.privileges[table as TableLogicalName] ?? []).includes(privilege));
  const role =
    granting.length === 0
      ? `'${SystemAdministratorRole.name}'`
      : privilege === "read"
        ? `'${UserRole.name}' or '${AdministratorRole.name}'`
        : `'${AdministratorRole.name}'`;
  throw new DataverseError(
    "PrivilegeDenied",
    `Principal user (Id=${caller.userId}, type=8, roleCount=${caller.roleIds.length}) is missing ` +
      `${serverPrivilegeName(table, privilege)} privilege for entity '${table}'. Ask your administrator for the ${role} role.`,
  );
}
