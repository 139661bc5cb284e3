/**
 * The one definition of App Profile Manager's data model (PRODUCT.md, "Data model").
 * The local server's tables, the solution's customizations.xml and the TypeScript row types
 * all derive from this file; nothing else spells a table or column name by hand.
 */
import { PUBLISHER_PREFIX, defineTable, type ChoiceOption } from "./define";
import { pluginRegistrationTables } from "./pluginRegistration";

export { PUBLISHER_PREFIX };

/** Option values start at the publisher's customization option value prefix, as Dataverse does. */
export const OPTION_VALUE_PREFIX = 19235;
const option = (index: number, label: string): ChoiceOption => ({ value: OPTION_VALUE_PREFIX * 10000 + index, label });

export const AppChoice = {
  CustomerServiceWorkspace: option(0, "Customer Service workspace"),
  OmnichannelForCustomerService: option(1, "Omnichannel for Customer Service"),
} as const;

export const ProductivityPaneModeChoice = {
  Collapsed: option(0, "Collapsed"),
  Expanded: option(1, "Expanded"),
} as const;

export const SessionTemplateTypeChoice = {
  Entity: option(0, "Entity"),
  Generic: option(1, "Generic"),
} as const;

export const ChannelApiVersionChoice = {
  V1: option(0, "1.0"),
  V2: option(1, "2.0"),
} as const;

/** Rule 1: `<prefix>_<name>`, at most 128 characters. */
export const UNIQUE_NAME_MAX_LENGTH = 128;

/** Issue 13: `apm_rank` is a whole number from 1 to 1000; the lowest wins. */
export const PROFILE_RANK_MIN = 1;
export const PROFILE_RANK_MAX = 1000;

export const AppProfile = defineTable({
  logicalName: "apm_appprofile",
  entitySetName: "apm_appprofiles",
  displayName: "App Profile",
  displayCollectionName: "App Profiles",
  description: "A targeted app experience for agents and supervisors.",
  ownership: "OrganizationOwned",
  primaryIdAttribute: "apm_appprofileid",
  primaryNameAttribute: "apm_name",
  alternateKeys: [{ logicalName: "apm_uniquename_key", displayName: "Unique name", columns: ["apm_uniquename"] }],
  columns: {
    apm_name: { type: "string", displayName: "Name", maxLength: 100, required: true },
    apm_uniquename: {
      type: "string",
      displayName: "Unique name",
      maxLength: UNIQUE_NAME_MAX_LENGTH,
      required: true,
      description: "A unique identifier in the <prefix>_<name> format.",
    },
    apm_description: { type: "memo", displayName: "Description", maxLength: 2000 },
    apm_app: {
      type: "choice",
      displayName: "App",
      required: true,
      optionSetName: "apm_app",
      options: [AppChoice.CustomerServiceWorkspace, AppChoice.OmnichannelForCustomerService],
      defaultValue: AppChoice.CustomerServiceWorkspace.value,
    },
    apm_isdefault: {
      type: "boolean",
      displayName: "Is default",
      defaultValue: false,
      systemOnly: true,
      description: "Built-in default profile of its app. Only the system writes it.",
    },
    apm_productivitypaneenabled: { type: "boolean", displayName: "Turn on productivity pane", defaultValue: false },
    apm_productivitypanemode: {
      type: "choice",
      displayName: "Default mode",
      optionSetName: "apm_productivitypanemode",
      options: [ProductivityPaneModeChoice.Collapsed, ProductivityPaneModeChoice.Expanded],
      defaultValue: ProductivityPaneModeChoice.Collapsed.value,
    },
    apm_smartassistenabled: { type: "boolean", displayName: "Smart assist", defaultValue: false },
    apm_callscriptenabled: { type: "boolean", displayName: "Call script", defaultValue: false },
    apm_allactivechannels: { type: "boolean", displayName: "All active channels", defaultValue: false },
    // Issue 13: which profile a user gets through a team or a role. Lower rank wins; required (and unique among the
    // app's active profiles that have roles or teams) once the profile has one, enforced by the handlers.
    apm_rank: {
      type: "integer",
      displayName: "Rank",
      min: PROFILE_RANK_MIN,
      max: PROFILE_RANK_MAX,
      description: "Order among the profiles of the app that are given through teams and roles: the lowest rank wins.",
    },
    apm_iscustomdefault: {
      type: "boolean",
      displayName: "Is custom default",
      defaultValue: false,
      description: "The app's own default: users with no direct, team or role profile get it before the built-in.",
    },
  },
});

