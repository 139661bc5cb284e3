/**
 * The History tab's and Search by user's one way to read a profile's history (injected by each control's index.ts):
 * a page of the profile's audit rows (`Prefer: odata.maxpagesize`, later pages by `@odata.nextLink`: Learn
 * webapi/query/page-results), then every row's details in one `$batch` (Learn:
 * webapi/execute-batch-operations-using-web-api), then the names of the authors and linked records the answers
 * didn't name. See auditTrail.ts for why the rows come from `audits` and not RetrieveRecordChangeHistory.
 */
import { toRepositoryError } from "../data/mapping";
import { sendBatch, sendJson, webApiRoot, WEB_API_PATH, type WebApiFetch } from "../data/webApiFetch";
import type { HistoryKind } from "./auditHistory";
import {
  auditDetailsPath,
  auditRowsPath,
  nextAuditRowsPath,
  readAuditDetail,
  readAuditRows,
  MAX_AUDIT_ROWS,
  type AuditLink,
  type AuditRowFacts,
  type HistoryFilter,
  type ShownChange,
} from "./auditTrail";
import { namesOf, type NameKind } from "./historyNames";

export interface HistoryItem {
  readonly auditId: string;
  readonly kind: HistoryKind;
  /** ISO date-time, UTC. */
  readonly at: string;
  /** Who made the change: the user's full name (their id when the user can't be read). */
  readonly userName: string;
  readonly changes: readonly ShownChange[];
  /** Associate, disassociate: the record linked or unlinked, with its name (its id when it is gone). */
  readonly link?: AuditLink & { readonly name: string };
}

export interface HistoryItemsPage {
  readonly items: readonly HistoryItem[];
  /** From 1. */
  readonly page: number;
  readonly hasMore: boolean;
}

export interface Assignment {
  readonly userName: string;
  readonly at: string;
}

/** The editor's History tab. */
export interface ProfileHistorySource {
  /** One page of the profile's changes, newest first, of one kind or all. */
  readPage(profileId: string, filter: HistoryFilter, page: number, pageSize: number): Promise<HistoryItemsPage>;
}

/** The designer's Search by user (each control's bundle carries only its own reader). */
export interface AssignmentSource {
  /** Who added the user to the profile, and when: the latest such change; undefined when none is recorded. */
  whoAssigned(profileId: string, userId: string): Promise<Assignment | undefined>;
}

/** Formatted values: option labels, lookup names, the author's name (Learn: webapi/query-data-web-api). */
const ANNOTATIONS = { Prefer: 'odata.include-annotations="*"' };
const pageOf = (size: number) => ({
  Prefer: `odata.include-annotations="*",odata.maxpagesize=${Math.min(Math.max(1, Math.floor(size)), MAX_AUDIT_ROWS)}`,
});
/** How many recent additions Search by user looks through for one user's. */
const ASSIGNMENTS_LOOKED_AT = 50;

/** Audit rows as history items: their details in one `$batch`, then the names the answers didn't give (namesOf). */
function historyItems(send: WebApiFetch, clientUrl: string) {
  const root = webApiRoot(clientUrl);
  return async function itemsOf(rows: readonly AuditRowFacts[]): Promise<HistoryItem[]> {
    const parts =
      rows.length === 0
        ? []
        : await sendBatch(
            send,
            rows.map((row) => ({
              method: "GET",
              url: `${root}${auditDetailsPath(row.auditId)}`,
              headers: ANNOTATIONS,
            })),
          );
    const details = rows.map((row, i) => ({ row, detail: readAuditDetail(parts[i]?.body) }));
    const wanted: [NameKind, string | null][] = [];
    for (const { row, detail } of details) {
      if (!row.userName) wanted.push(["author", row.userId]);
      if (detail?.link) wanted.push([detail.link.kind, detail.link.relatedId]);
    }
    const names = await namesOf(send, wanted);
    const nameOf = (id: string | null) => (id ? (names.get(id.toLowerCase()) ?? id) : "");
    return details.map(({ row, detail }) => ({
      auditId: row.auditId,
      kind: row.kind,
      at: row.at,
      userName: row.userName ?? nameOf(row.userId),
      changes: detail?.changes ?? [],
      ...(detail?.link ? { link: { ...detail.link, name: nameOf(detail.link.relatedId) } } : {}),
    }));
  };
}

export function webApiHistorySource(send: WebApiFetch, clientUrl = ""): ProfileHistorySource {
  const itemsOf = historyItems(send, clientUrl);
  /**
   * The path of each page of the last query read (profile, filter, page size): page 1's, then each nextLink, so the
   * next page is one request; a page not reached yet is walked to through the links before it, rows only.
   */
  let walk: { key: string; paths: string[] } = { key: "", paths: [] };

  async function rowsPage(profileId: string, filter: HistoryFilter, page: number, pageSize: number) {
    const key = `${profileId}|${filter}|${pageSize}`;
    if (walk.key !== key || page === 1) walk = { key, paths: [auditRowsPath(profileId, filter)] };
    const { paths } = walk;
    for (let at = Math.min(paths.length, page); ; at += 1) {
      const path = paths[at - 1];
      if (path === undefined) return { rows: [], hasMore: false };
      const answer = await sendJson(send, "GET", path, { headers: pageOf(pageSize) });
      const next = nextAuditRowsPath(answer.body, WEB_API_PATH);
      paths.length = at;
      if (next) paths.push(next);
      if (at === page) return { rows: readAuditRows(answer.body), hasMore: next !== undefined };
    }
  }

  return {
    async readPage(profileId, filter, page, pageSize) {
      try {
        const { rows, hasMore } = await rowsPage(profileId, filter, page, pageSize);
        return { items: await itemsOf(rows), page, hasMore };
      } catch (error) {
        throw toRepositoryError(error);
      }
    },
  };
}

export function webApiAssignmentSource(send: WebApiFetch, clientUrl = ""): AssignmentSource {
  const itemsOf = historyItems(send, clientUrl);
  return {
    async whoAssigned(profileId, userId) {
      try {
        const answer = await sendJson(send, "GET", auditRowsPath(profileId, "associate", ASSIGNMENTS_LOOKED_AT), {
          headers: ANNOTATIONS,
        });
        const list = await itemsOf(readAuditRows(answer.body));
        const id = userId.toLowerCase();
        const found = list.find((i) => i.link?.kind === "users" && i.link.relatedId.toLowerCase() === id);
        return found ? { userName: found.userName, at: found.at } : undefined;
      } catch (error) {
        throw toRepositoryError(error);
      }
    },
  };
}
