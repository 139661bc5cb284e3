/**
 * The one registration list, like Dataverse's SDK message processing steps: which handler runs for which message,
 * table (or, for Associate/Disassociate, relationship) and stage, in which order. Every host runs steps through
 * `runStage`, so the server pipeline, the controls before save and the webhook host enforce the same rules.
 *
 * PreValidation holds the checks that need no transaction; PreOperation the ones that must see the transaction's own
 * writes (uniqueness, one template per entity, one profile per user), so a move (remove + add in one change set) works.
 */
import {
  AppProfile,
  AppProfileChannelProvider,
  AppProfileRole,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  AppProfileTeam,
  ChannelProvider,
  SessionTemplate,
  type RelationshipName,
  type TableLogicalName,
} from "../schema/model";
import {
  Stage,
  type MessageName,
  type OrganizationService,
  type PluginExecutionContext,
  type PluginHandler,
} from "./context";
import { isRelationshipContext, normalizeRelationshipContexts } from "./normalize";
import {
  refuseBuiltInDeactivation,
  refuseBuiltInProfileChange,
  refuseIsDefaultFromUsers,
} from "./steps/builtInProfile";
import {
  requireAssignmentConsistency,
  requireRankForRolesAndTeams,
  validateAssignmentColumns,
  validateRolesAndTeams,
} from "./steps/assignment";
import { validateChannelProviderUrl } from "./steps/channelProvider";
import { requireChatLicenseForOmnichannel } from "./steps/chatLicense";
import { validateProfileColumns } from "./steps/profileColumns";
import {
  keepProfilesValidOnTemplateChange,
  requireOneTemplatePerEntity,
  validateSessionTemplateRow,
  validateTemplatesInRequest,
} from "./steps/sessionTemplates";
import { requireUniqueNameUnused } from "./steps/uniqueName";
import { refuseUserListedTwice, refuseUserToSeveralProfiles, requireOneProfilePerUser } from "./steps/userAssignment";

export interface StepRegistration {
  readonly name: string;
  readonly message: MessageName;
  /** A table's logical name; for Associate and Disassociate, the relationship's schema name. */
  readonly primaryEntity: TableLogicalName | RelationshipName;
  readonly stage: Stage;
  /** Execution order within a stage, lowest first. */
  readonly rank: number;
  readonly handler: PluginHandler;
}

type StepSpec = Omit<StepRegistration, "message"> & { readonly messages: readonly MessageName[] };

/** One spec per handler; expanded into one registration per message, as the plugin registration tool would list. */
function steps(...specs: StepSpec[]): StepRegistration[] {
  return specs.flatMap(({ messages, ...step }) =>
    messages.map((message) => ({ ...step, name: `${step.name} (${message})`, message })),
  );
}

const profile = AppProfile.logicalName;
const { PreValidation, PreOperation } = Stage;
const links = ["Associate", "Disassociate"] as const;
const writes = ["Create", "Update"] as const;

/*
 * The registrations in groups, each a pure call (and no spread, which bundlers must keep), so a control bundle that
 * checks only some of them (checks.ts) leaves the other handlers out. `registrations` below is every group, and what
 * every host runs.
 */

/** Rules 13 and 3: built-in profiles stay active and read-only. */
export const builtInProfileSteps: readonly StepRegistration[] = /*#__PURE__*/ steps(
  // Rule 13: built-in profiles stay active (before rule 3's check, so the message says why).
  {
    name: "Built-in profiles can't be deactivated",
    messages: ["Update"],
    primaryEntity: profile,
    stage: PreValidation,
    rank: 0,
    handler: refuseBuiltInDeactivation,
  },
  // Rule 3: built-in profiles.
  {
    name: "Built-in profiles are read-only",
    messages: ["Update", "Delete"],
    primaryEntity: profile,
    stage: PreValidation,
    rank: 1,
    handler: refuseBuiltInProfileChange,
  },
  {
    name: "Built-in profiles keep their session templates",
    messages: links,
    primaryEntity: AppProfileSessionTemplate.schemaName,
    stage: PreValidation,
    rank: 1,
    handler: refuseBuiltInProfileChange,
  },
  {
    name: "Built-in profiles keep their channel providers",
    messages: links,
    primaryEntity: AppProfileChannelProvider.schemaName,
    stage: PreValidation,
    rank: 1,
    handler: refuseBuiltInProfileChange,
  },
);

