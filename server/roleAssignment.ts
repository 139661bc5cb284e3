/**
 * Who may give a user or a team a security role. "In order to assign security roles to a user, you need to have the
 * appropriate privileges (minimum privileges are 'Read' and 'Assign' on the Security Role table). To prevent
 * elevation of security role privileges, the person who is assigning the security role cannot assign someone else
 * with a security role that has more privileges than the assigner" (Learn: power-platform/admin/assign-security-roles).
 * The product's roles grant neither, so here only a System Administrator, who holds every privilege (so no role can
 * exceed theirs), assigns roles.
 */
import type { ManyToManyRelationship } from "../schema";
import { DataverseError } from "./errors";
import { SystemUserRoles, TeamMembership, TeamRoles, TeamType } from "./platform";
import type { RawRow } from "./storage/rows";
import { requirePrivilege, type Caller } from "./users";

const roleRelationships = new Set<string>([SystemUserRoles.schemaName, TeamRoles.schemaName]);

export const assignsRoles = (relationship: ManyToManyRelationship): boolean =>
  roleRelationships.has(relationship.schemaName);

/**
 * Adding or removing a team's members is the team's AddMembersTeam / RemoveMembersTeam, which needs prvWriteTeam
 * (Learn: previous-versions dynamicscrm-2016 developers-guide, "AddMembersTeam message privileges").
 */
export const changesTeamMembers = (relationship: ManyToManyRelationship): boolean =>
  (relationship.schemaName as string) === TeamMembership.schemaName;

export function requireTeamMembershipChange(caller: Caller): void {
  requirePrivilege(caller, "team", "write");
}

export function requireRoleAssignment(caller: Caller): void {
  requirePrivilege(caller, "role", "read");
  if (caller.isSystem) return;
  throw new DataverseError(
    "PrivilegeDenied",
    `Principal user (Id=${caller.userId}, type=8, roleCount=${caller.roleIds.length}) is missing prvAssignRole ` +
      `privilege for entity 'role'. Only a user whose roles grant Read and Assign on Security Role, and every ` +
      `privilege of the role being assigned, can assign it; ask a System Administrator.`,
  );
}

/**
 * An access team "doesn't own records and doesn't have security roles assigned to the team"; owner teams and
 * Microsoft Entra group teams do (Learn: power-platform/admin/manage-teams, "Types of teams").
 */
export function refuseRoleOnAccessTeam(relationship: ManyToManyRelationship, team: RawRow | undefined): void {
  if ((relationship.schemaName as string) !== TeamRoles.schemaName || team?.teamtype !== TeamType.Access.value) return;
  throw new DataverseError(
    "InvalidArgument",
    `The team '${String(team.name)}' is an access team, and an access team can't hold security roles. ` +
      `Assign the role to an owner team or to the users themselves.`,
  );
}
