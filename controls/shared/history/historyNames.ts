/**
 * The names the history shows: who made each change and what was linked or unlinked (users, templates, providers,
 * roles, teams), read by id in `Microsoft.Dynamics.CRM.In` chunks (Learn: webapi/query/filter-rows, "Query
 * functions"). A record deleted since keeps its id as its name. Its own module, so a bundle that reads audits this way
 * carries nothing of schema/audit.ts (which names the solution's roles).
 */
import { sendJson, type WebApiFetch } from "../data/webApiFetch";
import { odataString } from "../odata";
import type { LinkKind } from "./auditHistory";

const tables: Readonly<Record<LinkKind | "author", { set: string; id: string; name: string }>> = {
  author: { set: "systemusers", id: "systemuserid", name: "fullname" },
  users: { set: "systemusers", id: "systemuserid", name: "fullname" },
  sessionTemplates: { set: "apm_sessiontemplates", id: "apm_sessiontemplateid", name: "apm_name" },
  channelProviders: { set: "apm_channelproviders", id: "apm_channelproviderid", name: "apm_name" },
  roles: { set: "roles", id: "roleid", name: "name" },
  teams: { set: "teams", id: "teamid", name: "name" },
};
const CHUNK = 100;

export type NameKind = LinkKind | "author";

/** Display names by id (lower case) of authors and linked records, read in `In` chunks per table. */
export async function namesOf(
  send: WebApiFetch,
  records: Iterable<readonly [NameKind, string | null | undefined]>,
): Promise<Map<string, string>> {
  const wanted = new Map<keyof typeof tables, Set<string>>();
  for (const [kind, id] of records) {
    if (!id) continue;
    const key = kind === "author" ? "users" : kind; // one read of systemusers for both
    wanted.set(key, (wanted.get(key) ?? new Set()).add(id.toLowerCase()));
  }
  const names = new Map<string, string>();
  for (const [kind, ids] of wanted) {
    const table = tables[kind];
    const list = [...ids];
    for (let i = 0; i < list.length; i += CHUNK) {
      const values = list
        .slice(i, i + CHUNK)
        .map(odataString)
        .join(",");
      const filter = encodeURIComponent(
        `Microsoft.Dynamics.CRM.In(PropertyName='${table.id}',PropertyValues=[${values}])`,
      );
      const rows = await sendJson(send, "GET", `${table.set}?$select=${table.id},${table.name}&$filter=${filter}`);
      for (const row of (rows.body.value ?? []) as Record<string, unknown>[])
        names.set(String(row[table.id]).toLowerCase(), String(row[table.name] ?? ""));
    }
  }
  return names;
}
