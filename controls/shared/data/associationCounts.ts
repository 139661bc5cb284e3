/**
 * Issue 13: how many roles and teams each profile of a list page is given to, as one FetchXML aggregate over the two
 * N:N intersects, grouped on the profile id: the answer is one row per profile whatever the number of assignments
 * (Learn: fetchxml/aggregate-data; `distinct` with countcolumn counts unique values, so joining both intersects in
 * one query doesn't multiply the counts: Learn: fetchxml/reference/attribute, "distinct"). Outer joins, so a profile
 * with neither counts 0.
 */
import { AppProfile, AppProfileRole, AppProfileTeam, Role, Team } from "../../../schema/model";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function roleTeamCountFetchXml(profileIds: readonly string[]): string {
  const ids = profileIds.filter((id) => GUID.test(id));
  if (ids.length === 0) throw new Error("No profile ids to count roles and teams for.");
  const id = AppProfile.primaryIdAttribute;
  const link = (intersect: string, column: string, alias: string) =>
    `<link-entity name="${intersect}" from="${id}" to="${id}" link-type="outer" alias="${alias}_link">` +
    `<attribute name="${column}" alias="${alias}" aggregate="countcolumn" distinct="true" /></link-entity>`;
  return (
    `<fetch aggregate="true"><entity name="${AppProfile.logicalName}">` +
    `<attribute name="${id}" alias="profile" groupby="true" />` +
    `<filter><condition attribute="${id}" operator="in">${ids.map((v) => `<value>${v}</value>`).join("")}</condition></filter>` +
    link(AppProfileRole.intersectEntityName, Role.primaryIdAttribute, "roles") +
    link(AppProfileTeam.intersectEntityName, Team.primaryIdAttribute, "teams") +
    `</entity></fetch>`
  );
}

export function roleTeamCountPath(profileIds: readonly string[]): string {
  return `${AppProfile.entitySetName}?fetchXml=${encodeURIComponent(roleTeamCountFetchXml(profileIds))}`;
}

/** Aggregate rows to counts by profile id (lower case); a profile missing from the answer has none. */
export function roleTeamCountsOf(
  rows: readonly Record<string, unknown>[],
): Map<string, { roleCount: number; teamCount: number }> {
  const counts = new Map<string, { roleCount: number; teamCount: number }>();
  for (const row of rows) {
    if (typeof row.profile === "string")
      counts.set(row.profile.toLowerCase(), { roleCount: Number(row.roles) || 0, teamCount: Number(row.teams) || 0 });
  }
  return counts;
}
