/**
 * Issue 13, the editor's side: who a profile is given to (its roles and teams, its rank, the app's custom default)
 * and the users those reach. Small reads through our fetch; the writes that touch another profile (a rank swap, a
 * custom default moved) go as one $batch change set (Learn: webapi/execute-batch-operations-using-web-api), so the
 * handlers' PreOperation sees the first half of the move inside the same transaction.
 */
import {
  AppProfile,
  AppProfileRole,
  AppProfileSystemUser,
  AppProfileTeam,
  Role,
  SystemUser,
  SystemUserRoles,
  Team,
  TeamMembership,
  TeamRoles,
} from "../../../schema/model";
import { containsAny, odataLiteral } from "../odata";
import type { ProfileRef } from "./model";
import { toRepositoryError } from "./mapping";
import { RepositoryError } from "./ProfileRepository";
import { sendBatch, sendJson, WEB_API_PATH, webApiRoot, type WebApiFetch } from "./webApiFetch";

export type AccessKind = "role" | "team";

export interface AccessItem {
  readonly id: string;
  readonly name: string;
  readonly kind: AccessKind;
}

/** The issue 13 part of one profile, as loaded and as the draft edits it. */
export interface ProfileAccess {
  readonly rank: number | null;
  readonly isCustomDefault: boolean;
  readonly roles: readonly AccessItem[];
  readonly teams: readonly AccessItem[];
}

/** One active profile of an app, with what decides who gets it. */
export interface AppProfileRow {
  readonly id: string;
  readonly name: string;
  readonly uniqueName: string;
  readonly etag: string;
  readonly rank: number | null;
  readonly isDefault: boolean;
  readonly isCustomDefault: boolean;
  readonly userIds: readonly string[];
  readonly roles: readonly AccessItem[];
  readonly teams: readonly AccessItem[];
}

export interface MemberUser {
  readonly id: string;
  readonly fullName: string;
  readonly domainName: string;
  /** Disabled, application or non-interactive: can't be given a profile (the user picker leaves them out too). */
  readonly pickable: boolean;
  readonly profiles: readonly ProfileRef[];
  readonly teamIds: readonly string[];
  readonly roleIds: readonly string[];
}

export interface ProfileUpdate {
  readonly id: string;
  /** If-Match: a stale row stops the whole change set (412). */
  readonly etag?: string;
  readonly fields: Readonly<Record<string, number | boolean | null>>;
}

export interface ProfileAccessRepository {
  /** The profile's rank, custom default flag, roles and teams: one GET. */
  loadAccess(profileId: string): Promise<ProfileAccess>;
  searchRoles(text: string): Promise<AccessItem[]>;
  searchTeams(text: string): Promise<AccessItem[]>;
  /** The app's active profiles with their users, roles and teams: one GET. */
  appProfiles(app: number): Promise<AppProfileRow[]>;
  /** Several profiles' columns in one change set, in order. */
  updateProfiles(updates: readonly ProfileUpdate[]): Promise<void>;
  /** Every user who is a member of the team, or holds the role directly or through a team, with their profiles. */
  usersOf(item: AccessItem): Promise<MemberUser[]>;
  /**
   * Everyone a profile can reach: its direct users, its teams' members, its roles' holders (directly or through a
   * team), each with their teams and roles; and the roles each team holds. Two GETs (and their next pages).
   */
  reach(profileId: string, access: ProfileAccess): Promise<{ users: MemberUser[]; teamRoles: Map<string, string[]> }>;
}

type Row = Record<string, unknown>;
const text = (v: unknown) => (typeof v === "string" ? v : "");
const rowsOf = (v: unknown): Row[] => (Array.isArray(v) ? (v as Row[]) : []);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids go into filters and paths unquoted, so anything but a GUID is refused before it is sent. */
function guid(id: string): string {
  if (!GUID.test(id)) throw new RepositoryError("refused", `'${id}' is not an id (a GUID).`);
  return id;
}
const idLiteral = (id: string) => odataLiteral(guid(id), { guid: true });

