/** Rule 5: Omnichannel for Customer Service profiles need the Dynamics 365 Chat license (an environment variable). */
import { AppChoice, AppProfile, ChatLicenseVariable } from "../../schema/model";
import { ProfileColumn } from "../columns";
import type { RuleProblem } from "./problem";

/** The variable is Yes/No in Dataverse; hosts may store it as "yes" or "true", in any case. */
export function isChatLicenseAvailable(value: string | null | undefined): boolean {
  const normalized = (value ?? "").trim().toLowerCase();
  return normalized === "yes" || normalized === "true";
}

export const chatLicenseMessage =
  `${AppChoice.OmnichannelForCustomerService.label} profiles need the Dynamics 365 Chat license, and this environment ` +
  `doesn't have it. Choose ${AppChoice.CustomerServiceWorkspace.label}, or ask an administrator to set the environment ` +
  `variable ${ChatLicenseVariable.schemaName} to "yes" once the environment has the license.`;

/** Checks the app choice: a known option, and Omnichannel only with the Chat license. */
export function validateAppChoice(app: unknown, chatLicenseAvailable: boolean): RuleProblem | undefined {
  const options = AppProfile.columns.apm_app.options;
  if (app === null || app === undefined) {
    return { attribute: ProfileColumn.app, message: `Choose an app: ${options.map((o) => o.label).join(" or ")}.` };
  }
  if (!options.some((o) => o.value === app)) {
    const choices = options.map((o) => `${o.label} (${o.value})`).join(" or ");
    return {
      attribute: ProfileColumn.app,
      message: `The app ${JSON.stringify(app)} is not one of the choices: use ${choices}.`,
    };
  }
  if (app === AppChoice.OmnichannelForCustomerService.value && !chatLicenseAvailable) {
    return { attribute: ProfileColumn.app, message: chatLicenseMessage };
  }
  return undefined;
}
