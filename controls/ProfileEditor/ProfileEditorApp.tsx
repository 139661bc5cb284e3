/** The tabbed profile editor: General, Session templates, Productivity pane, Channels, Users. */
import * as React from "react";
import {
  getTheme,
  mergeStyles,
  MessageBar,
  MessageBarButton,
  MessageBarType,
  Pivot,
  PivotItem,
  Spinner,
  SpinnerSize,
  Stack,
  Text,
} from "@fluentui/react";
import {
  CloneDialog,
  DeleteDialog,
  DiscardDialog,
  EditorCommandBar,
  LeaveDialog,
  type EditorCommand,
  type EditorDialog,
} from "./EditorCommands";
import { ControlRoot } from "../shared/components/ControlRoot";
import { useWidth } from "../shared/useWidth";
import { sentenceForError } from "../shared/errorSentences";
import type { EditorStringKey } from "../shared/manifest";
import type { Translate } from "../shared/strings";
import type { ProfileEditorProps } from "./editorProps";
import { appLabel } from "./commandTexts";
import { editorTabs, type EditorErrors, type EditorTab, type Loaded } from "./editorState";
import { hasChanges, tabOfFirstError } from "./savePlan";
import { ChannelsTab } from "./tabs/ChannelsTab";
import { GeneralTab } from "./tabs/GeneralTab";
import { ProductivityPaneTab } from "./tabs/ProductivityPaneTab";
import { SessionTemplatesTab } from "./tabs/SessionTemplatesTab";
import { UsersTab } from "./tabs/UsersTab";
import { RolesAndTeamsTab } from "./tabs/RolesAndTeamsTab";
import { WhoGetsTab } from "./whoGets/WhoGetsTab";
import { HistoryTab } from "./history/HistoryTab";
import { dateTimeFormatter } from "../shared/history/dateTime";
import { EditorPreviewPanel, previewCommand } from "./preview/EditorPreview";
import type { ProfileAccessRepository } from "../shared/data/profileAccess";
import type { TabProps } from "./tabs/tabProps";
import { useLeaveGuard } from "./useLeaveGuard";
import { useProfileEditor } from "./useProfileEditor";

/** Fluent's xLarge title, on a real heading that can take focus. */
const headingClass = mergeStyles({ ...getTheme().fonts.xLarge, margin: 0, overflowWrap: "anywhere", outline: "none" });

const tabTitle: Record<EditorTab, EditorStringKey> = {
  general: "tabGeneral",
  sessionTemplates: "tabSessionTemplates",
  productivityPane: "tabProductivityPane",
  channels: "tabChannels",
  users: "tabUsers",
  rolesAndTeams: "tabRolesAndTeams",
  whoGets: "tabWhoGets",
  history: "tabHistory",
};

/** Issue 13's tabs show only where the editor has the access module (roles, teams, rank, custom default). */
const accessTabs: ReadonlySet<EditorTab> = new Set<EditorTab>(["rolesAndTeams", "whoGets"]);

export function ProfileEditorApp(props: ProfileEditorProps): React.ReactElement {
  const { strings } = props;
  return (
    <ControlRoot theme={props.theme} label={strings("displayName")}>
      {/* No role at all: one notice, no commands and no request that can only be refused (issue 12, item 6). */}
      {props.permissions.canRead ? <LoadingEditor {...props} /> : <NoAccess strings={strings} />}
    </ControlRoot>
  );
}

function NoAccess(props: { strings: Translate<EditorStringKey> }): React.ReactElement {
  return (
    <Stack styles={{ root: { padding: 8 } }}>
      <MessageBar messageBarType={MessageBarType.warning} isMultiline>
        {props.strings("noAccess")}
      </MessageBar>
    </Stack>
  );
}

