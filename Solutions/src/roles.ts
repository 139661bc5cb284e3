/** Security roles with their table privileges (organization-owned tables only take the Global depth). */
import { privilegeName, type SecurityRole } from "../../schema";
import { el, leaf, type XmlElement } from "./xml";
import { braced } from "./ids";
import { INTRODUCED_VERSION } from "./attributes";

export function role(securityRole: SecurityRole): XmlElement {
  const privileges = Object.entries(securityRole.privileges).flatMap(([table, list]) =>
    (list ?? []).map((privilege) => el("RolePrivilege", { name: privilegeName(table, privilege), level: "Global" })),
  );
  return el(
    "Role",
    { id: braced(securityRole.id), name: securityRole.name },
    leaf("IsCustomizable", 1),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
    el("RolePrivileges", {}, privileges),
  );
}
