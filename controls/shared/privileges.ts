/** What the signed-in user may do, from the host's privilege check (rule 10: admins write, agents only read). */
import { AppProfile } from "../../schema/model";

export interface Permissions {
  /** Read: without it (no role at all) the controls show one notice and no commands (issue 12, item 6). */
  readonly canRead: boolean;
  readonly canCreate: boolean;
  readonly canWrite: boolean;
  readonly canDelete: boolean;
}

/** PrivilegeType values of ComponentFramework.PropertyHelper.Types.PrivilegeType. */
const Privilege = { Create: 1, Read: 2, Write: 3, Delete: 4 } as const;
/** Basic depth: any depth the user holds satisfies it (our tables are organization owned). */
const BASIC_DEPTH = 0;

export function readPermissions(utils: Pick<ComponentFramework.Utility, "hasEntityPrivilege">): Permissions {
  const has = (privilege: 1 | 2 | 3 | 4) =>
    utils.hasEntityPrivilege(AppProfile.logicalName, privilege, BASIC_DEPTH) === true;
  return {
    canRead: has(Privilege.Read),
    canCreate: has(Privilege.Create),
    canWrite: has(Privilege.Write),
    canDelete: has(Privilege.Delete),
  };
}