export const SessionTemplate = defineTable({
  logicalName: "apm_sessiontemplate",
  entitySetName: "apm_sessiontemplates",
  displayName: "Session Template",
  displayCollectionName: "Session Templates",
  description: "A session template that an app profile can open.",
  ownership: "OrganizationOwned",
  primaryIdAttribute: "apm_sessiontemplateid",
  primaryNameAttribute: "apm_name",
  alternateKeys: [
    { logicalName: "apm_sessiontemplate_uniquename_key", displayName: "Unique name", columns: ["apm_uniquename"] },
  ],
  columns: {
    apm_name: { type: "string", displayName: "Name", maxLength: 100, required: true },
    apm_uniquename: { type: "string", displayName: "Unique name", maxLength: UNIQUE_NAME_MAX_LENGTH, required: true },
    apm_type: {
      type: "choice",
      displayName: "Type",
      required: true,
      optionSetName: "apm_sessiontemplatetype",
      options: [SessionTemplateTypeChoice.Entity, SessionTemplateTypeChoice.Generic],
      defaultValue: SessionTemplateTypeChoice.Entity.value,
    },
    apm_entitylogicalname: { type: "string", displayName: "Entity", maxLength: 64 },
  },
});

export const ChannelProvider = defineTable({
  logicalName: "apm_channelprovider",
  entitySetName: "apm_channelproviders",
  displayName: "Channel Provider",
  displayCollectionName: "Channel Providers",
  description: "A third-party voice channel provider (Channel Integration Framework 2.0).",
  ownership: "OrganizationOwned",
  primaryIdAttribute: "apm_channelproviderid",
  primaryNameAttribute: "apm_name",
  alternateKeys: [],
  columns: {
    apm_name: { type: "string", displayName: "Name", maxLength: 100, required: true },
    apm_label: { type: "string", displayName: "Label", maxLength: 100, required: true },
    apm_channelurl: { type: "string", displayName: "Channel URL", maxLength: 2000, required: true, format: "url" },
    apm_trusteddomain: {
      type: "string",
      displayName: "Trusted domain",
      maxLength: 2000,
      required: true,
      format: "url",
    },
    apm_apiversion: {
      type: "choice",
      displayName: "API version",
      optionSetName: "apm_channelapiversion",
      options: [ChannelApiVersionChoice.V1, ChannelApiVersionChoice.V2],
      defaultValue: ChannelApiVersionChoice.V2.value,
    },
    apm_enableoutbound: { type: "boolean", displayName: "Enable outbound", defaultValue: false },
    apm_sortorder: { type: "integer", displayName: "Sort order", min: 0, max: 2147483647, defaultValue: 0 },
  },
});

/** systemuser's access mode (Learn: reference/entities/systemuser, AccessMode choices). */
export const AccessModeChoice = {
  ReadWrite: { value: 0, label: "Read-Write" },
  Administrative: { value: 1, label: "Administrative" },
  Read: { value: 2, label: "Read" },
  SupportUser: { value: 3, label: "Support User" },
  NonInteractive: { value: 4, label: "Non-interactive" },
  DelegatedAdmin: { value: 5, label: "Delegated Admin" },
} as const satisfies Record<string, ChoiceOption>;

/** Platform tables the product reads; they exist in every environment and are never in our solution. */
export const SystemUser = defineTable({
  logicalName: "systemuser",
  entitySetName: "systemusers",
  displayName: "User",
  displayCollectionName: "Users",
  ownership: "BusinessOwned",
  platform: true,
  primaryIdAttribute: "systemuserid",
  primaryNameAttribute: "fullname",
  alternateKeys: [],
  columns: {
    fullname: { type: "string", displayName: "Full Name", maxLength: 200 },
    domainname: { type: "string", displayName: "User Name", maxLength: 1024, required: true },
    internalemailaddress: { type: "string", displayName: "Primary Email", maxLength: 100 },
    title: { type: "string", displayName: "Title", maxLength: 128 },
    // The columns apps filter people on (fidelity #34). Dataverse types the two ids as Edm.Guid; the schema has no
    // GUID column type, and `eq null`/`ne null`, the only filters the product writes on them, read the same.
    isdisabled: { type: "boolean", displayName: "User Status", defaultValue: false },
    accessmode: {
      type: "choice",
      displayName: "Access Mode",
      optionSetName: "systemuser_accessmode",
      options: Object.values(AccessModeChoice),
      defaultValue: AccessModeChoice.ReadWrite.value,
    },
    azureactivedirectoryobjectid: { type: "string", displayName: "Azure AD Object ID", maxLength: 36 },
    applicationid: {
      type: "string",
      displayName: "Application ID",
      maxLength: 36,
      description: "The Microsoft Entra application of an application user; empty for people.",
    },
  },
});