function LoadingEditor(props: ProfileEditorProps): React.ReactElement {
  const { strings } = props;
  const describeError = React.useCallback(
    (error: unknown, attempt: "load" | "change") => sentenceForError(error, strings, attempt),
    [strings],
  );
  const { state, dispatch, save, reload } = useProfileEditor(
    props.repository,
    props.profileKey,
    props.userId,
    describeError,
    props.access,
  );
  if (state.status === "failed" && state.message === strings("noAccess")) return <NoAccess strings={strings} />;
  return (
    <Stack tokens={{ childrenGap: 8 }} styles={{ root: { padding: 8, minWidth: 0 } }}>
      {state.status === "loading" && <Spinner label={strings("loading")} />}
      {state.status === "unsaved" && (
        <MessageBar messageBarType={MessageBarType.info} isMultiline>
          {strings("saveFirst")}
        </MessageBar>
      )}
      {state.status === "missing" && (
        <MessageBar messageBarType={MessageBarType.warning}>{strings("noProfile")}</MessageBar>
      )}
      {state.status === "failed" && (
        <MessageBar
          messageBarType={MessageBarType.error}
          isMultiline
          actions={<MessageBarButton onClick={() => void reload()}>{strings("retry")}</MessageBarButton>}
        >
          {state.message}
        </MessageBar>
      )}
      {state.status === "ready" && (
        <Editor {...props} state={state} dispatch={dispatch} onSave={save} onReload={() => void reload()} />
      )}
    </Stack>
  );
}

interface EditorProps extends ProfileEditorProps {
  state: Loaded;
  dispatch: TabProps["dispatch"];
  onSave: () => Promise<void>;
  onReload: () => void;
}

/** Ctrl+S (⌘S) saves, as on a model-driven form; the browser's own "Save page" never opens over the editor. */
function isSaveShortcut(event: React.KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s";
}

const defaultDateTime = dateTimeFormatter();

/** Below this width the tabs that don't fit fold into a "More tabs" menu. */
const NARROW_WIDTH = 640;

