/**
 * Demo security roles and teams (issue 13): the product's roles and three platform-style roles as `role` rows, three
 * owner teams, and demo users in several of them, with roles held directly and through teams, so "who gets which
 * profile" has something to resolve. Written through the pipeline as the system, like the rest of the demo.
 */
import { securityRoles } from "../schema";
import { SystemUserRoles, Team, TeamMembership, TeamRoles, TeamType, ROOT_BUSINESS_UNIT_ID } from "./platform";
import { upsertRoleRow } from "./platformRows";
import type { DemoUser } from "./seed";
import { isAssociated } from "./storage/rows";
import { systemCaller } from "./users";
import type { WebApi } from "./webapi/service";
import type { AnyTable, ManyToManyRelationship } from "../schema";

/** Platform-style roles an Omnichannel environment has (ids fixed so every demo folder agrees). */
export const demoRoles = {
  customerServiceRepresentative: {
    roleid: "5c0a7e11-0000-4000-8000-0000000000c1",
    name: "Customer Service Representative",
  },
  omnichannelAgent: { roleid: "5c0a7e11-0000-4000-8000-0000000000c2", name: "Omnichannel agent" },
  omnichannelSupervisor: { roleid: "5c0a7e11-0000-4000-8000-0000000000c3", name: "Omnichannel supervisor" },
} as const;

export const demoTeams = {
  tier1: { teamid: "7ea30000-0000-4000-8000-0000000000a1", name: "Tier 1" },
  escalations: { teamid: "7ea30000-0000-4000-8000-0000000000e5", name: "Escalations" },
  nightShift: { teamid: "7ea30000-0000-4000-8000-0000000000b7", name: "Night shift" },
} as const;

type TeamKey = keyof typeof demoTeams;
type RoleKey = keyof typeof demoRoles;

/** Which team holds which roles: members inherit them (Learn: power-platform/admin/manage-teams). */
const teamRoles: Readonly<Record<TeamKey, readonly RoleKey[]>> = {
  tier1: ["omnichannelAgent"],
  escalations: ["omnichannelAgent", "omnichannelSupervisor"],
  nightShift: ["customerServiceRepresentative"],
};

/** Demo users (by key) in teams and with roles of their own; a user the seed doesn't have is skipped (norole stays without). */
const memberships: Readonly<Record<string, { teams: readonly TeamKey[]; roles: readonly RoleKey[] }>> = {
  agent: { teams: ["tier1", "nightShift"], roles: ["customerServiceRepresentative"] },
  agent2: { teams: ["escalations", "tier1"], roles: [] },
  admin: { teams: ["escalations"], roles: [] },
};

const asTable = (table: unknown) => table as AnyTable;
const asRelationship = (relationship: unknown) => relationship as ManyToManyRelationship;

export async function seedDemoTeams(api: WebApi, users: readonly DemoUser[]): Promise<void> {
  const db = api.dbs.writer;
  const exec = (request: Parameters<WebApi["pipeline"]["execute"]>[0]) => api.pipeline.execute(request, systemCaller);
  const associate = async (relationship: unknown, entity1: [string, string], entity2: [string, string]) => {
    const rel = asRelationship(relationship);
    if (isAssociated(db, rel, entity1[1], entity2[1])) return;
    await exec({
      message: "Associate",
      relationship: rel,
      record: { logicalName: entity1[0], id: entity1[1] },
      related: { logicalName: entity2[0], id: entity2[1] },
    });
  };
  await api.inTransaction(async () => {
    // The product's roles come with its solution in Dataverse; the demo installs the solution's tables directly.
    for (const role of securityRoles)
      upsertRoleRow(db, { roleid: role.id, name: role.name, description: role.description });
    for (const role of Object.values(demoRoles)) upsertRoleRow(db, role);
    for (const team of Object.values(demoTeams)) {
      await exec({
        message: "Create",
        table: asTable(Team),
        id: team.teamid,
        attributes: { name: team.name, teamtype: TeamType.Owner.value, businessunitid: ROOT_BUSINESS_UNIT_ID },
      });
    }
    for (const [team, roles] of Object.entries(teamRoles) as [TeamKey, readonly RoleKey[]][]) {
      for (const role of roles)
        await associate(TeamRoles, ["team", demoTeams[team].teamid], ["role", demoRoles[role].roleid]);
    }
    for (const user of users) {
      const plan = memberships[user.key];
      if (!plan) continue;
      for (const team of plan.teams)
        await associate(TeamMembership, ["systemuser", user.userId], ["team", demoTeams[team].teamid]);
      for (const role of plan.roles)
        await associate(SystemUserRoles, ["systemuser", user.userId], ["role", demoRoles[role].roleid]);
    }
  });
}
