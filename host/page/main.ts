/**
 * The local host page's shell: provides the platform globals the PCF bundles expect, registers the controls, and
 * lays them out like a model-driven app (a profiles view and a profile form), signed in as a demo user.
 */
import { AppProfile, ChannelProvider, privilegeName } from "../../schema";
import { askToLeave, requestLeave } from "../../controls/shared/leaveRequest";
import { json, loadControlBundle, loadPrivileges, loadSession, loadStrings } from "./boot";
import { createContext, type Session } from "./context";
import { React } from "./platform";
import { renderProvidersPage } from "./providersPage";
import { providersLocation } from "./providersRoute";
import { whenQuiet } from "./quiet";
import { API_BASE, CONTROL_NAMES, PROFILE_ROUTE } from "./routes";
import { FormCommandBar, NoAccessNotice, PageError, SiteMap, UserSwitcher, renderInto, type Route } from "./shell";

type Control = ComponentFramework.ReactControl<Record<string, unknown>, Record<string, unknown>>;
type ControlConstructor = new () => Control;

interface PlatformWindow {
  React: unknown;
  ReactDOM: { render(element: unknown, container: Element): void; unmountComponentAtNode(container: Element): boolean };
  FluentUIReact: unknown;
  Reactv16?: unknown;
  FluentUIReactv81211?: unknown;
  ComponentFramework?: { registerControl(name: string, control: ControlConstructor): void };
}

const platform = window as unknown as PlatformWindow;
// pcf-scripts compiles platform libraries to these globals (React 16.14.0 and Fluent 8.121.1).
platform.Reactv16 = platform.React;
platform.FluentUIReactv81211 = platform.FluentUIReact;

const registered = new Map<string, ControlConstructor>();
platform.ComponentFramework = { registerControl: (name, control) => registered.set(name, control) };

let mounted: { control: Control; container: HTMLElement; context: ComponentFramework.Context<unknown> } | undefined;
let unmountProviders: (() => void) | undefined;

function unmount(): void {
  unmountProviders?.();
  unmountProviders = undefined;
  if (!mounted) return;
  mounted.control.destroy();
  // The platform stops following a destroyed control's container.
  mounted.context.mode.trackContainerResize(false);
  platform.ReactDOM.unmountComponentAtNode(mounted.container);
  mounted = undefined;
}

async function mountControl(
  name: string,
  host: HTMLElement,
  session: Session,
  privileges: Set<string>,
  parameters: Record<string, string | null>,
  record?: { entityTypeName: string; entityId: string },
  dataSets?: Record<string, string>,
): Promise<void> {
  const [strings] = await Promise.all([loadStrings(name), loadControlBundle(name)]);
  const Constructor = registered.get(`AppProfileManager.${name}`);
  if (!Constructor) throw new Error(`The ${name} control did not register; check that its bundle loaded.`);
  const container = document.createElement("div");
  container.dataset.control = name;
  host.replaceChildren(container);
  const control = new Constructor();
  // The control asks for a render through context.factory.requestRender, so the context refers to it.
  const render = (): void => platform.ReactDOM.render(control.updateView(context), container);
  const context = createContext({
    session,
    strings,
    privileges,
    parameters,
    dataSets,
    record,
    container,
    openForm: (_entity, id) => {
      window.location.hash = `#/profiles/${id}`;
    },
    requestRender: render,
  });
  const notifyOutputChanged = () => control.getOutputs?.();
  control.init(context, notifyOutputChanged, {}, container as HTMLDivElement);
  mounted = { control, container, context };
  render();
}

const PAGE_TITLE = "App Profile Manager (local)";

function routeOf(providersPage: boolean): Route {
  return providersPage ? "channelproviders" : "profiles";
}

/** A profile form's title is the profile's name, as a model-driven form's is its record's. */
async function titleForProfile(profileId: string): Promise<void> {
  try {
    const body = await json<{ apm_name?: string }>(
      `${API_BASE}${AppProfile.entitySetName}(${profileId})?$select=apm_name`,
    );
    if (window.location.hash.toLowerCase() === `#/profiles/${profileId}`.toLowerCase() && body.apm_name)
      document.title = `${body.apm_name} - ${PAGE_TITLE}`;
  } catch {
    // The editor says what went wrong; the title keeps the generic name.
  }
}

