/** Rule 1, uniqueness across profiles ignoring case. Inside the transaction, so it sees the request's own writes. */
import { AppProfile } from "../../schema/model";
import { ProfileColumn } from "../columns";
import type { Condition, PluginHandler } from "../context";
import { uniqueNameTakenProblem, validateUniqueName } from "../rules";
import { targetEntity } from "./images";
import { refuse } from "./refuse";

export const requireUniqueNameUnused: PluginHandler = async (context, service) => {
  const target = targetEntity(context);
  const value = target?.attributes[ProfileColumn.uniqueName];
  // A missing or malformed value is PreValidation's to report.
  if (!target || typeof value !== "string" || validateUniqueName(value)) return;
  const conditions: Condition[] = [{ attribute: ProfileColumn.uniqueName, operator: "eq", value }];
  if (context.messageName === "Update" && target.id) {
    conditions.push({ attribute: ProfileColumn.id, operator: "ne", value: target.id });
  }
  const found = await service.retrieveMultiple(AppProfile.logicalName, conditions, [
    ProfileColumn.id,
    ProfileColumn.name,
    ProfileColumn.uniqueName,
  ]);
  // The id filter again here, so a host whose `ne` compares ids by case cannot make a row clash with itself.
  const clash = found.find((row) => !target.id || (row.id ?? "").toLowerCase() !== target.id.toLowerCase());
  if (!clash) return;
  refuse(
    uniqueNameTakenProblem(value, {
      name: clash.attributes[ProfileColumn.name] as string | undefined,
      uniqueName: clash.attributes[ProfileColumn.uniqueName] as string | undefined,
    }),
  );
};
