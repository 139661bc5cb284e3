/**
 * The channel provider page of the local host: what the model-driven app shows for the provider table in Dataverse
 * (its Active / Inactive views with New, Edit, Deactivate and Activate, and its main form), in Fluent UI. Every
 * write goes through the page's Web API proxy, so the server's handlers refuse what rule 8 refuses; the form checks
 * rule 8 as the admin types, with the very function the handler runs.
 */
import type * as ReactModule from "react";
import type * as FluentModule from "@fluentui/react";
import { ChannelApiVersionChoice } from "../../schema";
import {
  createProvider,
  listProviders,
  retrieveProvider,
  setProviderActive,
  updateProvider,
  type ProviderFields,
  type ProviderRow,
} from "./providersApi";
import {
  changedFields,
  fieldsOf,
  newProviderFields,
  parseSortOrder,
  providerProblems,
  type ProviderField,
} from "./providerForm";
import { providersLocation, providersUrl, type ProvidersLocation } from "./providersRoute";

// The platform's React and Fluent, as the page loads them (never a second copy in this bundle).
const platform = window as unknown as { React: typeof ReactModule; FluentUIReact: typeof FluentModule };
const React = platform.React;
const F = platform.FluentUIReact;

export interface ProviderPermissions {
  readonly create: boolean;
  readonly write: boolean;
}

interface AppProps {
  readonly initial: ProvidersLocation;
  readonly permissions: ProviderPermissions;
  /** Moves the browser to another provider page (pushes its URL). */
  readonly navigate: (location: ProvidersLocation) => void;
}

type Notice = { readonly kind: "error" | "success"; readonly text: string } | undefined;

const plural = (n: number) => (n === 1 ? "1 channel provider" : `${n} channel providers`);

function NoticeBar(props: { notice: Notice; onDismiss: () => void }): ReactModule.ReactElement | null {
  if (!props.notice) return null;
  return (
    <F.MessageBar
      messageBarType={props.notice.kind === "error" ? F.MessageBarType.error : F.MessageBarType.success}
      onDismiss={props.onDismiss}
      dismissButtonAriaLabel="Close"
    >
      {props.notice.text}
    </F.MessageBar>
  );
}

