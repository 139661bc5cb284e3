/** The controls' items as handler Entities, to seed the browser-side OrganizationService with what is loaded. */
import { AppProfile, ChannelProvider, SessionTemplate, SystemUser } from "../../../schema/model";
import type { Entity } from "../../../handlers/context";
import type { ProfileFields, ProfileRef, ProviderItem, TemplateItem, UserItem } from "./model";

export function profileEntity(id: string, fields: ProfileFields, isDefault: boolean): Entity {
  return {
    logicalName: AppProfile.logicalName,
    id,
    attributes: { [AppProfile.primaryIdAttribute]: id, ...fields, apm_isdefault: isDefault },
  };
}

/** A profile known only by name (a user's other profile, from user search). */
export function profileRefEntity(profile: ProfileRef): Entity {
  return {
    logicalName: AppProfile.logicalName,
    id: profile.id,
    attributes: { [AppProfile.primaryIdAttribute]: profile.id, apm_name: profile.name },
  };
}

export function templateEntity(t: TemplateItem): Entity {
  return {
    logicalName: SessionTemplate.logicalName,
    id: t.id,
    attributes: {
      [SessionTemplate.primaryIdAttribute]: t.id,
      apm_name: t.name,
      apm_uniquename: t.uniqueName,
      apm_type: t.type,
      apm_entitylogicalname: t.entityLogicalName,
    },
  };
}

export function providerEntity(p: ProviderItem): Entity {
  return {
    logicalName: ChannelProvider.logicalName,
    id: p.id,
    attributes: {
      [ChannelProvider.primaryIdAttribute]: p.id,
      apm_name: p.name,
      apm_label: p.label,
      apm_channelurl: p.channelUrl,
      apm_sortorder: p.sortOrder,
    },
  };
}

export function userEntity(u: UserItem): Entity {
  return {
    logicalName: SystemUser.logicalName,
    id: u.id,
    attributes: { [SystemUser.primaryIdAttribute]: u.id, fullname: u.fullName, domainname: u.domainName },
  };
}
