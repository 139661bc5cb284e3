/**
 * The demo environment a newcomer explores after `npm start`: a contact centre at Contoso with a dozen custom
 * profiles across both apps, a few dozen people (most of them assigned, some waiting for a profile, some without the
 * App Profile User role yet) and a retired channel provider. It is added around the base demo seed (the five users
 * with tokens, the built-in profiles, the templates and providers tests rely on): none of the base users is assigned
 * here, so the tests that assign them start from the same state. Every row goes through the pipeline as the system,
 * so the rules check this data too.
 */
import {
  AppChoice,
  AppProfile,
  AppProfileChannelProvider,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  ChannelApiVersionChoice,
  ChannelProvider,
  ProductivityPaneModeChoice,
  SessionTemplate,
  SystemUser,
  UserRole,
} from "../schema";
import type { WebApi } from "./webapi/service";
import { findIdByKey, prepare } from "./storage/rows";
import { systemCaller } from "./users";

interface DemoPerson {
  readonly fullname: string;
  readonly title: string;
  /** The unique name of the profile they are assigned to, if any. */
  readonly profile?: string;
  /** Everyone holds App Profile User except new starters whose access is still being requested. */
  readonly role?: false;
}

interface DemoProfile {
  readonly id: string;
  readonly apm_name: string;
  readonly apm_uniquename: string;
  readonly apm_description: string;
  readonly apm_app: number;
  readonly pane?: {
    readonly mode: "collapsed" | "expanded";
    readonly smartAssist?: boolean;
    readonly callScript?: boolean;
  };
  readonly allActiveChannels?: boolean;
  /** Session template unique names (entity templates only, one per entity: rule 6). */
  readonly templates: readonly string[];
  /** Channel provider names (apm_name). */
  readonly providers?: readonly string[];
  readonly inactive?: boolean;
}

const csw = AppChoice.CustomerServiceWorkspace.value;
const omnichannel = AppChoice.OmnichannelForCustomerService.value;
const profileId = (n: number) => `a1b2c3d4-0000-4000-8001-${String(n).padStart(12, "0")}`;

