/**
 * Reads a page of a profile's history over the Web API with RetrieveRecordChangeHistory, with the names to show
 * (historyNames.ts). Where the answer carries AuditRecord (the local server); Dataverse's Web API leaves it out, so
 * the controls read history through historySource.ts.
 */
import { sendJson, type WebApiFetch } from "../data/webApiFetch";
import { historyPath, readHistoryPage, type HistoryPage } from "./auditHistory";
import { namesOf, type NameKind } from "./historyNames";

export interface NamedHistoryPage extends HistoryPage {
  /** Display names by id (lower case): authors and linked records. */
  readonly names: ReadonlyMap<string, string>;
}

export async function readProfileHistory(
  send: WebApiFetch,
  profileId: string,
  page = 1,
  count = 50,
): Promise<NamedHistoryPage> {
  const answer = await sendJson(send, "GET", historyPath(profileId, page, count));
  const history = readHistoryPage(answer.body);
  const wanted: [NameKind, string | null][] = [];
  for (const entry of history.entries) {
    wanted.push(["author", entry.userId]);
    if (entry.link) wanted.push([entry.link.kind, entry.link.relatedId]);
  }
  return { ...history, names: await namesOf(send, wanted) };
}
