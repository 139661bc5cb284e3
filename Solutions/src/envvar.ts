/**
 * environmentvariabledefinitions/<schema name>/environmentvariabledefinition.xml. No default value and no value file:
 * importing the solution asks for the value, per environment.
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
}

export function environmentVariableXml(variable: EnvironmentVariable = ChatLicenseVariable): string {
  return serialize(
    el(
      "environmentvariabledefinition",
      { schemaname: variable.schemaName },
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
