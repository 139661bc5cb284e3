/**
 * Issue 12, item 4: *Add channel providers* opens the app's provider page in a new tab (the main.aspx list the editor
 * opens in Dataverse), where an admin creates a provider (rule 8 checked as they type), deactivates another, and the
 * editor's picker, still open in the first tab, offers the new provider without a reload.
 */
import type { Locator, Page } from "playwright-core";
import { AppChoice, AppProfile, AppProfileChannelProvider, ChannelProvider } from "../../schema";
import { screenshotPath } from "./browser";
import { startE2E, type E2E } from "./hostHarness";

jest.setTimeout(120_000);
let e2e: E2E;
let profileId: string;
beforeAll(async () => {
  e2e = await startE2E();
  const created = await e2e.api().create({
    collection: AppProfile.entitySetName,
    data: {
      apm_name: "Provider page agents",
      apm_uniquename: "contoso_providerpage_agents",
      apm_app: AppChoice.CustomerServiceWorkspace.value,
    },
    returnRepresentation: true,
  });
  profileId = (created as unknown as { apm_appprofileid: string }).apm_appprofileid;
});
afterAll(() => e2e?.stop());

const providerNamed = async (name: string) =>
  (
    await e2e.api().retrieveMultiple({
      collection: ChannelProvider.entitySetName,
      select: ["apm_name", "apm_label", "apm_channelurl", "apm_trusteddomain", "statecode"],
      filter: `apm_name eq '${name}'`,
    })
  ).value[0];

/** Fluent fades rows in: a screenshot waits for the end of its animations. */
const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: screenshotPath(name), fullPage: true, animations: "disabled" });

/** A Fluent command bar's command, whichever role its version gives it. */
const command = (page: Page, name: string): Locator =>
  page
    .getByRole("menubar")
    .getByRole("menuitem", { name, exact: true })
    .or(page.getByRole("button", { name, exact: true }));

