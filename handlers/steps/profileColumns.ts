/** Rules 1 and 2 on a profile's own columns: unique name format, name and description limits. */
import { ProfileColumn } from "../columns";
import type { PluginHandler } from "../context";
import { validateProfileDescription, validateProfileName, validateUniqueName } from "../rules";
import { targetEntity } from "./images";
import { refuseIf } from "./refuse";

const checks = [
  [ProfileColumn.uniqueName, validateUniqueName],
  [ProfileColumn.name, validateProfileName],
  [ProfileColumn.description, validateProfileDescription],
] as const;

/** On Create every column is checked (missing counts as empty); on Update only the columns the request sets. */
export const validateProfileColumns: PluginHandler = async (context) => {
  const target = targetEntity(context);
  if (!target) return;
  for (const [attribute, check] of checks) {
    if (context.messageName === "Update" && !(attribute in target.attributes)) continue;
    const value = target.attributes[attribute];
    refuseIf(check(typeof value === "string" || value === null || value === undefined ? value : String(value)));
  }
};
