/** Demo data for component tests: the two built-in profiles, one custom profile, templates, providers and users. */
import {
  AppChoice,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  AppProfileChannelProvider,
  ProductivityPaneModeChoice,
  SessionTemplateTypeChoice,
  builtInProfiles,
} from "../../../schema";
import type { ProfileFields, ProfileRecord } from "../data/model";
import { chatLicense, type MemoryData } from "./memoryRepository";

/** A custom profile's columns: Customer Service workspace, the pane collapsed and off, the given ones over them. */
export const profileFields = (overrides: Partial<ProfileFields>): ProfileFields => ({
  apm_name: "",
  apm_uniquename: "",
  apm_description: "",
  apm_app: AppChoice.CustomerServiceWorkspace.value,
  apm_productivitypaneenabled: false,
  apm_productivitypanemode: ProductivityPaneModeChoice.Collapsed.value,
  apm_smartassistenabled: false,
  apm_callscriptenabled: false,
  apm_allactivechannels: false,
  ...overrides,
});

/** A custom, active profile "Sales" (contoso_sales) as the editor loads it, with nothing linked unless given. */
export function profileRecord(
  overrides: Partial<Omit<ProfileRecord, "fields">> & { fields?: Partial<ProfileFields> } = {},
): ProfileRecord {
  const { fields, ...rest } = overrides;
  return {
    id: "p1",
    etag: 'W/"7"',
    isDefault: false,
    isActive: true,
    sessionTemplates: [],
    channelProviders: [],
    users: [],
    ...rest,
    fields: profileFields({ apm_name: "Sales", apm_uniquename: "contoso_sales", ...fields }),
  };
}

export const ids = {
  builtInWorkspace: builtInProfiles[0].apm_appprofileid,
  builtInOmnichannel: builtInProfiles[1].apm_appprofileid,
  sales: "11111111-1111-4111-8111-111111111111",
  support: "22222222-2222-4222-8222-222222222222",
  accountTemplate: "33333333-0000-4000-8000-000000000001",
  contactTemplate: "33333333-0000-4000-8000-000000000002",
  caseTemplate: "33333333-0000-4000-8000-000000000003",
  otherAccountTemplate: "33333333-0000-4000-8000-000000000004",
  genericTemplate: "33333333-0000-4000-8000-000000000005",
  contosoVoice: "44444444-0000-4000-8000-000000000001",
  fabrikamVoice: "44444444-0000-4000-8000-000000000002",
  admin: "55555555-0000-4000-8000-000000000001",
  alice: "55555555-0000-4000-8000-000000000002",
  bob: "55555555-0000-4000-8000-000000000003",
  carol: "55555555-0000-4000-8000-000000000004",
};

const entity = SessionTemplateTypeChoice.Entity.value;

export function demoData(license: "yes" | "no" = "yes"): MemoryData {
  return {
    profiles: [
      ...builtInProfiles.map((p) => ({
        id: p.apm_appprofileid,
        isDefault: true,
        version: 1,
        fields: profileFields({
          apm_name: p.apm_name,
          apm_uniquename: p.apm_uniquename,
          apm_description: p.apm_description,
          apm_app: p.apm_app,
        }),
      })),
      {
        id: ids.sales,
        isDefault: false,
        version: 1,
        fields: profileFields({
          apm_name: "Sales agents",
          apm_uniquename: "contoso_sales",
          apm_description: "Inside sales",
        }),
      },
      {
        id: ids.support,
        isDefault: false,
        version: 1,
        fields: profileFields({ apm_name: "Support tier 1", apm_uniquename: "contoso_support" }),
      },
    ],
    templates: [
      {
        id: ids.accountTemplate,
        name: "Account session",
        uniqueName: "msdyn_account",
        type: entity,
        entityLogicalName: "account",
      },
      {
        id: ids.contactTemplate,
        name: "Contact session",
        uniqueName: "msdyn_contact",
        type: entity,
        entityLogicalName: "contact",
      },
      {
        id: ids.caseTemplate,
        name: "Case session",
        uniqueName: "msdyn_case",
        type: entity,
        entityLogicalName: "incident",
      },
      {
        id: ids.otherAccountTemplate,
        name: "Key account session",
        uniqueName: "contoso_keyaccount",
        type: entity,
        entityLogicalName: "account",
      },
      {
        id: ids.genericTemplate,
        name: "Chat session",
        uniqueName: "msdyn_chat",
        type: SessionTemplateTypeChoice.Generic.value,
        entityLogicalName: null,
      },
    ],
    providers: [
      {
        id: ids.contosoVoice,
        name: "contoso_voice",
        label: "Contoso Voice",
        channelUrl: "https://voice.contoso.com/app",
        sortOrder: 1,
      },
      {
        id: ids.fabrikamVoice,
        name: "fabrikam_phone",
        label: "Fabrikam Phone",
        channelUrl: "https://phone.fabrikam.com",
        sortOrder: 2,
      },
    ],
    users: [
      { id: ids.admin, fullName: "Avery Admin", domainName: "admin@contoso.com" },
      { id: ids.alice, fullName: "Alice Agent", domainName: "alice@contoso.com" },
      { id: ids.bob, fullName: "Bob O'Brien", domainName: "bob@contoso.com" },
      { id: ids.carol, fullName: "Carol Chen", domainName: "carol@contoso.com" },
    ],
    links: [
      [AppProfileSessionTemplate.schemaName, ids.sales, ids.accountTemplate],
      [AppProfileChannelProvider.schemaName, ids.sales, ids.contosoVoice],
      [AppProfileSystemUser.schemaName, ids.sales, ids.alice],
      [AppProfileSystemUser.schemaName, ids.support, ids.bob],
    ],
    environment: chatLicense(license),
  };
}
