/**
 * The in-memory ProfileAccessRepository for component tests, over a MemoryProfileRepository's data: the rank and the
 * custom default live in the stored fields (the save's PATCH merges them there), roles and teams in its links. Its
 * writes keep the handlers' two invariants (unique rank among ranked profiles with roles or teams, one custom
 * default per app) with the handlers' own sentences, and check ETags, so a test sees what the server would say.
 */
import { AppProfileRole, AppProfileSystemUser, AppProfileTeam } from "../../../schema";
import { customDefaultTakenProblem, rankTakenProblem } from "../../../handlers/rules";
import type {
  AccessItem,
  AppProfileRow,
  MemberUser,
  ProfileAccess,
  ProfileAccessRepository,
  ProfileUpdate,
} from "../data/profileAccess";
import { RepositoryError } from "../data/ProfileRepository";
import type { MemoryProfileRepository, StoredProfile } from "./memoryRepository";

export interface AccessFixture {
  roles: { id: string; name: string }[];
  teams: { id: string; name: string }[];
  /** [userId, teamId] */
  members: [string, string][];
  /** [userId, roleId]: held directly */
  holders: [string, string][];
  /** [teamId, roleId] */
  teamRoles: [string, string][];
  /** Users that can't be given a profile (disabled or application users). */
  unpickable?: string[];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
type Extra = { apm_rank?: number | null; apm_iscustomdefault?: boolean };
const extra = (p: StoredProfile) => p.fields as unknown as Extra;

export class MemoryProfileAccess implements ProfileAccessRepository {
  readonly requests: string[] = [];
  readonly updates: ProfileUpdate[][] = [];

  constructor(
    private readonly repository: MemoryProfileRepository,
    private readonly fixture: AccessFixture,
  ) {}

  private linked(profileId: string, relationship: string): AccessItem[] {
    const kind = relationship === AppProfileRole.schemaName ? "role" : "team";
    const table = kind === "role" ? this.fixture.roles : this.fixture.teams;
    return this.repository.data.links
      .filter(([r, p]) => r === relationship && same(p, profileId))
      .map(([, , id]) => ({ id, name: table.find((t) => same(t.id, id))?.name ?? id, kind }));
  }

  async loadAccess(profileId: string): Promise<ProfileAccess> {
    this.requests.push(`GET apm_appprofiles(${profileId})`);
    const p = this.repository.data.profiles.find((x) => same(x.id, profileId));
    return {
      rank: (p && extra(p).apm_rank) ?? null,
      isCustomDefault: (p && extra(p).apm_iscustomdefault) === true,
      roles: this.linked(profileId, AppProfileRole.schemaName),
      teams: this.linked(profileId, AppProfileTeam.schemaName),
    };
  }

  private async search(kind: "role" | "team", text: string): Promise<AccessItem[]> {
    this.requests.push(`GET ${kind}s`);
    const table = kind === "role" ? this.fixture.roles : this.fixture.teams;
    return table.filter((t) => t.name.toLowerCase().includes(text.trim().toLowerCase())).map((t) => ({ ...t, kind }));
  }

  searchRoles(text: string) {
    return this.search("role", text);
  }

  searchTeams(text: string) {
    return this.search("team", text);
  }

  async appProfiles(app: number): Promise<AppProfileRow[]> {
    this.requests.push(`GET apm_appprofiles?app=${app}`);
    return this.repository.data.profiles
      .filter((p) => p.fields.apm_app === app && p.isActive !== false)
      .map((p) => ({
        id: p.id,
        name: p.fields.apm_name,
        uniqueName: p.fields.apm_uniquename,
        etag: `W/"${p.version}"`,
        rank: extra(p).apm_rank ?? null,
        isDefault: p.isDefault,
        isCustomDefault: extra(p).apm_iscustomdefault === true,
        userIds: this.repository.data.links
          .filter(([r, pid]) => r === AppProfileSystemUser.schemaName && same(pid, p.id))
          .map(([, , id]) => id),
        roles: this.linked(p.id, AppProfileRole.schemaName),
        teams: this.linked(p.id, AppProfileTeam.schemaName),
      }));
  }

