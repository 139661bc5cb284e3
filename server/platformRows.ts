/**
 * The platform rows every environment has: the root business unit and the System Administrator role. Security roles
 * a solution brings (ImportSolution, `POST roles`) become `role` rows too, so `roles`, `$expand` and the privilege
 * checks read one table (Learn: reference/entities/role).
 */
import type Database from "better-sqlite3";
import { BusinessUnit, ROOT_BUSINESS_UNIT_ID, Role } from "./platform";
import { insertRow, readRow, updateRow } from "./storage/rows";
import type { AnyTable } from "../schema";

/** Dataverse's platform role with every privilege (its role template id); it installs and upgrades solutions. */
export const SystemAdministratorRole = {
  id: "627090ff-40a3-4053-8790-584edc5be201",
  name: "System Administrator",
} as const;

export const SYSTEM_USER_ID = "00000000-0000-0000-0000-000000000001";

const asTable = (table: unknown) => table as AnyTable;

/** Inserts the role row, or renames it when it exists (an upgrade may rename a role). */
export function upsertRoleRow(
  db: Database.Database,
  role: { readonly roleid: string; readonly name: string; readonly description?: string },
): void {
  const table = asTable(Role);
  const existing = readRow(db, table, role.roleid);
  const attributes = { name: role.name, description: role.description ?? null };
  if (!existing) {
    insertRow(db, table, role.roleid, { ...attributes, businessunitid: ROOT_BUSINESS_UNIT_ID }, SYSTEM_USER_ID);
  } else if (existing.name !== role.name || (existing.description ?? null) !== attributes.description) {
    updateRow(db, table, role.roleid, attributes, SYSTEM_USER_ID);
  }
}

/** Idempotent: a data folder from before these tables gets its rows at the next start. */
export function ensurePlatformRows(db: Database.Database): void {
  db.transaction(() => {
    if (!readRow(db, asTable(BusinessUnit), ROOT_BUSINESS_UNIT_ID)) {
      insertRow(db, asTable(BusinessUnit), ROOT_BUSINESS_UNIT_ID, { name: "Contoso" }, SYSTEM_USER_ID);
    }
    upsertRoleRow(db, {
      roleid: SystemAdministratorRole.id,
      name: SystemAdministratorRole.name,
      description: "Has every privilege in the environment.",
    });
  })();
}