/** Rules 1, 2 and 5: a profile's own columns, on Create and Update (all the designer checks before it creates one). */
export const profileColumnSteps: readonly StepRegistration[] = /*#__PURE__*/ steps(
  {
    name: "Only the system sets apm_isdefault",
    messages: writes,
    primaryEntity: profile,
    stage: PreValidation,
    rank: 2,
    handler: refuseIsDefaultFromUsers,
  },
  // Rules 1 and 2: the profile's own columns; uniqueness inside the transaction.
  {
    name: "Profile unique name, name and description",
    messages: writes,
    primaryEntity: profile,
    stage: PreValidation,
    rank: 3,
    handler: validateProfileColumns,
  },
  {
    name: "Profile unique name is unused",
    messages: writes,
    primaryEntity: profile,
    stage: PreOperation,
    rank: 1,
    handler: requireUniqueNameUnused,
  },
  // Rule 5.
  {
    name: "Omnichannel profiles need the Chat license",
    messages: writes,
    primaryEntity: profile,
    stage: PreValidation,
    rank: 4,
    handler: requireChatLicenseForOmnichannel,
  },
  // Issue 13: rank and custom default.
  {
    name: "Rank in range; built-ins are never the custom default",
    messages: writes,
    primaryEntity: profile,
    stage: PreValidation,
    rank: 5,
    handler: validateAssignmentColumns,
  },
  {
    name: "One custom default per app, active; ranks unique among profiles with teams or roles",
    messages: writes,
    primaryEntity: profile,
    stage: PreOperation,
    rank: 2,
    handler: requireAssignmentConsistency,
  },
);

/** Rule 6 on the session template rows themselves. */
export const sessionTemplateSteps: readonly StepRegistration[] = /*#__PURE__*/ steps(
  {
    name: "Entity session templates name their entity",
    messages: writes,
    primaryEntity: SessionTemplate.logicalName,
    stage: PreValidation,
    rank: 1,
    handler: validateSessionTemplateRow,
  },
  {
    name: "Changed session templates keep their profiles valid",
    messages: ["Update"],
    primaryEntity: SessionTemplate.logicalName,
    stage: PreOperation,
    rank: 1,
    handler: keepProfilesValidOnTemplateChange,
  },
);

/** Rule 6 on a profile's session templates (the N:N). */
export const profileSessionTemplateSteps: readonly StepRegistration[] = /*#__PURE__*/ steps(
  {
    name: "Only entity session templates, one per entity in the request",
    messages: ["Associate"],
    primaryEntity: AppProfileSessionTemplate.schemaName,
    stage: PreValidation,
    rank: 2,
    handler: validateTemplatesInRequest,
  },
  {
    name: "One session template per entity in a profile",
    messages: ["Associate"],
    primaryEntity: AppProfileSessionTemplate.schemaName,
    stage: PreOperation,
    rank: 1,
    handler: requireOneTemplatePerEntity,
  },
);

/** Rule 8 on the channel provider rows. */
export const channelProviderSteps: readonly StepRegistration[] = /*#__PURE__*/ steps({
  name: "Channel URL is https and inside the trusted domain",
  messages: writes,
  primaryEntity: ChannelProvider.logicalName,
  stage: PreValidation,
  rank: 1,
  handler: validateChannelProviderUrl,
});

/** Issue 13: the same two checks on a profile's roles and on its teams. */
function rolesOrTeamsSteps(relationship: typeof AppProfileRole | typeof AppProfileTeam): StepRegistration[] {
  const kind = relationship === AppProfileRole ? "roles" : "teams";
  return steps(
    {
      name: `Only existing ${kind}, never for a built-in profile`,
      messages: ["Associate"],
      primaryEntity: relationship.schemaName,
      stage: PreValidation,
      rank: 1,
      handler: validateRolesAndTeams,
    },
    {
      name: `Profiles given to ${kind} have a rank of their own`,
      messages: ["Associate"],
      primaryEntity: relationship.schemaName,
      stage: PreOperation,
      rank: 1,
      handler: requireRankForRolesAndTeams,
    },
  );
}

