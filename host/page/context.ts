/** A real ComponentFramework.Context for a control on this page, backed by the local server through the proxy. */
import { privilegeName, type Privilege } from "../../schema";
import { emptyDataSet } from "../../controls/shared/emptyDataSet";
import { createWebApi } from "./webApi";

export interface Session {
  readonly user: { key: string; fullname: string; userId: string };
  readonly users: readonly { key: string; fullname: string; userId: string }[];
}

export interface ContextOptions {
  readonly session: Session;
  readonly strings: Record<string, string>;
  /** Privilege names the signed-in user holds, e.g. prvCreateapm_appprofile. */
  readonly privileges: ReadonlySet<string>;
  /** String properties, by name: their raw values. */
  readonly parameters: Record<string, string | null>;
  /** Data sets, by name: their table. The page has no view behind them, so each is loaded and empty. */
  readonly dataSets?: Record<string, string>;
  readonly record?: { entityTypeName: string; entityId: string };
  readonly container: HTMLElement;
  readonly openForm: (entityName: string, entityId: string) => void;
  readonly requestRender: () => void;
}

/** ComponentFramework.PropertyHelper.Types.PrivilegeType → our privileges (Assign and Share: none of our roles hold them). */
const privilegeTypes: Readonly<Record<number, Privilege>> = {
  1: "create",
  2: "read",
  3: "write",
  4: "delete",
  7: "append",
  8: "appendto",
};

function stringProperty(raw: string | null): ComponentFramework.PropertyTypes.StringProperty {
  return {
    raw,
    formatted: raw ?? "",
    error: false,
    errorMessage: "",
    security: { editable: true, readable: true, secured: false },
    type: "SingleLine.Text",
    attributes: undefined,
  } as unknown as ComponentFramework.PropertyTypes.StringProperty;
}

/**
 * PCF's container tracking, as the platform does it: mode.allocatedWidth is -1 until the control calls
 * trackContainerResize(true), then the container's width, and a change of it renders the control again (Learn:
 * component-framework/reference/mode/trackcontainerresize and mode/allocatedwidth). A container taken off the page
 * (the control unmounted) renders nothing.
 */
function containerWidth(container: HTMLElement, requestRender: () => void) {
  let width = -1;
  let observer: ResizeObserver | undefined;
  return {
    get allocatedWidth() {
      return width;
    },
    trackContainerResize(track: boolean) {
      observer?.disconnect();
      observer = undefined;
      width = track ? container.clientWidth : -1;
      if (!track || typeof ResizeObserver === "undefined") return;
      observer = new ResizeObserver(() => {
        if (!container.isConnected || container.clientWidth === width) return;
        width = container.clientWidth;
        requestRender();
      });
      observer.observe(container);
    },
  };
}

export type HostParameter = ComponentFramework.PropertyTypes.StringProperty | ComponentFramework.PropertyTypes.DataSet;

export function createContext(options: ContextOptions): ComponentFramework.Context<Record<string, HostParameter>> {
  const { session, strings, privileges, container } = options;
  const parameters: Record<string, HostParameter> = {
    ...Object.fromEntries(Object.entries(options.parameters).map(([name, raw]) => [name, stringProperty(raw)])),
    ...Object.fromEntries(Object.entries(options.dataSets ?? {}).map(([name, table]) => [name, emptyDataSet(table)])),
  };
  const context = {
    parameters,
    resources: {
      getString: (id: string) => strings[id] ?? id,
      getResource: (_id: string, _success: (data: string) => void, failure: () => void) => failure(),
    },
    utils: {
      hasEntityPrivilege: (entityTypeName: string, privilegeType: number) =>
        privilegeType in privilegeTypes && privileges.has(privilegeName(entityTypeName, privilegeTypes[privilegeType])),
      getEntityMetadata: () => Promise.reject(new Error("Entity metadata is not available on the local host.")),
      lookupObjects: () => Promise.resolve([]),
    },
    navigation: {
      openForm: async (form: { entityName: string; entityId?: string }) => {
        if (form.entityId) options.openForm(form.entityName, form.entityId);
        return { savedEntityReference: [] };
      },
      openUrl: (url: string) => {
        window.open(url, "_blank", "noopener");
      },
      openAlertDialog: async (alert: { text: string }) => {
        window.alert(alert.text);
      },
      openConfirmDialog: async (dialog: { text: string }) => ({ confirmed: window.confirm(dialog.text) }),
      openErrorDialog: async (dialog: { message?: string }) => {
        window.alert(dialog.message ?? "Error");
      },
      openWebResource: () => undefined,
    },
    userSettings: {
      userId: `{${session.user.userId.toUpperCase()}}`,
      userName: session.user.fullname,
      languageId: 1033,
      isRTL: false,
      securityRoles: [],
      dateFormattingInfo: {},
      numberFormattingInfo: {},
      getTimeZoneOffsetMinutes: () => -new Date().getTimezoneOffset(),
    },
    mode: Object.defineProperties(
      {
        isControlDisabled: false,
        isVisible: true,
        label: "",
        allocatedHeight: -1,
        contextInfo: options.record
          ? { entityId: options.record.entityId, entityTypeName: options.record.entityTypeName, entityRecordName: "" }
          : undefined,
        setControlState: () => true,
        setFullScreen: () => undefined,
      },
      Object.getOwnPropertyDescriptors(containerWidth(container, options.requestRender)),
    ),
    client: { getClient: () => "Web", getFormFactor: () => 1, isOffline: () => false, disableScroll: false },
    device: {},
    factory: { requestRender: options.requestRender, getPopupService: () => undefined },
    formatting: {},
    webAPI: createWebApi(),
    updatedProperties: [] as string[],
    page: { getClientUrl: () => window.location.origin },
  };
  return context as unknown as ComponentFramework.Context<Record<string, HostParameter>>;
}