  /** All or nothing, each step checked as the PreOperation handlers check it. */
  async updateProfiles(updates: readonly ProfileUpdate[]): Promise<void> {
    this.requests.push("POST $batch");
    this.updates.push([...updates]);
    const before = JSON.stringify(this.repository.data.profiles);
    try {
      for (const u of updates) {
        const p = this.repository.data.profiles.find((x) => same(x.id, u.id));
        if (!p) throw new RepositoryError("notFound", "The profile doesn't exist.", { status: 404 });
        if (u.etag && u.etag !== `W/"${p.version}"`)
          throw new RepositoryError("conflict", "The version of the existing record doesn't match.", { status: 412 });
        Object.assign(p.fields, u.fields);
        p.version++;
        this.check(p);
      }
    } catch (error) {
      this.repository.data.profiles = JSON.parse(before) as StoredProfile[];
      throw error;
    }
  }

  private check(p: StoredProfile): void {
    const others = this.repository.data.profiles.filter(
      (o) => !same(o.id, p.id) && o.fields.apm_app === p.fields.apm_app && o.isActive !== false,
    );
    const summary = (o: StoredProfile) => ({ name: o.fields.apm_name, uniqueName: o.fields.apm_uniquename });
    const holder = others.find((o) => extra(o).apm_iscustomdefault === true);
    if (extra(p).apm_iscustomdefault === true && holder)
      throw new RepositoryError("refused", customDefaultTakenProblem(p.fields.apm_app, summary(holder)).message, {
        status: 400,
      });
    const given = (o: StoredProfile) =>
      this.linked(o.id, AppProfileRole.schemaName).length + this.linked(o.id, AppProfileTeam.schemaName).length > 0;
    const rank = extra(p).apm_rank;
    const taken = others.find((o) => typeof rank === "number" && extra(o).apm_rank === rank && given(o));
    if (taken && given(p))
      throw new RepositoryError("refused", rankTakenProblem(rank as number, p.fields.apm_app, summary(taken)).message, {
        status: 400,
      });
  }

  private member(userId: string): MemberUser {
    const u = this.repository.data.users.find((x) => same(x.id, userId));
    const profiles = this.repository.data.links
      .filter(([r, , id]) => r === AppProfileSystemUser.schemaName && same(id, userId))
      .map(([, pid]) => ({
        id: pid,
        name: this.repository.data.profiles.find((p) => same(p.id, pid))?.fields.apm_name ?? pid,
      }));
    return {
      id: userId,
      fullName: u?.fullName ?? "",
      domainName: u?.domainName ?? "",
      pickable: !(this.fixture.unpickable ?? []).some((id) => same(id, userId)),
      profiles,
      teamIds: this.fixture.members.filter(([m]) => same(m, userId)).map(([, t]) => t),
      roleIds: this.fixture.holders.filter(([h]) => same(h, userId)).map(([, r]) => r),
    };
  }

  private holdersOf(roleId: string): string[] {
    const teams = this.fixture.teamRoles.filter(([, r]) => same(r, roleId)).map(([t]) => t);
    return [
      ...this.fixture.holders.filter(([, r]) => same(r, roleId)).map(([u]) => u),
      ...this.fixture.members.filter(([, t]) => teams.some((x) => same(x, t))).map(([u]) => u),
    ];
  }

  private users(ids: readonly string[]): MemberUser[] {
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    return unique.map((id) => this.member(id)).sort((a, b) => a.fullName.localeCompare(b.fullName));
  }

  async usersOf(item: AccessItem): Promise<MemberUser[]> {
    this.requests.push(`GET systemusers?${item.kind}=${item.id}`);
    return this.users(
      item.kind === "team"
        ? this.fixture.members.filter(([, t]) => same(t, item.id)).map(([u]) => u)
        : this.holdersOf(item.id),
    );
  }

  async reach(profileId: string, access: ProfileAccess) {
    this.requests.push(`GET systemusers?reach=${profileId}`);
    const direct = this.repository.data.links
      .filter(([r, p]) => r === AppProfileSystemUser.schemaName && same(p, profileId))
      .map(([, , u]) => u);
    const ids = [
      ...direct,
      ...access.teams.flatMap((t) => this.fixture.members.filter(([, m]) => same(m, t.id)).map(([u]) => u)),
      ...access.roles.flatMap((r) => this.holdersOf(r.id)),
    ];
    const teamRoles = new Map<string, string[]>();
    for (const [t, r] of this.fixture.teamRoles)
      teamRoles.set(t.toLowerCase(), [...(teamRoles.get(t.toLowerCase()) ?? []), r]);
    return { users: this.users(ids), teamRoles };
  }
}
