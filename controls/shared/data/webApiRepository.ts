/**
 * ProfileRepository over the Dataverse Web API with dynamics-web-api. In Dataverse the Web API is same-origin, and the
 * local host page serves the bundles and proxies /api/data/v9.2/ on the same origin, so the page's origin is the
 * server: no tokens here (the browser's session or the proxy authenticates), no global Xrm. Effective profiles go
 * through the agents' runtime, on a transport over the same same-origin Web API.
 */
import { DynamicsWebApi, type Expand } from "dynamics-web-api";
import {
  createWebApiTransport,
  defaultThrottlePolicy,
  resolveEffectiveProfile,
  retryAfterMs,
  retryWhenThrottled,
  throttledMessage,
  type ThrottlePolicy,
  type Transport,
} from "../../../runtime";
import {
  AppChoice,
  AppProfile,
  AppProfileSystemUser,
  ChannelProvider,
  EnvironmentVariableDefinition,
  EnvironmentVariableValue,
  SessionTemplate,
  SessionTemplateTypeChoice,
  SystemUser,
  manyToManyRelationships,
  pickableUserFilter,
  privilegeName,
  STATE_COLUMN,
  STATUS_COLUMN,
  StateCode,
  StatusCode,
  tables,
  type RelationshipName,
  type TableLogicalName,
} from "../../../schema";
import type { Condition, Entity, EntityReference } from "../../../handlers/context";
import type {
  EffectiveProfileItem,
  NewProfile,
  ProfileRecord,
  ProfileSave,
  ProfileSummary,
  SaveResult,
  UserItem,
} from "./model";
import {
  profileColumns,
  profileNavigation,
  providerColumns,
  relatedTableOf,
  templateColumns,
  toEntity,
  toProfileRecord,
  toProfileSummary,
  toProvider,
  toRepositoryError,
  toTemplate,
  toUser,
  userColumns,
  type WebApiRow,
} from "./mapping";
import { RepositoryError, type ProfileRepository } from "./ProfileRepository";
import { cloneBody, type ProfileClone } from "./profileCommands";
import { allOf, containsAny, escapeODataString, odataLiteral } from "../odata";
import {
  MAX_PROFILE_COUNT,
  nextLinkPath,
  profilePageHeaders,
  profilePagePath,
  userCountPath,
  userCountsOf,
  type ProfilePage,
  type ProfilePageQuery,
} from "./profilePage";

const SEARCH_PAGE_SIZE = 50;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function rowsOf(body: Record<string, unknown>): WebApiRow[] {
  return Array.isArray(body.value) ? (body.value as WebApiRow[]) : [];
}

function tableOf(logicalName: string) {
  const table = tables.find((t) => t.logicalName === logicalName);
  if (!table) throw new Error(`Unknown table ${logicalName}`);
  return table;
}

function relationshipOf(name: RelationshipName) {
  const relationship = manyToManyRelationships.find((r) => r.schemaName === name);
  if (!relationship) throw new Error(`Unknown relationship ${name}`);
  return relationship;
}

/** One handler condition as an OData filter; `eq` on text ignores case in Dataverse, as the handlers expect. */
export function conditionFilter(table: { primaryIdAttribute: string }, condition: Condition): string {
  const guid = condition.attribute === table.primaryIdAttribute;
  const literal = (v: string | number | boolean | null) => odataLiteral(v, { guid });
  if (condition.operator === "in") {
    const values = Array.isArray(condition.value) ? (condition.value as readonly (string | number)[]) : [];
    if (values.length === 0) return "false";
    return values.map((v) => `${condition.attribute} eq ${literal(v)}`).join(" or ");
  }
  return `${condition.attribute} ${condition.operator} ${literal(condition.value as string | number | boolean | null)}`;
}

/**
 * An alternate key segment, `apm_uniquename='O''Brien%2Fx'`: quotes doubled inside the OData string literal, then
 * URL-encoded so `/`, `?`, `#`, `,` or `&` in the value can't change the address (Learn:
 * data-platform/webapi/retrieve-entity-using-web-api#retrieve-using-an-alternate-key).
 */
export function alternateKey(column: string, value: string): string {
  return `${column}='${encodeURIComponent(escapeODataString(value))}'`;
}

const WEB_API_PATH = "/api/data/v9.2/";