describe("channel providers are managed on their own page", () => {
  it("creates a provider with live rule 8 checks, deactivates another, and the open picker offers the new one", async () => {
    const { page: editor, context } = await e2e.open("admin");
    await editor.goto(`${e2e.host.url}/#/profiles/${profileId}`);
    await editor.getByRole("tab", { name: "Channels" }).click();
    // The picker is open before the provider exists: it must search again when the admin comes back.
    await editor.getByRole("button", { name: "Add provider to profile" }).click();
    await editor.getByRole("button", { name: "Contoso Voice", exact: true }).waitFor();
    await expect(editor.getByRole("button", { name: "Avaya Voice", exact: true }).count()).resolves.toBe(0);
    await editor.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    // Playwright makes every headless page believe it has focus; without that, switching tabs moves the window's
    // focus as a browser does (blur here when the new tab opens, focus when this one is brought back).
    await (await context.newCDPSession(editor)).send("Emulation.setFocusEmulationEnabled", { enabled: false });

    const [providers] = await Promise.all([
      context.waitForEvent("page"),
      editor.getByRole("button", { name: "Add channel providers" }).click(),
    ]);
    await providers.waitForLoadState();
    const opened = new URL(providers.url());
    expect(opened.pathname).toBe("/main.aspx");
    expect(Object.fromEntries(opened.searchParams)).toEqual({
      appname: "apm_AppProfileManager",
      pagetype: "entitylist",
      etn: ChannelProvider.logicalName,
    });
    const grid = providers.getByRole("grid", { name: "Active Channel Providers" });
    await grid.getByText("Contoso Voice").waitFor();
    await expect(grid.getByText("Northwind Calls").count()).resolves.toBe(1);
    await screenshot(providers, "providers-list");

    // New: a bad URL is explained as it is typed, with the rule's own sentence.
    await command(providers, "New").click();
    await providers.getByRole("heading", { name: "New Channel Provider" }).waitFor();
    expect(new URL(providers.url()).searchParams.get("pagetype")).toBe("entityrecord");
    await providers.getByRole("textbox", { name: "Name" }).fill("avaya_voice");
    await providers.getByRole("textbox", { name: "Label" }).fill("Avaya Voice");
    await providers.getByRole("textbox", { name: "Trusted domain" }).fill("avaya.com");
    const url = providers.getByRole("textbox", { name: "Channel URL" });
    await url.fill("http://voice.avaya.com/agent");
    await providers.getByText("The channel URL must start with https:// (it starts with http://)").waitFor();
    await expect(url.getAttribute("aria-invalid")).resolves.toBe("true");
    await screenshot(providers, "issue12-item4-provider-live-check");
    await url.fill("https://voice.example.net/agent");
    await providers.getByText(/host "voice\.example\.net" is outside the trusted domain "avaya\.com"/).waitFor();
    // Save is refused on the page, before any request, with the fields marked.
    await command(providers, "Save").click();
    await providers.getByText("Fix the field marked below, then save again.").waitFor();
    await expect(providerNamed("avaya_voice")).resolves.toBeUndefined();

    await url.fill("https://voice.avaya.com/agent");
    await expect(url.getAttribute("aria-invalid")).resolves.toBe("false");
    await command(providers, "Save").click();
    await providers.getByText("Channel provider created.").waitFor();
    await providers.getByRole("heading", { name: "Avaya Voice" }).waitFor();
    expect(new URL(providers.url()).searchParams.get("id")).toMatch(/^[0-9a-f-]{36}$/);
    await screenshot(providers, "providers-form-saved");
    await expect(providerNamed("avaya_voice")).resolves.toMatchObject({
      apm_label: "Avaya Voice",
      apm_channelurl: "https://voice.avaya.com/agent",
      apm_trusteddomain: "avaya.com",
      statecode: 0,
    });

    // Deactivate another provider from the list, after confirming.
    await command(providers, "Channel Providers").click();
    await grid.getByText("Avaya Voice").waitFor();
    await grid.getByText("northwind_calls").click();
    await command(providers, "Deactivate").click();
    const confirm = providers.getByRole("dialog", { name: "Confirm deactivation" });
    await confirm.getByText("Deactivate 1 channel provider?").waitFor();
    await confirm.getByRole("button", { name: "Deactivate" }).click();
    await providers.getByText("Deactivated 1 channel provider.").waitFor();
    await expect(grid.getByText("Northwind Calls").count()).resolves.toBe(0);
    await expect(providerNamed("northwind_calls")).resolves.toMatchObject({ statecode: 1 });
    await providers.getByRole("combobox", { name: "View" }).click();
    await providers.getByRole("option", { name: "Inactive Channel Providers" }).click();
    await providers.getByRole("grid", { name: "Inactive Channel Providers" }).getByText("Northwind Calls").waitFor();
    await screenshot(providers, "providers-inactive-view");

    // Back in the editor's tab: the picker, still open, now offers the new provider; the page was not reloaded.
    await editor.bringToFront();
    await editor.getByRole("button", { name: "Avaya Voice", exact: true }).waitFor({ timeout: 10_000 });
    await expect(editor.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).resolves.toBe(
      true,
    );
    await expect(editor.getByRole("button", { name: "Northwind Calls", exact: true }).count()).resolves.toBe(0);
    await screenshot(editor, "providers-picker-fresh");
    await editor.getByRole("button", { name: "Avaya Voice", exact: true }).click();
    await editor.getByRole("grid", { name: "Channel providers on this profile" }).getByText("Avaya Voice").waitFor();
    await editor.getByRole("button", { name: "Save", exact: true }).click();
    await editor.getByText("Changes saved.").waitFor();
    const saved = await e2e.api().retrieve({
      collection: AppProfile.entitySetName,
      key: profileId,
      select: ["apm_name"],
      expand: [{ property: AppProfileChannelProvider.schemaName, select: ["apm_name"] }],
    });
    expect(saved[AppProfileChannelProvider.schemaName].map((p: { apm_name: string }) => p.apm_name)).toEqual([
      "avaya_voice",
    ]);
  });

  it("opens read-only for an agent: no New, Save or Deactivate", async () => {
    const { page } = await e2e.open("agent");
    await page.goto(
      `${e2e.host.url}/main.aspx?appname=apm_AppProfileManager&pagetype=entitylist&etn=apm_channelprovider`,
    );
    await page.getByRole("grid", { name: "Active Channel Providers" }).getByText("Contoso Voice").waitFor();
    await expect(command(page, "New").count()).resolves.toBe(0);
    await expect(command(page, "Deactivate").count()).resolves.toBe(0);
    await page.getByRole("grid", { name: "Active Channel Providers" }).getByText("contoso_voice").click();
    await command(page, "Open").click();
    await page.getByRole("heading", { name: "Contoso Voice" }).waitFor();
    await expect(command(page, "Save").count()).resolves.toBe(0);
    await expect(page.getByRole("textbox", { name: "Channel URL" }).getAttribute("readonly")).resolves.not.toBeNull();
  });
});