async function route(session: Session, privileges: Set<string>): Promise<void> {
  const main = document.getElementById("main") as HTMLElement;
  const hash = window.location.hash || "#/profiles";
  const profileId = PROFILE_ROUTE.exec(hash)?.[1];
  const providers = providersLocation(window.location);
  // Before the control mounts: the control measures its own width, and the site map must not shift it afterwards.
  renderInto(
    document.getElementById("site-map") as HTMLElement,
    React.createElement(SiteMap, { current: routeOf(providers !== undefined) }),
  );
  unmount();
  try {
    // A user without any role: one notice, no control and no command that can only be refused (issue 12, item 6).
    if (!privileges.has(privilegeName(AppProfile.logicalName, "read"))) {
      document.title = PAGE_TITLE;
      const notice = document.createElement("div");
      main.replaceChildren(notice);
      return renderInto(notice, React.createElement(NoAccessNotice));
    }
    if (providers) {
      document.title = `Channel providers - ${PAGE_TITLE}`;
      unmountProviders = renderProvidersPage(main, providers, {
        create: privileges.has(privilegeName(ChannelProvider.logicalName, "create")),
        write: privileges.has(privilegeName(ChannelProvider.logicalName, "write")),
      });
      return;
    }
    if (profileId) {
      const bar = document.createElement("div");
      bar.className = "commandbar";
      const form = document.createElement("section");
      form.className = "surface";
      main.replaceChildren(bar, form);
      renderInto(bar, React.createElement(FormCommandBar, { profileId }));
      document.title = `App profile - ${PAGE_TITLE}`;
      void titleForProfile(profileId);
      return await mountControl(
        "ProfileEditor",
        form,
        session,
        privileges,
        // No URL of its own: the editor opens the app's provider list as it does in Dataverse (main.aspx, served here).
        { profileKey: profileId, channelProviderConfigUrl: null },
        { entityTypeName: AppProfile.logicalName, entityId: profileId },
      );
    }
    const view = document.createElement("section");
    view.className = "surface";
    main.replaceChildren(view);
    document.title = `App profiles - ${PAGE_TITLE}`;
    // The designer is a dataset control on the profiles' view; it loads its own rows, so an empty data set will do.
    await mountControl("ProfileDesigner", view, session, privileges, {}, undefined, {
      profiles: AppProfile.logicalName,
    });
  } catch (error) {
    const message = document.createElement("div");
    message.setAttribute("role", "alert");
    main.replaceChildren(message);
    renderInto(
      message,
      React.createElement(PageError, {
        message: `This page couldn't load (${(error as Error).message}): reload it, and if that doesn't help, restart npm start.`,
      }),
    );
  }
}

/**
 * Every navigation of the page asks the control first (controls/shared/leaveRequest.ts): links are held until the
 * control answers; the browser's back and forward have already changed the address, so it is put back meanwhile.
 */
function guardNavigation(session: Session, privileges: Set<string>): void {
  let current = window.location.hash;
  let allowed: string | undefined;
  const go = (hash: string) => {
    allowed = hash;
    if (window.location.hash === hash) void route(session, privileges);
    else window.location.hash = hash;
  };
  document.addEventListener(
    "click",
    (event) => {
      const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!link || link.target === "_blank" || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0)
        return;
      const url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin || url.pathname !== window.location.pathname || !url.hash) return;
      event.preventDefault();
      // Asked after the click has finished, so the control's dialog opens outside another component's event.
      setTimeout(() => void requestLeave().then((leave) => leave && go(url.hash)), 0);
    },
    true,
  );
  window.addEventListener("hashchange", () => {
    const target = window.location.hash;
    if (allowed === target) {
      allowed = undefined;
      current = target;
      return void route(session, privileges);
    }
    const { immediate, answer } = askToLeave();
    if (immediate) {
      current = target;
      return void route(session, privileges);
    }
    // Back or forward with unsaved changes: show the form's address again until the person answers.
    history.replaceState(null, "", current || "#/profiles");
    void answer.then((leave) => leave && go(target));
  });
}

async function start(): Promise<void> {
  const session = await loadSession();
  const privileges = await loadPrivileges(session.user.userId);
  guardNavigation(session, privileges);
  await route(session, privileges);
  // The other controls' bundles once this page has settled (its rows shown, its requests answered): opening a profile
  // needn't wait for a download, and the download doesn't compete with the first page.
  whenQuiet(() => CONTROL_NAMES.forEach((name) => void loadControlBundle(name).catch(() => undefined)));
  renderInto(
    document.getElementById("user-switcher-host") as HTMLElement,
    React.createElement(UserSwitcher, {
      session,
      onSwitch: async (key: string) => {
        // Switching the signed-in user reloads the page: unsaved changes are asked about first.
        if (!(await requestLeave())) return false;
        unmount();
        await fetch(`/session?user=${encodeURIComponent(key)}`, { method: "POST" });
        window.location.reload();
        return true;
      },
    }),
  );
}

(window as unknown as { AppProfileManagerHost: { start(): void } }).AppProfileManagerHost = {
  start: () => void start(),
};
