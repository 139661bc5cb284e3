/** Rule 3: built-in profiles are read-only for everyone but the system; user assignment stays open. */
import { AppProfileSystemUser } from "../../schema/model";
import { STATE_COLUMN, StateCode } from "../../schema/state";
import { ProfileColumn } from "../columns";
import type { PluginHandler } from "../context";
import {
  builtInDeactivationProblem,
  builtInProfileProblem,
  isBuiltInProfile,
  isDefaultSystemOnlyProblem,
  type BuiltInChange,
} from "../rules";
import { storedProfile, targetEntity } from "./images";
import { refuse } from "./refuse";

const changeOf = {
  Create: undefined,
  Update: "update",
  Delete: "delete",
  Associate: "link",
  Disassociate: "unlink",
} as const satisfies Record<string, BuiltInChange | undefined>;

/** Update, Delete, and linking templates or providers: refused when the stored profile is built in. */
export const refuseBuiltInProfileChange: PluginHandler = async (context, service) => {
  const change = changeOf[context.messageName];
  if (context.isSystem || change === undefined) return;
  if (context.messageName === "Associate" || context.messageName === "Disassociate") {
    if (context.inputParameters.Relationship === AppProfileSystemUser.schemaName) return;
  }
  const id = context.inputParameters.Target.id;
  const stored = id ? await storedProfile(context, service, id) : undefined;
  if (isBuiltInProfile(stored))
    refuse(builtInProfileProblem(stored?.[ProfileColumn.name] as string | undefined, change));
};

/** apm_isdefault is the system's: a user's Create or Update may not turn it on. */
export const refuseIsDefaultFromUsers: PluginHandler = async (context) => {
  if (context.isSystem) return;
  if (isBuiltInProfile(targetEntity(context)?.attributes)) refuse(isDefaultSystemOnlyProblem);
};

/** Rule 13: an Update that deactivates a built-in profile is refused, whoever sends it (the system included). */
export const refuseBuiltInDeactivation: PluginHandler = async (context, service) => {
  if (context.messageName !== "Update") return;
  const state = context.inputParameters.Target.attributes[STATE_COLUMN];
  if (state === undefined || state === null || state === StateCode.Active.value) return;
  const id = context.inputParameters.Target.id;
  const stored = id ? await storedProfile(context, service, id) : undefined;
  if (isBuiltInProfile(stored)) refuse(builtInDeactivationProblem(stored?.[ProfileColumn.name] as string | undefined));
};
