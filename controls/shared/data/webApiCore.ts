/**
 * What both controls' Web API repositories share (designerWebApi.ts, editorWebApi.ts), without a client library:
 * context.webAPI (the platform's own client, Learn: component-framework/reference/webapi) for the plain reads and the
 * create, and our small same-origin fetch (webApiFetch.ts) for what it can't send: headers (Prefer, If-Match),
 * `$count`, alternate keys, `entity(id)/nav`, `$ref` and `$batch` (batch.ts). In Dataverse the Web API is same-origin,
 * and the local host page proxies /api/data/v9.2/ on the same origin: no tokens here, no global Xrm. Each control
 * bundles only its own repository, so neither carries the other's requests.
 */
import {
  defaultThrottlePolicy,
  retryAfterMs,
  retryWhenThrottled,
  throttledMessage,
  type ThrottlePolicy,
} from "../../../runtime/throttle";
import {
  AppProfile,
  AppProfileSystemUser,
  ChannelProvider,
  EnvironmentVariableDefinition,
  EnvironmentVariableValue,
  Role,
  SessionTemplate,
  SystemUser,
  Team,
  manyToManyRelationships,
  pickableUserFilter,
  productTables,
  type RelationshipName,
  type TableLogicalName,
} from "../../../schema/model";
import type { Condition, Entity, EntityReference, OrganizationService } from "../../../handlers/context";
import type { ProfileRecord, UserItem } from "./model";
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
  toRepositoryError,
  toUser,
  userColumns,
  type WebApiRow,
} from "./mapping";
import { RepositoryError } from "./ProfileRepository";
import { cloneBody, type ProfileClone } from "./profileCommands";
import { allOf, containsAny, escapeODataString, odataLiteral } from "../odata";
import { profilePageHeaders } from "./profilePage";
import type { BatchRequest } from "./batch";
import { createWebApiFetch, idFromEntityUrl, sendBatch, sendJson, webApiRoot, type WebApiFetch } from "./webApiFetch";

export const SEARCH_PAGE_SIZE = 50;
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function rowsOf(body: Record<string, unknown>): WebApiRow[] {
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

export const expandOf = (property: string, select: readonly string[]) => `${property}($select=${select.join(",")})`;

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
}

/** The requests both controls make: a profile, users, clone, unique names, and the reads the handlers make. */
export class WebApiRepositoryCore implements OrganizationService {
  protected readonly webAPI: ComponentFramework.WebApi;
  protected readonly send: WebApiFetch;
  protected readonly root: string;
  protected readonly throttle: ThrottlePolicy;

  constructor(options: WebApiRepositoryOptions) {
    this.webAPI = options.webAPI;
    this.root = webApiRoot(options.clientUrl);
    this.send = options.fetch ?? createWebApiFetch({ clientUrl: options.clientUrl });
    this.throttle = options.throttle ?? defaultThrottlePolicy;
  }

  /**
   * Every request goes through here: a 429 (service protection, Learn: data-platform/api-limits) is sent again after
   * its Retry-After within the policy's budget; then the admin is told when to try again. `run` builds its request
   * each time, so a retried $batch is a whole new batch.
   */
  protected async call<T>(run: () => Promise<T>): Promise<T> {
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

  /** A GET through our fetch; errors in the server's shape become RepositoryErrors, 429s retried. */
  protected async getJson(path: string, headers?: Readonly<Record<string, string>>): Promise<Record<string, unknown>> {
    return this.call(async () => (await sendJson(this.send, "GET", path, { headers })).body);
  }

  /** context.webAPI.retrieveRecord by id (Learn: component-framework/reference/webapi/retrieverecord). */
  async getProfile(id: string): Promise<ProfileRecord | undefined> {
    return this.readProfile(() => this.webAPI.retrieveRecord(AppProfile.logicalName, id, this.profileOptions()));
  }

  protected profileOptions(): string {
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
  protected async readProfile(read: () => Promise<WebApiRow>): Promise<ProfileRecord | undefined> {
    try {
      return toProfileRecord(await this.call(read));
    } catch (error) {
      if (toRepositoryError(error).kind === "notFound") return undefined;
      throw error;
    }
  }

  protected relatedColumns(relationship: RelationshipName): readonly string[] {
    const table = relatedTableOf(relationship);
    if (table === SessionTemplate) return templateColumns;
    if (table === ChannelProvider) return providerColumns;
    return userColumns;
  }

  /** One page of rows through context.webAPI.retrieveMultipleRecords (Learn: .../webapi/retrievemultiplerecords). */
  protected async retrieveRows(table: string, options: string): Promise<WebApiRow[]> {
    const response = await this.call(() => this.webAPI.retrieveMultipleRecords(table, options));
    return response.entities as WebApiRow[];
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

  /** `<root>apm_appprofiles(<id>)`: absolute, as a $batch part's URL and `@odata.id` are written. */
  protected recordUrl(entitySet: string, id: string): string {
    return `${this.root}${entitySet}(${id})`;
  }

  /** Learn: webapi/associate-disassociate-entities-using-web-api (collection-valued navigation properties). */
  protected disassociateRequest(relationship: RelationshipName, profileId: string, relatedId: string): BatchRequest {
    const navigation = profileNavigation(relationshipOf(relationship));
    return {
      method: "DELETE",
      url: `${this.recordUrl(AppProfile.entitySetName, profileId)}/${navigation}(${relatedId})/$ref`,
    };
  }

  protected associateRequest(relationship: RelationshipName, profileId: string, relatedId: string): BatchRequest {
    const navigation = profileNavigation(relationshipOf(relationship));
    return {
      method: "POST",
      url: `${this.recordUrl(AppProfile.entitySetName, profileId)}/${navigation}/$ref`,
      body: { "@odata.id": this.recordUrl(relatedTableOf(relationship).entitySetName, relatedId) },
    };
  }

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