export function ProvidersApp(props: AppProps): ReactModule.ReactElement {
  const [location, setLocation] = React.useState<ProvidersLocation>(props.initial);
  // A new form instance for each page the admin opens; a record just created keeps its form (and its notice).
  const [instance, setInstance] = React.useState(0);
  const go = (next: ProvidersLocation, keepForm = false) => {
    setLocation(next);
    if (!keepForm) setInstance((n) => n + 1);
    props.navigate(next);
  };
  React.useEffect(() => {
    const onPop = () => {
      const next = providersLocation(window.location);
      if (!next) return window.location.reload(); // back to another page of the host: it routes from the URL
      setLocation(next);
      setInstance((n) => n + 1);
    };
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  return location.page === "list" ? (
    <ProviderList key={`list-${instance}`} active={location.active} go={go} permissions={props.permissions} />
  ) : (
    <ProviderForm key={`record-${instance}`} id={location.id} go={go} permissions={props.permissions} />
  );
}

const NARROW = "(max-width: 720px)";

/** True while the window is narrow (a phone, or a side-by-side window), following its resizes. */
function useNarrowScreen(): boolean {
  const [narrow, setNarrow] = React.useState(() => window.matchMedia(NARROW).matches);
  React.useEffect(() => {
    const query = window.matchMedia(NARROW);
    const changed = () => setNarrow(query.matches);
    query.addEventListener("change", changed);
    return () => query.removeEventListener("change", changed);
  }, []);
  return narrow;
}

// --- The list: a view selector, a command bar and the rows -----------------------------------------------------------

interface ListProps {
  readonly active: boolean;
  readonly go: (location: ProvidersLocation) => void;
  readonly permissions: ProviderPermissions;
}

function ProviderList(props: ListProps): ReactModule.ReactElement {
  const { active, go, permissions } = props;
  const [rows, setRows] = React.useState<ProviderRow[] | undefined>(undefined);
  const [selected, setSelected] = React.useState<ProviderRow[]>([]);
  const [notice, setNotice] = React.useState<Notice>(undefined);
  const [confirming, setConfirming] = React.useState(false);
  const [busy, setBusy] = React.useState(false);
  const narrow = useNarrowScreen();
  const selection: FluentModule.Selection = React.useMemo(() => {
    const tracked: FluentModule.Selection = new F.Selection({
      onSelectionChanged: () => setSelected(tracked.getSelection() as unknown as ProviderRow[]),
    });
    return tracked;
  }, []);

  const load = React.useCallback(async () => {
    setRows(undefined);
    try {
      setRows(await listProviders(active));
    } catch (error) {
      setRows([]);
      setNotice({ kind: "error", text: (error as Error).message });
    }
  }, [active]);
  React.useEffect(() => {
    document.title = `${active ? "Active" : "Inactive"} Channel Providers - App Profile Manager (local)`;
    void load();
  }, [load, active]);

  const changeState = async () => {
    setConfirming(false);
    setBusy(true);
    const targets = selected;
    const failures: string[] = [];
    for (const row of targets) {
      try {
        await setProviderActive(row, !active);
      } catch (error) {
        failures.push(`${row.label || row.name}: ${(error as Error).message}`);
      }
    }
    setBusy(false);
    const done = targets.length - failures.length;
    setNotice(
      failures.length > 0
        ? { kind: "error", text: failures.join(" ") }
        : { kind: "success", text: `${active ? "Deactivated" : "Activated"} ${plural(done)}.` },
    );
    selection.setAllSelected(false);
    await load();
  };

  const one = selected.length === 1 ? selected[0] : undefined;
  const commands: FluentModule.ICommandBarItemProps[] = [
    ...(permissions.create
      ? [
          {
            key: "new",
            text: "New",
            iconProps: { iconName: "Add" },
            onClick: () => go({ page: "record", id: undefined }),
          },
        ]
      : []),
    {
      key: "edit",
      text: permissions.write ? "Edit" : "Open",
      iconProps: { iconName: permissions.write ? "Edit" : "OpenFile" },
      disabled: !one,
      onClick: () => one && go({ page: "record", id: one.id }),
    },
    ...(permissions.write
      ? [
          {
            key: "state",
            text: active ? "Deactivate" : "Activate",
            iconProps: { iconName: active ? "Blocked" : "Play" },
            disabled: selected.length === 0 || busy,
            onClick: () => setConfirming(true),
          },
        ]
      : []),
    { key: "refresh", text: "Refresh", iconProps: { iconName: "Refresh" }, onClick: () => void load() },
  ];

  const labelLink = (row: ProviderRow) => (
    <F.Link onClick={() => go({ page: "record", id: row.id })}>{row.label || row.name}</F.Link>
  );
  // On a narrow screen the row reflows into one column (label, then its URL and domain) instead of scrolling sideways.
  const compactColumns: FluentModule.IColumn[] = [
    {
      key: "provider",
      name: "Channel provider",
      minWidth: 120,
      isMultiline: true,
      onRender: (row: ProviderRow) => (
        <F.Stack tokens={{ childrenGap: 2 }} styles={{ root: { overflowWrap: "anywhere" } }}>
          {labelLink(row)}
          <span>{row.channelUrl}</span>
          <span>{row.trustedDomain}</span>
        </F.Stack>
      ),
    },
  ];
  const wideColumns: FluentModule.IColumn[] = [
    {
      key: "label",
      name: "Label",
      minWidth: 140,
      maxWidth: 220,
      isResizable: true,
      onRender: labelLink,
    },
    { key: "name", name: "Name", fieldName: "name", minWidth: 120, maxWidth: 200, isResizable: true },
    { key: "url", name: "Channel URL", fieldName: "channelUrl", minWidth: 200, isResizable: true },
    { key: "domain", name: "Trusted domain", fieldName: "trustedDomain", minWidth: 160, isResizable: true },
    {
      key: "outbound",
      name: "Outbound",
      minWidth: 70,
      maxWidth: 90,
      onRender: (row: ProviderRow) => (row.enableOutbound ? "Yes" : "No"),
    },
    { key: "sort", name: "Sort order", fieldName: "sortOrder", minWidth: 70, maxWidth: 90 },
  ];

  const columns = narrow ? compactColumns : wideColumns;
  const viewName = `${active ? "Active" : "Inactive"} Channel Providers`;
  return (
    <F.Stack tokens={{ childrenGap: 12 }} className="surface">
      <F.CommandBar items={commands} ariaLabel="Channel provider commands" />
      <F.Text as="h2" variant="xLarge" styles={{ root: { margin: 0, overflowWrap: "anywhere" } }}>
        Channel Providers
      </F.Text>
      <F.Dropdown
        label="View"
        selectedKey={active ? "active" : "inactive"}
        options={[
          { key: "active", text: "Active Channel Providers" },
          { key: "inactive", text: "Inactive Channel Providers" },
        ]}
        onChange={(_, option) => option && go({ page: "list", active: option.key === "active" })}
        styles={{ root: { maxWidth: 320 } }}
      />
      <NoticeBar notice={notice} onDismiss={() => setNotice(undefined)} />
      {rows === undefined ? (
        <F.Spinner label="Loading channel providers…" />
      ) : rows.length === 0 ? (
        <F.Text>
          {active
            ? `No active channel providers.${permissions.create ? " Select New to add one." : ""}`
            : "No inactive channel providers."}
        </F.Text>
      ) : (
        <F.DetailsList
          items={rows}
          columns={columns}
          selection={selection}
          selectionMode={F.SelectionMode.multiple}
          setKey={viewName}
          getKey={(row: ProviderRow) => row.id}
          ariaLabelForGrid={viewName}
          ariaLabelForSelectionColumn="Select a provider"
          ariaLabelForSelectAllCheckbox="Select every provider"
          checkButtonAriaLabel="Select this provider"
          layoutMode={F.DetailsListLayoutMode.justified}
          onItemInvoked={(row: ProviderRow) => go({ page: "record", id: row.id })}
        />
      )}
      <F.Dialog
        hidden={!confirming}
        onDismiss={() => setConfirming(false)}
        dialogContentProps={{
          type: F.DialogType.normal,
          title: active ? "Confirm deactivation" : "Confirm activation",
          subText: active
            ? `Deactivate ${plural(selected.length)}? Profiles that list it stop offering it to their agents until it is activated again.`
            : `Activate ${plural(selected.length)}? Profiles that list it offer it to their agents again.`,
        }}
      >
        <F.DialogFooter>
          <F.PrimaryButton text={active ? "Deactivate" : "Activate"} onClick={() => void changeState()} />
          <F.DefaultButton text="Cancel" onClick={() => setConfirming(false)} />
        </F.DialogFooter>
      </F.Dialog>
    </F.Stack>
  );
}

// --- The form: the table's fields, rule 8 checked live, Save --------------------------------------------------------

interface FormProps {
  readonly id: string | undefined;
  readonly go: (location: ProvidersLocation, keepForm?: boolean) => void;
  readonly permissions: ProviderPermissions;
}

const FIELD_ORDER: readonly ProviderField[] = [
  "apm_name",
  "apm_label",
  "apm_channelurl",
  "apm_trusteddomain",
  "apm_apiversion",
  "apm_enableoutbound",
  "apm_sortorder",
];

function ProviderForm(props: FormProps): ReactModule.ReactElement {
  const { go, permissions } = props;
  const [row, setRow] = React.useState<ProviderRow | undefined>(undefined);
  const [loading, setLoading] = React.useState(props.id !== undefined);
  const [original, setOriginal] = React.useState<ProviderFields>(newProviderFields);
  const [draft, setDraft] = React.useState<ProviderFields>(newProviderFields);
  const [sortText, setSortText] = React.useState(String(newProviderFields().apm_sortorder ?? ""));
  const [touched, setTouched] = React.useState<ReadonlySet<ProviderField>>(new Set());
  const [notice, setNotice] = React.useState<Notice>(undefined);
  const [saving, setSaving] = React.useState(false);
  const inputs = React.useRef(new Map<ProviderField, FluentModule.ITextField | null>());

  const show = (loaded: ProviderRow) => {
    setRow(loaded);
    const fields = fieldsOf(loaded);
    setOriginal(fields);
    setDraft(fields);
    setSortText(loaded.sortOrder === null ? "" : String(loaded.sortOrder));
  };
  React.useEffect(() => {
    if (!props.id || props.id === row?.id) return;
    retrieveProvider(props.id).then(
      (loaded) => {
        show(loaded);
        setLoading(false);
      },
      (error: Error) => {
        setNotice({ kind: "error", text: error.message });
        setLoading(false);
      },
    );
  }, [props.id]);

  const isNew = row === undefined;
  const readOnly = !(isNew ? permissions.create : permissions.write) || (row !== undefined && !row.active);
  const problems = providerProblems(draft);
  const changes = changedFields(original, draft);
  const dirty = isNew
    ? Object.keys(changedFields(newProviderFields(), draft)).length > 0
    : Object.keys(changes).length > 0;
  const title = isNew ? "New Channel Provider" : row.label || row.name;
  React.useEffect(() => {
    document.title = `${title} - Channel Provider - App Profile Manager (local)`;
  }, [title]);
  // As a model-driven form does: leaving with unsaved changes asks first.
  React.useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  // In-page navigation asks too (the host's confirm dialog is the browser's, as its openConfirmDialog is).
  const leave = (next: ProvidersLocation) => {
    if (dirty && !window.confirm("This channel provider has unsaved changes: leave and discard them?")) return;
    go(next);
  };
  const set = <K extends ProviderField>(field: K, value: ProviderFields[K]) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setTouched((current) => new Set(current).add(field));
  };
  const problemOf = (field: ProviderField) => (touched.has(field) ? problems[field] : undefined);

  const save = async (close: boolean) => {
    const invalid = FIELD_ORDER.filter((f) => problems[f] !== undefined);
    if (invalid.length > 0) {
      setTouched(new Set(FIELD_ORDER));
      setNotice({
        kind: "error",
        text: `Fix ${invalid.length === 1 ? "the field" : `the ${invalid.length} fields`} marked below, then save again.`,
      });
      inputs.current.get(invalid[0])?.focus();
      return;
    }
    setSaving(true);
    try {
      const saved = isNew ? await createProvider(draft) : await updateProvider(row, changes);
      setSaving(false);
      if (close) return go({ page: "list", active: true });
      show(saved);
      setTouched(new Set());
      setNotice({ kind: "success", text: isNew ? "Channel provider created." : "Changes saved." });
      if (isNew) go({ page: "record", id: saved.id }, true);
    } catch (error) {
      setSaving(false);
      setNotice({ kind: "error", text: (error as Error).message });
    }
  };

  const changeState = async () => {
    if (!row) return;
    try {
      await setProviderActive(row, !row.active);
      show(await retrieveProvider(row.id));
      setNotice({
        kind: "success",
        text: row.active ? "Channel provider deactivated." : "Channel provider activated.",
      });
    } catch (error) {
      setNotice({ kind: "error", text: (error as Error).message });
    }
  };

  const commands: FluentModule.ICommandBarItemProps[] = [
    {
      key: "back",
      text: "Channel Providers",
      iconProps: { iconName: "Back" },
      onClick: () => leave({ page: "list", active: row?.active ?? true }),
    },
    ...(readOnly
      ? []
      : [
          {
            key: "save",
            text: saving ? "Saving…" : "Save",
            iconProps: { iconName: "Save" },
            disabled: saving,
            onClick: () => void save(false),
          },
          {
            key: "saveclose",
            text: "Save & Close",
            iconProps: { iconName: "SaveAndClose" },
            disabled: saving,
            onClick: () => void save(true),
          },
        ]),
    ...(permissions.create
      ? [
          {
            key: "new",
            text: "New",
            iconProps: { iconName: "Add" },
            onClick: () => leave({ page: "record", id: undefined }),
          },
        ]
      : []),
    ...(row && permissions.write
      ? [
          {
            key: "state",
            text: row.active ? "Deactivate" : "Activate",
            iconProps: { iconName: row.active ? "Blocked" : "Play" },
            onClick: () => void changeState(),
          },
        ]
      : []),
  ];

  if (loading) return <F.Spinner label="Loading the channel provider…" />;
  const text = (
    field: "apm_name" | "apm_label" | "apm_channelurl" | "apm_trusteddomain",
    label: string,
    help?: string,
  ) => (
    <F.TextField
      componentRef={(input) => void inputs.current.set(field, input)}
      label={label}
      required
      value={draft[field]}
      onChange={(_, value) => set(field, value ?? "")}
      errorMessage={problemOf(field)}
      description={problemOf(field) ? undefined : help}
      readOnly={readOnly}
      autoComplete="off"
      spellCheck={false}
    />
  );
  return (
    <F.Stack tokens={{ childrenGap: 12 }} className="surface">
      <F.CommandBar items={commands} ariaLabel="Channel provider form commands" />
      <F.Text as="h2" variant="xLarge" styles={{ root: { margin: 0 } }}>
        {title}
      </F.Text>
      {row && !row.active && <F.MessageBar>This channel provider is inactive: activate it to change it.</F.MessageBar>}
      <NoticeBar notice={notice} onDismiss={() => setNotice(undefined)} />
      <F.Stack tokens={{ childrenGap: 8 }} styles={{ root: { maxWidth: 640 } }}>
        {text("apm_name", "Name", "An internal name for the provider, such as contoso_voice.")}
        {text("apm_label", "Label", "What agents see in their communication panel.")}
        {text(
          "apm_channelurl",
          "Channel URL",
          "The https address of the provider's widget, inside the trusted domain.",
        )}
        {text(
          "apm_trusteddomain",
          "Trusted domain",
          "The provider's domain, such as contoso.com or https://contoso.com.",
        )}
        <F.Dropdown
          label="API version"
          selectedKey={draft.apm_apiversion ?? undefined}
          options={Object.values(ChannelApiVersionChoice).map((o) => ({ key: o.value, text: o.label }))}
          onChange={(_, option) => option && set("apm_apiversion", Number(option.key))}
          disabled={readOnly}
        />
        <F.Toggle
          label="Enable outbound"
          checked={draft.apm_enableoutbound}
          onText="Yes"
          offText="No"
          onChange={(_, checked) => set("apm_enableoutbound", checked === true)}
          disabled={readOnly}
        />
        <F.TextField
          componentRef={(input) => void inputs.current.set("apm_sortorder", input)}
          label="Sort order"
          inputMode="numeric"
          value={sortText}
          onChange={(_, value) => {
            setSortText(value ?? "");
            set("apm_sortorder", parseSortOrder(value ?? ""));
          }}
          errorMessage={problemOf("apm_sortorder")}
          description="Lower numbers come first in the agent's list."
          readOnly={readOnly}
        />
      </F.Stack>
    </F.Stack>
  );
}

/** Mounts the page into the host's main area; returns how to unmount it. */
export function renderProvidersPage(
  main: HTMLElement,
  initial: ProvidersLocation,
  permissions: ProviderPermissions,
): () => void {
  const container = document.createElement("div");
  main.replaceChildren(container);
  const dom = (
    window as unknown as {
      ReactDOM: { render(e: unknown, c: Element): void; unmountComponentAtNode(c: Element): boolean };
    }
  ).ReactDOM;
  const navigate = (location: ProvidersLocation) => {
    const url = providersUrl(location);
    if (`${window.location.pathname}${window.location.search}${window.location.hash}` !== url)
      window.history.pushState(null, "", url);
  };
  dom.render(
    <F.ThemeProvider>
      <ProvidersApp initial={initial} permissions={permissions} navigate={navigate} />
    </F.ThemeProvider>,
    container,
  );
  return () => dom.unmountComponentAtNode(container);
}
