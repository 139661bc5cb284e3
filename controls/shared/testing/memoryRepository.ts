/**
 * An in-memory ProfileRepository for component tests: the same contract as the Web API one, a log of the requests
 * the Web API one would have made (to count them), ETags that go stale, and a way to make the next write fail.
 */
import {
  AppChoice,
  AppProfile,
  AppProfileChannelProvider,
  AppProfileRole,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  AppProfileTeam,
  ChannelProvider,
  ChatLicenseVariable,
  SessionTemplate,
  SessionTemplateTypeChoice,
  SystemUser,
  type RelationshipName,
  type TableLogicalName,
} from "../../../schema";
import type { Condition, Entity, EntityReference } from "../../../handlers/context";
import type {
  EffectiveProfileItem,
  NewProfile,
  ProfileFields,
  ProfileRecord,
  ProfileSave,
  ProviderItem,
  SaveResult,
  TemplateItem,
  UserItem,
} from "../data/model";
import { RepositoryError, type ProfileDeleteTarget, type ProfileRepository } from "../data/ProfileRepository";
import {
  MAX_PROFILE_COUNT,
  PROFILE_PAGE_SIZE,
  type ProfilePage,
  type ProfilePageQuery,
  type ProfileSortColumn,
} from "../data/profilePage";
import type { ProfileClone } from "../data/profileCommands";
import { rankCandidates, type Row } from "../../../runtime/rows";

export interface StoredProfile {
  id: string;
  isDefault: boolean;
  /** Absent means active, as every fixture profile starts. */
  isActive?: boolean;
  fields: ProfileFields;
  version: number;
  /** Issue 13: order among the app's team and role profiles, and the app's custom default. */
  rank?: number;
  isCustomDefault?: boolean;
}

/** Issue 13: a team with its members (and the roles it holds), a role with its direct holders; profiles link them. */
export interface MemoryTeam {
  id: string;
  name: string;
  members: string[];
  roles?: string[];
}
export interface MemoryRole {
  id: string;
  name: string;
  holders: string[];
}

export interface MemoryData {
  profiles: StoredProfile[];
  templates: TemplateItem[];
  providers: ProviderItem[];
  users: Omit<UserItem, "profiles">[];
  /** [relationship, profileId, relatedId] */
  links: [RelationshipName, string, string][];
  environment: Record<string, string | undefined>;
  /** Users whose roles don't read app profiles (no App Profile User role); everyone else does. */
  usersWithoutProfileRole?: string[];
  teams?: MemoryTeam[];
  roles?: MemoryRole[];
}

const lower = (s: string) => s.toLowerCase();
const contains = (haystack: string | null, needle: string) => lower(haystack ?? "").includes(lower(needle.trim()));
let nextId = 1;
const newId = () => `00000000-0000-4000-8000-${String(nextId++).padStart(12, "0")}`;

export class MemoryProfileRepository implements ProfileRepository {
  /** What the Web API repository would have sent, one entry per HTTP request. */
  readonly requests: string[] = [];
  private failure?: RepositoryError;
  readonly data: MemoryData;

  constructor(data: MemoryData) {
    // JSON copy: the data is plain, and jsdom has no structuredClone.
    this.data = JSON.parse(JSON.stringify(data)) as MemoryData;
  }

  /** The next write fails with this error (the server refusing, or a stale ETag). */
  failNextWrite(error: RepositoryError): void {
    this.failure = error;
  }

  /** Someone else saved the profile: the ETag the editor holds is now stale. */
  touch(profileId: string): void {
    const profile = this.profile(profileId);
    if (profile) profile.version++;
  }

  setEnvironmentVariable(name: string, value: string | undefined): void {
    this.data.environment[name] = value;
  }

  linked(relationship: RelationshipName, profileId: string): string[] {
    return this.data.links.filter(([r, p]) => r === relationship && p === profileId).map(([, , id]) => id);
  }

  private profile(id: string) {
    return this.data.profiles.find((p) => lower(p.id) === lower(id));
  }

  private profilesOfUser(userId: string) {
    return this.data.links
      .filter(([r, , u]) => r === AppProfileSystemUser.schemaName && lower(u) === lower(userId))
      .map(([, p]) => this.profile(p))
      .filter((p): p is StoredProfile => p !== undefined)
      .map((p) => ({ id: p.id, name: p.fields.apm_name }));
  }

  private takeFailure(): void {
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure;
  }