/**
 * Business units, security roles and teams (Learn: reference/entities/businessunit, role, team): business-owned
 * platform tables; profiles are given through roles and teams (issue 13). The columns the product and the local
 * server use, with Dataverse's names (the server's platform.ts serves these definitions).
 */
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
 * team's teamtype (Learn: reference/entities/team, TeamType choices); the two group types carry Microsoft Entra ID's
 * name since the AAD rename (power-platform/admin/manage-teams, "Microsoft Entra group team").
 */
export const TeamTypeChoice = {
  Owner: { value: 0, label: "Owner" },
  Access: { value: 1, label: "Access" },
  SecurityGroup: { value: 2, label: "Microsoft Entra ID Security Group" },
  OfficeGroup: { value: 3, label: "Microsoft Entra ID Office Group" },
} as const satisfies Record<string, ChoiceOption>;

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
      options: Object.values(TeamTypeChoice),
      defaultValue: TeamTypeChoice.Owner.value,
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

/**
 * The people an admin can pick or look up: enabled, not an application user and not non-interactive. Written with
 * columns every Dataverse environment has, so the same filter runs there and here.
 */
export const pickableUserFilter = `isdisabled eq false and applicationid eq null and accessmode ne ${AccessModeChoice.NonInteractive.value}`;

export const EnvironmentVariableDefinition = defineTable({
  logicalName: "environmentvariabledefinition",
  entitySetName: "environmentvariabledefinitions",
  displayName: "Environment Variable Definition",
  displayCollectionName: "Environment Variable Definitions",
  ownership: "UserOwned",
  platform: true,
  primaryIdAttribute: "environmentvariabledefinitionid",
  primaryNameAttribute: "schemaname",
  alternateKeys: [{ logicalName: "schemaname_key", displayName: "Schema name", columns: ["schemaname"] }],
  columns: {
    schemaname: { type: "string", displayName: "Schema Name", maxLength: 100, required: true },
    displayname: { type: "string", displayName: "Display Name", maxLength: 100 },
    type: { type: "integer", displayName: "Type", min: 0, max: 2147483647 },
    defaultvalue: { type: "memo", displayName: "Default Value", maxLength: 2000 },
  },
});

export const EnvironmentVariableValue = defineTable({
  logicalName: "environmentvariablevalue",
  entitySetName: "environmentvariablevalues",
  displayName: "Environment Variable Value",
  displayCollectionName: "Environment Variable Values",
  ownership: "UserOwned",
  platform: true,
  primaryIdAttribute: "environmentvariablevalueid",
  primaryNameAttribute: "schemaname",
  alternateKeys: [],
  columns: {
    schemaname: { type: "string", displayName: "Schema Name", maxLength: 100 },
    value: { type: "memo", displayName: "Value", maxLength: 2000 },
    environmentvariabledefinitionid: {
      type: "lookup",
      displayName: "Environment Variable Definition",
      target: "environmentvariabledefinition",
      navigationProperty: "EnvironmentVariableDefinitionId",
      collectionNavigationProperty: "environmentvariabledefinition_environmentvariablevalue",
    },
  },
});

/** The tables the product reads and writes (the controls among them): ours, and the platform's users and variables. */
export const productTables = [
  AppProfile,
  SessionTemplate,
  ChannelProvider,
  SystemUser,
  BusinessUnit,
  Role,
  Team,
  EnvironmentVariableDefinition,
  EnvironmentVariableValue,
] as const;

/**
 * Every table: the product's, then the plug-in registration tables only the server and the deploy use. A pure call
 * (no spread, which bundlers must keep), so a bundle that never reads `tables` leaves the registration tables out.
 */
export const tables = /*#__PURE__*/ [productTables, pluginRegistrationTables].flat();
export type AnyTable = (typeof tables)[number];
export type TableLogicalName = AnyTable["logicalName"];

/** The tables this solution owns (written into customizations.xml). */
export const solutionTables = /*#__PURE__*/ tables.filter((t) => !t.platform);

/** N:N relationships. The navigation property on both sides is the relationship's schema name, as in Dataverse. */
export const AppProfileSessionTemplate = {
  schemaName: "apm_appprofile_sessiontemplate",
  intersectEntityName: "apm_appprofile_sessiontemplate",
  entity1: AppProfile.logicalName,
  entity2: SessionTemplate.logicalName,
  entity1NavigationProperty: "apm_appprofile_sessiontemplate",
  entity2NavigationProperty: "apm_appprofile_sessiontemplate",
} as const;