/** A 429's Retry-After from a dynamics-web-api error (header names as the browser or Node gave them). */
function throttledWait(error: unknown): number | undefined {
  const candidates = (Array.isArray(error) ? error : [error]) as { status?: unknown; headers?: unknown }[];
  const throttled = candidates.find((e) => e?.status === 429);
  if (!throttled) return undefined;
  const headers = (throttled.headers ?? {}) as Record<string, unknown>;
  const name = Object.keys(headers).find((h) => h.toLowerCase() === "retry-after");
  return retryAfterMs(name === undefined ? undefined : headers[name]);
}

export class WebApiProfileRepository implements ProfileRepository {
  private readonly api: DynamicsWebApi;
  private readonly transport: Transport;
  private readonly throttle: ThrottlePolicy;

  /**
   * `serverUrl` is the page's origin (window.location.origin); the library appends /api/data/v9.2/. The runtime's
   * transport is a same-origin fetch to the same root: the session cookie signs in, no token.
   */
  constructor(serverUrl: string, api?: DynamicsWebApi, transport?: Transport, throttle?: ThrottlePolicy) {
    this.api = api ?? new DynamicsWebApi({ serverUrl, dataApi: { version: "9.2" }, propagateErrors: true });
    this.transport = transport ?? createWebApiTransport({ baseUrl: `${serverUrl.replace(/\/+$/, "")}${WEB_API_PATH}` });
    this.throttle = throttle ?? defaultThrottlePolicy;
  }

