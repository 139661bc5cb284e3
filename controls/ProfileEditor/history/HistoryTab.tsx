/**
 * Issue 14: the profile's History: every change newest first, who and when, old → new, and what was added or
 * removed; filtered by kind on the server, a page at a time. Reading audits needs the View Audit History and View
 * Audit Summary privileges (Learn: auditing/retrieve-audit-data: prvReadAuditSummary for the audit table,
 * prvReadRecordAuditHistory for a record's history): without them, one notice.
 */
import * as React from "react";
import { DefaultButton, MessageBar, MessageBarButton, MessageBarType, Spinner, Stack, Text } from "@fluentui/react";
import { isNoAccess, sentenceForError } from "../../shared/errorSentences";
import { historyFilterKinds, type HistoryFilter } from "../../shared/history/auditTrail";
import type { HistoryItem, HistoryItemsPage, ProfileHistorySource } from "../../shared/history/historySource";
import type { EditorStringKey } from "../../shared/manifest";
import type { Translate } from "../../shared/strings";
import { columnLabel, filterLabels, kindByWhom, linkLabel, valueText } from "./historyText";

export const HISTORY_PAGE_SIZE = 25;

export interface HistoryTabProps {
  profileId: string;
  source: ProfileHistorySource;
  strings: Translate<EditorStringKey>;
  formatDateTime: (iso: string) => string;
  pageSize?: number;
}

type Loaded =
  | { status: "loading" }
  | { status: "denied" }
  | { status: "failed"; message: string }
  | { status: "ready"; page: HistoryItemsPage };

const filters: readonly HistoryFilter[] = ["all", ...historyFilterKinds];

export function HistoryTab(props: HistoryTabProps): React.ReactElement {
  const { profileId, source, strings, pageSize = HISTORY_PAGE_SIZE } = props;
  const [filter, setFilter] = React.useState<HistoryFilter>("all");
  const [page, setPage] = React.useState(1);
  const [attempt, setAttempt] = React.useState(0);
  const [loaded, setLoaded] = React.useState<Loaded>({ status: "loading" });
  React.useEffect(() => {
    let current = true;
    setLoaded({ status: "loading" });
    source.readPage(profileId, filter, page, pageSize).then(
      (result) => current && setLoaded({ status: "ready", page: result }),
      (error: unknown) =>
        current &&
        setLoaded(
          isNoAccess(error)
            ? { status: "denied" }
            : { status: "failed", message: sentenceForError(error, strings, "load") },
        ),
    );
    return () => {
      current = false;
    };
  }, [source, profileId, filter, page, pageSize, strings, attempt]);

  if (loaded.status === "denied")
    return (
      <MessageBar messageBarType={MessageBarType.warning} isMultiline styles={{ root: { marginTop: 12 } }}>
        {strings("historyNoPrivilege")}
      </MessageBar>
    );
  return (
    <Stack tokens={{ childrenGap: 12 }} styles={{ root: { paddingTop: 12 } }}>
      <Text variant="small">{strings("historyHelp")}</Text>
      <div role="group" aria-label={strings("historyFilterLabel")}>
        <Stack horizontal wrap tokens={{ childrenGap: 8 }}>
          {filters.map((f) => (
            <DefaultButton
              key={f}
              text={strings(filterLabels[f])}
              toggle
              checked={filter === f}
              primary={filter === f}
              onClick={() => {
                setFilter(f);
                setPage(1);
              }}
            />
          ))}
        </Stack>
      </div>
      {loaded.status === "loading" && <Spinner label={strings("loading")} />}
      {loaded.status === "failed" && (
        <MessageBar
          messageBarType={MessageBarType.error}
          isMultiline
          actions={<MessageBarButton onClick={() => setAttempt((a) => a + 1)}>{strings("retry")}</MessageBarButton>}
        >
          {loaded.message}
        </MessageBar>
      )}
      {loaded.status === "ready" && (
        <HistoryList
          page={loaded.page}
          strings={strings}
          formatDateTime={props.formatDateTime}
          empty={strings(filter === "all" ? "historyEmpty" : "historyEmptyFiltered")}
        />
      )}
      {loaded.status === "ready" && (page > 1 || loaded.page.hasMore) && (
        <Stack horizontal verticalAlign="center" tokens={{ childrenGap: 8 }}>
          <DefaultButton text={strings("historyNewer")} disabled={page === 1} onClick={() => setPage(page - 1)} />
          <Text>{strings("historyPage", page)}</Text>
          <DefaultButton
            text={strings("historyOlder")}
            disabled={!loaded.page.hasMore}
            onClick={() => setPage(page + 1)}
          />
        </Stack>
      )}
    </Stack>
  );
}

function HistoryList(props: {
  page: HistoryItemsPage;
  strings: Translate<EditorStringKey>;
  formatDateTime: (iso: string) => string;
  empty: string;
}): React.ReactElement {
  const { page, strings } = props;
  if (page.items.length === 0) return <Text>{props.empty}</Text>;
  return (
    <ol aria-label={strings("historyListLabel")} style={{ margin: 0, paddingLeft: 0, listStyle: "none" }}>
      {page.items.map((item) => (
        <HistoryRow key={item.auditId} item={item} strings={strings} formatDateTime={props.formatDateTime} />
      ))}
    </ol>
  );
}

function HistoryRow(props: {
  item: HistoryItem;
  strings: Translate<EditorStringKey>;
  formatDateTime: (iso: string) => string;
}): React.ReactElement {
  const { item, strings } = props;
  return (
    <li style={{ padding: "8px 0", borderBottom: "1px solid #edebe9" }}>
      <Text block styles={{ root: { fontWeight: 600 } }}>
        {kindByWhom(item.kind, item.userName, strings)}
      </Text>
      <Text variant="small" block>
        <time dateTime={item.at}>{props.formatDateTime(item.at)}</time>
      </Text>
      {item.link && <Text block>{strings("historyLinked", linkLabel(item.link.kind, strings), item.link.name)}</Text>}
      {item.changes.length > 0 && (
        <ul style={{ margin: "4px 0 0", paddingLeft: 20 }}>
          {item.changes.map((change) => (
            <li key={change.column}>
              {item.kind === "update"
                ? strings(
                    "historyChange",
                    columnLabel(change.column, strings),
                    valueText(change, "from", strings),
                    valueText(change, "to", strings),
                  )
                : strings(
                    "historyValue",
                    columnLabel(change.column, strings),
                    valueText(change, item.kind === "delete" ? "from" : "to", strings),
                  )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
