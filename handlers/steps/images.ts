/** Reading the row a step is about: the pre-image when the host gave one, else the service. */
import { AppProfile, SystemUser, type TableLogicalName } from "../../schema/model";
import { ProfileColumn, UserColumn } from "../columns";
import type { Attributes, Entity, EntityReference, OrganizationService, PluginExecutionContext } from "../context";

const profileColumns = Object.values(ProfileColumn);

/** The profile's stored attributes: the pre-image if it is this profile's and carries the columns, else a read. */
export async function storedProfile(
  context: PluginExecutionContext,
  service: OrganizationService,
  profileId: string,
): Promise<Attributes | undefined> {
  const image = context.preEntityImage;
  const imageIsProfile =
    image?.logicalName === AppProfile.logicalName &&
    (image.id ?? "").toLowerCase() === profileId.toLowerCase() &&
    ProfileColumn.isDefault in image.attributes;
  if (imageIsProfile) return image.attributes;
  return (await service.retrieve(AppProfile.logicalName, profileId, profileColumns))?.attributes;
}

/** Create and Update carry an Entity; the others a reference. */
export function targetEntity(context: PluginExecutionContext): Entity | undefined {
  return context.messageName === "Create" || context.messageName === "Update"
    ? context.inputParameters.Target
    : undefined;
}

export function targetId(context: PluginExecutionContext): string | undefined {
  return context.inputParameters.Target.id;
}

/** On Update, what the row will be: the target over the pre-image. */
export async function mergedTarget(context: PluginExecutionContext, service: OrganizationService): Promise<Attributes> {
  const target = targetEntity(context);
  if (!target) return {};
  if (context.messageName !== "Update" || !target.id) return target.attributes;
  const before =
    context.preEntityImage?.attributes ??
    (await service.retrieve(context.primaryEntityName as TableLogicalName, target.id))?.attributes ??
    {};
  return { ...before, ...target.attributes };
}

/** How messages name a user: full name, else user name, else id. */
export async function userLabel(service: OrganizationService, user: EntityReference): Promise<string> {
  const row = await service.retrieve(SystemUser.logicalName, user.id, Object.values(UserColumn));
  const name = row?.attributes[UserColumn.fullName] ?? row?.attributes[UserColumn.domainName];
  return typeof name === "string" && name !== "" ? name : user.id;
}