export const demoProfiles: readonly DemoProfile[] = [
  {
    id: profileId(1),
    apm_name: "Billing support",
    apm_uniquename: "contoso_billing_support",
    apm_description: "Invoices, refunds and payment plans. Opens cases and accounts side by side.",
    apm_app: csw,
    pane: { mode: "collapsed", smartAssist: true },
    templates: ["msdyn_case_session", "msdyn_account_session"],
  },
  {
    id: profileId(2),
    apm_name: "Technical support",
    apm_uniquename: "contoso_technical_support",
    apm_description: "Second-line troubleshooting with knowledge articles, email follow-up and the softphone.",
    apm_app: csw,
    pane: { mode: "expanded", smartAssist: true, callScript: true },
    templates: ["msdyn_case_session", "msdyn_kb_session", "msdyn_email_session"],
    providers: ["contoso_voice"],
  },
  {
    id: profileId(3),
    apm_name: "Key account managers",
    apm_uniquename: "contoso_key_account_managers",
    apm_description: "Named managers for the top 200 customers: VIP cases, accounts and their contacts.",
    apm_app: csw,
    pane: { mode: "expanded", smartAssist: true },
    templates: ["contoso_vipcase_session", "msdyn_account_session", "msdyn_contact_session"],
  },
  {
    id: profileId(4),
    apm_name: "Returns and warranty",
    apm_uniquename: "contoso_returns_warranty",
    apm_description: "Return authorisations and warranty claims, mostly by email.",
    apm_app: csw,
    templates: ["msdyn_case_session", "msdyn_email_session"],
  },
  {
    id: profileId(5),
    apm_name: "Field service dispatch",
    apm_uniquename: "contoso_field_dispatch",
    apm_description: "Dispatchers who book technician visits by phone.",
    apm_app: csw,
    pane: { mode: "collapsed", callScript: true },
    templates: ["msdyn_account_session", "msdyn_phonecall_session"],
    providers: ["fabrikam_cti"],
  },
  {
    id: profileId(6),
    apm_name: "Quality review",
    apm_uniquename: "contoso_quality_review",
    apm_description: "Analysts who review closed cases; no channels.",
    apm_app: csw,
    templates: ["msdyn_case_session"],
  },
  {
    id: profileId(7),
    apm_name: "New hire onboarding",
    apm_uniquename: "contoso_new_hire_onboarding",
    apm_description:
      "The first two weeks: knowledge articles with smart assist, no live channels. Nobody assigned yet.",
    apm_app: csw,
    pane: { mode: "expanded", smartAssist: true },
    templates: ["msdyn_kb_session"],
  },
  {
    id: profileId(8),
    apm_name: "Chat support (English)",
    apm_uniquename: "contoso_chat_english",
    apm_description: "Web and in-app chat in English, every active channel.",
    apm_app: omnichannel,
    pane: { mode: "expanded", smartAssist: true },
    allActiveChannels: true,
    templates: ["msdyn_chat_session", "msdyn_contact_session"],
  },
  {
    id: profileId(9),
    apm_name: "Voice agents",
    apm_uniquename: "contoso_voice_agents",
    apm_description: "Inbound and outbound calls through Contoso Voice, Northwind Calls as the fallback line.",
    apm_app: omnichannel,
    pane: { mode: "collapsed", callScript: true },
    templates: ["msdyn_phonecall_session", "msdyn_chat_session", "msdyn_case_session"],
    providers: ["contoso_voice", "northwind_calls"],
  },
  {
    id: profileId(10),
    apm_name: "Escalation desk",
    apm_uniquename: "contoso_escalation_desk",
    apm_description: "Supervisors' desk for escalated conversations and VIP cases.",
    apm_app: omnichannel,
    pane: { mode: "expanded", smartAssist: true, callScript: true },
    allActiveChannels: true,
    templates: ["contoso_vipcase_session", "msdyn_chat_session"],
    providers: ["contoso_voice"],
  },
  {
    id: profileId(11),
    apm_name: "Chat support (Spanish)",
    apm_uniquename: "contoso_chat_spanish",
    apm_description: "Chat in Spanish for Spain and Latin America.",
    apm_app: omnichannel,
    allActiveChannels: true,
    templates: ["msdyn_chat_session"],
  },
  {
    id: profileId(12),
    apm_name: "Holiday overflow",
    apm_uniquename: "contoso_holiday_overflow",
    apm_description: "Extra chat and phone capacity for the December peak; inactive the rest of the year.",
    apm_app: omnichannel,
    templates: ["msdyn_chat_session", "msdyn_phonecall_session"],
    providers: ["northwind_calls"],
    inactive: true,
  },
];

/** The profile `npm start` suggests opening first: several templates, a provider and six users. */
export const featuredDemoProfile = demoProfiles[1];