const roleNav = AppProfileRole.entity1NavigationProperty;
const teamNav = AppProfileTeam.entity1NavigationProperty;
const userNav = AppProfileSystemUser.entity1NavigationProperty;
const item = (kind: AccessKind) => (r: Row) =>
  ({
    id: text(r[kind === "role" ? Role.primaryIdAttribute : Team.primaryIdAttribute]),
    name: text(r.name),
    kind,
  }) as const;
const byName = (a: AccessItem, b: AccessItem) => a.name.localeCompare(b.name);
const SEARCH_TOP = 50;
const memberUserSelect = `$select=fullname,domainname,isdisabled,applicationid,accessmode`;

export class WebApiProfileAccess implements ProfileAccessRepository {
  private readonly root: string;

  constructor(
    private readonly send: WebApiFetch,
    clientUrl?: string,
  ) {
    this.root = webApiRoot(clientUrl);
  }

  private async get(path: string): Promise<Row> {
    try {
      return (await sendJson(this.send, "GET", path)).body;
    } catch (error) {
      throw toRepositoryError(error);
    }
  }

  /** Every page (Learn: webapi/query/page-results: follow @odata.nextLink). */
  private async all(path: string): Promise<Row[]> {
    const rows: Row[] = [];
    for (let next: string | undefined = path; next; ) {
      const body = await this.get(next);
      rows.push(...rowsOf(body.value));
      const link = body["@odata.nextLink"];
      const at = typeof link === "string" ? link.indexOf(WEB_API_PATH) : -1;
      next = at < 0 ? undefined : (link as string).slice(at + WEB_API_PATH.length);
    }
    return rows;
  }

  async loadAccess(profileId: string): Promise<ProfileAccess> {
    const row = await this.get(
      `${AppProfile.entitySetName}(${guid(profileId)})?$select=apm_rank,apm_iscustomdefault` +
        `&$expand=${roleNav}($select=name),${teamNav}($select=name)`,
    );
    return {
      rank: typeof row.apm_rank === "number" ? row.apm_rank : null,
      isCustomDefault: row.apm_iscustomdefault === true,
      roles: rowsOf(row[roleNav]).map(item("role")).sort(byName),
      teams: rowsOf(row[teamNav]).map(item("team")).sort(byName),
    };
  }

  private async search(kind: AccessKind, search: string): Promise<AccessItem[]> {
    const table = kind === "role" ? Role : Team;
    const filter = containsAny(["name"], search);
    const rows = await this.all(
      `${table.entitySetName}?$select=name${filter ? `&$filter=${encodeURIComponent(filter)}` : ""}` +
        `&$orderby=name&$top=${SEARCH_TOP}`,
    );
    return rows.map(item(kind));
  }

  searchRoles(search: string) {
    return this.search("role", search);
  }

  searchTeams(search: string) {
    return this.search("team", search);
  }

  async appProfiles(app: number): Promise<AppProfileRow[]> {
    const rows = await this.all(
      `${AppProfile.entitySetName}?$select=apm_name,apm_uniquename,apm_rank,apm_isdefault,apm_iscustomdefault` +
        `&$filter=apm_app eq ${Number(app)} and statecode eq 0` +
        `&$expand=${userNav}($select=${SystemUser.primaryIdAttribute}),${roleNav}($select=name),${teamNav}($select=name)`,
    );
    return rows.map((r) => ({
      id: text(r[AppProfile.primaryIdAttribute]),
      name: text(r.apm_name),
      uniqueName: text(r.apm_uniquename),
      etag: text(r["@odata.etag"]),
      rank: typeof r.apm_rank === "number" ? r.apm_rank : null,
      isDefault: r.apm_isdefault === true,
      isCustomDefault: r.apm_iscustomdefault === true,
      userIds: rowsOf(r[userNav]).map((u) => text(u[SystemUser.primaryIdAttribute])),
      roles: rowsOf(r[roleNav]).map(item("role")),
      teams: rowsOf(r[teamNav]).map(item("team")),
    }));
  }

