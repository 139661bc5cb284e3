/**
 * Security roles as a real export writes them: IsCustomizable, IsAutoAssigned, then every RolePrivilege sorted by
 * name (case-insensitive, as exports sort). Each role carries the App Opener minimum plus the schema's table
 * privileges; organization-owned tables only take the Global depth, and so do the platform tables we read.
 */
import { privilegeName, type SecurityRole } from "../../schema";
import { el, leaf, type XmlElement } from "./xml";
import { AuditPrivilege, auditReaderRoleIds } from "../../schema/audit";
import { braced } from "./ids";
import { APP_OPENER_PRIVILEGES, type NamedPrivilege, type PrivilegeDepth } from "./app-opener";

export const DEPTH_ORDER: readonly PrivilegeDepth[] = ["Basic", "Local", "Deep", "Global"];

/** Every privilege a role grants, once each (the deeper depth wins when two sources name one). */
export function rolePrivileges(securityRole: SecurityRole): NamedPrivilege[] {
  const byName = new Map<string, NamedPrivilege>();
  const add = (privilege: NamedPrivilege) => {
    const seen = byName.get(privilege.name);
    if (!seen || DEPTH_ORDER.indexOf(privilege.level) > DEPTH_ORDER.indexOf(seen.level)) {
      byName.set(privilege.name, privilege);
    }
  };
  APP_OPENER_PRIVILEGES.forEach(add);
  for (const [table, list] of Object.entries(securityRole.privileges)) {
    for (const privilege of list ?? []) add({ name: privilegeName(table, privilege), level: "Global" });
  }
  // Reading profile history (schema/audit.ts): privileges by name, not of a table.
  if (auditReaderRoleIds.includes(securityRole.id))
    Object.values(AuditPrivilege).forEach((name) => add({ name, level: "Global" }));
  const key = (p: NamedPrivilege) => p.name.toLowerCase();
  return [...byName.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export function role(securityRole: SecurityRole): XmlElement {
  return el(
    "Role",
    { id: braced(securityRole.id), name: securityRole.name },
    leaf("IsCustomizable", 1),
    leaf("IsAutoAssigned", 0),
    el(
      "RolePrivileges",
      {},
      rolePrivileges(securityRole).map((p) => el("RolePrivilege", { name: p.name, level: p.level })),
    ),
  );
}
