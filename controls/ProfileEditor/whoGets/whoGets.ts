/**
 * Issue 13: who gets one profile, decided by the runtime's own precedence (runtime/rows.ts `pickEffective`), not a
 * second copy of it: for each user the profile can reach, the app's active profiles are shaped as the runtime's
 * query returns them for that user (their users, teams and roles narrowed to the user's), and the user counts
 * when the runtime would pick this profile.
 */
import { pickEffective, type Row } from "../../../runtime/rows";
import { navigation } from "../../../runtime/query";
import type { ProfileReason, ProfileVia } from "../../../runtime/types";
import type { AppProfileRow, MemberUser } from "../../shared/data/profileAccess";

export interface Recipient {
  readonly user: MemberUser;
  readonly reason: ProfileReason;
  readonly via?: ProfileVia;
}

export interface WhoGets {
  readonly recipients: readonly Recipient[];
  readonly direct: number;
  /** Counts by team or role, in name order. */
  readonly teams: readonly { via: ProfileVia; count: number }[];
  readonly roles: readonly { via: ProfileVia; count: number }[];
}

const lower = (s: string) => s.toLowerCase();

/** The row the runtime's query would return for this profile and this user. */
function rowFor(profile: AppProfileRow, user: MemberUser, userRoles: ReadonlySet<string>): Row {
  const teams = new Set(user.teamIds.map(lower));
  return {
    apm_appprofileid: profile.id,
    apm_name: profile.name,
    apm_uniquename: profile.uniqueName,
    apm_rank: profile.rank,
    apm_isdefault: profile.isDefault,
    apm_iscustomdefault: profile.isCustomDefault,
    [navigation.users]: profile.userIds.some((id) => lower(id) === lower(user.id)) ? [{ systemuserid: user.id }] : [],
    [navigation.teams]: profile.teams
      .filter((t) => teams.has(lower(t.id)))
      .map((t) => ({ teamid: t.id, name: t.name })),
    [navigation.roles]: profile.roles
      .filter((r) => userRoles.has(lower(r.id)))
      .map((r) => ({ roleid: r.id, name: r.name })),
  };
}

/** Each pickable user's effective profile among the app's profiles; those who get `profileId` are kept. */
export function whoGets(
  profileId: string,
  appProfiles: readonly AppProfileRow[],
  users: readonly MemberUser[],
  teamRoles: ReadonlyMap<string, readonly string[]>,
): WhoGets {
  const recipients: Recipient[] = [];
  for (const user of users) {
    if (!user.pickable) continue;
    // Roles held directly or through a team (Learn: power-platform/admin/manage-teams: members inherit them).
    const roles = new Set([...user.roleIds, ...user.teamIds.flatMap((t) => teamRoles.get(lower(t)) ?? [])].map(lower));
    const picked = pickEffective(appProfiles.map((p) => rowFor(p, user, roles)));
    if (!picked || lower(String(picked.row.apm_appprofileid)) !== lower(profileId)) continue;
    recipients.push({ user, reason: picked.reason, ...(picked.via ? { via: picked.via } : {}) });
  }
  recipients.sort((a, b) => a.user.fullName.localeCompare(b.user.fullName));
  const tally = (reason: ProfileReason) => {
    const counts = new Map<string, { via: ProfileVia; count: number }>();
    for (const r of recipients) {
      if (r.reason !== reason || !r.via) continue;
      const entry = counts.get(r.via.id) ?? { via: r.via, count: 0 };
      entry.count++;
      counts.set(r.via.id, entry);
    }
    return [...counts.values()].sort((a, b) => a.via.name.localeCompare(b.via.name));
  };
  return {
    recipients,
    direct: recipients.filter((r) => r.reason === "Direct").length,
    teams: tally("Team"),
    roles: tally("Role"),
  };
}