export const demoPeople: readonly DemoPerson[] = [
  { fullname: "Priya Natarajan", title: "Billing team lead", profile: "contoso_billing_support" },
  { fullname: "Marcus Chen", title: "Billing specialist", profile: "contoso_billing_support" },
  { fullname: "Olivia Brooks", title: "Billing specialist", profile: "contoso_billing_support" },
  { fullname: "Tomás Herrera", title: "Billing specialist", profile: "contoso_billing_support" },
  { fullname: "Hannah Schmidt", title: "Billing specialist", profile: "contoso_billing_support" },
  { fullname: "Kwame Mensah", title: "Collections specialist", profile: "contoso_billing_support" },
  { fullname: "Aiko Tanaka", title: "Support engineer", profile: "contoso_technical_support" },
  { fullname: "Daniel Okafor", title: "Support engineer", profile: "contoso_technical_support" },
  { fullname: "Sofia Rossi", title: "Senior support engineer", profile: "contoso_technical_support" },
  { fullname: "Liam O'Connor", title: "Support engineer", profile: "contoso_technical_support" },
  { fullname: "Mei Lin Wong", title: "Support engineer", profile: "contoso_technical_support" },
  { fullname: "Jonas Lindqvist", title: "Technical support lead", profile: "contoso_technical_support" },
  { fullname: "Charlotte Dubois", title: "Key account manager", profile: "contoso_key_account_managers" },
  { fullname: "Rahul Mehta", title: "Key account manager", profile: "contoso_key_account_managers" },
  { fullname: "Grace Kim", title: "Key account director", profile: "contoso_key_account_managers" },
  { fullname: "Mateo García", title: "Returns specialist", profile: "contoso_returns_warranty" },
  { fullname: "Emily Johnson", title: "Warranty specialist", profile: "contoso_returns_warranty" },
  { fullname: "Yusuf Demir", title: "Returns specialist", profile: "contoso_returns_warranty" },
  { fullname: "Ingrid Johansen", title: "Dispatcher", profile: "contoso_field_dispatch" },
  { fullname: "Carlos Mendoza", title: "Dispatcher", profile: "contoso_field_dispatch" },
  { fullname: "Fatima Al-Sayed", title: "Quality analyst", profile: "contoso_quality_review" },
  { fullname: "Benjamin Weiss", title: "Quality analyst", profile: "contoso_quality_review" },
  { fullname: "Chloé Martin", title: "Chat agent", profile: "contoso_chat_english" },
  { fullname: "Arjun Patel", title: "Chat agent", profile: "contoso_chat_english" },
  { fullname: "Zoe Campbell", title: "Chat agent", profile: "contoso_chat_english" },
  { fullname: "Nikolai Petrov", title: "Chat agent", profile: "contoso_chat_english" },
  { fullname: "Amara Nwosu", title: "Chat team lead", profile: "contoso_chat_english" },
  { fullname: "Diego Fernández", title: "Voice agent", profile: "contoso_voice_agents" },
  { fullname: "Lucy Nguyen", title: "Voice agent", profile: "contoso_voice_agents" },
  { fullname: "Oliver Wright", title: "Voice agent", profile: "contoso_voice_agents" },
  { fullname: "Leila Haddad", title: "Voice agent", profile: "contoso_voice_agents" },
  { fullname: "Ethan Murphy", title: "Voice team lead", profile: "contoso_voice_agents" },
  { fullname: "Isabella Costa", title: "Escalation specialist", profile: "contoso_escalation_desk" },
  { fullname: "Kenji Watanabe", title: "Contact centre supervisor", profile: "contoso_escalation_desk" },
  { fullname: "Valentina Ruiz", title: "Chat agent (Spanish)", profile: "contoso_chat_spanish" },
  { fullname: "Alejandro Torres", title: "Chat agent (Spanish)", profile: "contoso_chat_spanish" },
  // Not assigned: they get their app's built-in default profile.
  { fullname: "Megan Foster", title: "Agent" },
  { fullname: "Omar Farouk", title: "Agent" },
  { fullname: "Julia Novak", title: "Workforce planner" },
  { fullname: "Patrick Doyle", title: "Agent" },
  // New starters whose App Profile User role is still on its way: the pickers warn before assigning them.
  { fullname: "Ava Thompson", title: "Agent (starts Monday)", role: false },
  { fullname: "Lucas Silva", title: "Agent (starts Monday)", role: false },
  { fullname: "Elena Popescu", title: "Contractor", role: false },
];

/** A retired provider: inactive, so no picker offers it and no profile's agents get it. */
export const retiredChannelProvider = {
  apm_name: "litware_voice",
  apm_label: "Litware Voice (retired)",
  apm_channelurl: "https://voice.litwareinc.com/agent",
  apm_trusteddomain: "https://litwareinc.com",
  apm_apiversion: ChannelApiVersionChoice.V1.value,
  apm_sortorder: 4,
  apm_enableoutbound: false,
};

const personId = (n: number) => `8d1a7a52-0000-4000-8001-${String(n).padStart(12, "0")}`;

/** "Liam O'Connor" → "liam.oconnor@…", "Tomás Herrera" → "tomas.herrera@…", "Mei Lin Wong" → "meilin.wong@…". */
export function principalName(fullname: string): string {
  const words = fullname
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(" ");
  const letters = (text: string) => text.replace(/[^a-z]/g, "");
  return `${letters(words.slice(0, -1).join(""))}.${letters(words[words.length - 1])}@contoso.example`;
}

