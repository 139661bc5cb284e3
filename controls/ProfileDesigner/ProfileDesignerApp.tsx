/** The profile designer: the list of app profiles, search, sort, New profile, and Search by user. */
import * as React from "react";
import {
  CommandBarButton,
  DefaultButton,
  Dropdown,
  MessageBar,
  MessageBarType,
  SearchBox,
  Spinner,
  Stack,
  Text,
} from "@fluentui/react";
import { AppChoice } from "../../schema";
import { isChatLicenseAvailable } from "../../handlers/rules";
import { ControlRoot } from "../shared/components/ControlRoot";
import type { ProfileSummary } from "../shared/data/model";
import type { ProfileDesignerProps } from "./designerProps";
import { NewProfilePanel } from "./NewProfilePanel";
import { ProfileList } from "./ProfileList";
import { SearchByUserPanel } from "./SearchByUserPanel";
import { commonPrefix } from "./newProfileForm";
import { sortProfiles, type StatusFilter } from "./profileListView";
import { useProfileList } from "./useProfileList";
import { PROFILE_PAGE_SIZE } from "../shared/data/profilePage";

export function ProfileDesignerApp(props: ProfileDesignerProps): React.ReactElement {
  const { strings, permissions, repository, onSelectProfile } = props;
  const list = useProfileList(repository, permissions.canCreate);
  const { state, view, reload } = list;
  const { search, sort, status } = view;
  const [panelOpen, setPanelOpen] = React.useState(false);
  const [searchByUserOpen, setSearchByUserOpen] = React.useState(false);
  const [notice, setNotice] = React.useState<string>();

  const appLabel = React.useCallback(
    (app: number | null) =>
      app === AppChoice.CustomerServiceWorkspace.value
        ? strings("appCustomerServiceWorkspace")
        : app === AppChoice.OmnichannelForCustomerService.value
          ? strings("appOmnichannel")
          : "",
    [strings],
  );
  const onSort = list.sortBy;
  const onOpen = React.useCallback((p: ProfileSummary) => onSelectProfile(p.id), [onSelectProfile]);

  // The server searched, filtered and sorted the page; only the user count (an aggregate) sorts on screen.
  const page = state.status === "ready" ? state.page : undefined;
  const profiles = React.useMemo(() => (page ? [...page.rows] : []), [page]);
  const visible = React.useMemo(
    () => (sort.column === "userCount" ? sortProfiles(profiles, sort, appLabel) : profiles),
    [profiles, sort, appLabel],
  );
  const first = list.pageIndex * PROFILE_PAGE_SIZE + 1;
  const pageRange =
    page && page.rows.length > 0
      ? strings(
          page.totalCountCapped ? "pageRangeCapped" : "pageRange",
          first.toLocaleString(),
          (first + page.rows.length - 1).toLocaleString(),
          page.totalCount.toLocaleString(),
        )
      : undefined;
  const newProfileContext = React.useMemo(
    () => ({
      takenUniqueNames: profiles.map((p) => p.uniqueName),
      chatLicenseAvailable: state.status === "ready" && isChatLicenseAvailable(state.chatLicenseValue),
      prefix: commonPrefix(profiles.filter((p) => !p.isDefault).map((p) => p.uniqueName)),
    }),
    [profiles, state],
  );

  return (
    <ControlRoot theme={props.theme} label={strings("title")}>
      <Stack tokens={{ childrenGap: 8 }} styles={{ root: { padding: 8 } }}>
        <Text as="h2" variant="xLarge">
          {strings("title")}
        </Text>
        {/* Plain buttons rather than CommandBar: three commands need no overflow measuring. */}
        <Stack horizontal role="toolbar" aria-label={strings("title")} styles={{ root: { height: 40 } }}>
          {permissions.canCreate && (
            <CommandBarButton
              iconProps={{ iconName: "Add" }}
              text={strings("newProfile")}
              disabled={state.status !== "ready"}
              onClick={() => setPanelOpen(true)}
            />
          )}
          <CommandBarButton
            iconProps={{ iconName: "ContactInfo" }}
            text={strings("searchByUser")}
            aria-haspopup="dialog"
            onClick={() => setSearchByUserOpen(true)}
          />
          <CommandBarButton iconProps={{ iconName: "Refresh" }} text={strings("refresh")} onClick={reload} />
        </Stack>
        {!permissions.canCreate && (
          <MessageBar messageBarType={MessageBarType.info}>{strings("readOnlyPrivilege")}</MessageBar>
        )}
        {notice && (
          <MessageBar
            messageBarType={MessageBarType.success}
            onDismiss={() => setNotice(undefined)}
            dismissButtonAriaLabel={strings("dismiss")}
          >
            {notice}
          </MessageBar>
        )}
        <Stack horizontal tokens={{ childrenGap: 12 }} verticalAlign="end" wrap>
          <SearchBox
            ariaLabel={strings("searchLabel")}
            placeholder={strings("searchPlaceholder")}
            value={search}
            onChange={(_, v) => list.setSearch(v ?? "")}
            styles={{ root: { width: 400, maxWidth: "100%" } }}
          />
          {/* Rule 13: inactive profiles apply to no one; the list shows the active ones first, like the app's view. */}
          <Dropdown
            label={strings("statusFilterLabel")}
            selectedKey={status}
            onChange={(_, option) => option && list.setStatus(option.key as StatusFilter)}
            options={[
              { key: "active", text: strings("statusFilterActive") },
              { key: "inactive", text: strings("statusFilterInactive") },
              { key: "all", text: strings("statusFilterAll") },
            ]}
            styles={{ root: { width: 180 } }}
          />
        </Stack>
        {state.status === "loading" && <Spinner label={strings("loading")} />}
        {state.status === "failed" && (
          <MessageBar messageBarType={MessageBarType.error} isMultiline>
            {strings("loadError", state.message)}
          </MessageBar>
        )}
        {state.status === "ready" && (
          <>
            <ProfileList
              profiles={visible}
              sort={sort}
              onSort={onSort}
              onOpen={onOpen}
              appLabel={appLabel}
              strings={strings}
            />
            {visible.length === 0 && <Text>{strings("listEmpty")}</Text>}
            {pageRange && (
              <Stack
                horizontal
                role="navigation"
                aria-label={strings("pagingLabel")}
                tokens={{ childrenGap: 8 }}
                verticalAlign="center"
              >
                <Text aria-live="polite">{pageRange}</Text>
                <DefaultButton
                  iconProps={{ iconName: "ChevronLeft" }}
                  text={strings("pagePrevious")}
                  disabled={list.pageIndex === 0}
                  onClick={list.previous}
                />
                <DefaultButton
                  iconProps={{ iconName: "ChevronRight" }}
                  text={strings("pageNext")}
                  disabled={page?.nextPage === undefined}
                  onClick={() => page?.nextPage && list.next(page.nextPage)}
                />
              </Stack>
            )}
          </>
        )}
      </Stack>
      {panelOpen && state.status === "ready" && (
        <NewProfilePanel
          repository={repository}
          strings={strings}
          context={newProfileContext}
          chatLicenseValue={state.chatLicenseValue}
          userId={props.userId}
          onDismiss={() => setPanelOpen(false)}
          onCreated={(id, name) => {
            setPanelOpen(false);
            setNotice(strings("created", name));
            reload();
            onSelectProfile(id);
          }}
        />
      )}
      {searchByUserOpen && (
        <SearchByUserPanel
          repository={repository}
          strings={strings}
          appLabel={appLabel}
          onOpenProfile={onSelectProfile}
          onDismiss={() => setSearchByUserOpen(false)}
        />
      )}
    </ControlRoot>
  );
}