  /**
   * Every request goes through here: a 429 (service protection, Learn: data-platform/api-limits) is sent again after
   * its Retry-After within the policy's budget; then the admin is told when to try again. `run` builds its request
   * each time, so a retried $batch is a whole new batch.
   */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await retryWhenThrottled(
        run,
        (outcome) => ("error" in outcome ? throttledWait(outcome.error) : undefined),
        (waitMs) => new RepositoryError("throttled", throttledMessage(waitMs), { status: 429 }),
        this.throttle,
      );
    } catch (error) {
      throw toRepositoryError(error);
    }
  }

  async listProfiles(): Promise<ProfileSummary[]> {
    const response = await this.call(() =>
      this.api.retrieveAll<WebApiRow>({
        collection: AppProfile.entitySetName,
        select: [AppProfile.primaryIdAttribute, "apm_name", "apm_uniquename", "apm_app", "apm_isdefault", STATE_COLUMN],
        expand: [{ property: profileNavigation(AppProfileSystemUser), select: [SystemUser.primaryIdAttribute] }],
        orderBy: ["apm_name asc"],
      }),
    );
    return response.value.map(toProfileSummary);
  }

  /**
   * One request for the page (its `@odata.nextLink` is the next page's cookie; Learn: webapi/query/page-results) and
   * one FetchXML aggregate for its user counts (Learn: fetchxml/aggregate-data). The count is Dataverse's $count,
   * capped at 5,000 (Learn: webapi/query/count-rows).
   */
  async listProfilePage(query: ProfilePageQuery): Promise<ProfilePage> {
    const path = query.page === undefined ? profilePagePath(query) : nextLinkPath(query.page);
    const body = await this.getJson(path, profilePageHeaders);
    const values = rowsOf(body);
    const count = Number(body["@odata.count"]) || 0;
    const capped = body["@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"] === true || count > MAX_PROFILE_COUNT;
    const summaries = values.map(toProfileSummary);
    let counts = new Map<string, number>();
    if (summaries.length > 0) {
      const aggregate = await this.getJson(userCountPath(summaries.map((p) => p.id)), profilePageHeaders);
      counts = userCountsOf(rowsOf(aggregate));
    }
    const nextLink = body["@odata.nextLink"];
    return {
      rows: summaries.map((p) => ({ ...p, userCount: counts.get(p.id.toLowerCase()) ?? 0 })),
      totalCount: Math.min(count, MAX_PROFILE_COUNT),
      totalCountCapped: capped,
      nextPage: typeof nextLink === "string" ? nextLink : undefined,
    };
  }

  /** A GET through the same-origin transport; errors in the server's shape become RepositoryErrors, 429s retried. */
  private async getJson(path: string, headers: Readonly<Record<string, string>>): Promise<Record<string, unknown>> {
    return this.call(async () => {
      const response = await this.transport(path, { method: "GET", headers });
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (!response.ok) {
        const retryAfter = response.headers?.get("retry-after");
        throw {
          status: response.status,
          headers: retryAfter == null ? {} : { "retry-after": retryAfter },
          error: body.error,
        };
      }
      return body;
    });
  }

  async getProfile(id: string): Promise<ProfileRecord | undefined> {
    return this.readProfile(id);
  }

  async getProfileByUniqueName(uniqueName: string): Promise<ProfileRecord | undefined> {
    return this.readProfile(alternateKey(AppProfile.alternateKeys[0].columns[0], uniqueName));
  }

  /** `key` is an id or an alternate key segment; a missing row (404) is undefined. */
  private async readProfile(key: string): Promise<ProfileRecord | undefined> {
    const expand: Expand[] = manyToManyRelationships.map((relationship) => ({
      property: profileNavigation(relationship),
      select: [...this.relatedColumns(relationship.schemaName)],
    }));
    try {
      const row = await this.call(() =>
        this.api.retrieve<WebApiRow>({
          collection: AppProfile.entitySetName,
          key,
          select: [...profileColumns],
          expand,
        }),
      );
      return toProfileRecord(row);
    } catch (error) {
      if (toRepositoryError(error).kind === "notFound") return undefined;
      throw error;
    }
  }

  private relatedColumns(relationship: RelationshipName): readonly string[] {
    const table = relatedTableOf(relationship);
    if (table === SessionTemplate) return templateColumns;
    if (table === ChannelProvider) return providerColumns;
    return userColumns;
  }

  async searchSessionTemplates(text: string) {
    const response = await this.call(() =>
      this.api.retrieveMultiple<WebApiRow>({
        collection: SessionTemplate.entitySetName,
        select: [...templateColumns],
        filter: allOf(
          `apm_type eq ${SessionTemplateTypeChoice.Entity.value}`,
          containsAny(["apm_name", "apm_entitylogicalname"], text),
        ),
        orderBy: ["apm_name asc"],
        top: SEARCH_PAGE_SIZE,
      }),
    );
    return response.value.map(toTemplate);
  }

  async searchChannelProviders(text: string) {
    const response = await this.call(() =>
      this.api.retrieveMultiple<WebApiRow>({
        collection: ChannelProvider.entitySetName,
        select: [...providerColumns],
        filter: containsAny(["apm_name", "apm_label"], text),
        orderBy: ["apm_sortorder asc", "apm_name asc"],
        top: SEARCH_PAGE_SIZE,
      }),
    );
    return response.value.map(toProvider);
  }

  async searchUsers(text: string): Promise<UserItem[]> {
    const response = await this.call(() =>
      this.api.retrieveMultiple<WebApiRow>({
        collection: SystemUser.entitySetName,
        select: [...userColumns],
        // People only: no disabled, application or non-interactive users (SYSTEM is disabled), on Dataverse too.
        filter: allOf(pickableUserFilter, containsAny(["fullname", "domainname"], text)),
        expand: [
          {
            property: AppProfileSystemUser.entity2NavigationProperty,
            select: [AppProfile.primaryIdAttribute, "apm_name"],
          },
        ],
        orderBy: ["fullname asc"],
        top: SEARCH_PAGE_SIZE,
      }),
    );
    return response.value.map(toUser);
  }

  /**
   * RetrieveUserPrivileges bound to the user: their roles' privileges and those inherited from their teams (Learn:
   * dotnet/api/microsoft.crm.sdk.messages.retrieveuserprivilegesrequest), so any role that reads profiles counts.
   */
  async canReadProfiles(userId: string): Promise<boolean> {
    if (!GUID.test(userId)) throw new RepositoryError("refused", `'${userId}' is not a user id (a GUID).`);
    const body = await this.getJson(
      `${SystemUser.entitySetName}(${userId})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`,
      profilePageHeaders,
    );
    const wanted = privilegeName(AppProfile.logicalName, "read").toLowerCase();
    const privileges = Array.isArray(body.RolePrivileges) ? (body.RolePrivileges as { PrivilegeName?: unknown }[]) : [];
    return privileges.some((p) => typeof p.PrivilegeName === "string" && p.PrivilegeName.toLowerCase() === wanted);
  }

  async effectiveProfiles(userId: string): Promise<EffectiveProfileItem[]> {
    const apps = Object.values(AppChoice).map((choice) => choice.value);
    return this.call(() =>
      Promise.all(
        apps.map(async (app): Promise<EffectiveProfileItem> => {
          const { reason, profile } = await resolveEffectiveProfile(userId, app, {
            transport: this.transport,
            throttle: this.throttle,
          });
          const { id, name, uniqueName, isDefault } = profile;
          return { app, reason, profile: { id, name, uniqueName, isDefault } };
        }),
      ),
    );
  }

  async createProfile(profile: NewProfile): Promise<string> {
    const id = await this.call(() =>
      this.api.create<NewProfile, string>({ collection: AppProfile.entitySetName, data: profile }),
    );
    return String(id);
  }

  /**
   * One $batch with one change set: PATCH (If-Match) first so a stale ETag stops everything, then the
   * disassociations, then the associations. The PATCH is sent even with no column change, so every save is
   * checked against the ETag and returns the new one; except for a built-in profile (`relationshipsOnly`), whose
   * row the server lets no one but the system update: there only the $ref changes go, and the ETag stays as it was.
   */
  async saveProfile(save: ProfileSave): Promise<SaveResult> {
    const results = await this.call(() => this.executeSaveBatch(save));
    const failed = results.find((r) => r instanceof Error);
    if (failed) throw toRepositoryError(results.filter((r) => r instanceof Error));
    if (save.relationshipsOnly) return { etag: save.etag };
    const updated = results[0] as WebApiRow | undefined;
    const etag = typeof updated?.["@odata.etag"] === "string" ? updated["@odata.etag"] : undefined;
    return { etag };
  }

  /** Learn: webapi/update-delete-entities-using-web-api: statecode always sent with its statuscode. */
  async setProfileActive(profileId: string, etag: string, active: boolean): Promise<SaveResult> {
    const [state, status] = active ? [StateCode.Active, StatusCode.Active] : [StateCode.Inactive, StatusCode.Inactive];
    const updated = await this.call(() =>
      this.api.update<WebApiRow, WebApiRow>({
        collection: AppProfile.entitySetName,
        key: profileId,
        data: { [STATE_COLUMN]: state.value, [STATUS_COLUMN]: status.value },
        ifmatch: etag,
        returnRepresentation: true,
        select: [AppProfile.primaryIdAttribute],
      }),
    );
    return { etag: typeof updated?.["@odata.etag"] === "string" ? updated["@odata.etag"] : undefined };
  }

  // --- Profile form commands: Delete and Clone (issue 12, items 1 and 2) ---

  /** Learn: data-platform/webapi/perform-conditional-operations-using-web-api (If-Match on DELETE: 412 when stale). */
  async deleteProfile(profileId: string, etag: string): Promise<void> {
    await this.call(() =>
      this.api.deleteRecord({ collection: AppProfile.entitySetName, key: profileId, ifmatch: etag }),
    );
  }

  async cloneProfile(clone: ProfileClone): Promise<string> {
    const data = cloneBody(clone);
    if (!clone.moveUsers || clone.source.users.length === 0) {
      const id = await this.call(() =>
        this.api.create<Record<string, unknown>, string>({ collection: AppProfile.entitySetName, data }),
      );
      return String(id);
    }
    // One change set (Learn: webapi/execute-batch-operations-using-web-api): all or nothing, so the users are never
    // left without their profile, and rule 9 sees them free when the clone binds them.
    const results = await this.call(() => {
      const batch = this.api.initializeInstance();
      batch.startBatch();
      const pending: Promise<unknown>[] = clone.source.users.map((user) =>
        batch.disassociate({
          collection: AppProfile.entitySetName,
          primaryKey: clone.source.id,
          relationshipName: profileNavigation(AppProfileSystemUser),
          relatedKey: user.id,
        }),
      );
      pending.push(batch.create({ collection: AppProfile.entitySetName, data }));
      pending.forEach((p) => p.catch(() => undefined));
      return batch.executeBatch();
    });
    const failed = results.filter((r) => r instanceof Error);
    if (failed.length > 0) throw toRepositoryError(failed);
    return String(results[results.length - 1]);
  }

  // --- end of Delete and Clone ---

  private executeSaveBatch(save: ProfileSave): Promise<unknown[]> {
    const batch = this.api.initializeInstance();
    batch.startBatch();
    const pending: Promise<unknown>[] = save.relationshipsOnly
      ? []
      : [
          batch.update<WebApiRow, WebApiRow>({
            collection: AppProfile.entitySetName,
            key: save.profileId,
            data: { ...save.changedFields },
            ifmatch: save.etag,
            returnRepresentation: true,
            select: [AppProfile.primaryIdAttribute],
          }),
        ];
    for (const change of save.disassociate) {
      pending.push(
        batch.disassociate({
          collection: AppProfile.entitySetName,
          primaryKey: change.profileId,
          relationshipName: profileNavigation(relationshipOf(change.relationship)),
          relatedKey: change.relatedId,
        }),
      );
    }
    for (const change of save.associate) {
      pending.push(
        batch.associate({
          collection: AppProfile.entitySetName,
          primaryKey: change.profileId,
          relationshipName: profileNavigation(relationshipOf(change.relationship)),
          relatedCollection: relatedTableOf(change.relationship).entitySetName,
          relatedKey: change.relatedId,
        }),
      );
    }
    // Requests queued in a batch settle with the batch; their own promises carry nothing we need.
    pending.forEach((p) => p.catch(() => undefined));
    return batch.executeBatch();
  }

  // OrganizationService: the reads the handlers make.

  async retrieve(table: TableLogicalName, id: string, columns?: readonly string[]): Promise<Entity | undefined> {
    const definition = tableOf(table);
    try {
      const row = await this.call(() =>
        this.api.retrieve<WebApiRow>({
          collection: definition.entitySetName,
          key: id,
          select: columns ? [definition.primaryIdAttribute, ...columns] : undefined,
        }),
      );
      return toEntity(table, definition.primaryIdAttribute, row);
    } catch (error) {
      if (toRepositoryError(error).kind === "notFound") return undefined;
      throw error;
    }
  }

  async retrieveMultiple(
    table: TableLogicalName,
    conditions: readonly Condition[],
    columns?: readonly string[],
  ): Promise<Entity[]> {
    const definition = tableOf(table);
    const response = await this.call(() =>
      this.api.retrieveAll<WebApiRow>({
        collection: definition.entitySetName,
        select: columns ? [definition.primaryIdAttribute, ...columns] : undefined,
        filter: allOf(...conditions.map((c) => conditionFilter(definition, c))),
      }),
    );
    return response.value.map((row) => toEntity(table, definition.primaryIdAttribute, row));
  }

  async retrieveRelated(
    relationship: RelationshipName,
    record: EntityReference,
    table: TableLogicalName,
    columns?: readonly string[],
  ): Promise<Entity[]> {
    const from = tableOf(record.logicalName);
    const to = tableOf(table);
    const definition = relationshipOf(relationship);
    const navigation =
      record.logicalName === definition.entity1
        ? definition.entity1NavigationProperty
        : definition.entity2NavigationProperty;
    const response = await this.call(() =>
      this.api.retrieve<{ value?: WebApiRow[] }>({
        collection: from.entitySetName,
        key: record.id,
        navigationProperty: navigation,
        select: columns ? [to.primaryIdAttribute, ...columns] : undefined,
      }),
    );
    return (response.value ?? []).map((row) => toEntity(table, to.primaryIdAttribute, row));
  }

  /** The value row wins over the definition's default, as Dataverse resolves environment variables. */
  async getEnvironmentVariable(schemaName: string): Promise<string | undefined> {
    const values = EnvironmentVariableValue.columns.environmentvariabledefinitionid.collectionNavigationProperty;
    const response = await this.call(() =>
      this.api.retrieveMultiple<WebApiRow>({
        collection: EnvironmentVariableDefinition.entitySetName,
        select: ["schemaname", "defaultvalue"],
        filter: `schemaname eq ${odataLiteral(schemaName)}`,
        expand: [{ property: values, select: ["value"] }],
      }),
    );
    const definition = response.value[0];
    if (!definition) return undefined;
    const value = (definition[values] as WebApiRow[] | undefined)?.[0]?.value;
    if (typeof value === "string") return value;
    return typeof definition.defaultvalue === "string" ? definition.defaultvalue : undefined;
  }
}
