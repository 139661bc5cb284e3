/** Issue 13: Who gets this profile: counts first (direct, through each team, through each role), then pages. */
import * as React from "react";
import { DefaultButton, MessageBar, MessageBarType, Spinner, Stack, Text } from "@fluentui/react";
import type { ProfileAccessRepository } from "../../shared/data/profileAccess";
import { sentenceForError } from "../../shared/errorSentences";
import type { TabProps } from "../tabs/tabProps";
import { whoGets, type Recipient, type WhoGets } from "./whoGets";

export const WHO_GETS_PAGE_SIZE = 50;

type Loaded = { status: "loading" } | { status: "failed"; message: string } | { status: "ready"; result: WhoGets };

export function WhoGetsTab(props: TabProps & { access: ProfileAccessRepository }): React.ReactElement {
  const { state, strings, access } = props;
  const { original } = state;
  const [loaded, setLoaded] = React.useState<Loaded>({ status: "loading" });
  const [page, setPage] = React.useState(0);
  React.useEffect(() => {
    let current = true;
    const saved = original.access;
    if (!saved || !original.isActive) return undefined;
    setLoaded({ status: "loading" });
    Promise.all([access.appProfiles(original.fields.apm_app), access.reach(original.id, saved)]).then(
      ([profiles, reach]) =>
        current && setLoaded({ status: "ready", result: whoGets(original.id, profiles, reach.users, reach.teamRoles) }),
      (error: unknown) => current && setLoaded({ status: "failed", message: sentenceForError(error, strings, "load") }),
    );
    return () => {
      current = false;
    };
  }, [access, original, strings]);
  if (!original.isActive)
    return (
      <MessageBar messageBarType={MessageBarType.info} styles={{ root: { marginTop: 12 } }}>
        {strings("whoGetsInactive")}
      </MessageBar>
    );
  if (loaded.status === "loading") return <Spinner label={strings("loading")} styles={{ root: { paddingTop: 12 } }} />;
  if (loaded.status === "failed")
    return (
      <MessageBar messageBarType={MessageBarType.error} isMultiline>
        {loaded.message}
      </MessageBar>
    );
  const { result } = loaded;
  const pages = Math.max(1, Math.ceil(result.recipients.length / WHO_GETS_PAGE_SIZE));
  const shown = result.recipients.slice(page * WHO_GETS_PAGE_SIZE, (page + 1) * WHO_GETS_PAGE_SIZE);
  const why = (r: Recipient) =>
    r.reason === "Direct"
      ? strings("viaDirect")
      : strings(r.reason === "Team" ? "viaTeam" : "viaRole", r.via?.name ?? "");
  return (
    <Stack tokens={{ childrenGap: 12 }} styles={{ root: { paddingTop: 12 } }}>
      <Text variant="small">{strings("whoGetsHelp")}</Text>
      <Text as="h3" variant="mediumPlus" styles={{ root: { margin: 0 } }}>
        {strings("whoGetsTotal", result.recipients.length)}
      </Text>
      <ul aria-label={strings("tabWhoGets")} style={{ margin: 0, paddingLeft: 20 }}>
        <li>{strings("whoGetsDirect", result.direct)}</li>
        {result.teams.map((t) => (
          <li key={t.via.id}>{strings("whoGetsTeam", t.via.name, t.count)}</li>
        ))}
        {result.roles.map((r) => (
          <li key={r.via.id}>{strings("whoGetsRole", r.via.name, r.count)}</li>
        ))}
        {original.access?.isCustomDefault && <li>{strings("whoGetsDefault")}</li>}
      </ul>
      {result.recipients.length === 0 ? (
        <Text>{strings("whoGetsEmpty")}</Text>
      ) : (
        <table aria-label={strings("whoGetsListLabel")} style={{ borderCollapse: "collapse", textAlign: "left" }}>
          <thead>
            <tr>
              <th style={{ paddingRight: 16 }}>{strings("columnUser")}</th>
              <th style={{ paddingRight: 16 }}>{strings("columnUserName")}</th>
              <th>{strings("columnVia")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.user.id}>
                <td style={{ paddingRight: 16 }}>{r.user.fullName}</td>
                <td style={{ paddingRight: 16 }}>{r.user.domainName}</td>
                <td>{why(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <Stack horizontal verticalAlign="center" tokens={{ childrenGap: 8 }}>
          <DefaultButton text={strings("whoGetsPrevious")} disabled={page === 0} onClick={() => setPage(page - 1)} />
          <Text>{strings("whoGetsPage", page + 1, pages)}</Text>
          <DefaultButton text={strings("whoGetsNext")} disabled={page >= pages - 1} onClick={() => setPage(page + 1)} />
        </Stack>
      )}
    </Stack>
  );
}