function Editor(props: EditorProps): React.ReactElement {
  const { state, dispatch, strings } = props;
  const builtIn = state.original.isDefault;
  const { canWrite, canCreate, canDelete } = props.permissions;
  const dirty = hasChanges(state.original, state.draft);
  // Rule 3: a built-in profile's settings are the system's, but admins may still assign users to it.
  // While a save runs the whole form is locked, so nothing typed then is lost or half saved.
  const readOnly = builtIn || !canWrite || state.saving;
  const tabProps: TabProps = {
    state,
    dispatch,
    strings,
    readOnly,
    repository: props.repository,
    ...(props.access ? { access: props.access } : {}),
  };
  const usersTabProps: TabProps = { ...tabProps, readOnly: !canWrite || state.saving };
  // On a built-in profile only the Users tab has anything to save: Save shows there, or while changes wait.
  const showSave = canWrite && (!builtIn || state.tab === "users" || dirty || state.saving);
  const tabsWithErrors = tabsWithMessages(state.errors, state);
  const { isActive } = state.original;
  const [changingState, setChangingState] = React.useState(false);
  const [stateError, setStateError] = React.useState<string>();
  const [dialog, setDialog] = React.useState<EditorDialog>();
  const heading = React.useRef<HTMLHeadingElement>(null);
  const [root, width] = useWidth<HTMLDivElement>(props.width);
  const narrow = width !== undefined && width < NARROW_WIDTH;
  const discard = () => dispatch({ type: "discard" });
  const leave = useLeaveGuard(state, dirty, { save: props.onSave, discard });
  const save = () => {
    if (dirty && !state.saving) void props.onSave();
  };

  // Focus: on opening (after Create the form opens with nothing focused) and after Save (whose button is then
  // disabled), the form's heading takes it, and the outcome's status message is announced.
  const savedOutcome = state.outcome?.kind === "saved";
  React.useEffect(() => {
    const active = document.activeElement;
    const lost = !active || active === document.body || !active.isConnected;
    const onCommands = active instanceof HTMLElement && active.closest("[data-commands]") !== null;
    if (lost || (savedOutcome && onCommands)) heading.current?.focus();
  }, [savedOutcome]);

  // Rule 13: a custom profile can be deactivated (it then applies to no one) and activated again; built-ins can't.
  const setActive = async (active: boolean) => {
    setChangingState(true);
    setStateError(undefined);
    try {
      await props.repository.setProfileActive(state.original.id, state.original.etag, active);
      props.onReload();
    } catch (error) {
      setStateError(sentenceForError(error, strings, "change"));
      setChangingState(false);
    }
  };

  const busy = state.saving || changingState;
  const commands: EditorCommand[] = [];
  if (showSave) {
    commands.push(
      {
        key: "save",
        text: state.saving ? strings("saving") : strings("save"),
        iconName: "Save",
        disabled: !dirty || busy,
        onClick: save,
      },
      {
        key: "discard",
        text: strings("discard"),
        iconName: "Undo",
        disabled: !dirty || busy,
        onClick: () => setDialog("discard"),
      },
    );
  }
  if (canWrite && !builtIn) {
    commands.push({
      key: "state",
      text: strings(isActive ? "deactivate" : "activate"),
      iconName: isActive ? "Blocked" : "Play",
      disabled: dirty || busy,
      onClick: () => void setActive(!isActive),
    });
  }
  commands.push(previewCommand(strings, () => setDialog("preview")));
  // Clone copies the saved profile, so it waits for Save or Discard.
  if (canCreate)
    commands.push({
      key: "clone",
      text: strings("cloneCommand"),
      iconName: "Copy",
      disabled: dirty || busy,
      onClick: () => setDialog("clone"),
    });
  if (canWrite && canDelete)
    // Rule 3: built-ins are each app's default; the disabled command stays focusable so its reason is read.
    commands.push({
      key: "delete",
      text: strings("deleteCommand"),
      iconName: "Delete",
      disabled: builtIn || busy,
      reason: builtIn ? strings("deleteBuiltIn") : undefined,
      onClick: () => setDialog("delete"),
    });

  const dialogProps = {
    ...props,
    onConflict: (message: string) => dispatch({ type: "conflict", message }),
    onClose: () => setDialog(undefined),
  };
  return (
    <div
      ref={root}
      onKeyDown={(event) => {
        if (!isSaveShortcut(event)) return;
        event.preventDefault();
        if (canWrite) save();
      }}
      style={{ minWidth: 0 }}
    >
      <Stack tokens={{ childrenGap: 8 }} styles={{ root: { minWidth: 0 } }}>
        <h2 ref={heading} tabIndex={-1} className={headingClass}>
          {state.original.fields.apm_name}
        </h2>
        <EditorCommandBar commands={commands} label={strings("commandsLabel")} moreLabel={strings("moreCommands")} />
        {(state.saving || dirty) && (
          <Stack horizontal verticalAlign="center" tokens={{ childrenGap: 8 }} role="status">
            {state.saving ? (
              <Spinner size={SpinnerSize.small} label={strings("saving")} labelPosition="right" />
            ) : (
              <Text variant="small">{strings("unsaved")}</Text>
            )}
          </Stack>
        )}
        {builtIn && (
          <MessageBar
            messageBarType={MessageBarType.info}
            isMultiline
            actions={
              canCreate ? (
                <MessageBarButton disabled={dirty || busy} onClick={() => setDialog("clone")}>
                  {strings("builtInClone")}
                </MessageBarButton>
              ) : undefined
            }
          >
            {strings("builtInReadOnly", appLabel(state.original.fields.apm_app))}
          </MessageBar>
        )}
        {!canWrite && (
          <MessageBar messageBarType={MessageBarType.info} isMultiline>
            {strings("readOnlyPrivilege")}
          </MessageBar>
        )}
        {!isActive && (
          <MessageBar messageBarType={MessageBarType.warning} isMultiline>
            {strings("inactiveNotice")}
          </MessageBar>
        )}
        {stateError && (
          <MessageBar
            messageBarType={MessageBarType.error}
            isMultiline
            onDismiss={() => setStateError(undefined)}
            dismissButtonAriaLabel={strings("dismiss")}
          >
            {stateError}
          </MessageBar>
        )}
        <Outcome
          state={state}
          strings={strings}
          onReload={props.onReload}
          onDismiss={() => dispatch({ type: "dismissOutcome" })}
        />
        <Pivot
          aria-label={strings("tabsLabel")}
          selectedKey={state.tab}
          overflowBehavior={narrow ? "menu" : "none"}
          overflowAriaLabel={strings("moreTabs")}
          onLinkClick={(item) =>
            item?.props.itemKey && dispatch({ type: "selectTab", tab: item.props.itemKey as EditorTab })
          }
          styles={{ root: { minWidth: 0 } }}
        >
          {editorTabs
            .filter((tab) => (props.access || !accessTabs.has(tab)) && (props.history || tab !== "history"))
            .map((tab) => (
              <PivotItem
                key={tab}
                itemKey={tab}
                headerText={strings(tabTitle[tab])}
                itemIcon={tabsWithErrors.has(tab) ? "Error" : undefined}
              >
                {/* A wide list scrolls inside its own box, never the page. */}
                <div style={{ minWidth: 0, overflowX: "auto" }}>
                  {tab === "history" && props.history ? (
                    <HistoryTab
                      key={state.original.etag}
                      profileId={state.original.id}
                      source={props.history}
                      strings={strings}
                      formatDateTime={props.formatDateTime ?? defaultDateTime}
                    />
                  ) : (
                    renderTab(
                      tab,
                      tab === "users" ? usersTabProps : tabProps,
                      () => props.openUrl(props.channelProviderConfigUrl),
                      props.access && { access: props.access, onWritten: props.onReload },
                    )
                  )}
                </div>
              </PivotItem>
            ))}
        </Pivot>
      </Stack>
      {dialog === "delete" && <DeleteDialog {...dialogProps} />}
      {dialog === "clone" && <CloneDialog {...dialogProps} />}
      {dialog === "preview" && (
        <EditorPreviewPanel state={state} dirty={dirty} strings={strings} onDismiss={() => setDialog(undefined)} />
      )}
      {dialog === "discard" && (
        <DiscardDialog
          state={state}
          strings={strings}
          onDiscard={() => {
            discard();
            setDialog(undefined);
            heading.current?.focus();
          }}
          onClose={() => setDialog(undefined)}
        />
      )}
      {leave.pending && (
        <LeaveDialog
          state={state}
          strings={strings}
          onSave={leave.saveAndLeave}
          onDontSave={leave.discardAndLeave}
          onCancel={leave.stay}
        />
      )}
    </div>
  );
}

