/**
 * What the page's inline boot script (html.ts) started before the scripts parsed, used once; anything it didn't
 * start, or a later navigation, asks the server itself. Control strings are kept per control, as the platform does.
 */
import type { Session } from "./context";
import { API_BASE } from "./routes";

interface Privileges {
  readonly RolePrivileges: readonly { PrivilegeName: string }[];
}

interface Boot {
  readonly session: Promise<Session>;
  readonly privileges: Promise<Privileges>;
  readonly strings: Record<string, Promise<Record<string, string>>>;
}

export async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json() as Promise<T>;
}

const boot = (window as unknown as { __apmBoot?: Boot }).__apmBoot;
const stringsByControl = new Map<string, Promise<Record<string, string>>>(Object.entries(boot?.strings ?? {}));

export const loadSession = (): Promise<Session> => boot?.session ?? json<Session>("/session");

/** The signed-in user's privilege names, e.g. prvReadapm_appprofile (RetrieveUserPrivileges). */
export async function loadPrivileges(userId: string): Promise<Set<string>> {
  const booted = await boot?.privileges.catch(() => undefined);
  const body =
    booted ??
    (await json<Privileges>(`${API_BASE}systemusers(${userId})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`));
  return new Set(body.RolePrivileges.map((p) => p.PrivilegeName));
}

export function loadStrings(control: string): Promise<Record<string, string>> {
  let strings = stringsByControl.get(control);
  if (!strings) {
    strings = json<Record<string, string>>(`/controls/${control}/strings.json`);
    stringsByControl.set(control, strings);
  }
  // A failed load is asked again next time, not remembered.
  strings.catch(() => stringsByControl.delete(control));
  return strings;
}

const bundles = new Map<string, Promise<void>>();

/**
 * Runs a control's bundle once (it registers itself with ComponentFramework.registerControl): the route's control
 * was preloaded by the boot script, the others load when a page first shows them or when the page is idle.
 */
export function loadControlBundle(control: string): Promise<void> {
  let loaded = bundles.get(control);
  if (!loaded) {
    loaded = new Promise<void>((resolve, reject) => {
      const script = document.createElement("script");
      script.src = `/controls/${control}/bundle.js`;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`the ${control} control's bundle didn't load`));
      document.body.appendChild(script);
    });
    bundles.set(control, loaded);
    loaded.catch(() => bundles.delete(control));
  }
  return loaded;
}
