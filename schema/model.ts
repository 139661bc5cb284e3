/**
 * The one definition of App Profile Manager's data model (PRODUCT.md, "Data model"): what the controls, the handlers
 * and the runtime need (names, entity sets, keys, columns with their types, limits, targets and choices). The labels
 * and solution-only settings are in labels.ts; `schema/index.ts` exports the two merged, the TableDefinitions the local
 * server's tables, the solution's customizations.xml and the tests read. Code that runs in a control bundle imports
 * this file, never the index, so the bundle carries no labels (controls/shared/bundleContents.test.ts checks it).
 * Nothing else spells a table or column name by hand.
 */
import { PUBLISHER_PREFIX, defineTableModel, type ChoiceOption } from "./define";
import type { pluginRegistrationTables } from "./pluginRegistration";

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

export const AppProfile = defineTableModel({
  logicalName: "apm_appprofile",
  entitySetName: "apm_appprofiles",
  primaryIdAttribute: "apm_appprofileid",
  primaryNameAttribute: "apm_name",
  alternateKeys: [{ logicalName: "apm_uniquename_key", columns: ["apm_uniquename"] }],
  columns: {
    apm_name: { type: "string", maxLength: 100, required: true },
    apm_uniquename: { type: "string", maxLength: UNIQUE_NAME_MAX_LENGTH, required: true },
    apm_description: { type: "memo", maxLength: 2000 },
    apm_app: {
      type: "choice",
      required: true,
      options: [AppChoice.CustomerServiceWorkspace, AppChoice.OmnichannelForCustomerService],
      defaultValue: AppChoice.CustomerServiceWorkspace.value,
    },
    apm_isdefault: { type: "boolean", defaultValue: false },
    apm_productivitypaneenabled: { type: "boolean", defaultValue: false },
    apm_productivitypanemode: {
      type: "choice",
      options: [ProductivityPaneModeChoice.Collapsed, ProductivityPaneModeChoice.Expanded],
      defaultValue: ProductivityPaneModeChoice.Collapsed.value,
    },
    apm_smartassistenabled: { type: "boolean", defaultValue: false },
    apm_callscriptenabled: { type: "boolean", defaultValue: false },
    apm_allactivechannels: { type: "boolean", defaultValue: false },
    // Issue 13: which profile a user gets through a team or a role. Lower rank wins; required (and unique among the
    // app's active profiles that have roles or teams) once the profile has one, enforced by the handlers.
    apm_rank: { type: "integer", min: PROFILE_RANK_MIN, max: PROFILE_RANK_MAX },
    apm_iscustomdefault: { type: "boolean", defaultValue: false },
  },
});

export const SessionTemplate = defineTableModel({
  logicalName: "apm_sessiontemplate",
  entitySetName: "apm_sessiontemplates",
  primaryIdAttribute: "apm_sessiontemplateid",
  primaryNameAttribute: "apm_name",
  alternateKeys: [{ logicalName: "apm_sessiontemplate_uniquename_key", columns: ["apm_uniquename"] }],
  columns: {
    apm_name: { type: "string", maxLength: 100, required: true },
    apm_uniquename: { type: "string", maxLength: UNIQUE_NAME_MAX_LENGTH, required: true },
    apm_type: {
      type: "choice",
      required: true,
      options: [SessionTemplateTypeChoice.Entity, SessionTemplateTypeChoice.Generic],
      defaultValue: SessionTemplateTypeChoice.Entity.value,
    },
    apm_entitylogicalname: { type: "string", maxLength: 64 },
  },
});

