/**
 * What Compare reads from the server: the profiles to compare, each with its columns and its links by the names an
 * export file uses, in one request for both profiles (a `$filter` on the ids and one `$expand` per N:N; Learn:
 * webapi/query/join-tables, up to 15 `$expand` options). Dataverse may page an expanded collection inside a page
 * (`<nav>@odata.nextLink` on the row; fidelity #43): such a list is read on by its link, one request per page.
 */
import {
  AppProfile,
  AppProfileChannelProvider,
  AppProfileRole,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  AppProfileTeam,
} from "../../../schema/model";
import { PORTABLE_COLUMNS } from "../../shared/portability/document";
import { sendJson, webApiRoot, type WebApiFetch } from "../../shared/data/webApiFetch";
import { normalizeId } from "../../shared/ids";
import { snapshotOfRow, type LinkColumns } from "../../shared/compare/snapshots";
import type { ProfileSnapshot } from "../../shared/compare/profileComparison";

export interface CompareSource {
  /** The profiles of these ids, in the same order; a missing one rejects with status 404. */
  loadProfiles(ids: readonly string[]): Promise<ProfileSnapshot[]>;
}

const LINKS: LinkColumns = {
  sessionTemplates: [AppProfileSessionTemplate.entity1NavigationProperty, "apm_uniquename"],
  channelProviders: [AppProfileChannelProvider.entity1NavigationProperty, "apm_name"],
  roles: [AppProfileRole.entity1NavigationProperty, "name"],
  teams: [AppProfileTeam.entity1NavigationProperty, "name"],
  users: [AppProfileSystemUser.entity1NavigationProperty, "domainname"],
};

const SELECT = [
  AppProfile.primaryIdAttribute,
  "apm_uniquename",
  "apm_isdefault",
  ...PORTABLE_COLUMNS,
  "apm_rank",
  "apm_iscustomdefault",
  "statecode",
];

/** The one query for these profiles. Ids are GUIDs (checked), so they go into the filter as they are. */
export function compareQuery(ids: readonly string[]): string {
  const filter = ids.map((id) => `${AppProfile.primaryIdAttribute} eq ${id}`).join(" or ");
  const expand = Object.values(LINKS)
    .map(([navigation, name]) => `${navigation}($select=${name})`)
    .join(",");
  return `${AppProfile.entitySetName}?$select=${SELECT.join(",")}&$filter=${encodeURIComponent(filter)}&$expand=${expand}`;
}

type Row = Record<string, unknown>;

function relative(link: string, root: string): string {
  const at = link.indexOf(root);
  return at >= 0
    ? link.slice(at + root.length)
    : link.slice(link.indexOf("/api/data/v9.2/") + "/api/data/v9.2/".length);
}

export function webApiCompareSource(send: WebApiFetch, clientUrl = ""): CompareSource {
  const root = webApiRoot(clientUrl);
  return {
    async loadProfiles(ids) {
      const guids = ids.map((id) => normalizeId(id));
      if (guids.some((id) => id === undefined)) throw { status: 404 };
      const answer = await sendJson(send, "GET", compareQuery(guids as string[]));
      const rows = Array.isArray(answer.body.value) ? (answer.body.value as Row[]) : [];
      for (const row of rows) {
        for (const [navigation] of Object.values(LINKS)) {
          let next = row[`${navigation}@odata.nextLink`];
          const related = Array.isArray(row[navigation]) ? [...(row[navigation] as Row[])] : [];
          while (typeof next === "string") {
            const page = await sendJson(send, "GET", relative(next, root));
            if (Array.isArray(page.body.value)) related.push(...(page.body.value as Row[]));
            next = page.body["@odata.nextLink"];
          }
          row[navigation] = related;
        }
      }
      const byId = new Map(rows.map((r) => [normalizeId(String(r[AppProfile.primaryIdAttribute])), r]));
      return guids.map((id) => {
        const row = byId.get(id);
        if (!row) throw { status: 404 };
        return snapshotOfRow(row, PORTABLE_COLUMNS, LINKS);
      });
    },
  };
}
