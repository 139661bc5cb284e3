/**
 * The designer's requests over the Web API (webApiCore.ts for what it shares with the editor): the list's pages with
 * their counts, Search by user through the agents' runtime, New profile and deleting a selection.
 */
import type { EffectiveProfileChoice, resolveProfileChain } from "../../../runtime";
import { AppChoice, AppProfile } from "../../../schema/model";
import type { EffectiveProfileItem, NewProfile, ProfileStep } from "./model";
import { toProfileSummary } from "./mapping";
import { roleTeamCountPath, roleTeamCountsOf } from "./associationCounts";
import type { DesignerRepository, ProfileDeleteTarget } from "./ProfileRepository";
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
import { sendBatch } from "./webApiFetch";
import { rowsOf, WebApiRepositoryCore, type WebApiRepositoryOptions } from "./webApiCore";

export interface DesignerWebApiOptions extends WebApiRepositoryOptions {
  /**
   * The agents' runtime precedence (runtime/resolve.ts: the chain of profiles that apply and why, not what they hold),
   * for `effectiveProfiles` (Search by user). Passed in, so only the designer's bundle carries the resolver.
   */
  readonly resolveProfileChain?: typeof resolveProfileChain;
}

export class DesignerWebApiRepository extends WebApiRepositoryCore implements DesignerRepository {
  private readonly resolveProfileChain?: typeof resolveProfileChain;

  constructor(options: DesignerWebApiOptions) {
    super(options);
    this.resolveProfileChain = options.resolveProfileChain;
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
}

function toStep({ reason, via, profile }: EffectiveProfileChoice): ProfileStep {
  const { id, name, uniqueName, isDefault } = profile;
  return { reason, ...(via ? { via } : {}), profile: { id, name, uniqueName, isDefault } };
}