  /**
   * The Web API's page as the server answers it: filtered and sorted, 50 rows, the count capped at 5,000; the page
   * cookie is the next row's offset (opaque to the caller, as Dataverse's $skiptoken is). Two requests logged: the
   * page and the users-per-profile aggregate (sorted by users: the aggregate page, the count and the rows by id).
   */
  async listProfilePage(query: ProfilePageQuery): Promise<ProfilePage> {
    const byUsers = query.sort.column === "userCount";
    if (byUsers) this.requests.push("GET apm_appprofiles?fetchXml=profiles by users");
    this.requests.push("GET apm_appprofiles?$count=true");
    const start = query.page === undefined ? 0 : Number(query.page.replace(/^memory-page:/, "")) || 0;
    const search = (query.search ?? "").trim();
    const value = (p: StoredProfile, column: ProfileSortColumn): string | number => {
      if (column === "name") return lower(p.fields.apm_name);
      if (column === "uniqueName") return lower(p.fields.apm_uniquename);
      if (column === "app") return p.fields.apm_app ?? -1;
      if (column === "isDefault") return Number(p.isDefault);
      if (column === "userCount") return this.linked(AppProfileSystemUser.schemaName, p.id).length;
      if (column === "rank") return p.rank ?? -1; // Dataverse sorts empty values first, ascending
      return p.isActive === false ? 1 : 0; // statecode: Active 0, Inactive 1
    };
    const matching = this.data.profiles
      .filter((p) => query.status === "all" || (p.isActive !== false) === (query.status === "active"))
      .filter(
        (p) =>
          search === "" ||
          contains(p.fields.apm_name, search) ||
          contains(p.fields.apm_uniquename, search) ||
          (query.searchApps ?? []).includes(p.fields.apm_app ?? -1),
      )
      .sort((a, b) => {
        const [x, y] = [value(a, query.sort.column), value(b, query.sort.column)];
        const primary = x < y ? -1 : x > y ? 1 : lower(a.fields.apm_name).localeCompare(lower(b.fields.apm_name));
        return query.sort.descending ? -primary : primary;
      });
    const rows = matching.slice(start, start + PROFILE_PAGE_SIZE);
    if (rows.length > 0)
      this.requests.push(
        byUsers ? "GET apm_appprofiles?$filter=In(ids)" : "GET apm_appprofiles?fetchXml=users per profile",
      );
    return {
      rows: rows.map((p) => ({
        id: p.id,
        name: p.fields.apm_name,
        uniqueName: p.fields.apm_uniquename,
        app: p.fields.apm_app,
        isDefault: p.isDefault,
        isActive: p.isActive !== false,
        userCount: this.linked(AppProfileSystemUser.schemaName, p.id).length,
        rank: p.rank ?? null,
        isCustomDefault: p.isCustomDefault === true,
        roleCount: this.linked(AppProfileRole.schemaName, p.id).length,
        teamCount: this.linked(AppProfileTeam.schemaName, p.id).length,
        etag: `W/"${p.version}"`,
      })),
      totalCount: Math.min(matching.length, MAX_PROFILE_COUNT),
      totalCountCapped: matching.length > MAX_PROFILE_COUNT,
      nextPage: start + PROFILE_PAGE_SIZE < matching.length ? `memory-page:${start + PROFILE_PAGE_SIZE}` : undefined,
    };
  }

  async getProfile(id: string): Promise<ProfileRecord | undefined> {
    this.requests.push(`GET apm_appprofiles(${id})`);
    const p = this.profile(id);
    return p && this.recordOf(p);
  }

  private recordOf(p: StoredProfile): ProfileRecord {
    const pick = <T extends { id: string }>(items: T[], relationship: RelationshipName) =>
      this.linked(relationship, p.id)
        .map((rid) => items.find((i) => lower(i.id) === lower(rid)))
        .filter((i): i is T => i !== undefined);
    return {
      id: p.id,
      etag: `W/"${p.version}"`,
      isDefault: p.isDefault,
      isActive: p.isActive !== false,
      fields: { ...p.fields },
      sessionTemplates: pick(this.data.templates, AppProfileSessionTemplate.schemaName),
      channelProviders: pick(this.data.providers, AppProfileChannelProvider.schemaName),
      users: pick(this.data.users, AppProfileSystemUser.schemaName),
    };
  }

