/**
 * Issue 12, item 4 in Dataverse: the provider page the editor opens is the app's own list and main form for the
 * provider table. The solution must carry its two public views (Active and Inactive, as every new table has), a main
 * form with its fields, the site map subarea and the app components; the editor's link must name that list.
 */
import { ChannelProvider, ModelDrivenApp } from "../../schema";
import { DEFAULT_CHANNEL_PROVIDER_CONFIG_URL } from "../../controls/shared/manifest";
import { PROVIDER_VIEW_IDS, providersLocation } from "../../host/page/providersRoute";
import { inactiveViewId, QueryType, viewId } from "../src/views";
import { mainFormId } from "../src/forms";
import { buildOnce, entryText, find, names, parseOrdered, referenceText, type Ordered } from "./helpers";

const table = ChannelProvider as unknown as Parameters<typeof viewId>[0];

let customizations: Ordered;
beforeAll(async () => {
  const { unmanaged } = await buildOnce();
  customizations = parseOrdered(await entryText(unmanaged, "customizations.xml"));
});

const providerEntity = (): Ordered =>
  find(customizations, "Entities").children.find(
    (e) => e.name === "Entity" && find(e, "Name").text === ChannelProvider.logicalName,
  )!;
const leafText = (element: Ordered, name: string) => find(element, name).text;
const savedQueries = () => find(providerEntity(), "SavedQueries", "savedqueries").children;
const viewNamed = (name: string) =>
  savedQueries().find((q) => find(q, "LocalizedNames", "LocalizedName").attrs.description === name);
const statecodeFilter = (view: Ordered) =>
  find(view, "fetchxml", "fetch", "entity")
    .children.filter((c) => c.name === "filter")
    .flatMap((f) => f.children)
    .find((c) => c.attrs.attribute === "statecode")?.attrs.value;

describe("the provider table's list in the app", () => {
  it("has the Active view as its default public view and an Inactive view, with every provider column", () => {
    const active = viewNamed("Active Channel Providers")!;
    const inactive = viewNamed("Inactive Channel Providers")!;
    expect(leafText(active, "savedqueryid")).toBe(`{${viewId(table, QueryType.Public)}}`);
    expect(leafText(inactive, "savedqueryid")).toBe(`{${inactiveViewId(table)}}`);
    expect([leafText(active, "querytype"), leafText(inactive, "querytype")]).toEqual(["0", "0"]);
    expect([leafText(active, "isdefault"), leafText(inactive, "isdefault")]).toEqual(["1", "0"]);
    expect([statecodeFilter(active), statecodeFilter(inactive)]).toEqual(["0", "1"]);
    const cells = (view: Ordered) => find(view, "layoutxml", "grid", "row").children.map((c) => c.attrs.name);
    for (const view of [active, inactive]) {
      expect(cells(view)).toEqual(expect.arrayContaining(Object.keys(ChannelProvider.columns)));
      expect(find(view, "layoutxml", "grid").attrs.jump).toBe("apm_name");
    }
    // Exactly one default view per query type, as the platform requires of system views.
    const defaults = savedQueries()
      .filter((q) => leafText(q, "isdefault") === "1")
      .map((q) => leafText(q, "querytype"));
    expect(new Set(defaults).size).toBe(defaults.length);
  });

  it("writes the Inactive view in the element order of a real exported view", () => {
    const reference = parseOrdered(referenceText("real-exports", "view-with-pcf-control.xml"));
    const exported = find(reference, "Entities", "Entity", "SavedQueries", "savedqueries", "savedquery");
    expect(names(viewNamed("Inactive Channel Providers")!)).toEqual(names(exported));
  });

  it("the host page's view ids are the solution's", () => {
    expect(PROVIDER_VIEW_IDS).toEqual({ active: viewId(table, QueryType.Public), inactive: inactiveViewId(table) });
  });

  it("puts both views, the main form and a site map subarea for the table into the app", () => {
    const components = find(customizations, "AppModules", "AppModule", "AppModuleComponents").children;
    const ids = (type: string) => components.filter((c) => c.attrs.type === type).map((c) => c.attrs.id);
    expect(ids("26")).toEqual(
      expect.arrayContaining([`{${viewId(table, QueryType.Public)}}`, `{${inactiveViewId(table)}}`]),
    );
    expect(ids("60")).toContain(`{${mainFormId(table)}}`);
    expect(components.filter((c) => c.attrs.type === "1").map((c) => c.attrs.schemaName)).toContain(
      ChannelProvider.logicalName,
    );
    const siteMap = find(customizations, "AppModuleSiteMaps", "AppModuleSiteMap", "SiteMap");
    const subAreas = siteMap.children.flatMap((area) => area.children.flatMap((group) => group.children));
    const subArea = subAreas.find((s) => s.name === "SubArea" && s.attrs.Entity === ChannelProvider.logicalName);
    // The attributes a real export writes on an entity subarea (real-exports/app-module-sitemap.xml).
    expect(subArea?.attrs).toMatchObject({
      Client: "All,Outlook,OutlookLaptopClient,OutlookWorkstationClient,Web",
      AvailableOffline: "true",
      PassParams: "false",
      Sku: "All,OnPremise,Live,SPLA",
    });
  });

  it("has a main form with a field for every provider column, the URLs in the platform's URL control", () => {
    const form = find(providerEntity(), "FormXml", "forms", "systemform");
    const controls = find(form, "form", "tabs", "tab", "columns", "column", "sections", "section", "rows").children.map(
      (row) => find(row, "cell", "control").attrs,
    );
    expect(controls.map((c) => c.datafieldname)).toEqual(Object.keys(ChannelProvider.columns));
    const urlControl = "{71716B6C-711E-476C-8AB8-5D11542BFB47}";
    expect(controls.filter((c) => c.classid === urlControl).map((c) => c.datafieldname)).toEqual([
      "apm_channelurl",
      "apm_trusteddomain",
    ]);
  });
});

describe("the link Add channel providers opens", () => {
  // Learn: model-driven-apps/open-forms-views-dialogs-reports-url (appname, pagetype=entitylist, etn).
  it("names this app's list of the provider table, and the local host serves it as the provider page", () => {
    const url = new URL(DEFAULT_CHANNEL_PROVIDER_CONFIG_URL, "https://contoso.crm.dynamics.com");
    expect(url.pathname).toBe("/main.aspx");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      appname: ModelDrivenApp.uniqueName,
      pagetype: "entitylist",
      etn: ChannelProvider.logicalName,
    });
    expect(providersLocation({ pathname: url.pathname, search: url.search, hash: "" })).toEqual({
      page: "list",
      active: true,
    });
  });
});
