/**
 * The columns the handlers read, checked against the one schema at compile time,
 * so a renamed column breaks the build instead of silently skipping a rule.
 */
import type { AppProfile, ChannelProvider, SessionTemplate, SystemUser } from "../schema/model";

export const ProfileColumn = {
  id: "apm_appprofileid",
  name: "apm_name",
  uniqueName: "apm_uniquename",
  description: "apm_description",
  app: "apm_app",
  isDefault: "apm_isdefault",
  rank: "apm_rank",
  isCustomDefault: "apm_iscustomdefault",
} as const satisfies Record<string, keyof typeof AppProfile.columns | typeof AppProfile.primaryIdAttribute>;

export const TemplateColumn = {
  id: "apm_sessiontemplateid",
  name: "apm_name",
  uniqueName: "apm_uniquename",
  type: "apm_type",
  entity: "apm_entitylogicalname",
} as const satisfies Record<string, keyof typeof SessionTemplate.columns | typeof SessionTemplate.primaryIdAttribute>;

export const ProviderColumn = {
  channelUrl: "apm_channelurl",
  trustedDomain: "apm_trusteddomain",
} as const satisfies Record<string, keyof typeof ChannelProvider.columns>;

export const UserColumn = {
  fullName: "fullname",
  domainName: "domainname",
} as const satisfies Record<string, keyof typeof SystemUser.columns>;
