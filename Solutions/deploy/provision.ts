/**
 * What the deploy writes besides the solution: the Chat license variable's value and the two built-in profiles.
 * Each is read first and written only when it differs, so a second deploy changes nothing (same ETags).
 */
import { odataString, type Json, type WebApiClient } from "./client";
import {
  AppProfile,
  builtInProfiles,
  ChatLicenseVariable,
  EnvironmentVariableDefinition,
  EnvironmentVariableValue,
} from "../../schema";

export type Outcome = "created" | "updated" | "unchanged";

const query = (set: string, select: readonly string[], filter: string) =>
  `${set}?$select=${select.join(",")}&$filter=${encodeURIComponent(filter)}`;

export async function setEnvironmentVariable(api: WebApiClient, schemaName: string, value: string): Promise<Outcome> {
  const definitionIdName = EnvironmentVariableDefinition.primaryIdAttribute;
  const definitions = await api.list(
    query(EnvironmentVariableDefinition.entitySetName, [definitionIdName], `schemaname eq ${odataString(schemaName)}`),
  );
  const definitionId = definitions[0]?.[definitionIdName] as string | undefined;
  if (!definitionId) {
    throw new Error(`The environment has no variable definition ${schemaName}: the solution import did not create it.`);
  }
  const values = await api.list(
    query(
      EnvironmentVariableValue.entitySetName,
      ["value", EnvironmentVariableValue.primaryIdAttribute],
      `_environmentvariabledefinitionid_value eq ${definitionId}`,
    ),
  );
  const existing = values[0];
  if (existing) {
    if (existing.value === value) return "unchanged";
    const id = existing[EnvironmentVariableValue.primaryIdAttribute] as string;
    await api.request("PATCH", `${EnvironmentVariableValue.entitySetName}(${id})`, { value }, { "If-Match": "*" });
    return "updated";
  }
  await api.request("POST", EnvironmentVariableValue.entitySetName, {
    schemaname: schemaName,
    value,
    "EnvironmentVariableDefinitionId@odata.bind": `/${EnvironmentVariableDefinition.entitySetName}(${definitionId})`,
  });
  return "created";
}

export const setChatLicense = (api: WebApiClient, licensed: boolean): Promise<Outcome> =>
  setEnvironmentVariable(api, ChatLicenseVariable.schemaName, licensed ? "yes" : "no");

export interface ProfileOutcome {
  readonly uniqueName: string;
  readonly outcome: Outcome;
  /** The columns written on update. */
  readonly changed: readonly string[];
}

/** Upserts one built-in profile by its alternate key, with its canonical values from the schema. */
async function upsertBuiltIn(api: WebApiClient, profile: (typeof builtInProfiles)[number]): Promise<ProfileOutcome> {
  const { apm_appprofileid, ...canonical } = profile;
  const path = `${AppProfile.entitySetName}(apm_uniquename=${encodeURIComponent(odataString(profile.apm_uniquename))})`;
  const columns = Object.keys(canonical);
  const stored: Json | undefined = await api.find(`${path}?$select=${columns.join(",")}`);
  if (!stored) {
    // Create only (If-None-Match: *), with the fixed id every environment shares.
    await api.request("PATCH", path, { ...canonical, apm_appprofileid }, { "If-None-Match": "*" });
    return { uniqueName: profile.apm_uniquename, outcome: "created", changed: columns };
  }
  const changed = columns.filter((c) => stored[c] !== canonical[c as keyof typeof canonical]);
  if (changed.length === 0) return { uniqueName: profile.apm_uniquename, outcome: "unchanged", changed };
  const data = Object.fromEntries(changed.map((c) => [c, canonical[c as keyof typeof canonical]]));
  await api.request("PATCH", path, data, { "If-Match": "*" });
  return { uniqueName: profile.apm_uniquename, outcome: "updated", changed };
}

export async function upsertBuiltInProfiles(api: WebApiClient): Promise<ProfileOutcome[]> {
  const outcomes: ProfileOutcome[] = [];
  for (const profile of builtInProfiles) outcomes.push(await upsertBuiltIn(api, profile));
  return outcomes;
}