function renderTab(
  tab: EditorTab,
  props: TabProps,
  openProviderConfiguration: () => void,
  access?: { access: ProfileAccessRepository; onWritten: () => void },
): React.ReactElement | null {
  switch (tab) {
    case "general":
      return <GeneralTab {...props} />;
    case "sessionTemplates":
      return <SessionTemplatesTab {...props} />;
    case "productivityPane":
      return <ProductivityPaneTab {...props} />;
    case "channels":
      return <ChannelsTab {...props} onOpenProviderConfiguration={openProviderConfiguration} />;
    case "users":
      return <UsersTab {...props} />;
    case "rolesAndTeams":
      return access ? <RolesAndTeamsTab {...props} {...access} /> : null;
    case "whoGets":
      return access ? <WhoGetsTab {...props} access={access.access} /> : null;
    case "history":
      return null; // rendered by the editor, which holds the history source
  }
}

/** Tabs that hold at least one message, marked in the tab header so the admin can find them. */
function tabsWithMessages(errors: EditorErrors, state: Loaded): Set<EditorTab> {
  const tabs = new Set<EditorTab>();
  for (const [key, message] of Object.entries(errors)) {
    if (!message || key === "form") continue;
    const tab = tabOfFirstError({ [key]: message }, state.draft, "general");
    tabs.add(tab);
  }
  return tabs;
}

function Outcome(props: {
  state: Loaded;
  strings: Translate<EditorStringKey>;
  onReload: () => void;
  onDismiss: () => void;
}): React.ReactElement | null {
  const { state, strings } = props;
  const outcome = state.outcome;
  if (!outcome) return null;
  switch (outcome.kind) {
    case "saved":
      return (
        <MessageBar
          messageBarType={MessageBarType.success}
          onDismiss={props.onDismiss}
          dismissButtonAriaLabel={strings("dismiss")}
        >
          {strings("saved")}
        </MessageBar>
      );
    case "invalid":
      return (
        <MessageBar messageBarType={MessageBarType.error} isMultiline>
          {strings("fixErrors")}
          {state.errors.form && <Text block>{state.errors.form}</Text>}
        </MessageBar>
      );
    case "conflict":
      // Never a silent overwrite: the admin reloads and sees the other change.
      return (
        <MessageBar
          messageBarType={MessageBarType.severeWarning}
          isMultiline={false}
          actions={<MessageBarButton onClick={props.onReload}>{strings("reload")}</MessageBarButton>}
        >
          {strings("conflict")}
        </MessageBar>
      );
    case "failed":
      return (
        <MessageBar
          messageBarType={MessageBarType.error}
          isMultiline
          onDismiss={props.onDismiss}
          dismissButtonAriaLabel={strings("dismiss")}
        >
          {outcome.message}
        </MessageBar>
      );
  }
}
