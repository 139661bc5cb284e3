/** The profile designer: the list of app profiles, search, sort, New profile, Search by user and Assign from CSV. */
import * as React from "react";
import { DefaultButton, Dropdown, MessageBar, MessageBarType, SearchBox, Spinner, Stack, Text } from "@fluentui/react";
import { isChatLicenseAvailable } from "../../handlers/rules";
import { ControlRoot } from "../shared/components/ControlRoot";
import type { ProfileSummary } from "../shared/data/model";
import type { ProfileDesignerProps } from "./designerProps";
import { NewProfilePanel } from "./NewProfilePanel";
import { ProfileList } from "./ProfileList";
import { SearchByUserPanel } from "./SearchByUserPanel";
import { commonPrefix } from "./newProfileForm";
import type { StatusFilter } from "./profileListView";
import { appChoiceLabels, useProfileList } from "./useProfileList";
import { PROFILE_PAGE_SIZE } from "../shared/data/profilePage";
import { DesignerCommandBar, type DesignerCommand } from "./DesignerCommandBar";
import { DeleteProfilesDialog } from "./DeleteProfilesDialog";
import { CloneProfileDialog } from "./CloneProfileDialog";
import { cloneBlockedReason, compareBlockedReason, deleteBlockedReason } from "./listCommands";
import { ComparePanel } from "./compare/ComparePanel";
import { useWidth } from "../shared/useWidth";
import { BulkImportPanel } from "./bulkImport/BulkImportPanel";
import { ImportProfilesPanel } from "./portability/ImportProfilesPanel";
import { ExportProfilesDialog } from "./portability/ExportProfilesDialog";

/** The command bar's height: the list's column headers stick right under it. */
const COMMAND_BAR_HEIGHT = 44;

/** A refusal for missing privileges: Dataverse answers 403 with 0x80040220 (Learn: security-roles privileges). */
function isNoAccess(error: { status?: number } | undefined): boolean {
  return error?.status === 403;
}

export function ProfileDesignerApp(props: ProfileDesignerProps): React.ReactElement {
  const { strings } = props;
  const canRead = props.canRead !== false;
  const appChoices = React.useMemo(() => appChoiceLabels(strings), [strings]);
  if (!canRead) return <NoAccess {...props} />;
  return <Designer {...props} appChoices={appChoices} />;
}

/** Issue 12 item 6: one sentence for a person without any role, no commands that can't work, no platform text. */
function NoAccess(props: ProfileDesignerProps): React.ReactElement {
  const { strings } = props;
  return (
    <ControlRoot theme={props.theme} label={strings("title")}>
      <Stack tokens={{ childrenGap: 8 }} styles={{ root: { padding: 8 } }}>
        <Text as="h2" variant="xLarge">
          {strings("title")}
        </Text>
        <MessageBar messageBarType={MessageBarType.warning} isMultiline>
          {strings("noAccess")}
        </MessageBar>
      </Stack>
    </ControlRoot>
  );
}

type Dialog =
  | "new"
  | "searchByUser"
  | "delete"
  | "clone"
  | "import"
  | "compare"
  | "export"
  | "profilesImport"
  | undefined;

