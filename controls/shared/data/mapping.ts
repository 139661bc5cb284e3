/** Pure conversions between Web API rows and the controls' model. */
import {
  AppProfile,
  AppProfileChannelProvider,
  AppProfileRole,
  AppProfileSessionTemplate,
  AppProfileTeam,
  AppProfileSystemUser,
  ChannelProvider,
  ProductivityPaneModeChoice,
  AppChoice,
  Role,
  SessionTemplate,
  SystemUser,
  Team,
  type ManyToManyRelationship,
  type RelationshipName,
} from "../../../schema/model";
import { STATE_COLUMN, StateCode } from "../../../schema/state";
import type { Entity } from "../../../handlers/context";
import {
  editableProfileColumns,
  type ProfileFields,
  type ProfileRecord,
  type ProfileSummary,
  type ProviderItem,
  type TemplateItem,
  type UserItem,
} from "./model";
import { RepositoryError } from "./ProfileRepository";

export type WebApiRow = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === "string" ? value : "");
const numberOrNull = (value: unknown): number | null => (typeof value === "number" ? value : null);
const rows = (value: unknown): WebApiRow[] => (Array.isArray(value) ? (value as WebApiRow[]) : []);

export const templateColumns = [
  SessionTemplate.primaryIdAttribute,
  "apm_name",
  "apm_uniquename",
  "apm_type",
  "apm_entitylogicalname",
  // Issue 14: the editor's preview leaves inactive ones out, as the runtime does (runtime/query.ts activeFilter).
  STATE_COLUMN,
] as const satisfies readonly (
  | keyof typeof SessionTemplate.columns
  | typeof SessionTemplate.primaryIdAttribute
  | typeof STATE_COLUMN
)[];

export const providerColumns = [
  ChannelProvider.primaryIdAttribute,
  "apm_name",
  "apm_label",
  "apm_channelurl",
  "apm_sortorder",
  STATE_COLUMN,
] as const satisfies readonly (
  | keyof typeof ChannelProvider.columns
  | typeof ChannelProvider.primaryIdAttribute
  | typeof STATE_COLUMN
)[];

export const userColumns = [SystemUser.primaryIdAttribute, "fullname", "domainname"] as const satisfies readonly (
  | keyof typeof SystemUser.columns
  | typeof SystemUser.primaryIdAttribute
)[];

export const profileColumns = [
  AppProfile.primaryIdAttribute,
  ...editableProfileColumns,
  "apm_isdefault",
  STATE_COLUMN,
] as const;

/** Rows without a statecode (an older local server) count as active, as every row there was. */
const isActiveRow = (row: WebApiRow): boolean => row[STATE_COLUMN] !== StateCode.Inactive.value;

/** The navigation property of an N:N relationship seen from the profile's side. */
export const profileNavigation = (relationship: ManyToManyRelationship): string =>
  relationship.entity1NavigationProperty;

export function toTemplate(row: WebApiRow): TemplateItem {
  return {
    id: text(row[SessionTemplate.primaryIdAttribute]),
    name: text(row.apm_name),
    uniqueName: text(row.apm_uniquename),
    type: numberOrNull(row.apm_type),
    entityLogicalName: typeof row.apm_entitylogicalname === "string" ? row.apm_entitylogicalname : null,
    isActive: isActiveRow(row),
  };
}

export function toProvider(row: WebApiRow): ProviderItem {
  return {
    id: text(row[ChannelProvider.primaryIdAttribute]),
    name: text(row.apm_name),
    label: text(row.apm_label),
    channelUrl: text(row.apm_channelurl),
    sortOrder: numberOrNull(row.apm_sortorder),
    isActive: isActiveRow(row),
  };
}

export function toUser(row: WebApiRow): UserItem {
  const assigned = row[profileNavigation(AppProfileSystemUser)];
  return {
    id: text(row[SystemUser.primaryIdAttribute]),
    fullName: text(row.fullname),
    domainName: text(row.domainname),
    profiles: Array.isArray(assigned)
      ? rows(assigned).map((p) => ({ id: text(p[AppProfile.primaryIdAttribute]), name: text(p.apm_name) }))
      : undefined,
  };
}

export function toProfileFields(row: WebApiRow): ProfileFields {
  return {
    apm_name: text(row.apm_name),
    apm_uniquename: text(row.apm_uniquename),
    apm_description: text(row.apm_description),
    apm_app: numberOrNull(row.apm_app) ?? AppChoice.CustomerServiceWorkspace.value,
    apm_productivitypaneenabled: row.apm_productivitypaneenabled === true,
    apm_productivitypanemode: numberOrNull(row.apm_productivitypanemode) ?? ProductivityPaneModeChoice.Collapsed.value,
    apm_smartassistenabled: row.apm_smartassistenabled === true,
    apm_callscriptenabled: row.apm_callscriptenabled === true,
    apm_allactivechannels: row.apm_allactivechannels === true,
  };
}

export function toProfileRecord(row: WebApiRow): ProfileRecord {
  const bySortOrder = (a: ProviderItem, b: ProviderItem) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0);
  return {
    id: text(row[AppProfile.primaryIdAttribute]),
    etag: text(row["@odata.etag"]),
    isDefault: row.apm_isdefault === true,
    isActive: isActiveRow(row),
    fields: toProfileFields(row),
    sessionTemplates: rows(row[profileNavigation(AppProfileSessionTemplate)]).map(toTemplate),
    channelProviders: rows(row[profileNavigation(AppProfileChannelProvider)]).map(toProvider).sort(bySortOrder),
    users: rows(row[profileNavigation(AppProfileSystemUser)]).map(toUser),
  };
}