  async getProfileByUniqueName(uniqueName: string): Promise<ProfileRecord | undefined> {
    this.requests.push(`GET apm_appprofiles(apm_uniquename='${uniqueName}')`);
    // Without regard to case, like every text comparison in this fake.
    const p = this.data.profiles.find((candidate) => lower(candidate.fields.apm_uniquename) === lower(uniqueName));
    if (!p) return undefined;
    return this.recordOf(p);
  }

  async searchSessionTemplates(text: string): Promise<TemplateItem[]> {
    this.requests.push(`GET apm_sessiontemplates?${text}`);
    return this.data.templates.filter(
      (t) =>
        t.type === SessionTemplateTypeChoice.Entity.value &&
        (contains(t.name, text) || contains(t.entityLogicalName, text)),
    );
  }

  async searchChannelProviders(text: string): Promise<ProviderItem[]> {
    this.requests.push(`GET apm_channelproviders?${text}`);
    return this.data.providers.filter((p) => contains(p.name, text) || contains(p.label, text));
  }

  async searchUsers(text: string): Promise<UserItem[]> {
    this.requests.push(`GET systemusers?${text}`);
    return this.data.users
      .filter((u) => contains(u.fullName, text) || contains(u.domainName, text))
      .map((u) => ({ ...u, profiles: this.profilesOfUser(u.id) }));
  }

  async canReadProfiles(userId: string): Promise<boolean> {
    this.requests.push(`GET systemusers(${userId})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`);
    return !(this.data.usersWithoutProfileRole ?? []).some((id) => lower(id) === lower(userId));
  }

  /**
   * As the runtime resolves it: the rows the runtime's one request returns (active profiles of the app that could
   * apply, with the user's assignment, teams and roles), ranked by the runtime's own rankCandidates, so the fake has
   * no precedence of its own. One request per app.
   */
  async effectiveProfiles(userId: string): Promise<EffectiveProfileItem[]> {
    const me = lower(userId);
    const teams = (this.data.teams ?? []).filter((t) => t.members.some((m) => lower(m) === me));
    const roles = (this.data.roles ?? []).filter(
      (r) => r.holders.some((h) => lower(h) === me) || teams.some((t) => (t.roles ?? []).includes(r.id)),
    );
    const related = (relationship: RelationshipName, p: StoredProfile, items: { id: string; name: string }[]) =>
      items.filter((i) => this.linked(relationship, p.id).includes(i.id));
    return Object.values(AppChoice).map(({ value: app }) => {
      this.requests.push(`GET apm_appprofiles?effective(${userId},${app})`);
      const rows: Row[] = this.data.profiles
        .filter((p) => p.isActive !== false && p.fields.apm_app === app)
        .map((p) => ({
          apm_appprofileid: p.id,
          apm_name: p.fields.apm_name,
          apm_uniquename: p.fields.apm_uniquename,
          apm_isdefault: p.isDefault,
          apm_rank: p.rank ?? null,
          apm_iscustomdefault: p.isCustomDefault === true,
          [AppProfileSystemUser.entity1NavigationProperty]: this.linked(AppProfileSystemUser.schemaName, p.id)
            .filter((u) => lower(u) === me)
            .map((systemuserid) => ({ systemuserid })),
          [AppProfileTeam.entity1NavigationProperty]: related(AppProfileTeam.schemaName, p, teams).map((t) => ({
            teamid: t.id,
            name: t.name,
          })),
          [AppProfileRole.entity1NavigationProperty]: related(AppProfileRole.schemaName, p, roles).map((r) => ({
            roleid: r.id,
            name: r.name,
          })),
        }));
      const [effective, next] = rankCandidates(rows).map(({ row, reason, via }) => ({
        reason,
        ...(via ? { via } : {}),
        profile: {
          id: String(row.apm_appprofileid),
          name: String(row.apm_name),
          uniqueName: String(row.apm_uniquename),
          isDefault: row.apm_isdefault === true,
        },
      }));
      if (!effective) throw new RepositoryError("unavailable", `No app profile applies in app ${app}.`);
      return { app, ...effective, ...(next ? { next } : {}) };
    });
  }

  async createProfile(profile: NewProfile): Promise<string> {
    this.requests.push("POST apm_appprofiles");
    this.takeFailure();
    const id = newId();
    this.data.profiles.push({
      id,
      isDefault: false,
      version: 1,
      fields: {
        ...profile,
        apm_productivitypaneenabled: false,
        apm_productivitypanemode: AppProfile.columns.apm_productivitypanemode.defaultValue,
        apm_smartassistenabled: false,
        apm_callscriptenabled: false,
        apm_allactivechannels: false,
      },
    });
    return id;
  }

