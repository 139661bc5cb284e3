/** Callers: bearer tokens map to systemusers; privileges come from the schema's security roles. */
import type Database from "better-sqlite3";
import {
  AdministratorRole,
  privilegeName,
  securityRoles,
  UserRole,
  type Privilege,
  type TableLogicalName,
} from "../schema";
import { DataverseError } from "./errors";
import { prepare } from "./storage/statements";

export const SYSTEM_USER_ID = "00000000-0000-0000-0000-000000000001";

/** Dataverse's platform role with every privilege (its role template id); it installs and upgrades solutions. */
export const SystemAdministratorRole = {
  id: "627090ff-40a3-4053-8790-584edc5be201",
  name: "System Administrator",
} as const;

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
 * Reads the caller's roles now: the server calls this for every request (one indexed read of a prepared
 * statement), so a role granted or removed applies to the next request, as in Dataverse, not after a restart.
 */
export function loadCaller(db: Database.Database, userId: string): Caller {
  const roles = prepare(db, "SELECT roleid FROM systemuserroles WHERE systemuserid = ?").all(userId) as {
    roleid: string;
  }[];
  const roleIds = roles.map((r) => r.roleid);
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
  const role =
    privilege === "read" ? `'${UserRole.name}' or '${AdministratorRole.name}'` : `'${AdministratorRole.name}'`;
  throw new DataverseError(
    "PrivilegeDenied",
    `Principal user (Id=${caller.userId}, type=8, roleCount=${caller.roleIds.length}) is missing ` +
      `${privilegeName(table, privilege)} privilege for entity '${table}'. Ask your administrator for the ${role} role.`,
  );
}