const inactive = { statecode: 1, statuscode: 2 };

/** Adds the demo environment to a data folder the base demo seed has just written. */
export async function seedDemoEnvironment(api: WebApi): Promise<void> {
  const exec = (request: Parameters<WebApi["pipeline"]["execute"]>[0]) => api.pipeline.execute(request, systemCaller);
  const db = api.dbs.writer;
  const idOf = (table: typeof SessionTemplate | typeof ChannelProvider, column: string, value: string) => {
    const id = findIdByKey(db, table, { [column]: value });
    if (!id) throw new Error(`The demo environment needs the ${table.logicalName} '${value}' of the base demo seed.`);
    return id;
  };
  const associate = async (
    relationship: typeof AppProfileSessionTemplate | typeof AppProfileChannelProvider | typeof AppProfileSystemUser,
    profile: string,
    related: { logicalName: string; id: string },
  ) =>
    exec({
      message: "Associate",
      relationship,
      record: { logicalName: AppProfile.logicalName, id: profile },
      related,
    });

  await api.inTransaction(async () => {
    const retired = await exec({
      message: "Create",
      table: ChannelProvider,
      attributes: { ...retiredChannelProvider },
    });
    await exec({ message: "Update", table: ChannelProvider, id: retired.id as string, attributes: inactive });

    for (const profile of demoProfiles) {
      await exec({
        message: "Create",
        table: AppProfile,
        id: profile.id,
        attributes: {
          apm_name: profile.apm_name,
          apm_uniquename: profile.apm_uniquename,
          apm_description: profile.apm_description,
          apm_app: profile.apm_app,
          apm_productivitypaneenabled: profile.pane !== undefined,
          apm_productivitypanemode:
            profile.pane?.mode === "expanded"
              ? ProductivityPaneModeChoice.Expanded.value
              : ProductivityPaneModeChoice.Collapsed.value,
          apm_smartassistenabled: profile.pane?.smartAssist ?? false,
          apm_callscriptenabled: profile.pane?.callScript ?? false,
          apm_allactivechannels: profile.allActiveChannels ?? false,
        },
      });
      for (const template of profile.templates)
        await associate(AppProfileSessionTemplate, profile.id, {
          logicalName: SessionTemplate.logicalName,
          id: idOf(SessionTemplate, "apm_uniquename", template),
        });
      for (const provider of profile.providers ?? [])
        await associate(AppProfileChannelProvider, profile.id, {
          logicalName: ChannelProvider.logicalName,
          id: idOf(ChannelProvider, "apm_name", provider),
        });
    }

    const profileByUniqueName = new Map(demoProfiles.map((p) => [p.apm_uniquename, p.id]));
    const grantRole = prepare(db, "INSERT INTO systemuserroles (systemuserid, roleid) VALUES (?, ?)");
    for (const [index, person] of demoPeople.entries()) {
      const id = personId(index + 1);
      const domainname = principalName(person.fullname);
      await exec({
        message: "Create",
        table: SystemUser,
        id,
        attributes: {
          fullname: person.fullname,
          domainname,
          internalemailaddress: domainname,
          title: person.title,
          azureactivedirectoryobjectid: id.replace(/^8d1a7a52/, "aad0b1ec"),
        },
      });
      if (person.role !== false) grantRole.run(id, UserRole.id);
      const profile = person.profile && profileByUniqueName.get(person.profile);
      if (person.profile && !profile) throw new Error(`No demo profile '${person.profile}' for ${person.fullname}.`);
      if (profile) await associate(AppProfileSystemUser, profile, { logicalName: SystemUser.logicalName, id });
    }

    // Deactivated last: the rules refuse changes to an inactive profile's templates and providers.
    for (const profile of demoProfiles.filter((p) => p.inactive))
      await exec({ message: "Update", table: AppProfile, id: profile.id, attributes: inactive });
  });
}