export const AppProfileChannelProvider = {
  schemaName: "apm_appprofile_channelprovider",
  intersectEntityName: "apm_appprofile_channelprovider",
  entity1: AppProfile.logicalName,
  entity2: ChannelProvider.logicalName,
  entity1NavigationProperty: "apm_appprofile_channelprovider",
  entity2NavigationProperty: "apm_appprofile_channelprovider",
} as const;

export const AppProfileSystemUser = {
  schemaName: "apm_appprofile_systemuser",
  intersectEntityName: "apm_appprofile_systemuser",
  entity1: AppProfile.logicalName,
  entity2: SystemUser.logicalName,
  entity1NavigationProperty: "apm_appprofile_systemuser",
  entity2NavigationProperty: "apm_appprofile_systemuser",
} as const;

/** Issue 13: a profile given to the holders of a security role (directly or through a team). */
export const AppProfileRole = {
  schemaName: "apm_appprofile_role",
  intersectEntityName: "apm_appprofile_role",
  entity1: AppProfile.logicalName,
  entity2: Role.logicalName,
  entity1NavigationProperty: "apm_appprofile_role",
  entity2NavigationProperty: "apm_appprofile_role",
} as const;

/** Issue 13: a profile given to the members of a team. */
export const AppProfileTeam = {
  schemaName: "apm_appprofile_team",
  intersectEntityName: "apm_appprofile_team",
  entity1: AppProfile.logicalName,
  entity2: Team.logicalName,
  entity1NavigationProperty: "apm_appprofile_team",
  entity2NavigationProperty: "apm_appprofile_team",
} as const;

/**
 * The platform's own N:N relationships the runtime reads through (Learn: reference/entities/systemuser and team,
 * "Many-to-Many relationships"): a user's roles, a user's teams, a team's roles. Never shipped in the solution.
 */
export const SystemUserRoles = {
  schemaName: "systemuserroles_association",
  intersectEntityName: "systemuserroles",
  entity1: SystemUser.logicalName,
  entity2: Role.logicalName,
  entity1NavigationProperty: "systemuserroles_association",
  entity2NavigationProperty: "systemuserroles_association",
} as const;

export const TeamMembership = {
  schemaName: "teammembership_association",
  intersectEntityName: "teammembership",
  entity1: SystemUser.logicalName,
  entity2: Team.logicalName,
  entity1NavigationProperty: "teammembership_association",
  entity2NavigationProperty: "teammembership_association",
} as const;

export const TeamRoles = {
  schemaName: "teamroles_association",
  intersectEntityName: "teamroles",
  entity1: Team.logicalName,
  entity2: Role.logicalName,
  entity1NavigationProperty: "teamroles_association",
  entity2NavigationProperty: "teamroles_association",
} as const;

/** The solution's N:N relationships, all from the app profile (entity1) to another table. */
export const manyToManyRelationships = [
  AppProfileSessionTemplate,
  AppProfileChannelProvider,
  AppProfileSystemUser,
  AppProfileRole,
  AppProfileTeam,
] as const;
export type ManyToManyRelationship = (typeof manyToManyRelationships)[number];
export type RelationshipName = ManyToManyRelationship["schemaName"];

/** The platform's N:N relationships the product reads through; every environment has them, no solution ships them. */
export const platformRelationships = [SystemUserRoles, TeamMembership, TeamRoles] as const;
export type PlatformRelationship = (typeof platformRelationships)[number];

/** Rule 5: the Chat license entitlement, set per environment. Type 100000002 is Dataverse's "Yes/No" (Boolean). */
export const ChatLicenseVariable = {
  schemaName: "apm_ChatLicenseAvailable",
  displayName: "Chat license available",
  description:
    "Yes when the environment has the Dynamics 365 Chat license; it gates Omnichannel for Customer Service profiles.",
  type: 100000002,
} as const;

export type Privilege = "create" | "read" | "write" | "delete" | "append" | "appendto";
export const allPrivileges: readonly Privilege[] = ["create", "read", "write", "delete", "append", "appendto"];

const privilegeVerbs: Readonly<Record<Privilege, string>> = {
  create: "Create",
  read: "Read",
  write: "Write",
  delete: "Delete",
  append: "Append",
  appendto: "AppendTo",
};

/**
 * Platform tables whose privileges use the platform's schema name, not the logical name (prvReadUser, not
 * prvReadsystemuser; prvReadEnvironmentVariableDefinition), as real role exports spell them.
 */
