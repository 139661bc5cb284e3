/** A small, fixed data set for handler tests: both built-in profiles, one regular profile, users, templates, providers. */
import {
  AppChoice,
  AppProfile,
  builtInProfiles,
  ChannelProvider,
  ChatLicenseVariable,
  SessionTemplate,
  SessionTemplateTypeChoice,
  SystemUser,
} from "../../schema";
import { MemoryOrganizationService } from "./memoryService";

const entity = SessionTemplateTypeChoice.Entity.value;
const generic = SessionTemplateTypeChoice.Generic.value;

export function seedFixtures(service = new MemoryOrganizationService()) {
  const [cswDefault, ocDefault] = builtInProfiles.map((p) => service.add(AppProfile, p, p.apm_appprofileid));
  const sales = service.add(AppProfile, {
    apm_name: "Sales agents",
    apm_uniquename: "contoso_sales",
    apm_app: AppChoice.CustomerServiceWorkspace.value,
    apm_isdefault: false,
  });
  const support = service.add(AppProfile, {
    apm_name: "Support agents",
    apm_uniquename: "contoso_support",
    apm_app: AppChoice.CustomerServiceWorkspace.value,
    apm_isdefault: false,
  });
  const alice = service.add(SystemUser, { fullname: "Alice Agent", domainname: "alice@contoso.com" });
  const bob = service.add(SystemUser, { fullname: "Bob Agent", domainname: "bob@contoso.com" });
  const template = (name: string, type: number, entityName: string | null) =>
    service.add(SessionTemplate, {
      apm_name: name,
      apm_uniquename: `contoso_${name.toLowerCase().replace(/\W+/g, "_")}`,
      apm_type: type,
      apm_entitylogicalname: entityName,
    });
  const templates = {
    account: template("Account session", entity, "account"),
    accountAlt: template("Account quick view", entity, "account"),
    contact: template("Contact session", entity, "contact"),
    home: template("Home", generic, null),
  };
  const provider = service.add(ChannelProvider, {
    apm_name: "Contoso voice",
    apm_label: "Contoso voice",
    apm_channelurl: "https://voice.contoso.com/widget",
    apm_trusteddomain: "contoso.com",
  });
  service.setEnvironmentVariable(ChatLicenseVariable.schemaName, "yes");
  return { service, cswDefault, ocDefault, sales, support, alice, bob, templates, provider };
}