/** Rule 9: a profile's users; issue 13: its teams and roles. Pure calls only (no spread of a call, which bundlers keep). */
export const userAssignmentSteps: readonly StepRegistration[] = /*#__PURE__*/ [
  /*#__PURE__*/ steps(
    {
      name: "Each user once per assignment",
      messages: ["Associate"],
      primaryEntity: AppProfileSystemUser.schemaName,
      stage: PreValidation,
      rank: 1,
      handler: refuseUserListedTwice,
    },
    {
      name: "One profile per user",
      messages: ["Associate"],
      primaryEntity: AppProfileSystemUser.schemaName,
      stage: PreOperation,
      rank: 1,
      handler: requireOneProfilePerUser,
    },
  ),
  /*#__PURE__*/ rolesOrTeamsSteps(AppProfileRole),
  /*#__PURE__*/ rolesOrTeamsSteps(AppProfileTeam),
].flat();

/** Every step on the profile table and its relationships: what the editor checks before it saves. */
export const profileSteps: readonly StepRegistration[] = /*#__PURE__*/ [
  builtInProfileSteps,
  profileColumnSteps,
  profileSessionTemplateSteps,
  userAssignmentSteps,
].flat();

/** Every registration: what the server and the webhook host run. */
export const registrations: readonly StepRegistration[] = /*#__PURE__*/ [
  builtInProfileSteps,
  profileColumnSteps,
  sessionTemplateSteps,
  profileSessionTemplateSteps,
  channelProviderSteps,
  userAssignmentSteps,
].flat();

function filterOf(context: PluginExecutionContext): string {
  return isRelationshipContext(context) ? context.inputParameters.Relationship : context.primaryEntityName;
}

/** The steps of `from` for this context's message and table (or relationship) at a stage, in rank order. */
function stepsIn(from: readonly StepRegistration[], stage: Stage, context: PluginExecutionContext): StepRegistration[] {
  const filter = filterOf(context);
  return from
    .filter((s) => s.stage === stage && s.message === context.messageName && s.primaryEntity === filter)
    .sort((a, b) => a.rank - b.rank);
}

/** The steps registered for this context's message and table (or relationship) at a stage, in rank order. */
export function stepsFor(stage: Stage, context: PluginExecutionContext): StepRegistration[] {
  return stepsIn(registrations, stage, context);
}

/**
 * Runs one stage's steps of `from`. Relationship contexts from either side are normalized to the profile side first;
 * the first refusal throws an InvalidPluginExecutionError and the host cancels the operation.
 */
export async function runStageOf(
  from: readonly StepRegistration[],
  stage: Stage,
  context: PluginExecutionContext,
  service: OrganizationService,
): Promise<void> {
  const normalized = normalizeRelationshipContexts(context);
  await refuseUserToSeveralProfiles(context, normalized, service);
  for (const each of normalized) {
    const atStage = { ...each, stage } as PluginExecutionContext;
    for (const step of stepsIn(from, stage, atStage)) await step.handler(atStage, service);
  }
}

/** Runs the steps of one stage, of every registration. */
export async function runStage(
  stage: Stage,
  context: PluginExecutionContext,
  service: OrganizationService,
): Promise<void> {
  await runStageOf(registrations, stage, context, service);
}

/**
 * For callers that only validate (the controls before save): PreValidation, then PreOperation, no write. A control
 * passes the steps its operations reach, so its bundle carries only those handlers.
 */
export async function runChecksOf(
  from: readonly StepRegistration[],
  context: PluginExecutionContext,
  service: OrganizationService,
): Promise<void> {
  await runStageOf(from, Stage.PreValidation, context, service);
  await runStageOf(from, Stage.PreOperation, context, service);
}

/** runChecksOf every registration. */
export async function runPipelineChecks(context: PluginExecutionContext, service: OrganizationService): Promise<void> {
  await runChecksOf(registrations, context, service);
}
