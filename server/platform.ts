/**
 * The platform's security tables this server serves besides the schema's: business units, security roles and teams,
 * and their N:N relationships with users (Learn: reference/entities/businessunit, role, team). Their columns and
 * navigation property names are Dataverse's: `role.businessunitid` (1:N `business_unit_roles`), `team.teamtype`
 * (0 Owner, 1 Access, 2 and 3 Microsoft Entra ID security and Office group teams), and the N:N `systemuserroles_association` (intersect
 * `systemuserroles`), `teammembership_association` (`teammembership`) and `teamroles_association` (`teamroles`), whose
 * navigation property on both sides is the relationship's schema name.
 *
 * `serverTables` and `serverRelationships` are what the server serves: the schema's, then these where the schema
 * doesn't define them (so a schema that defines `role` itself is the one truth).
 */
import {
  defineTable,
  manyToManyRelationships,
  privilegeName,
  tables,
  type AnyTable,
  type ManyToManyRelationship,
  type Privilege,
} from "../schema";

export const ROOT_BUSINESS_UNIT_ID = "3c2b1a00-0000-4000-8000-00000000b0e1";

export const BusinessUnit = defineTable({
  logicalName: "businessunit",
  entitySetName: "businessunits",
  displayName: "Business Unit",
  displayCollectionName: "Business Units",
  ownership: "BusinessOwned",
  platform: true,
  primaryIdAttribute: "businessunitid",
  primaryNameAttribute: "name",
  alternateKeys: [],
  columns: {
    name: { type: "string", displayName: "Name", maxLength: 160, required: true },
    parentbusinessunitid: {
      type: "lookup",
      displayName: "Parent Business",
      target: "businessunit",
      navigationProperty: "parentbusinessunitid",
      collectionNavigationProperty: "business_unit_parent_business_unit",
    },
  },
});

export const Role = defineTable({
  logicalName: "role",
  entitySetName: "roles",
  displayName: "Security Role",
  displayCollectionName: "Security Roles",
  ownership: "BusinessOwned",
  platform: true,
  primaryIdAttribute: "roleid",
  primaryNameAttribute: "name",
  alternateKeys: [],
  columns: {
    name: { type: "string", displayName: "Name", maxLength: 100, required: true },
    description: { type: "memo", displayName: "Description", maxLength: 2000 },
    businessunitid: {
      type: "lookup",
      displayName: "Business Unit",
      required: true,
      target: "businessunit",
      navigationProperty: "businessunitid",
      collectionNavigationProperty: "business_unit_roles",
    },
    ismanaged: { type: "boolean", displayName: "State", defaultValue: false, systemOnly: true },
  },
});

/**
 * Learn: reference/entities/team, TeamType choices; the two group types carry Microsoft Entra ID's name since the
 * AAD rename (power-platform/admin/manage-teams, "Microsoft Entra group team").
 */
export const TeamType = {
  Owner: { value: 0, label: "Owner" },
  Access: { value: 1, label: "Access" },
  SecurityGroup: { value: 2, label: "Microsoft Entra ID Security Group" },
  OfficeGroup: { value: 3, label: "Microsoft Entra ID Office Group" },
} as const;

export const Team = defineTable({
  logicalName: "team",
  entitySetName: "teams",
  displayName: "Team",
  displayCollectionName: "Teams",
  ownership: "BusinessOwned",
  platform: true,
  primaryIdAttribute: "teamid",
  primaryNameAttribute: "name",
  alternateKeys: [],
  columns: {
    name: { type: "string", displayName: "Team Name", maxLength: 160, required: true },
    description: { type: "memo", displayName: "Description", maxLength: 2000 },
    teamtype: {
      type: "choice",
      displayName: "Team Type",
      optionSetName: "team_type",
      options: Object.values(TeamType),
      defaultValue: TeamType.Owner.value,
    },
    businessunitid: {
      type: "lookup",
      displayName: "Business Unit",
      required: true,
      target: "businessunit",
      navigationProperty: "businessunitid",
      collectionNavigationProperty: "business_unit_teams",
    },
    isdefault: { type: "boolean", displayName: "Is Default", defaultValue: false, systemOnly: true },
    azureactivedirectoryobjectid: { type: "string", displayName: "Azure AD Object ID", maxLength: 36 },
    emailaddress: { type: "string", displayName: "Email", maxLength: 100 },
  },
});

const relationship = (schemaName: string, intersect: string, entity1: string, entity2: string) => ({
  schemaName,
  intersectEntityName: intersect,
  entity1,
  entity2,
  entity1NavigationProperty: schemaName,
  entity2NavigationProperty: schemaName,
});

/** The platform's N:N relationships of users, teams and roles (Learn: reference/entities/systemuser, team, role). */
export const SystemUserRoles = relationship("systemuserroles_association", "systemuserroles", "systemuser", "role");
export const TeamMembership = relationship("teammembership_association", "teammembership", "systemuser", "team");
export const TeamRoles = relationship("teamroles_association", "teamroles", "team", "role");

const platformTableDefinitions = [BusinessUnit, Role, Team];
const platformRelationshipDefinitions = [SystemUserRoles, TeamMembership, TeamRoles];

/*
 * The row code works on any table definition (it reads `columns` as a record); these casts only widen the schema's
 * literal unions (AnyTable, ManyToManyRelationship) to take the platform's tables and relationships too.
 */
const schemaTableNames = new Set<string>(tables.map((t) => t.logicalName));
export const serverTables: readonly AnyTable[] = [
  ...tables,
  ...(platformTableDefinitions.filter((p) => !schemaTableNames.has(p.logicalName)) as unknown as AnyTable[]),
];

const schemaRelationshipNames = new Set<string>(manyToManyRelationships.map((r) => r.schemaName));
export const serverRelationships: readonly ManyToManyRelationship[] = [
  ...manyToManyRelationships,
  ...(platformRelationshipDefinitions.filter(
    (p) => !schemaRelationshipNames.has(p.schemaName),
  ) as unknown as ManyToManyRelationship[]),
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
