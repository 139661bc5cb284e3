/**
 * The one typed fake of the PCF context for tests: resources read the control's real .resx, privileges follow the
 * two security roles, and navigation is recorded. Only what the controls use is real; the rest throws if touched.
 */
import * as fs from "fs";
import * as path from "path";
import { AdministratorRole, UserRole, type Privilege, type SecurityRole } from "../../../schema";

export type ControlName = "ProfileDesigner" | "ProfileEditor";
export type Role = "admin" | "agent" | "none";

const roles: Record<Role, SecurityRole | undefined> = { admin: AdministratorRole, agent: UserRole, none: undefined };
/** ComponentFramework.PropertyHelper.Types.PrivilegeType values, by the schema's privilege names. */
const privilegeNames: Record<number, Privilege> = {
  1: "create",
  2: "read",
  3: "write",
  4: "delete",
  7: "append",
  8: "appendto",
};

/** The control's .resx strings, parsed the way the platform serves them. */
export function readResx(control: ControlName): Record<string, string> {
  const file = path.join(__dirname, "..", "..", control, "strings", `${control}.1033.resx`);
  const xml = fs.readFileSync(file, "utf8");
  const entries: Record<string, string> = {};
  const pattern = /<data name="([^"]+)"[^>]*>\s*<value>([\s\S]*?)<\/value>/g;
  for (let m = pattern.exec(xml); m; m = pattern.exec(xml)) {
    entries[m[1]] = m[2]
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&");
  }
  return entries;
}

export function stringProperty(raw: string | null): ComponentFramework.PropertyTypes.StringProperty {
  return {
    raw,
    formatted: raw ?? undefined,
    error: false,
    errorMessage: "",
    type: "SingleLine.Text",
  } as ComponentFramework.PropertyTypes.StringProperty;
}

export interface FakeContextOptions<TInputs> {
  control: ControlName;
  parameters: TInputs;
  role?: Role;
  userId?: string;
  design?: ComponentFramework.FluentDesignState;
}

export interface FakeContext<TInputs> extends ComponentFramework.Context<TInputs> {
  readonly openedUrls: string[];
  readonly openedForms: ComponentFramework.NavigationApi.EntityFormOptions[];
}

function unused(name: string): never {
  throw new Error(`The controls don't use context.${name}`);
}

export function fakeContext<TInputs>(options: FakeContextOptions<TInputs>): FakeContext<TInputs> {
  const strings = readResx(options.control);
  const role = roles[options.role ?? "admin"];
  const openedUrls: string[] = [];
  const openedForms: ComponentFramework.NavigationApi.EntityFormOptions[] = [];
  const hasEntityPrivilege = (table: string, type: number) => {
    const granted = role?.privileges[table as keyof SecurityRole["privileges"]] ?? [];
    return granted.includes(privilegeNames[type]);
  };
  const context = {
    parameters: options.parameters,
    resources: {
      getString: (key: string) => strings[key] ?? "",
      getResource: () => unused("resources.getResource"),
    },
    utils: {
      hasEntityPrivilege,
      getEntityMetadata: () => unused("utils.getEntityMetadata"),
      lookupObjects: () => unused("utils.lookupObjects"),
    },
    navigation: {
      openUrl: (url: string) => void openedUrls.push(url),
      openForm: async (form: ComponentFramework.NavigationApi.EntityFormOptions) => {
        openedForms.push(form);
        return { savedEntityReference: [] };
      },
      openAlertDialog: () => unused("navigation.openAlertDialog"),
      openConfirmDialog: () => unused("navigation.openConfirmDialog"),
      openErrorDialog: () => unused("navigation.openErrorDialog"),
      openWebResource: () => unused("navigation.openWebResource"),
    },
    mode: {
      allocatedHeight: -1,
      // A test DOM has no layout to allocate: the platform's "not tracked" value, so controls measure (and get none).
      allocatedWidth: -1,
      isControlDisabled: false,
      isVisible: true,
      label: "",
      setControlState: () => true,
      setFullScreen: () => undefined,
      trackContainerResize: () => undefined,
    },
    userSettings: {
      userId: options.userId ?? "{55555555-0000-4000-8000-000000000001}",
      userName: "Avery Admin",
      languageId: 1033,
      isRTL: false,
      securityRoles: role ? [role.id] : [],
    },
    fluentDesignLanguage: options.design,
    updatedProperties: [],
    events: {},
    openedUrls,
    openedForms,
  };
  return context as unknown as FakeContext<TInputs>;
}