function Designer(
  props: ProfileDesignerProps & { appChoices: readonly { value: number; label: string }[] },
): React.ReactElement {
  const { strings, permissions, repository, onSelectProfile } = props;
  const list = useProfileList(repository, permissions.canCreate, undefined, props.appChoices, props.firstPage);
  const { state, view, reload } = list;
  const { search, sort, status } = view;
  const [dialog, setDialog] = React.useState<Dialog>();
  const [selected, setSelected] = React.useState<ProfileSummary[]>([]);
  const [notice, setNotice] = React.useState<string>();
  const [rootRef, width] = useWidth<HTMLDivElement>(props.width);

  const appLabel = React.useCallback(
    (app: number | null) => props.appChoices.find((c) => c.value === app)?.label ?? "",
    [props.appChoices],
  );
  const onOpen = React.useCallback((p: ProfileSummary) => onSelectProfile(p.id), [onSelectProfile]);

  // The server searched, filtered and sorted the page.
  const page = state.status === "ready" ? state.page : undefined;
  const profiles = React.useMemo(() => (page ? [...page.rows] : []), [page]);
  React.useEffect(() => setSelected([]), [page]);
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
      // Taken unique names are asked of the server as the admin types (NewProfilePanel), not read off this page.
      takenUniqueNames: [],
      chatLicenseAvailable: state.status === "ready" && isChatLicenseAvailable(state.chatLicenseValue),
      prefix: commonPrefix(profiles.filter((p) => !p.isDefault).map((p) => p.uniqueName)),
    }),
    [profiles, state],
  );

  const refused = state.status === "failed" && isNoAccess(state.error);
  const canDelete = permissions.canWrite && permissions.canDelete;
  const ready = state.status === "ready";
  const deleteReason = deleteBlockedReason(selected, strings);
  const commands: DesignerCommand[] = [];
  if (permissions.canCreate) {
    commands.push({
      key: "new",
      text: strings("newProfile"),
      icon: "Add",
      opensDialog: true,
      disabledReason: ready ? undefined : strings("loading"),
      onClick: () => setDialog("new"),
    });
    commands.push({
      key: "clone",
      text: strings("commandClone"),
      icon: "Copy",
      opensDialog: true,
      disabledReason: cloneBlockedReason(selected, strings),
      onClick: () => setDialog("clone"),
    });
  }
  if (canDelete) {
    commands.push({
      key: "delete",
      text: strings("commandDelete"),
      icon: "Delete",
      opensDialog: true,
      disabledReason: deleteReason,
      onClick: () => setDialog("delete"),
    });
  }
  // Assigning writes the profile's N:N (Write on the profile, and AppendTo/Append: the server says which is missing).
  const bulk = props.bulkAssignment;
  if (bulk && permissions.canWrite) {
    commands.push({
      key: "import",
      text: strings("importCommand"),
      icon: "BulkUpload",
      opensDialog: true,
      onClick: () => setDialog("import"),
    });
  }
  // Issue 14: reading is enough to compare.
  if (props.compare)
    commands.push(
      ...[false, true].map(
        (withFile): DesignerCommand => ({
          key: withFile ? "compareWithFile" : "compare",
          text: strings(withFile ? "compareWithFileCommand" : "compareCommand"),
          icon: withFile ? "OpenFile" : "BranchCompare",
          opensDialog: true,
          disabledReason: compareBlockedReason(selected, strings, withFile),
          onClick: () => setDialog("compare"),
        }),
      ),
    );
  // Issue 14: exporting only reads; importing creates and updates profiles, so it needs Create and Write.
  const portability = props.portability;
  if (portability) {
    const some = selected.length > 0;
    commands.push({
      key: "export",
      text: strings(some ? "exportSelectedCommand" : "exportAllCommand"),
      icon: "Download",
      opensDialog: true,
      tooltip: strings(some ? "exportSelectedTooltip" : "exportAllTooltip"),
      onClick: () => setDialog("export"),
    });
    if (permissions.canCreate && permissions.canWrite)
      commands.push({
        key: "profilesImport",
        text: strings("profilesImportCommand"),
        icon: "Upload",
        opensDialog: true,
        onClick: () => setDialog("profilesImport"),
      });
  }
  commands.push(
    {
      key: "searchByUser",
      text: strings("searchByUser"),
      icon: "ContactInfo",
      opensDialog: true,
      onClick: () => setDialog("searchByUser"),
    },
    { key: "refresh", text: strings("refresh"), icon: "Refresh", onClick: reload },
  );

  // The Delete key deletes the selection, as in a model-driven grid.
  const onListKeyDown = (event: React.KeyboardEvent) => {
    if (event.key !== "Delete" || !canDelete || deleteReason !== undefined || dialog !== undefined) return;
    event.preventDefault();
    setDialog("delete");
  };

  if (refused) return <NoAccess {...props} />;
  return (
    <ControlRoot theme={props.theme} label={strings("title")}>
      {/* No overflow here: a clipping ancestor would stop the command bar and headers from sticking to the window. */}
      <div ref={rootRef} style={{ maxWidth: "100%", minWidth: 0 }}>
        <Stack tokens={{ childrenGap: 8 }} styles={{ root: { padding: 8 } }}>
          <Text as="h2" variant="xLarge">
            {strings("title")}
          </Text>
          {/* The command bar stays in view while the list scrolls, as a model-driven grid's does. */}
          <div
            style={{
              position: "sticky",
              top: 0,
              zIndex: 2,
              height: COMMAND_BAR_HEIGHT,
              background: props.theme?.semanticColors.bodyBackground ?? "#ffffff",
            }}
          >
            <DesignerCommandBar commands={commands} label={strings("title")} moreLabel={strings("moreCommands")} />
          </div>
          {!permissions.canCreate && (
            <MessageBar messageBarType={MessageBarType.info} isMultiline>
              {strings("readOnlyPrivilege")}
            </MessageBar>
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
              styles={{ root: { width: 180, maxWidth: "100%" } }}
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
              <div onKeyDown={onListKeyDown}>
                <ProfileList
                  profiles={profiles}
                  sort={sort}
                  onSort={list.sortBy}
                  onOpen={onOpen}
                  onSelectionChanged={setSelected}
                  appLabel={appLabel}
                  strings={strings}
                  width={width}
                  stickyTop={COMMAND_BAR_HEIGHT}
                />
              </div>
              {profiles.length === 0 && <Text>{strings("listEmpty")}</Text>}
              {pageRange && (
                <Stack
                  horizontal
                  wrap
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
      </div>
      {dialog === "new" && state.status === "ready" && (
        <NewProfilePanel
          repository={repository}
          strings={strings}
          context={newProfileContext}
          chatLicenseValue={state.chatLicenseValue}
          userId={props.userId}
          onDismiss={() => setDialog(undefined)}
          onCreated={(id, name) => {
            setDialog(undefined);
            setNotice(strings("created", name));
            reload();
            onSelectProfile(id);
          }}
        />
      )}
      {dialog === "delete" && selected.length > 0 && (
        <DeleteProfilesDialog
          repository={repository}
          strings={strings}
          selected={selected}
          appLabel={appLabel}
          onClose={() => setDialog(undefined)}
          onDeleted={(message) => {
            setDialog(undefined);
            setNotice(message);
            reload();
          }}
        />
      )}
      {dialog === "clone" && selected.length === 1 && (
        <CloneProfileDialog
          repository={repository}
          strings={strings}
          profileId={selected[0].id}
          onClose={() => setDialog(undefined)}
          onCloned={(id) => {
            setDialog(undefined);
            reload();
            // As the form's Clone: the new profile opens.
            onSelectProfile(id);
          }}
        />
      )}
      {dialog === "import" && bulk && (
        <BulkImportPanel service={bulk} strings={strings} onDismiss={() => setDialog(undefined)} onApplied={reload} />
      )}
      {dialog === "compare" && props.compare && (selected.length === 1 || selected.length === 2) && (
        <ComparePanel
          source={props.compare}
          strings={strings}
          profiles={selected}
          onDismiss={() => setDialog(undefined)}
        />
      )}
      {dialog === "export" && portability && (
        <ExportProfilesDialog
          source={portability}
          strings={strings}
          uniqueNames={selected.map((p) => p.uniqueName)}
          onDismiss={() => setDialog(undefined)}
        />
      )}
      {dialog === "profilesImport" && portability && (
        <ImportProfilesPanel
          source={portability}
          strings={strings}
          onDismiss={() => setDialog(undefined)}
          onApplied={reload}
        />
      )}
      {dialog === "searchByUser" && (
        <SearchByUserPanel
          repository={repository}
          strings={strings}
          appLabel={appLabel}
          onOpenProfile={onSelectProfile}
          onDismiss={() => setDialog(undefined)}
          history={props.assignmentHistory}
          preview={props.userPreview}
        />
      )}
    </ControlRoot>
  );
}
