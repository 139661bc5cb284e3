/**
 * The schema with its labels, for the local server, the solution packer, the deploy and the tests: each table of
 * model.ts merged with its labels (labels.ts). Code in a control bundle imports model.ts instead.
 */
export * from "./define";
export * from "./model";
export {
  AppProfile,
  SessionTemplate,
  ChannelProvider,
  SystemUser,
  BusinessUnit,
  Role,
  Team,
  EnvironmentVariableDefinition,
  EnvironmentVariableValue,
  productTables,
  tables,
  solutionTables,
  ChatLicenseVariable,
  AdministratorRole,
  UserRole,
  securityRoles,
  builtInProfiles,
  ModelDrivenApp,
  type AnyTable,
  type SecurityRole,
} from "./labels";
export * from "./pluginRegistration";
export * from "./state";
