/**
 * The labels of the data model (display names, descriptions) and its solution-only settings (ownership, option set
 * names, which tables are the platform's, system-only columns, the security roles, the built-in profiles and the
 * app), kept apart from the run-time model (model.ts) so no control bundle carries them. Only the solution packer,
 * the local server's metadata and the tests read these, through `schema/index.ts`, which exports each table merged
 * with its labels (`describeTable`). Every column of a table model must have its labels here (a compile error
 * otherwise).
 */
import { describeTable } from "./define";
import * as model from "./model";
import { AppChoice, allPrivileges, type Privilege, type TableLogicalName } from "./model";
import { pluginRegistrationTables } from "./pluginRegistration";

// Each table is a pure call (describeTable), so an import that never reads it costs a bundle nothing.

export const AppProfile = /*#__PURE__*/ describeTable(model.AppProfile, {
  displayName: "App Profile",
  displayCollectionName: "App Profiles",
  description: "A targeted app experience for agents and supervisors.",
  ownership: "OrganizationOwned",
  keys: { apm_uniquename_key: "Unique name" },
  columns: {
    apm_name: { displayName: "Name" },
    apm_uniquename: { displayName: "Unique name", description: "A unique identifier in the <prefix>_<name> format." },
    apm_description: { displayName: "Description" },
    apm_app: { displayName: "App", optionSetName: "apm_app" },
    apm_isdefault: {
      displayName: "Is default",
      systemOnly: true,
      description: "Built-in default profile of its app. Only the system writes it.",
    },
    apm_productivitypaneenabled: { displayName: "Turn on productivity pane" },
    apm_productivitypanemode: { displayName: "Default mode", optionSetName: "apm_productivitypanemode" },
    apm_smartassistenabled: { displayName: "Smart assist" },
    apm_callscriptenabled: { displayName: "Call script" },
    apm_allactivechannels: { displayName: "All active channels" },
    apm_rank: {
      displayName: "Rank",
      description: "Order among the profiles of the app that are given through teams and roles: the lowest rank wins.",
    },
    apm_iscustomdefault: {
      displayName: "Is custom default",
      description: "The app's own default: users with no direct, team or role profile get it before the built-in.",
    },
  },
});

export const SessionTemplate = /*#__PURE__*/ describeTable(model.SessionTemplate, {
  displayName: "Session Template",
  displayCollectionName: "Session Templates",
  description: "A session template that an app profile can open.",
  ownership: "OrganizationOwned",
  keys: { apm_sessiontemplate_uniquename_key: "Unique name" },
  columns: {
    apm_name: { displayName: "Name" },
    apm_uniquename: { displayName: "Unique name" },
    apm_type: { displayName: "Type", optionSetName: "apm_sessiontemplatetype" },
    apm_entitylogicalname: { displayName: "Entity" },
  },
});

export const ChannelProvider = /*#__PURE__*/ describeTable(model.ChannelProvider, {
  displayName: "Channel Provider",
  displayCollectionName: "Channel Providers",
  description: "A third-party voice channel provider (Channel Integration Framework 2.0).",
  ownership: "OrganizationOwned",
  columns: {
    apm_name: { displayName: "Name" },
    apm_label: { displayName: "Label" },
    apm_channelurl: { displayName: "Channel URL" },
    apm_trusteddomain: { displayName: "Trusted domain" },
    apm_apiversion: { displayName: "API version", optionSetName: "apm_channelapiversion" },
    apm_enableoutbound: { displayName: "Enable outbound" },
    apm_sortorder: { displayName: "Sort order" },
  },
});

export const SystemUser = /*#__PURE__*/ describeTable(model.SystemUser, {
  displayName: "User",
  displayCollectionName: "Users",
  ownership: "BusinessOwned",
  platform: true,
  columns: {
    fullname: { displayName: "Full Name" },
    domainname: { displayName: "User Name" },
    internalemailaddress: { displayName: "Primary Email" },
    title: { displayName: "Title" },
    isdisabled: { displayName: "User Status" },
    accessmode: { displayName: "Access Mode", optionSetName: "systemuser_accessmode" },
    azureactivedirectoryobjectid: { displayName: "Azure AD Object ID" },
    applicationid: {
      displayName: "Application ID",
      description: "The Microsoft Entra application of an application user; empty for people.",
    },
  },
});

export const BusinessUnit = /*#__PURE__*/ describeTable(model.BusinessUnit, {
  displayName: "Business Unit",
  displayCollectionName: "Business Units",
  ownership: "BusinessOwned",
  platform: true,
  columns: {
    name: { displayName: "Name" },
    parentbusinessunitid: { displayName: "Parent Business" },
  },
});

export const Role = /*#__PURE__*/ describeTable(model.Role, {
  displayName: "Security Role",
  displayCollectionName: "Security Roles",
  ownership: "BusinessOwned",
  platform: true,
  columns: {
    name: { displayName: "Name" },
    description: { displayName: "Description" },
    businessunitid: { displayName: "Business Unit" },
    ismanaged: { displayName: "State", systemOnly: true },
  },
});

export const Team = /*#__PURE__*/ describeTable(model.Team, {
  displayName: "Team",
  displayCollectionName: "Teams",
  ownership: "BusinessOwned",
  platform: true,
  columns: {
    name: { displayName: "Team Name" },
    description: { displayName: "Description" },
    teamtype: { displayName: "Team Type", optionSetName: "team_type" },
    businessunitid: { displayName: "Business Unit" },
    isdefault: { displayName: "Is Default", systemOnly: true },
    azureactivedirectoryobjectid: { displayName: "Azure AD Object ID" },
    emailaddress: { displayName: "Email" },
  },
});

export const EnvironmentVariableDefinition = /*#__PURE__*/ describeTable(model.EnvironmentVariableDefinition, {
  displayName: "Environment Variable Definition",
  displayCollectionName: "Environment Variable Definitions",
  ownership: "UserOwned",
  platform: true,
  keys: { schemaname_key: "Schema name" },
  columns: {
    schemaname: { displayName: "Schema Name" },
    displayname: { displayName: "Display Name" },
    type: { displayName: "Type" },
    defaultvalue: { displayName: "Default Value" },
  },
});

export const EnvironmentVariableValue = /*#__PURE__*/ describeTable(model.EnvironmentVariableValue, {
  displayName: "Environment Variable Value",
  displayCollectionName: "Environment Variable Values",
  ownership: "UserOwned",
  platform: true,
  columns: {
    schemaname: { displayName: "Schema Name" },
    value: { displayName: "Value" },
    environmentvariabledefinitionid: { displayName: "Environment Variable Definition" },
  },
});

/** The tables the product reads and writes, with their labels. */
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

/** Every table: the product's, then the plug-in registration tables only the server and the deploy use. */
export const tables = /*#__PURE__*/ [productTables, pluginRegistrationTables].flat();
export type AnyTable = (typeof tables)[number];

/** The tables this solution owns (written into customizations.xml). */
export const solutionTables = /*#__PURE__*/ tables.filter((t) => !t.platform);

/** Rule 5's environment variable with its labels. */
export const ChatLicenseVariable = {
  ...model.ChatLicenseVariable,
  displayName: "Chat license available",
  description:
    "Yes when the environment has the Dynamics 365 Chat license; it gates Omnichannel for Customer Service profiles.",
} as const;

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
