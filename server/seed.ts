/**
 * Seeds for a new data folder. Every environment gets the users with their roles and tokens; the demo environment
 * also gets the solution's tables, session templates, channel providers, the built-in profiles and the Chat license
 * variable. Everything is written by the system through the pipeline, so the rules check the demo data too.
 */
import { randomBytes } from "node:crypto";
import {
  AdministratorRole,
  builtInProfiles,
  ChannelApiVersionChoice,
  ChannelProvider,
  ChatLicenseVariable,
  EnvironmentVariableDefinition,
  EnvironmentVariableValue,
  SessionTemplate,
  SessionTemplateTypeChoice,
  SystemUser,
  AccessModeChoice,
  UserRole,
  AppProfile,
} from "../schema";
import type { WebApi } from "./webapi/service";
import { systemCaller, SystemAdministratorRole, SYSTEM_USER_ID } from "./users";
import { prepare } from "./storage/rows";
import { installSchemaTables } from "./solution/install";
import { SolutionStore } from "./solution/store";
import { seedDemoTeams } from "./demoTeams";

export interface DemoUser {
  readonly key: string;
  readonly userId: string;
  readonly fullname: string;
  readonly domainname: string;
  readonly roleId?: string;
  readonly token: string;
}

const demoUsers = [
  {
    key: "admin",
    userId: "8d1a7a52-0000-4000-8000-00000000ad01",
    fullname: "Avery Admin",
    roleId: AdministratorRole.id,
    title: "Customer service administrator",
  },
  {
    key: "agent",
    userId: "8d1a7a52-0000-4000-8000-00000000a901",
    fullname: "Riley Agent",
    roleId: UserRole.id,
    title: "Agent",
  },
  {
    key: "agent2",
    userId: "8d1a7a52-0000-4000-8000-00000000a902",
    fullname: "Sam Supervisor",
    roleId: UserRole.id,
    title: "Supervisor",
  },
  { key: "norole", userId: "8d1a7a52-0000-4000-8000-00000000e001", fullname: "Noa Norole", title: "Contractor" },
  {
    key: "sysadmin",
    userId: "8d1a7a52-0000-4000-8000-000000005a01",
    fullname: "Sydney Sysadmin",
    roleId: SystemAdministratorRole.id,
    title: "System administrator",
  },
] as const;

/**
 * Users every environment has that are not people to pick: a disabled user, an application user (client
 * credentials, as the webhook host reads with) and a non-interactive one. They get no token.
 */
const platformOnlyUsers = [
  {
    systemuserid: "8d1a7a52-0000-4000-8000-00000000d501",
    fullname: "Dana Departed",
    domainname: "dana@contoso.example",
    internalemailaddress: "dana@contoso.example",
    title: "Agent (left)",
    isdisabled: true,
  },
  {
    systemuserid: "8d1a7a52-0000-4000-8000-00000000a501",
    fullname: "# App Profile Webhook",
    domainname: "apmwebhook@contoso.example",
    applicationid: "3f0c8c1e-0000-4000-8000-0000000000a5",
    azureactivedirectoryobjectid: "3f0c8c1e-0000-4000-8000-0000000000b5",
    accessmode: AccessModeChoice.NonInteractive.value,
  },
  {
    systemuserid: "8d1a7a52-0000-4000-8000-00000000c401",
    fullname: "Contoso Integration",
    domainname: "integration@contoso.example",
    accessmode: AccessModeChoice.NonInteractive.value,
  },
] as const;

const sessionTemplates: [string, string, number, string | null][] = [
  ["Case session", "msdyn_case_session", SessionTemplateTypeChoice.Entity.value, "incident"],
  ["Account session", "msdyn_account_session", SessionTemplateTypeChoice.Entity.value, "account"],
  ["Contact session", "msdyn_contact_session", SessionTemplateTypeChoice.Entity.value, "contact"],
  ["Conversation session", "msdyn_chat_session", SessionTemplateTypeChoice.Entity.value, "msdyn_ocliveworkitem"],
  ["Email session", "msdyn_email_session", SessionTemplateTypeChoice.Entity.value, "email"],
  ["Phone call session", "msdyn_phonecall_session", SessionTemplateTypeChoice.Entity.value, "phonecall"],
  ["VIP case session", "contoso_vipcase_session", SessionTemplateTypeChoice.Entity.value, "incident"],
  ["Knowledge article session", "msdyn_kb_session", SessionTemplateTypeChoice.Entity.value, "knowledgearticle"],
  ["Home session", "msdyn_home_session", SessionTemplateTypeChoice.Generic.value, null],
  ["Dashboard session", "msdyn_dashboard_session", SessionTemplateTypeChoice.Generic.value, null],
];