export const ChannelProvider = defineTableModel({
  logicalName: "apm_channelprovider",
  entitySetName: "apm_channelproviders",
  primaryIdAttribute: "apm_channelproviderid",
  primaryNameAttribute: "apm_name",
  alternateKeys: [],
  columns: {
    apm_name: { type: "string", maxLength: 100, required: true },
    apm_label: { type: "string", maxLength: 100, required: true },
    apm_channelurl: { type: "string", maxLength: 2000, required: true, format: "url" },
    apm_trusteddomain: { type: "string", maxLength: 2000, required: true, format: "url" },
    apm_apiversion: {
      type: "choice",
      options: [ChannelApiVersionChoice.V1, ChannelApiVersionChoice.V2],
      defaultValue: ChannelApiVersionChoice.V2.value,
    },
    apm_enableoutbound: { type: "boolean", defaultValue: false },
    apm_sortorder: { type: "integer", min: 0, max: 2147483647, defaultValue: 0 },
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
export const SystemUser = defineTableModel({
  logicalName: "systemuser",
  entitySetName: "systemusers",
  primaryIdAttribute: "systemuserid",
  primaryNameAttribute: "fullname",
  alternateKeys: [],
  columns: {
    fullname: { type: "string", maxLength: 200 },
    domainname: { type: "string", maxLength: 1024, required: true },
    internalemailaddress: { type: "string", maxLength: 100 },
    title: { type: "string", maxLength: 128 },
    // The columns apps filter people on (fidelity #34). Dataverse types the two ids as Edm.Guid; the schema has no
    // GUID column type, and `eq null`/`ne null`, the only filters the product writes on them, read the same.
    isdisabled: { type: "boolean", defaultValue: false },
    accessmode: {
      type: "choice",
      options: Object.values(AccessModeChoice),
      defaultValue: AccessModeChoice.ReadWrite.value,
    },
    azureactivedirectoryobjectid: { type: "string", maxLength: 36 },
    applicationid: { type: "string", maxLength: 36 },
  },
});

/**
 * Business units, security roles and teams (Learn: reference/entities/businessunit, role, team): business-owned
 * platform tables; profiles are given through roles and teams (issue 13). The columns the product and the local
 * server use, with Dataverse's names (the server's platform.ts serves these definitions).
 */
export const BusinessUnit = defineTableModel({
  logicalName: "businessunit",
  entitySetName: "businessunits",
  primaryIdAttribute: "businessunitid",
  primaryNameAttribute: "name",
  alternateKeys: [],
  columns: {
    name: { type: "string", maxLength: 160, required: true },
    parentbusinessunitid: {
      type: "lookup",
      target: "businessunit",
      navigationProperty: "parentbusinessunitid",
      collectionNavigationProperty: "business_unit_parent_business_unit",
    },
  },
});

export const Role = defineTableModel({
  logicalName: "role",
  entitySetName: "roles",
  primaryIdAttribute: "roleid",
  primaryNameAttribute: "name",
  alternateKeys: [],
  columns: {
    name: { type: "string", maxLength: 100, required: true },
    description: { type: "memo", maxLength: 2000 },
    businessunitid: {
      type: "lookup",
      required: true,
      target: "businessunit",
      navigationProperty: "businessunitid",
      collectionNavigationProperty: "business_unit_roles",
    },
    ismanaged: { type: "boolean", defaultValue: false },
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

export const Team = defineTableModel({
  logicalName: "team",
  entitySetName: "teams",
  primaryIdAttribute: "teamid",
  primaryNameAttribute: "name",
  alternateKeys: [],
  columns: {
    name: { type: "string", maxLength: 160, required: true },
    description: { type: "memo", maxLength: 2000 },
    teamtype: {
      type: "choice",
      options: Object.values(TeamTypeChoice),
      defaultValue: TeamTypeChoice.Owner.value,
    },
    businessunitid: {
      type: "lookup",
      required: true,
      target: "businessunit",
      navigationProperty: "businessunitid",
      collectionNavigationProperty: "business_unit_teams",
    },
    isdefault: { type: "boolean", defaultValue: false },
    azureactivedirectoryobjectid: { type: "string", maxLength: 36 },
    emailaddress: { type: "string", maxLength: 100 },
  },
});

/**
 * The people an admin can pick or look up: enabled, not an application user and not non-interactive. Written with
 * columns every Dataverse environment has, so the same filter runs there and here.
 */
export const pickableUserFilter = `isdisabled eq false and applicationid eq null and accessmode ne ${AccessModeChoice.NonInteractive.value}`;

export const EnvironmentVariableDefinition = defineTableModel({
  logicalName: "environmentvariabledefinition",
  entitySetName: "environmentvariabledefinitions",
  primaryIdAttribute: "environmentvariabledefinitionid",
  primaryNameAttribute: "schemaname",
  alternateKeys: [{ logicalName: "schemaname_key", columns: ["schemaname"] }],
  columns: {
    schemaname: { type: "string", maxLength: 100, required: true },
    displayname: { type: "string", maxLength: 100 },
    type: { type: "integer", min: 0, max: 2147483647 },
    defaultvalue: { type: "memo", maxLength: 2000 },
  },
});

export const EnvironmentVariableValue = defineTableModel({
  logicalName: "environmentvariablevalue",
  entitySetName: "environmentvariablevalues",
  primaryIdAttribute: "environmentvariablevalueid",
  primaryNameAttribute: "schemaname",
  alternateKeys: [],
  columns: {
    schemaname: { type: "string", maxLength: 100 },
    value: { type: "memo", maxLength: 2000 },
    environmentvariabledefinitionid: {
      type: "lookup",
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

/** Every table's logical name: the product's, then the plug-in registration tables only the server and the deploy use. */
export type TableLogicalName =
  | (typeof productTables)[number]["logicalName"]
  | (typeof pluginRegistrationTables)[number]["logicalName"];

/**
 * An N:N relationship. The navigation property on both sides is the relationship's schema name, as in Dataverse; the
 * intersect table is named after the relationship unless the platform named it otherwise.
 */
function manyToMany<
  const S extends string,
  const E1 extends string,
  const E2 extends string,
  const I extends string = S,
>(schemaName: S, entity1: E1, entity2: E2, intersectEntityName?: I) {
  return {
    schemaName,
    intersectEntityName: (intersectEntityName ?? schemaName) as I,
    entity1,
    entity2,
    entity1NavigationProperty: schemaName,
    entity2NavigationProperty: schemaName,
  } as const;
}

export const AppProfileSessionTemplate = /*#__PURE__*/ manyToMany(
  "apm_appprofile_sessiontemplate",
  AppProfile.logicalName,
  SessionTemplate.logicalName,
);

export const AppProfileChannelProvider = /*#__PURE__*/ manyToMany(
  "apm_appprofile_channelprovider",
  AppProfile.logicalName,
  ChannelProvider.logicalName,
);

export const AppProfileSystemUser = /*#__PURE__*/ manyToMany(
  "apm_appprofile_systemuser",
  AppProfile.logicalName,
  SystemUser.logicalName,
);

/** Issue 13: a profile given to the holders of a security role (directly or through a team). */
export const AppProfileRole = /*#__PURE__*/ manyToMany("apm_appprofile_role", AppProfile.logicalName, Role.logicalName);

/** Issue 13: a profile given to the members of a team. */
export const AppProfileTeam = /*#__PURE__*/ manyToMany("apm_appprofile_team", AppProfile.logicalName, Team.logicalName);

/**
 * The platform's own N:N relationships the runtime reads through (Learn: reference/entities/systemuser and team,
 * "Many-to-Many relationships"): a user's roles, a user's teams, a team's roles. Never shipped in the solution.
 */
export const SystemUserRoles = /*#__PURE__*/ manyToMany(
  "systemuserroles_association",
  SystemUser.logicalName,
  Role.logicalName,
  "systemuserroles",
);

export const TeamMembership = /*#__PURE__*/ manyToMany(
  "teammembership_association",
  SystemUser.logicalName,
  Team.logicalName,
  "teammembership",
);

export const TeamRoles = /*#__PURE__*/ manyToMany(
  "teamroles_association",
  Team.logicalName,
  Role.logicalName,
  "teamroles",
);

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

/**
 * Rule 5: the Chat license entitlement, set per environment. Type 100000002 is Dataverse's "Yes/No" (Boolean). Its
 * display name and description are in labels.ts.
 */
export const ChatLicenseVariable = {
  schemaName: "apm_ChatLicenseAvailable",
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
