/**
 * ProfileRepository over the Dataverse Web API, without a client library: context.webAPI (the platform's own client,
 * Learn: component-framework/reference/webapi) for the plain reads and the create, and our small same-origin fetch
 * (webApiFetch.ts) for what it can't send: headers (Prefer, If-Match), `$count`, alternate keys, `entity(id)/nav`,
 * `$ref` and the save's `$batch` (batch.ts). In Dataverse the Web API is same-origin, and the local host page proxies
 * /api/data/v9.2/ on the same origin: no tokens here, no global Xrm. Effective profiles go through the agents'
 * runtime, on the same fetch.
 */
import {
  defaultThrottlePolicy,
  retryAfterMs,
  retryWhenThrottled,
  throttledMessage,
  type ThrottlePolicy,
} from "../../../runtime/throttle";
import type { EffectiveProfileChoice, resolveProfileChain } from "../../../runtime";
import {
  AppChoice,
  AppProfile,
  AppProfileSystemUser,
  ChannelProvider,
  EnvironmentVariableDefinition,
  EnvironmentVariableValue,
  Role,
  SessionTemplate,
  SessionTemplateTypeChoice,
  SystemUser,
  Team,
  manyToManyRelationships,
  pickableUserFilter,
  privilegeName,
  productTables,
  type RelationshipName,
  type TableLogicalName,
} from "../../../schema/model";
import { STATE_COLUMN, STATUS_COLUMN, StateCode, StatusCode } from "../../../schema/state";
import type { Condition, Entity, EntityReference } from "../../../handlers/context";
import type {
  EffectiveProfileItem,
  NewProfile,
  ProfileStep,
  ProfileRecord,
  ProfileSave,
  SaveResult,
  UserItem,
} from "./model";
import {
  hexErrorCode,
  profileColumns,
  profileNavigation,
  providerColumns,
  relatedTableOf,
  templateColumns,
  throttledCodes,
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
import { roleTeamCountPath, roleTeamCountsOf } from "./associationCounts";
import { RepositoryError, type ProfileDeleteTarget, type ProfileRepository } from "./ProfileRepository";
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
import { listProfilesByUsers } from "./profileUserSort";
import type { BatchRequest } from "./batch";
import { createWebApiFetch, idFromEntityUrl, sendBatch, sendJson, webApiRoot, type WebApiFetch } from "./webApiFetch";

const SEARCH_PAGE_SIZE = 50;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function rowsOf(body: Record<string, unknown>): WebApiRow[] {
  return Array.isArray(body.value) ? (body.value as WebApiRow[]) : [];
}

/** The handlers read only the product's tables (not the plug-in registration ones, which the bundle leaves out). */
function tableOf(logicalName: string) {
  const table = productTables.find((t) => t.logicalName === logicalName);
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

/** The system query options of one request, in the order Dataverse's own clients write them. */
export function queryOptions(options: {
  select?: readonly string[];
  filter?: string;
  expand?: string;
  orderBy?: readonly string[];
  top?: number;
}): string {
  const parts: string[] = [];
  if (options.select) parts.push(`$select=${options.select.join(",")}`);
  // Learn (xrm-webapi/retrievemultiplerecords): encode special characters of the OData query.
  if (options.filter !== undefined) parts.push(`$filter=${encodeURIComponent(options.filter)}`);
  if (options.expand) parts.push(`$expand=${options.expand}`);
  if (options.orderBy) parts.push(`$orderby=${encodeURIComponent(options.orderBy.join(","))}`);
  if (options.top !== undefined) parts.push(`$top=${options.top}`);
  return parts.length === 0 ? "" : `?${parts.join("&")}`;
}

const expandOf = (property: string, select: readonly string[]) => `${property}($select=${select.join(",")})`;

/** The seconds a 429 asks to wait. context.webAPI gives no Retry-After, only the code: then the runtime's fallback. */
function throttledWait(error: unknown): number | undefined {
  const candidates = (Array.isArray(error) ? error : [error]) as {
    status?: unknown;
    headers?: unknown;
    errorCode?: unknown;
  }[];
  const throttled = candidates.find((e) => e?.status === 429);
  if (!throttled) {
    const platform = candidates.find((e) => throttledCodes.has(hexErrorCode(e?.errorCode) ?? ""));
    return platform ? retryAfterMs(undefined) : undefined;
  }
  const headers = (throttled.headers ?? {}) as Record<string, unknown>;
  const name = Object.keys(headers).find((h) => h.toLowerCase() === "retry-after");
  return retryAfterMs(name === undefined ? undefined : headers[name]);
}

export interface WebApiRepositoryOptions {
  /** context.webAPI: the platform's client, used where it suffices (no headers, GUID ids). */
  readonly webAPI: ComponentFramework.WebApi;
  /**
   * The org URL (in Dataverse the page's own origin: the Web API is same-origin), for the absolute URLs inside a
   * $batch and in `@odata.id`. Empty: relative `/api/data/v9.2/`.
   */
  readonly clientUrl?: string;
  /** Our fetch for the rest; defaults to a same-origin fetch to `<clientUrl>/api/data/v9.2/`. */
  readonly fetch?: WebApiFetch;
  readonly throttle?: ThrottlePolicy;
  /**
   * The agents' runtime precedence (runtime/resolve.ts: the chain of profiles that apply and why, not what they hold),
   * for `effectiveProfiles`. Only the designer's Search by user asks for effective profiles, so only the designer passes
   * it, and the editor's bundle carries no runtime resolver.
   */
  readonly resolveProfileChain?: typeof resolveProfileChain;
}

export class WebApiProfileRepository implements ProfileRepository {
  private readonly webAPI: ComponentFramework.WebApi;
  private readonly send: WebApiFetch;
  private readonly root: string;
  private readonly throttle: ThrottlePolicy;
  private readonly resolveProfileChain?: typeof resolveProfileChain;

  constructor(options: WebApiRepositoryOptions) {
    this.webAPI = options.webAPI;
    this.resolveProfileChain = options.resolveProfileChain;
    this.root = webApiRoot(options.clientUrl);
    this.send = options.fetch ?? createWebApiFetch({ clientUrl: options.clientUrl });
    this.throttle = options.throttle ?? defaultThrottlePolicy;
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

  /**
   * One request for the page (its `@odata.nextLink` is the next page's cookie; Learn: webapi/query/page-results) and
   * one FetchXML aggregate for its user counts (Learn: fetchxml/aggregate-data). The count is Dataverse's $count,
   * capped at 5,000 (Learn: webapi/query/count-rows). Our fetch: context.webAPI can't send Prefer or $count.
   */
  async listProfilePage(query: ProfilePageQuery): Promise<ProfilePage> {
    if (query.sort.column === "userCount") return listProfilesByUsers((p, headers) => this.getJson(p, headers), query);
    const path = query.page === undefined ? profilePagePath(query) : nextLinkPath(query.page);
    const body = await this.getJson(path, profilePageHeaders);
    const values = rowsOf(body);
    const count = Number(body["@odata.count"]) || 0;
    const capped = body["@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"] === true || count > MAX_PROFILE_COUNT;
    const summaries = values.map(toProfileSummary);
    let counts = new Map<string, number>();
    let access = new Map<string, { roleCount: number; teamCount: number }>();
    if (summaries.length > 0) {
      const ids = summaries.map((p) => p.id);
      const [users, roleTeams] = await Promise.all([
        this.getJson(userCountPath(ids), profilePageHeaders),
        this.getJson(roleTeamCountPath(ids), profilePageHeaders),
      ]);
      counts = userCountsOf(rowsOf(users));
      access = roleTeamCountsOf(rowsOf(roleTeams));
    }
    const nextLink = body["@odata.nextLink"];
    return {
      rows: summaries.map((p) => ({
        ...p,
        userCount: counts.get(p.id.toLowerCase()) ?? 0,
        ...(access.get(p.id.toLowerCase()) ?? { roleCount: 0, teamCount: 0 }),
      })),
      totalCount: Math.min(count, MAX_PROFILE_COUNT),
      totalCountCapped: capped,
      nextPage: typeof nextLink === "string" ? nextLink : undefined,
    };
  }

  /** A GET through our fetch; errors in the server's shape become RepositoryErrors, 429s retried. */
  private async getJson(path: string, headers?: Readonly<Record<string, string>>): Promise<Record<string, unknown>> {
    return this.call(async () => (await sendJson(this.send, "GET", path, { headers })).body);
  }

  /** context.webAPI.retrieveRecord by id (Learn: component-framework/reference/webapi/retrieverecord). */
  async getProfile(id: string): Promise<ProfileRecord | undefined> {
    return this.readProfile(() => this.webAPI.retrieveRecord(AppProfile.logicalName, id, this.profileOptions()));
  }

  /** By alternate key: context.webAPI takes a GUID only, so our fetch. */
  async getProfileByUniqueName(uniqueName: string): Promise<ProfileRecord | undefined> {
    const key = alternateKey(AppProfile.alternateKeys[0].columns[0], uniqueName);
    return this.readProfile(() =>
      sendJson(this.send, "GET", `${AppProfile.entitySetName}(${key})${this.profileOptions()}`).then((a) => a.body),
    );
  }

  private profileOptions(): string {
    // The editor's three relationships; issue 13's teams and roles get their section (and their expand) later.
    const edited = manyToManyRelationships.filter(
      (r) => r.entity2 !== Role.logicalName && r.entity2 !== Team.logicalName,
    );
    const expand = edited
      .map((relationship) => expandOf(profileNavigation(relationship), this.relatedColumns(relationship.schemaName)))
      .join(",");
    return queryOptions({ select: profileColumns, expand });
  }

  /** A missing row (404) is undefined. */
  private async readProfile(read: () => Promise<WebApiRow>): Promise<ProfileRecord | undefined> {
    try {
      return toProfileRecord(await this.call(read));
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

  /** One page of rows through context.webAPI.retrieveMultipleRecords (Learn: .../webapi/retrievemultiplerecords). */
  private async retrieveRows(table: string, options: string): Promise<WebApiRow[]> {
    const response = await this.call(() => this.webAPI.retrieveMultipleRecords(table, options));
    return response.entities as WebApiRow[];
  }

  async searchSessionTemplates(text: string) {
    const rows = await this.retrieveRows(
      SessionTemplate.logicalName,
      queryOptions({
        select: templateColumns,
        filter: allOf(
          `apm_type eq ${SessionTemplateTypeChoice.Entity.value}`,
          containsAny(["apm_name", "apm_entitylogicalname"], text),
        ),
        orderBy: ["apm_name asc"],
        top: SEARCH_PAGE_SIZE,
      }),
    );
    return rows.map(toTemplate);
  }

  async searchChannelProviders(text: string) {
    const rows = await this.retrieveRows(
      ChannelProvider.logicalName,
      queryOptions({
        select: providerColumns,
        // Active providers only, as a lookup's view offers active rows: an inactive one is never given to agents.
        filter: allOf("statecode eq 0", containsAny(["apm_name", "apm_label"], text)),
        orderBy: ["apm_sortorder asc", "apm_name asc"],
        top: SEARCH_PAGE_SIZE,
      }),
    );
    return rows.map(toProvider);
  }

  async searchUsers(text: string): Promise<UserItem[]> {
    const rows = await this.retrieveRows(
      SystemUser.logicalName,
      queryOptions({
        select: userColumns,
        // People only: no disabled, application or non-interactive users (SYSTEM is disabled), on Dataverse too.
        filter: allOf(pickableUserFilter, containsAny(["fullname", "domainname"], text)),
        expand: expandOf(AppProfileSystemUser.entity2NavigationProperty, [AppProfile.primaryIdAttribute, "apm_name"]),
        orderBy: ["fullname asc"],
        top: SEARCH_PAGE_SIZE,
      }),
    );
    return rows.map(toUser);
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
    const chain = this.resolveProfileChain;
    if (!chain) throw new Error("Effective profiles need the runtime: pass resolveProfileChain to the repository.");
    const apps = Object.values(AppChoice).map((choice) => choice.value);
    return this.call(() =>
      Promise.all(
        apps.map(async (app): Promise<EffectiveProfileItem> => {
          const [effective, next] = await chain(userId, app, { transport: this.send, throttle: this.throttle });
          return { app, ...toStep(effective), ...(next ? { next: toStep(next) } : {}) };
        }),
      ),
    );
  }

  /** context.webAPI.createRecord (Learn: component-framework/reference/webapi/createrecord). */
  async createProfile(profile: NewProfile): Promise<string> {
    const created = await this.call(() => this.webAPI.createRecord(AppProfile.logicalName, { ...profile }));
    return created.id;
  }

  /** `<root>apm_appprofiles(<id>)`: absolute, as a $batch part's URL and `@odata.id` are written. */
  private recordUrl(entitySet: string, id: string): string {
    return `${this.root}${entitySet}(${id})`;
  }

  /** Learn: webapi/associate-disassociate-entities-using-web-api (collection-valued navigation properties). */
  private disassociateRequest(relationship: RelationshipName, profileId: string, relatedId: string): BatchRequest {
    const navigation = profileNavigation(relationshipOf(relationship));
    return {
      method: "DELETE",
      url: `${this.recordUrl(AppProfile.entitySetName, profileId)}/${navigation}(${relatedId})/$ref`,
    };
  }

  private associateRequest(relationship: RelationshipName, profileId: string, relatedId: string): BatchRequest {
    const navigation = profileNavigation(relationshipOf(relationship));
    return {
      method: "POST",
      url: `${this.recordUrl(AppProfile.entitySetName, profileId)}/${navigation}/$ref`,
      body: { "@odata.id": this.recordUrl(relatedTableOf(relationship).entitySetName, relatedId) },
    };
  }

  /**
   * One $batch with one change set (Learn: webapi/execute-batch-operations-using-web-api): PATCH (If-Match) first so
   * a stale ETag stops everything, then the disassociations, then the associations. The PATCH is sent even with no
   * column change, so every save is checked against the ETag and returns the new one; except for a built-in profile
   * (`relationshipsOnly`), whose row the server lets no one but the system update: there only the $ref changes go,
   * and the ETag stays as it was.
   */
  async saveProfile(save: ProfileSave): Promise<SaveResult> {
    const requests: BatchRequest[] = save.relationshipsOnly
      ? []
      : [
          {
            method: "PATCH",
            url: `${this.recordUrl(AppProfile.entitySetName, save.profileId)}?$select=${AppProfile.primaryIdAttribute}`,
            headers: { "If-Match": save.etag, Prefer: "return=representation" },
            body: { ...save.changedFields },
          },
        ];
    for (const change of save.disassociate) {
      requests.push(this.disassociateRequest(change.relationship, change.profileId, change.relatedId));
    }
    for (const change of save.associate) {
      requests.push(this.associateRequest(change.relationship, change.profileId, change.relatedId));
    }
    const parts = await this.call(() => sendBatch(this.send, [{ changeSet: requests }]));
    if (save.relationshipsOnly) return { etag: save.etag };
    const updated = parts[0]?.body as WebApiRow | undefined;
    const etag = typeof updated?.["@odata.etag"] === "string" ? updated["@odata.etag"] : undefined;
    return { etag };
  }

  /**
   * Learn: webapi/update-delete-entities-using-web-api: statecode always sent with its statuscode. Our fetch:
   * context.webAPI.updateRecord sends no If-Match.
   */
  async setProfileActive(profileId: string, etag: string, active: boolean): Promise<SaveResult> {
    const [state, status] = active ? [StateCode.Active, StatusCode.Active] : [StateCode.Inactive, StatusCode.Inactive];
    const updated = await this.call(() =>
      sendJson(
        this.send,
        "PATCH",
        `${AppProfile.entitySetName}(${profileId})?$select=${AppProfile.primaryIdAttribute}`,
        {
          headers: { "If-Match": etag, Prefer: "return=representation" },
          body: { [STATE_COLUMN]: state.value, [STATUS_COLUMN]: status.value },
        },
      ),
    );
    const newEtag = updated.body["@odata.etag"];
    return { etag: typeof newEtag === "string" ? newEtag : undefined };
  }

  // --- Profile form commands: Delete and Clone (issue 12, items 1 and 2) ---

  /** Learn: data-platform/webapi/perform-conditional-operations-using-web-api (If-Match on DELETE: 412 when stale). */
  async deleteProfile(profileId: string, etag: string): Promise<void> {
    await this.call(() =>
      sendJson(this.send, "DELETE", `${AppProfile.entitySetName}(${profileId})`, { headers: { "If-Match": etag } }),
    );
  }

  /** The clone binds its related rows on create (collection-valued `@odata.bind`): our fetch, as the batch does. */
  async cloneProfile(clone: ProfileClone): Promise<string> {
    const data = cloneBody(clone);
    if (!clone.moveUsers || clone.source.users.length === 0) {
      const created = await this.call(() => sendJson(this.send, "POST", AppProfile.entitySetName, { body: data }));
      return idFromEntityUrl(created.headers?.get("odata-entityid")) ?? "";
    }
    // One change set (Learn: webapi/execute-batch-operations-using-web-api): all or nothing, so the users are never
    // left without their profile, and rule 9 sees them free when the clone binds them.
    const requests: BatchRequest[] = clone.source.users.map((user) =>
      this.disassociateRequest(AppProfileSystemUser.schemaName, clone.source.id, user.id),
    );
    requests.push({ method: "POST", url: `${this.root}${AppProfile.entitySetName}`, body: data });
    const parts = await this.call(() => sendBatch(this.send, [{ changeSet: requests }]));
    return idFromEntityUrl(parts[parts.length - 1]?.headers["odata-entityid"]) ?? "";
  }

  // --- end of Delete and Clone ---

  // --- The designer's list (issue 12, items 1 and 5) ---

  /**
   * One change set (Learn: webapi/execute-batch-operations-using-web-api, "Change sets": all succeed or all roll back).
   * DeleteMultiple would be one request too, but Learn (data-platform/bulk-operations) offers it for elastic tables
   * only; one DELETE per request could leave half the selection deleted.
   */
  async deleteProfiles(targets: readonly ProfileDeleteTarget[]): Promise<void> {
    if (targets.length === 0) return;
    if (targets.length === 1) return this.deleteProfile(targets[0].id, targets[0].etag);
    const deletes: BatchRequest[] = targets.map((t) => ({
      method: "DELETE",
      url: this.recordUrl(AppProfile.entitySetName, t.id),
      headers: { "If-Match": t.etag },
    }));
    await this.call(() => sendBatch(this.send, [{ changeSet: deletes }]));
  }

  /** Learn: webapi/retrieve-entity-using-web-api#retrieve-using-an-alternate-key (404 when no row has the key). */
  async uniqueNameInUse(uniqueName: string): Promise<string | undefined> {
    const column = AppProfile.alternateKeys[0].columns[0];
    try {
      const row = await this.getJson(
        `${AppProfile.entitySetName}(${alternateKey(column, uniqueName)})?$select=${column}`,
        profilePageHeaders,
      );
      return typeof row[column] === "string" ? row[column] : uniqueName;
    } catch (error) {
      if (toRepositoryError(error).kind === "notFound") return undefined;
      throw error;
    }
  }

  // --- end of the designer's list ---

  // OrganizationService: the reads the handlers make.

  async retrieve(table: TableLogicalName, id: string, columns?: readonly string[]): Promise<Entity | undefined> {
    const definition = tableOf(table);
    const select = columns ? [definition.primaryIdAttribute, ...columns] : undefined;
    try {
      const row = await this.call(() => this.webAPI.retrieveRecord(table, id, queryOptions({ select })));
      return toEntity(table, definition.primaryIdAttribute, row);
    } catch (error) {
      if (toRepositoryError(error).kind === "notFound") return undefined;
      throw error;
    }
  }

  /**
   * Every matching row: context.webAPI answers at most 5,000 rows a page and a `nextLink` for the rest (Learn:
   * component-framework/reference/webapi/retrievemultiplerecords); the link's query part (its $skiptoken) is sent as
   * the next call's options.
   */
  async retrieveMultiple(
    table: TableLogicalName,
    conditions: readonly Condition[],
    columns?: readonly string[],
  ): Promise<Entity[]> {
    const definition = tableOf(table);
    const select = columns ? [definition.primaryIdAttribute, ...columns] : undefined;
    const rows: WebApiRow[] = [];
    let options = queryOptions({ select, filter: allOf(...conditions.map((c) => conditionFilter(definition, c))) });
    for (;;) {
      const page = await this.call(() => this.webAPI.retrieveMultipleRecords(table, options));
      rows.push(...(page.entities as WebApiRow[]));
      const query = page.nextLink?.indexOf("?") ?? -1;
      if (!page.nextLink || query < 0) break;
      options = page.nextLink.slice(query);
    }
    return rows.map((row) => toEntity(table, definition.primaryIdAttribute, row));
  }

  /** `entity(id)/nav` (Learn: webapi/retrieve-related-entities-using-navigation-properties): our fetch. */
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
    const select = columns ? [to.primaryIdAttribute, ...columns] : undefined;
    const body = await this.getJson(`${from.entitySetName}(${record.id})/${navigation}${queryOptions({ select })}`);
    return rowsOf(body).map((row) => toEntity(table, to.primaryIdAttribute, row));
  }

  /** The value row wins over the definition's default, as Dataverse resolves environment variables. */
  async getEnvironmentVariable(schemaName: string): Promise<string | undefined> {
    const values = EnvironmentVariableValue.columns.environmentvariabledefinitionid.collectionNavigationProperty;
    const [definition] = await this.retrieveRows(
      EnvironmentVariableDefinition.logicalName,
      queryOptions({
        select: ["schemaname", "defaultvalue"],
        filter: `schemaname eq ${odataLiteral(schemaName)}`,
        expand: expandOf(values, ["value"]),
      }),
    );
    if (!definition) return undefined;
    const value = (definition[values] as WebApiRow[] | undefined)?.[0]?.value;
    if (typeof value === "string") return value;
    return typeof definition.defaultvalue === "string" ? definition.defaultvalue : undefined;
  }
}

function toStep({ reason, via, profile }: EffectiveProfileChoice): ProfileStep {
  const { id, name, uniqueName, isDefault } = profile;
  return { reason, ...(via ? { via } : {}), profile: { id, name, uniqueName, isDefault } };
}
