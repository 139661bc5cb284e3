/** Security roles with their table privileges (organization-owned tables only take the Global depth). */
import type { Privilege, SecurityRole } from "../../schema";
import { el, leaf, type XmlElement } from "./xml";
import { braced } from "./ids";
import { INTRODUCED_VERSION } from "./attributes";

const PRIVILEGE_VERB: Readonly<Record<Privilege, string>> = {
  create: "Create",
  read: "Read",
  write: "Write",
  delete: "Delete",
  append: "Append",
  appendto: "AppendTo",
};

/** Privilege names use the table's name, except for platform tables whose privileges predate it. */
const PRIVILEGE_ENTITY: Readonly<Record<string, string>> = { systemuser: "User" };

export const privilegeName = (privilege: Privilege, table: string): string =>
  `prv${PRIVILEGE_VERB[privilege]}${PRIVILEGE_ENTITY[table] ?? table}`;

export function role(securityRole: SecurityRole): XmlElement {
  const privileges = Object.entries(securityRole.privileges).flatMap(([table, list]) =>
    (list ?? []).map((privilege) => el("RolePrivilege", { name: privilegeName(privilege, table), level: "Global" })),
  );
  return el(
    "Role",
    { id: braced(securityRole.id), name: securityRole.name },
    leaf("IsCustomizable", 1),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
    el("RolePrivileges", {}, privileges),
  );
}
