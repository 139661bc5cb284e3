/** The model-driven app (AppModule) and its site map: one area, one group, a page per table. */
import { ModelDrivenApp, type SecurityRole } from "../../schema";
import type { TableShape } from "./table";
import { el, leaf, type XmlElement } from "./xml";
import { descriptions, localizedNames } from "./labels";
import { braced } from "./ids";
import { INTRODUCED_VERSION } from "./attributes";
import { mainFormId } from "./forms";
import { publicViewIds } from "./views";
import { LANGUAGE_CODE } from "./metadata";

/** Solution component types (Dataverse's componenttype choice). */
export const ComponentType = {
  Entity: 1,
  OptionSet: 9,
  Role: 20,
  SavedQuery: 26,
  SystemForm: 60,
  WebResource: 61,
  SiteMap: 62,
  CustomControl: 66,
  AppModule: 80,
  EnvironmentVariableDefinition: 380,
} as const;

/** The platform's default app icon web resource, as the designer assigns it. */
const DEFAULT_APP_ICON = "953b9fac-1e5e-e611-80d6-00155ded156f";
const SITEMAP_VERSION = "7.0.0.0";

const titles = (title: string): XmlElement => el("Titles", {}, el("Title", { LCID: LANGUAGE_CODE, Title: title }));

export function appModuleSiteMap(tables: readonly TableShape[]): XmlElement {
  const subArea = (table: TableShape) =>
    el(
      "SubArea",
      {
        Id: `${table.logicalName}_subarea`,
        Entity: table.logicalName,
        Client: "All,Outlook,OutlookLaptopClient,OutlookWorkstationClient,Web",
        AvailableOffline: "true",
        PassParams: "false",
        Sku: "All,OnPremise,Live,SPLA",
      },
      titles(table.displayCollectionName),
    );
  return el(
    "AppModuleSiteMaps",
    {},
    el(
      "AppModuleSiteMap",
      {},
      leaf("SiteMapUniqueName", ModelDrivenApp.uniqueName),
      // The navigation settings current exports write (real-exports/app-module-sitemap.xml).
      leaf("EnableCollapsibleGroups", "False"),
      leaf("ShowHome", "True"),
      leaf("ShowPinned", "True"),
      leaf("ShowRecents", "True"),
      el(
        "SiteMap",
        { IntroducedVersion: SITEMAP_VERSION },
        el(
          "Area",
          { Id: "apm_area_profiles", ShowGroups: "true", IntroducedVersion: SITEMAP_VERSION },
          titles(ModelDrivenApp.displayName),
          el(
            "Group",
            { Id: "apm_group_profiles", IntroducedVersion: SITEMAP_VERSION, IsProfile: "false" },
            titles(ModelDrivenApp.displayName),
            tables.map(subArea),
          ),
        ),
      ),
      localizedNames(ModelDrivenApp.displayName),
    ),
  );
}

export function appModule(tables: readonly TableShape[], roles: readonly SecurityRole[]): XmlElement {
  const component = (type: number, attrs: { schemaName?: string; id?: string }) =>
    el("AppModuleComponent", { type, ...attrs });
  return el(
    "AppModules",
    {},
    el(
      "AppModule",
      {},
      leaf("UniqueName", ModelDrivenApp.uniqueName),
      leaf("IntroducedVersion", INTRODUCED_VERSION),
      leaf("WebResourceId", DEFAULT_APP_ICON),
      // As current exports write them (real-exports/app-module.xml): active (statecode 0, statuscode 1), the
      // Unified Interface client (ClientType 4) and single-session navigation (NavigationType 0).
      el("OptimizedFor"),
      leaf("statecode", 0),
      leaf("statuscode", 1),
      leaf("FormFactor", 1),
      leaf("ClientType", 4),
      leaf("NavigationType", 0),
      el(
        "AppModuleComponents",
        {},
        tables.map((t) => component(ComponentType.Entity, { schemaName: t.logicalName })),
        tables.map((t) => component(ComponentType.SystemForm, { id: braced(mainFormId(t)) })),
        component(ComponentType.SiteMap, { schemaName: ModelDrivenApp.uniqueName }),
        tables.flatMap((t) => publicViewIds(t).map((id) => component(ComponentType.SavedQuery, { id: braced(id) }))),
      ),
      el(
        "AppModuleRoleMaps",
        {},
        roles.map((r) => el("Role", { id: braced(r.id) })),
      ),
      localizedNames(ModelDrivenApp.displayName),
      descriptions(ModelDrivenApp.description),
    ),
  );
}
