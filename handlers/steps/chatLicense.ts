/** Rule 5: creating an Omnichannel profile, or switching a profile to Omnichannel, needs the Chat license. */
import { AppChoice, AppProfile, ChatLicenseVariable } from "../../schema/model";
import { ProfileColumn } from "../columns";
import type { OrganizationService, PluginHandler } from "../context";
import { isChatLicenseAvailable, validateAppChoice } from "../rules";
import { storedProfile, targetEntity } from "./images";
import { refuseIf } from "./refuse";

async function chatLicensed(service: OrganizationService, app: unknown): Promise<boolean> {
  // Only an Omnichannel choice needs the license, so only then is the variable read.
  if (app !== AppChoice.OmnichannelForCustomerService.value) return true;
  return isChatLicenseAvailable(await service.getEnvironmentVariable(ChatLicenseVariable.schemaName));
}

export const requireChatLicenseForOmnichannel: PluginHandler = async (context, service) => {
  const target = targetEntity(context);
  // The system seeds the built-in Omnichannel profile in every environment, licensed or not.
  if (!target || context.isSystem) return;
  const sets = ProfileColumn.app in target.attributes;
  if (context.messageName === "Update") {
    if (!sets || !target.id) return;
    const stored = await storedProfile(context, service, target.id);
    if (stored?.[ProfileColumn.app] === target.attributes[ProfileColumn.app]) return;
  }
  const app = sets ? target.attributes[ProfileColumn.app] : AppProfile.columns.apm_app.defaultValue;
  refuseIf(validateAppChoice(app, await chatLicensed(service, app)));
};