const privilegeEntityNames: Readonly<Record<string, string>> = {
  systemuser: "User",
  // Learn (CRM 2015 SDK): "Role (security role) entity privileges" (prvAppendRole, prvAppendToRole, …) and "Team
  // entity privileges" (prvAppendTeam, prvAppendToTeam, …).
  role: "Role",
  team: "Team",
  businessunit: "BusinessUnit",
  environmentvariabledefinition: "EnvironmentVariableDefinition",
  // The plug-in registration tables' privileges carry their schema names (real-exports/security-role.xml).
  serviceendpoint: "ServiceEndpoint",
  sdkmessage: "SdkMessage",
  sdkmessagefilter: "SdkMessageFilter",
  sdkmessageprocessingstep: "SdkMessageProcessingStep",
  sdkmessageprocessingstepimage: "SdkMessageProcessingStepImage",
};

/** Dataverse's privilege name, e.g. prvCreateapm_appprofile. */
export function privilegeName(table: string, privilege: Privilege): string {
  return `prv${privilegeVerbs[privilege]}${privilegeEntityNames[table] ?? table}`;
}

export interface SecurityRole {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Privileges per table logical name. Platform tables get read only, which is what the UI needs. */
  readonly privileges: Readonly<Partial<Record<TableLogicalName, readonly Privilege[]>>>;
}

/**
 * What both roles read of the platform: users (prvReadUser) and the license variable's definition
 * (prvReadEnvironmentVariableDefinition; its value is read through the definition's $expand). No role export shows a
 * privilege of environmentvariablevalue's own, so none is named. The App Opener minimum is added by the packer.
 */
const readPlatform = {
  [SystemUser.logicalName]: ["read"],
  [EnvironmentVariableDefinition.logicalName]: ["read"],
  // The runtime reads which teams and roles give a profile (issue 13); Microsoft's App Profile User grants
  // prvReadRole too (dynamics365/app-profile-manager/security-roles).
  [Role.logicalName]: ["read"],
  [Team.logicalName]: ["read"],
} as const;

export const AdministratorRole: SecurityRole = {
  id: "6f0b2c1e-6a4e-4e0a-9b62-7d2f3b1a0c01",
  name: "App Profile Manager Administrator",
  description: "Creates, changes, deletes and assigns app profiles.",
  privileges: {
    ...readPlatform,
    // Assigning users is an N:N associate with systemuser: "you must have Append privilege for both tables being
    // associated" (Learn: power-platform/admin/security-roles-privileges); Microsoft's App Profile Manager
    // Administrator grants prvAppendUser and no prvAppendToUser (dynamics365/app-profile-manager/security-roles).
    [SystemUser.logicalName]: ["read", "append"],
    // Giving a profile to a role or a team is the same N:N associate: Append on role and on team.
    [Role.logicalName]: ["read", "append"],
    [Team.logicalName]: ["read", "append"],
    [AppProfile.logicalName]: allPrivileges,
    [SessionTemplate.logicalName]: allPrivileges,
    [ChannelProvider.logicalName]: allPrivileges,
  },
};

export const UserRole: SecurityRole = {
  id: "6f0b2c1e-6a4e-4e0a-9b62-7d2f3b1a0c02",
  name: "App Profile User",
  description: "Agents and supervisors: reads app profiles.",
  privileges: {
    ...readPlatform,
    [AppProfile.logicalName]: ["read"],
    [SessionTemplate.logicalName]: ["read"],
    [ChannelProvider.logicalName]: ["read"],
  },
};

export const securityRoles = [AdministratorRole, UserRole] as const;

/** The built-in default profiles (rule 3), written by the system only. Ids are fixed so every environment agrees. */
export const builtInProfiles = [
  {
    apm_appprofileid: "a1b2c3d4-0000-4000-8000-000000000001",
    apm_name: "Default profile for Customer Service workspace",
    apm_uniquename: "msdyn_csw_default",
    apm_description: "Built-in profile that users without an assigned profile get in Customer Service workspace.",
    apm_app: AppChoice.CustomerServiceWorkspace.value,
    apm_isdefault: true,
  },
  {
    apm_appprofileid: "a1b2c3d4-0000-4000-8000-000000000002",
    apm_name: "Default profile for Omnichannel for Customer Service",
    apm_uniquename: "msdyn_oc_default",
    apm_description: "Built-in profile that users without an assigned profile get in Omnichannel for Customer Service.",
    apm_app: AppChoice.OmnichannelForCustomerService.value,
    apm_isdefault: true,
  },
] as const;

/** The model-driven app that the solution ships. */
export const ModelDrivenApp = {
  uniqueName: "apm_AppProfileManager",
  displayName: "App Profile Manager",
  description: "Create app profiles and assign them to agents and supervisors.",
} as const;
