/**
 * The local host page's shell: provides the platform globals the PCF bundles expect, registers the controls, and
 * lays them out like a model-driven app (a profiles view and a profile form), signed in as a demo user.
 */
import { AppProfile, ChannelProvider, privilegeName } from "../../schema";
import { createContext, type Session } from "./context";
import { renderProvidersPage } from "./providersPage";
import { providersLocation } from "./providersRoute";

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

const API = "/api/data/v9.2/";
let mounted: { control: Control; container: HTMLElement } | undefined;
let unmountProviders: (() => void) | undefined;

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json() as Promise<T>;
}

async function loadPrivileges(userId: string): Promise<Set<string>> {
  const body = await json<{ RolePrivileges: { PrivilegeName: string }[] }>(
    `${API}systemusers(${userId})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`,
  );
  return new Set(body.RolePrivileges.map((p) => p.PrivilegeName));
}

function unmount(): void {
  unmountProviders?.();
  unmountProviders = undefined;
  if (!mounted) return;
  mounted.control.destroy();
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
  const Constructor = registered.get(`AppProfileManager.${name}`);
  if (!Constructor) throw new Error(`The ${name} control did not register; check that its bundle loaded.`);
  const strings = await json<Record<string, string>>(`/controls/${name}/strings.json`);
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
  mounted = { control, container };
  render();
}

async function route(session: Session, privileges: Set<string>): Promise<void> {
  const main = document.getElementById("main") as HTMLElement;
  const hash = window.location.hash || "#/profiles";
  const profileId = /^#\/profiles\/([0-9a-f-]{36})$/i.exec(hash)?.[1];
  const providers = providersLocation(window.location);
  document
    .getElementById("nav-profiles")
    ?.setAttribute("aria-current", !providers && hash.startsWith("#/profiles") ? "page" : "false");
  document.getElementById("nav-providers")?.setAttribute("aria-current", providers ? "page" : "false");
  unmount();
  try {
    if (providers) {
      unmountProviders = renderProvidersPage(main, providers, {
        create: privileges.has(privilegeName(ChannelProvider.logicalName, "create")),
        write: privileges.has(privilegeName(ChannelProvider.logicalName, "write")),
      });
      return;
    }
    if (profileId) {
      const bar = document.createElement("div");
      bar.className = "commandbar";
      const back = document.createElement("a");
      back.href = "#/profiles";
      back.textContent = "← App profiles";
      bar.append(back);
      const form = document.createElement("section");
      form.className = "surface";
      main.replaceChildren(bar, form);
      document.title = "App profile - App Profile Manager (local)";
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
    document.title = "App profiles - App Profile Manager (local)";
    // The designer is a dataset control on the profiles' view; it loads its own rows, so an empty data set will do.
    await mountControl("ProfileDesigner", view, session, privileges, {}, undefined, {
      profiles: AppProfile.logicalName,
    });
  } catch (error) {
    const message = document.createElement("p");
    message.setAttribute("role", "alert");
    message.textContent = `This page could not load: ${(error as Error).message}`;
    main.replaceChildren(message);
  }
}

async function start(): Promise<void> {
  const session = await json<Session>("/session");
  const switcher = document.getElementById("user-switcher") as HTMLSelectElement;
  for (const user of session.users) {
    const option = new Option(`${user.fullname} (${user.key})`, user.key, false, user.key === session.user.key);
    switcher.add(option);
  }
  switcher.addEventListener("change", async () => {
    await fetch(`/session?user=${encodeURIComponent(switcher.value)}`, { method: "POST" });
    window.location.reload();
  });
  const privileges = await loadPrivileges(session.user.userId);
  window.addEventListener("hashchange", () => void route(session, privileges));
  await route(session, privileges);
}

(window as unknown as { AppProfileManagerHost: { start(): void } }).AppProfileManagerHost = {
  start: () => void start(),
};
