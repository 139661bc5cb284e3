/**
 * What the deploy writes besides the solution: the Chat license variable's value and the two built-in profiles.
 * Each is read first and written only when it differs, so a second deploy changes nothing (same ETags).
 */
import type { DynamicsWebApi } from "dynamics-web-api";
import {
  AppProfile,
  builtInProfiles,
  ChatLicenseVariable,
  EnvironmentVariableDefinition,
  EnvironmentVariableValue,
} from "../../schema";

export type Outcome = "created" | "updated" | "unchanged";

const odataString = (value: string) => `'${value.replace(/'/g, "''")}'`;

export async function setEnvironmentVariable(api: DynamicsWebApi, schemaName: string, value: string): Promise<Outcome> {
  const definitions = await api.retrieveMultiple({
    collection: EnvironmentVariableDefinition.entitySetName,
    select: [EnvironmentVariableDefinition.primaryIdAttribute],
    filter: `schemaname eq ${odataString(schemaName)}`,
  });
  const definitionId = definitions.value[0]?.[EnvironmentVariableDefinition.primaryIdAttribute] as string | undefined;
  if (!definitionId) {
    throw new Error(`The environment has no variable definition ${schemaName}: the solution import did not create it.`);
  }
  const values = await api.retrieveMultiple({
    collection: EnvironmentVariableValue.entitySetName,
    select: ["value"],
    filter: `_environmentvariabledefinitionid_value eq ${definitionId}`,
  });
  const existing = values.value[0];
  if (existing) {
    if (existing.value === value) return "unchanged";
    const id = existing[EnvironmentVariableValue.primaryIdAttribute] as string;
    await api.update({ collection: EnvironmentVariableValue.entitySetName, key: id, data: { value }, ifmatch: "*" });
    return "updated";
  }
  await api.create({
    collection: EnvironmentVariableValue.entitySetName,
    data: {
      schemaname: schemaName,
      value,
      "EnvironmentVariableDefinitionId@odata.bind": `/${EnvironmentVariableDefinition.entitySetName}(${definitionId})`,
    },
  });
  return "created";
}

export const setChatLicense = (api: DynamicsWebApi, licensed: boolean): Promise<Outcome> =>
  setEnvironmentVariable(api, ChatLicenseVariable.schemaName, licensed ? "yes" : "no");

export interface ProfileOutcome {
  readonly uniqueName: string;
  readonly outcome: Outcome;
  /** The columns written on update. */
  readonly changed: readonly string[];
}

/** Upserts one built-in profile by its alternate key, with its canonical values from the schema. */
async function upsertBuiltIn(api: DynamicsWebApi, profile: (typeof builtInProfiles)[number]): Promise<ProfileOutcome> {
  const { apm_appprofileid, ...canonical } = profile;
  const key = `apm_uniquename=${odataString(profile.apm_uniquename)}`;
  const columns = Object.keys(canonical);
  let stored: Record<string, unknown> | undefined;
  try {
    stored = await api.retrieve({ collection: AppProfile.entitySetName, key, select: columns });
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
  }
  if (!stored) {
    // Create only (If-None-Match: *), with the fixed id every environment shares.
    await api.upsert({
      collection: AppProfile.entitySetName,
      key,
      data: { ...canonical, apm_appprofileid },
      ifnonematch: "*",
    });
    return { uniqueName: profile.apm_uniquename, outcome: "created", changed: columns };
  }
  const changed = columns.filter((c) => stored[c] !== canonical[c as keyof typeof canonical]);
  if (changed.length === 0) return { uniqueName: profile.apm_uniquename, outcome: "unchanged", changed };
  const data = Object.fromEntries(changed.map((c) => [c, canonical[c as keyof typeof canonical]]));
  await api.update({ collection: AppProfile.entitySetName, key, data, ifmatch: "*" });
  return { uniqueName: profile.apm_uniquename, outcome: "updated", changed };
}

export async function upsertBuiltInProfiles(api: DynamicsWebApi): Promise<ProfileOutcome[]> {
  const outcomes: ProfileOutcome[] = [];
  for (const profile of builtInProfiles) outcomes.push(await upsertBuiltIn(api, profile));
  return outcomes;
}