  /** All or nothing, like a change set: the ETag is checked first, then every change is applied. */
  async saveProfile(save: ProfileSave): Promise<SaveResult> {
    this.requests.push("POST $batch");
    this.takeFailure();
    const p = this.profile(save.profileId);
    if (!p) throw new RepositoryError("notFound", "The profile doesn't exist.", { status: 404 });
    if (p.isDefault && !save.relationshipsOnly) {
      throw new RepositoryError("refused", `"${p.fields.apm_name}" is a built-in profile.`, { status: 400 });
    }
    if (!save.relationshipsOnly && save.etag !== `W/"${p.version}"`) {
      throw new RepositoryError("conflict", "The version of the existing record doesn't match.", { status: 412 });
    }
    const links = this.data.links.filter(
      ([r, pid, rid]) =>
        !save.disassociate.some((d) => d.relationship === r && sameId(d.profileId, pid) && sameId(d.relatedId, rid)),
    );
    save.associate.forEach((a) => links.push([a.relationship, a.profileId, a.relatedId]));
    this.data.links = links;
    // A built-in profile's row is the system's: its save carries $ref changes only, and its ETag stays.
    if (save.relationshipsOnly) return { etag: save.etag };
    p.fields = { ...p.fields, ...save.changedFields };
    p.version++;
    return { etag: `W/"${p.version}"` };
  }

  /** As the server: built-ins stay active (rule 13), and the ETag must be current. */
  async setProfileActive(profileId: string, etag: string, active: boolean): Promise<SaveResult> {
    this.requests.push(`PATCH apm_appprofiles(${profileId})`);
    this.takeFailure();
    const p = this.profile(profileId);
    if (!p) throw new RepositoryError("notFound", "The profile doesn't exist.", { status: 404 });
    if (p.isDefault && !active) {
      throw new RepositoryError("refused", `"${p.fields.apm_name}" is a built-in profile and can't be deactivated.`, {
        status: 400,
      });
    }
    if (etag !== `W/"${p.version}"`) {
      throw new RepositoryError("conflict", "The version of the existing record doesn't match.", { status: 412 });
    }
    p.isActive = active;
    p.version++;
    return { etag: `W/"${p.version}"` };
  }

  // --- Delete and Clone, as the server answers them ---

  async deleteProfile(profileId: string, etag: string): Promise<void> {
    this.requests.push(`DELETE apm_appprofiles(${profileId})`);
    this.takeFailure();
    const p = this.profile(profileId);
    if (!p) throw new RepositoryError("notFound", "The profile doesn't exist.", { status: 404 });
    if (p.isDefault)
      throw new RepositoryError("refused", `"${p.fields.apm_name}" is a built-in profile.`, { status: 400 });
    if (etag !== `W/"${p.version}"`) {
      throw new RepositoryError("conflict", "The version of the existing record doesn't match.", { status: 412 });
    }
    this.data.profiles = this.data.profiles.filter((candidate) => candidate !== p);
    this.data.links = this.data.links.filter(([, pid]) => !sameId(pid, p.id));
  }

  /** One change set: every row is checked before any is deleted, as the server rolls back on the first failure. */
  async deleteProfiles(targets: readonly ProfileDeleteTarget[]): Promise<void> {
    this.requests.push(targets.length === 1 ? `DELETE apm_appprofiles(${targets[0].id})` : "POST $batch");
    this.takeFailure();
    for (const { id, etag } of targets) {
      const p = this.profile(id);
      if (!p) throw new RepositoryError("notFound", "The profile doesn't exist.", { status: 404 });
      if (p.isDefault)
        throw new RepositoryError("refused", `"${p.fields.apm_name}" is a built-in profile.`, { status: 400 });
      if (etag !== `W/"${p.version}"`)
        throw new RepositoryError("conflict", "The version of the existing record doesn't match.", { status: 412 });
    }
    const gone = new Set(targets.map((t) => lower(t.id)));
    this.data.profiles = this.data.profiles.filter((p) => !gone.has(lower(p.id)));
    this.data.links = this.data.links.filter(([, pid]) => !gone.has(lower(pid)));
  }

  async uniqueNameInUse(uniqueName: string): Promise<string | undefined> {
    this.requests.push(`GET apm_appprofiles(apm_uniquename='${uniqueName}')`);
    return this.data.profiles.find((p) => lower(p.fields.apm_uniquename) === lower(uniqueName))?.fields.apm_uniquename;
  }

