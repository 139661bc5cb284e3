/** The tabbed profile editor: General, Session templates, Productivity pane, Channels, Users. */
import * as React from "react";
import {
  DefaultButton,
  MessageBar,
  MessageBarButton,
  MessageBarType,
  Pivot,
  PivotItem,
  PrimaryButton,
  Spinner,
  Stack,
  Text,
} from "@fluentui/react";
import { EditorCommands } from "./EditorCommands";
import { ControlRoot } from "../shared/components/ControlRoot";
import type { EditorStringKey } from "../shared/manifest";
import type { Translate } from "../shared/strings";
import type { ProfileEditorProps } from "./editorProps";
import { editorTabs, type EditorErrors, type EditorTab, type Loaded } from "./editorState";
import { hasChanges, tabOfFirstError } from "./savePlan";
import { ChannelsTab } from "./tabs/ChannelsTab";
import { GeneralTab } from "./tabs/GeneralTab";
import { ProductivityPaneTab } from "./tabs/ProductivityPaneTab";
import { SessionTemplatesTab } from "./tabs/SessionTemplatesTab";
import { UsersTab } from "./tabs/UsersTab";
import type { TabProps } from "./tabs/tabProps";
import { useProfileEditor } from "./useProfileEditor";

const tabTitle: Record<EditorTab, EditorStringKey> = {
  general: "tabGeneral",
  sessionTemplates: "tabSessionTemplates",
  productivityPane: "tabProductivityPane",
  channels: "tabChannels",
  users: "tabUsers",
};

export function ProfileEditorApp(props: ProfileEditorProps): React.ReactElement {
  const { strings } = props;
  const { state, dispatch, save, reload } = useProfileEditor(props.repository, props.profileKey, props.userId);
  return (
    <ControlRoot theme={props.theme} label={strings("displayName")}>
      <Stack tokens={{ childrenGap: 8 }} styles={{ root: { padding: 8 } }}>
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
            {strings("loadError", state.message)}
          </MessageBar>
        )}
        {state.status === "ready" && (
          <Editor {...props} state={state} dispatch={dispatch} onSave={save} onReload={() => void reload()} />
        )}
      </Stack>
    </ControlRoot>
  );
}

interface EditorProps extends ProfileEditorProps {
  state: Loaded;
  dispatch: TabProps["dispatch"];
  onSave: () => Promise<void>;
  onReload: () => void;
}

function Editor(props: EditorProps): React.ReactElement {
  const { state, dispatch, strings } = props;
  const builtIn = state.original.isDefault;
  const { canWrite } = props.permissions;
  // Rule 3: a built-in profile's settings are the system's, but admins may still assign users to it.
  const readOnly = builtIn || !canWrite;
  const dirty = hasChanges(state.original, state.draft);
  const tabProps: TabProps = { state, dispatch, strings, readOnly, repository: props.repository };
  const usersTabProps: TabProps = { ...tabProps, readOnly: !canWrite };
  // On a built-in profile only the Users tab has anything to save: the commands show there, or while changes wait.
  const showCommands = canWrite && (!builtIn || state.tab === "users" || dirty || state.saving);
  const tabsWithErrors = tabsWithMessages(state.errors, state);
  const { isActive } = state.original;
  const [changingState, setChangingState] = React.useState(false);
  const [stateError, setStateError] = React.useState<string>();
  // Rule 13: a custom profile can be deactivated (it then applies to no one) and activated again; built-ins can't.
  const setActive = async (active: boolean) => {
    setChangingState(true);
    setStateError(undefined);
    try {
      await props.repository.setProfileActive(state.original.id, state.original.etag, active);
      props.onReload();
    } catch (error) {
      setStateError(strings("stateFailed", (error as Error).message));
      setChangingState(false);
    }
  };

  return (
    <>
      <Text as="h2" variant="xLarge">
        {state.original.fields.apm_name}
      </Text>
      {builtIn && (
        <MessageBar messageBarType={MessageBarType.info} isMultiline>
          {strings("builtInReadOnly")}
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
      {showCommands && (
        <Stack horizontal tokens={{ childrenGap: 8 }} verticalAlign="center">
          <PrimaryButton text={strings("save")} disabled={!dirty || state.saving} onClick={() => void props.onSave()} />
          <DefaultButton
            text={strings("discard")}
            disabled={!dirty || state.saving}
            onClick={() => dispatch({ type: "discard" })}
          />
          {!builtIn && (
            <DefaultButton
              text={strings(isActive ? "deactivate" : "activate")}
              iconProps={{ iconName: isActive ? "Blocked" : "Play" }}
              disabled={dirty || state.saving || changingState}
              onClick={() => void setActive(!isActive)}
            />
          )}
          {state.saving && <Spinner ariaLive="polite" label={strings("loading")} labelPosition="right" />}
          {dirty && !state.saving && <Text variant="small">{strings("unsaved")}</Text>}
        </Stack>
      )}
      <EditorCommands {...props} dirty={dirty} onConflict={(message) => dispatch({ type: "conflict", message })} />
      <Pivot
        aria-label={strings("tabsLabel")}
        selectedKey={state.tab}
        onLinkClick={(item) =>
          item?.props.itemKey && dispatch({ type: "selectTab", tab: item.props.itemKey as EditorTab })
        }
      >
        {editorTabs.map((tab) => (
          <PivotItem
            key={tab}
            itemKey={tab}
            headerText={strings(tabTitle[tab])}
            itemIcon={tabsWithErrors.has(tab) ? "Error" : undefined}
          >
            {renderTab(tab, tab === "users" ? usersTabProps : tabProps, () =>
              props.openUrl(props.channelProviderConfigUrl),
            )}
          </PivotItem>
        ))}
      </Pivot>
    </>
  );
}

function renderTab(tab: EditorTab, props: TabProps, openProviderConfiguration: () => void): React.ReactElement {
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
          {strings("saveError", outcome.message)}
        </MessageBar>
      );
  }
}