  async updateProfiles(updates: readonly ProfileUpdate[]): Promise<void> {
    try {
      await sendBatch(this.send, [
        {
          changeSet: updates.map((u) => ({
            method: "PATCH" as const,
            url: `${this.root}${AppProfile.entitySetName}(${guid(u.id)})`,
            headers: u.etag ? { "If-Match": u.etag } : undefined,
            body: { ...u.fields },
          })),
        },
      ]);
    } catch (error) {
      throw toRepositoryError(error);
    }
  }

  /** Users matching a filter over their N:N (Learn: webapi/query/filter-rows, "Filter using values of collections"). */
  private async users(filter: string): Promise<MemberUser[]> {
    const rows = await this.all(
      `${SystemUser.entitySetName}?${memberUserSelect}&$filter=${encodeURIComponent(filter)}&$orderby=fullname` +
        `&$expand=${AppProfileSystemUser.entity2NavigationProperty}($select=apm_name),` +
        `${TeamMembership.entity1NavigationProperty}($select=${Team.primaryIdAttribute}),` +
        `${SystemUserRoles.entity1NavigationProperty}($select=${Role.primaryIdAttribute})`,
    );
    const pickable = (r: Row) =>
      r.isdisabled !== true && (r.applicationid === null || r.applicationid === undefined) && r.accessmode !== 4;
    return rows.map((r) => ({
      id: text(r[SystemUser.primaryIdAttribute]),
      fullName: text(r.fullname),
      domainName: text(r.domainname),
      pickable: pickable(r),
      profiles: rowsOf(r[AppProfileSystemUser.entity2NavigationProperty]).map((p) => ({
        id: text(p[AppProfile.primaryIdAttribute]),
        name: text(p.apm_name),
      })),
      teamIds: rowsOf(r[TeamMembership.entity1NavigationProperty]).map((t) => text(t[Team.primaryIdAttribute])),
      roleIds: rowsOf(r[SystemUserRoles.entity1NavigationProperty]).map((x) => text(x[Role.primaryIdAttribute])),
    }));
  }

  usersOf(target: AccessItem): Promise<MemberUser[]> {
    return this.users(target.kind === "team" ? memberOf([target.id]) : holderOf([target.id]));
  }

  async reach(profileId: string, access: ProfileAccess) {
    const filter = [
      `${AppProfileSystemUser.entity2NavigationProperty}/any(p:p/${AppProfile.primaryIdAttribute} eq ${idLiteral(profileId)})`,
      access.teams.length > 0 ? memberOf(access.teams.map((t) => t.id)) : "",
      access.roles.length > 0 ? holderOf(access.roles.map((r) => r.id)) : "",
    ]
      .filter(Boolean)
      .join(" or ");
    const [users, teams] = await Promise.all([
      this.users(filter),
      this.all(
        `${Team.entitySetName}?$select=name&$filter=${TeamRoles.entity1NavigationProperty}/any()` +
          `&$expand=${TeamRoles.entity1NavigationProperty}($select=${Role.primaryIdAttribute})`,
      ),
    ]);
    const teamRoles = new Map<string, string[]>();
    for (const t of teams) {
      const roles = rowsOf(t[TeamRoles.entity1NavigationProperty]).map((r) => text(r[Role.primaryIdAttribute]));
      teamRoles.set(text(t[Team.primaryIdAttribute]).toLowerCase(), roles);
    }
    return { users, teamRoles };
  }
}

const anyOf = (alias: string, column: string, ids: readonly string[]) =>
  ids.map((id) => `${alias}/${column} eq ${idLiteral(id)}`).join(" or ");
const memberOf = (teamIds: readonly string[]) =>
  `${TeamMembership.entity1NavigationProperty}/any(t:${anyOf("t", Team.primaryIdAttribute, teamIds)})`;
/** Holders of a role: directly, or through a team that holds it (as the runtime's query reads them). */
const holderOf = (roleIds: readonly string[]) =>
  `${SystemUserRoles.entity1NavigationProperty}/any(r:${anyOf("r", Role.primaryIdAttribute, roleIds)}) or ` +
  `${TeamMembership.entity1NavigationProperty}/any(t:t/${TeamRoles.entity1NavigationProperty}/any(tr:${anyOf("tr", Role.primaryIdAttribute, roleIds)}))`;