  async cloneProfile(clone: ProfileClone): Promise<string> {
    const moving = clone.moveUsers && clone.source.users.length > 0;
    this.requests.push(moving ? "POST $batch" : "POST apm_appprofiles");
    this.takeFailure();
    const taken = this.data.profiles.some((p) => lower(p.fields.apm_uniquename) === lower(clone.uniqueName));
    if (taken) throw new RepositoryError("duplicate", "A record with the same unique name exists.", { status: 412 });
    const id = newId();
    const { source } = clone;
    this.data.profiles.push({
      id,
      isDefault: false,
      version: 1,
      fields: { ...source.fields, apm_name: clone.name, apm_uniquename: clone.uniqueName },
    });
    source.sessionTemplates.forEach((t) => this.data.links.push([AppProfileSessionTemplate.schemaName, id, t.id]));
    source.channelProviders.forEach((c) => this.data.links.push([AppProfileChannelProvider.schemaName, id, c.id]));
    if (moving) {
      this.data.links = this.data.links.filter(
        ([r, pid]) => !(r === AppProfileSystemUser.schemaName && sameId(pid, source.id)),
      );
      source.users.forEach((u) => this.data.links.push([AppProfileSystemUser.schemaName, id, u.id]));
    }
    return id;
  }

  // OrganizationService over the same data.

  private entities(table: TableLogicalName): Entity[] {
    switch (table) {
      case AppProfile.logicalName:
        return this.data.profiles.map((p) => ({
          logicalName: table,
          id: p.id,
          attributes: { [AppProfile.primaryIdAttribute]: p.id, ...p.fields, apm_isdefault: p.isDefault },
        }));
      case SessionTemplate.logicalName:
        return this.data.templates.map((t) => ({
          logicalName: table,
          id: t.id,
          attributes: {
            [SessionTemplate.primaryIdAttribute]: t.id,
            apm_name: t.name,
            apm_uniquename: t.uniqueName,
            apm_type: t.type,
            apm_entitylogicalname: t.entityLogicalName,
          },
        }));
      case ChannelProvider.logicalName:
        return this.data.providers.map((p) => ({
          logicalName: table,
          id: p.id,
          attributes: { [ChannelProvider.primaryIdAttribute]: p.id, apm_name: p.name, apm_label: p.label },
        }));
      case SystemUser.logicalName:
        return this.data.users.map((u) => ({
          logicalName: table,
          id: u.id,
          attributes: { [SystemUser.primaryIdAttribute]: u.id, fullname: u.fullName, domainname: u.domainName },
        }));
      default:
        return [];
    }
  }

  async retrieve(table: TableLogicalName, id: string): Promise<Entity | undefined> {
    this.requests.push(`GET ${table}(${id})`);
    return this.entities(table).find((e) => sameId(e.id, id));
  }

  async retrieveMultiple(table: TableLogicalName, conditions: readonly Condition[]): Promise<Entity[]> {
    this.requests.push(`GET ${table}?filter`);
    return this.entities(table).filter((e) => conditions.every((c) => matches(e.attributes[c.attribute], c)));
  }

  async retrieveRelated(
    relationship: RelationshipName,
    record: EntityReference,
    table: TableLogicalName,
  ): Promise<Entity[]> {
    this.requests.push(`GET ${record.logicalName}(${record.id})/${relationship}`);
    const fromProfile = record.logicalName === AppProfile.logicalName;
    const ids = this.data.links
      .filter(([r, p, rid]) => r === relationship && sameId(fromProfile ? p : rid, record.id))
      .map(([, p, rid]) => (fromProfile ? rid : p));
    return this.entities(table).filter((e) => ids.some((id) => sameId(id, e.id)));
  }

  async getEnvironmentVariable(schemaName: string): Promise<string | undefined> {
    this.requests.push(`GET environmentvariabledefinitions(${schemaName})`);
    return this.data.environment[schemaName];
  }
}

function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && lower(a) === lower(b);
}

function matches(value: unknown, condition: Condition): boolean {
  const equal = (v: unknown) =>
    typeof value === "string" && typeof v === "string" ? lower(value) === lower(v) : value === v;
  if (condition.operator === "in") return Array.isArray(condition.value) && condition.value.some(equal);
  return condition.operator === "eq" ? equal(condition.value) : !equal(condition.value);
}

export const chatLicense = (value: "yes" | "no") => ({ [ChatLicenseVariable.schemaName]: value });