const channelProviders = [
  {
    apm_name: "contoso_voice",
    apm_label: "Contoso Voice",
    apm_channelurl: "https://voice.contoso.com/widget",
    apm_trusteddomain: "https://contoso.com",
    apm_sortorder: 1,
    apm_enableoutbound: true,
  },
  {
    apm_name: "fabrikam_cti",
    apm_label: "Fabrikam Telephony",
    apm_channelurl: "https://cti.fabrikam.com/softphone",
    apm_trusteddomain: "fabrikam.com",
    apm_sortorder: 2,
    apm_enableoutbound: false,
  },
  {
    apm_name: "northwind_calls",
    apm_label: "Northwind Calls",
    apm_channelurl: "https://northwindcalls.com/agent",
    apm_trusteddomain: "https://northwindcalls.com",
    apm_sortorder: 3,
    apm_enableoutbound: true,
  },
];

/** The demo's session templates and channel providers, as Web API bodies (the deployed test harness posts them). */
export const demoRows = {
  sessionTemplates: sessionTemplates.map(([apm_name, apm_uniquename, apm_type, apm_entitylogicalname]) => ({
    apm_name,
    apm_uniquename,
    apm_type,
    apm_entitylogicalname,
  })),
  channelProviders: channelProviders.map((p) => ({ ...p, apm_apiversion: ChannelApiVersionChoice.V2.value })),
};

const token = () => randomBytes(24).toString("base64url");

type Exec = (request: Parameters<WebApi["pipeline"]["execute"]>[0]) => ReturnType<WebApi["pipeline"]["execute"]>;
const systemExec =
  (api: WebApi): Exec =>
  (request) =>
    api.pipeline.execute(request, systemCaller);

/** The platform of every environment: the SYSTEM user and the demo users with their roles and one random token each. */
export async function seedUsers(api: WebApi): Promise<DemoUser[]> {
  const exec = systemExec(api);
  const users: DemoUser[] = [];
  await api.inTransaction(async () => {
    await exec({
      message: "Create",
      table: SystemUser,
      id: SYSTEM_USER_ID,
      // SYSTEM is a disabled platform user in every environment: never offered as a person.
      attributes: { fullname: "SYSTEM", domainname: "system", isdisabled: true },
    });
    for (const { systemuserid, ...attributes } of platformOnlyUsers) {
      await exec({ message: "Create", table: SystemUser, id: systemuserid, attributes: { ...attributes } });
    }
    for (const user of demoUsers) {
      const domainname = `${user.fullname.split(" ")[0].toLowerCase()}@contoso.example`;
      await exec({
        message: "Create",
        table: SystemUser,
        id: user.userId,
        attributes: {
          fullname: user.fullname,
          domainname,
          internalemailaddress: domainname,
          title: user.title,
          azureactivedirectoryobjectid: user.userId.replace(/^8d1a7a52/, "aad0b1ec"),
        },
      });
      const roleId = "roleId" in user ? user.roleId : undefined;
      if (roleId)
        prepare(api.dbs.writer, "INSERT INTO systemuserroles (systemuserid, roleid) VALUES (?, ?)").run(
          user.userId,
          roleId,
        );
      users.push({ key: user.key, userId: user.userId, fullname: user.fullname, domainname, roleId, token: token() });
    }
  });
  return users;
}

/**
 * The demo environment: the schema's tables installed as if the solution were, the license variable set to yes,
 * the built-in profiles, templates and providers. Written by the system through the pipeline, so the rules check them.
 */
export async function seedDemo(api: WebApi): Promise<DemoUser[]> {
  installSchemaTables(api.dbs.writer, SolutionStore.of(api.dbs.writer));
  const users = await seedUsers(api);
  const exec = systemExec(api);
  await api.inTransaction(async () => {
    const definitionId = "5e7d3f10-0000-4000-8000-00000000ea01";
    await exec({
      message: "Create",
      table: EnvironmentVariableDefinition,
      id: definitionId,
      attributes: {
        schemaname: ChatLicenseVariable.schemaName,
        displayname: ChatLicenseVariable.displayName,
        type: ChatLicenseVariable.type,
      },
    });
    await exec({
      message: "Create",
      table: EnvironmentVariableValue,
      attributes: {
        schemaname: ChatLicenseVariable.schemaName,
        value: "yes",
        environmentvariabledefinitionid: definitionId,
      },
    });
    for (const { apm_appprofileid, ...attributes } of builtInProfiles) {
      await exec({ message: "Create", table: AppProfile, id: apm_appprofileid, attributes: { ...attributes } });
    }
    for (const attributes of demoRows.sessionTemplates)
      await exec({ message: "Create", table: SessionTemplate, attributes });
    for (const attributes of demoRows.channelProviders)
      await exec({ message: "Create", table: ChannelProvider, attributes });
  });
  await seedDemoTeams(api, users);
  return users;
}