export function toProfileSummary(row: WebApiRow): ProfileSummary {
  return {
    id: text(row[AppProfile.primaryIdAttribute]),
    name: text(row.apm_name),
    uniqueName: text(row.apm_uniquename),
    app: numberOrNull(row.apm_app),
    isDefault: row.apm_isdefault === true,
    isActive: isActiveRow(row),
    userCount: rows(row[profileNavigation(AppProfileSystemUser)]).length,
    rank: typeof row.apm_rank === "number" ? row.apm_rank : null,
    isCustomDefault: row.apm_iscustomdefault === true,
    ...(typeof row["@odata.etag"] === "string" ? { etag: row["@odata.etag"] } : {}),
  };
}

/** A Web API row as the handlers see it: plain attributes, no annotations or expanded collections. */
export function toEntity(logicalName: string, primaryIdAttribute: string, row: WebApiRow): Entity {
  const attributes = Object.fromEntries(
    Object.entries(row).filter(([key, value]) => !key.includes("@") && !Array.isArray(value)),
  );
  return { logicalName, id: text(row[primaryIdAttribute]) || undefined, attributes };
}

/** The table on the other side of an N:N relationship from a profile. */
export function relatedTableOf(relationship: RelationshipName) {
  if (relationship === AppProfileSessionTemplate.schemaName) return SessionTemplate;
  if (relationship === AppProfileChannelProvider.schemaName) return ChannelProvider;
  // Issue 13: the editor's Roles and teams section saves these through the same change set.
  if (relationship === AppProfileRole.schemaName) return Role;
  if (relationship === AppProfileTeam.schemaName) return Team;
  return SystemUser;
}

interface ErrorLike {
  status?: unknown;
  code?: unknown;
  /** context.webAPI rejects with the code as a positive decimal number and no status (Learn: xrm-webapi errorCallback). */
  errorCode?: unknown;
  message?: unknown;
  /** Errors parsed from a $batch part keep the server's body here: {"error":{"code","message"}}. */
  error?: { code?: unknown; message?: unknown };
}

const asText = (...values: unknown[]) => values.find((v): v is string => typeof v === "string" && v !== "");

/**
 * Duplicate key codes. Dataverse answers a taken alternate-key value with 412 0x80060892 (DuplicateRecordEntityKey,
 * fidelity #8, recorded live); 0x80040237 is "A record with matching key values already exists" (If-None-Match: *,
 * older servers); 0x80040333 is a duplicate-detection rule's refusal.
 */
const duplicateCodes: ReadonlySet<string> = new Set(["0x80060892", "0x80040237", "0x80040333"]);
/** A key that matches no row: 404 0x80060891 (RecordNotFoundByEntityKey), or 0x80040217 for an id. */
const notFoundCodes: ReadonlySet<string> = new Set(["0x80060891", "0x80040217"]);
/** Service protection (Learn: data-platform/api-limits, "Service protection API limit errors returned"). */
export const throttledCodes: ReadonlySet<string> = new Set(["0x80072322", "0x80072321", "0x80072326"]);

/** `0x80040333` from context.webAPI's decimal 2147746611, as the Web API's JSON error spells it. */
export function hexErrorCode(errorCode: unknown): string | undefined {
  if (typeof errorCode !== "number" || !Number.isInteger(errorCode)) return undefined;
  return `0x${(errorCode >>> 0).toString(16).padStart(8, "0")}`;
}

/**
 * Turns whatever a request rejected with (our fetch's failure, an array of them for a failed change set, or
 * context.webAPI's `{errorCode, message}`) into a
 * RepositoryError that carries the server's own message. A 412 is a stale ETag unless the code says duplicate key
 * (also 412 in Dataverse). A $batch that Dataverse fails as a whole (4xx around the failing part) rejects with the
 * parts' errors, as a 200 with failing parts does: both land here as an array.
 */
export function toRepositoryError(error: unknown): RepositoryError {
  if (error instanceof RepositoryError) return error;
  const candidates = (Array.isArray(error) ? error : [error]) as (ErrorLike | undefined)[];
  const failed = candidates.find((e) => typeof e?.status === "number" && e.status !== 0) ?? candidates[0];
  const status = typeof failed?.status === "number" ? failed.status : undefined;
  const platformCode = hexErrorCode(failed?.errorCode);
  const code = asText(failed?.error?.code, failed?.code, platformCode);
  const message = asText(failed?.error?.message, failed?.message) ?? "The request failed.";
  const details = { status, code };
  if (code !== undefined && duplicateCodes.has(code)) return new RepositoryError("duplicate", message, details);
  if (status === 412) return new RepositoryError("conflict", message, details);
  if (status === 404 || (code !== undefined && notFoundCodes.has(code)))
    return new RepositoryError("notFound", message, details);
  if (status === 429 || (code !== undefined && throttledCodes.has(code)))
    return new RepositoryError("throttled", message, details);
  if (status !== undefined && status >= 400 && status < 500) return new RepositoryError("refused", message, details);
  // context.webAPI gives no status: an answer with Dataverse's error code is Dataverse refusing the request.
  if (status === undefined && platformCode !== undefined) return new RepositoryError("refused", message, details);
  return new RepositoryError("unavailable", message, details);
}

/** Rows that changed between two field sets; only these go into the PATCH. */
export function changedFields(before: ProfileFields, after: ProfileFields): Partial<ProfileFields> {
  const changes: Partial<Record<keyof ProfileFields, unknown>> = {};
  for (const column of editableProfileColumns) {
    if (before[column] !== after[column]) changes[column] = after[column];
  }
  return changes as Partial<ProfileFields>;
}
