/**
 * environmentvariabledefinitions/<schema name>/environmentvariabledefinition.xml, in the shape of a real Yes/No
 * definition (real-exports/environment-variable-boolean.xml): a default value first, and no value file, so an import
 * through the API leaves a defined state and each environment sets its own value (deploy's `--chat-license`).
 */
import { ChatLicenseVariable } from "../../schema";
import { el, leaf, serialize } from "./xml";
import { label } from "./labels";
import { INTRODUCED_VERSION } from "./attributes";

export const envVarPath = (schemaName: string): string =>
  `environmentvariabledefinitions/${schemaName}/environmentvariabledefinition.xml`;

export interface EnvironmentVariable {
  readonly schemaName: string;
  readonly displayName: string;
  readonly description: string;
  readonly type: number;
  /** Yes/No variables hold `yes` or `no`. */
  readonly defaultValue?: string;
}

/** The license variable as the solution ships it: "no" until an environment says it has the Chat license (rule 5). */
export const ShippedChatLicenseVariable: EnvironmentVariable = { ...ChatLicenseVariable, defaultValue: "no" };

export function environmentVariableXml(variable: EnvironmentVariable = ShippedChatLicenseVariable): string {
  return serialize(
    el(
      "environmentvariabledefinition",
      { schemaname: variable.schemaName },
      variable.defaultValue !== undefined && leaf("defaultvalue", variable.defaultValue),
      el("description", { default: variable.description }, label("label", variable.description)),
      el("displayname", { default: variable.displayName }, label("label", variable.displayName)),
      leaf("introducedversion", INTRODUCED_VERSION),
      leaf("iscustomizable", 1),
      leaf("isrequired", 0),
      leaf("secretstore", 0),
      leaf("type", variable.type),
    ),
  );
}
