/**
 * Issue 14, Preview as an agent, in headless Chromium against the host page: the editor's *Preview* draws the profile
 * as edited (session templates for two tables, the pane expanded with its tools, channels, a voice provider), again
 * collapsed after the pane setting changes (unsaved, and said so), and Search by user's *Preview* draws what a user
 * gets through a team. 0 axe-core violations on each open preview. Screenshots: screenshots/issue14-preview-*.png.
 */
import type { Locator, Page } from "playwright-core";
import {
  AppChoice,
  AppProfileChannelProvider,
  AppProfileSessionTemplate,
  AppProfileTeam,
  ChannelProvider,
  ProductivityPaneModeChoice,
  SessionTemplate,
} from "../../schema";
import { demoTeams } from "../../server/demoTeams";
import { expectNoAxeViolations } from "./browser";
import { startE2E, type E2E } from "./hostHarness";
import { createProfile, linkToProfile } from "./profileFixtures";

jest.setTimeout(300_000);
let e2e: E2E;
let profileId: string;
const templates: { name: string; entity: string }[] = [];

/** Fluent's panels slide in: wait for the animation before a screenshot. */
const settle = (page: Page) => page.waitForTimeout(600);

beforeAll(async () => {
  e2e = await startE2E();
  const api = e2e.api();
  profileId = await createProfile(api, {
    apm_name: "Preview desk",
    apm_uniquename: "contoso_preview_desk",
    apm_app: AppChoice.CustomerServiceWorkspace.value,
    apm_productivitypaneenabled: true,
    apm_productivitypanemode: ProductivityPaneModeChoice.Expanded.value,
    apm_smartassistenabled: true,
    apm_callscriptenabled: true,
    apm_allactivechannels: true,
    // The only ranked profile of the app in the demo: the team's members get it.
    apm_rank: 7,
  });
  for (const uniqueName of ["msdyn_case_session", "msdyn_account_session"]) {
    const [row] = (
      await api.retrieveMultiple<Record<string, string>>({
        collection: SessionTemplate.entitySetName,
        select: ["apm_name", "apm_entitylogicalname"],
        filter: `apm_uniquename eq '${uniqueName}'`,
      })
    ).value;
    templates.push({ name: row.apm_name, entity: row.apm_entitylogicalname });
    await linkToProfile(api, profileId, AppProfileSessionTemplate, row.apm_sessiontemplateid);
  }
  const [voice] = (
    await api.retrieveMultiple<Record<string, string>>({
      collection: ChannelProvider.entitySetName,
      select: ["apm_label"],
      filter: "apm_label eq 'Contoso Voice'",
    })
  ).value;
  await linkToProfile(api, profileId, AppProfileChannelProvider, voice.apm_channelproviderid);
  await linkToProfile(api, profileId, AppProfileTeam, demoTeams.tier1.teamid);
});
afterAll(() => e2e?.stop());

/** Each item's words; the icon font's glyphs (private-use characters, hidden from screen readers) left out. */
const listItems = (within: Locator, name: string) => ({
  allTextContents: async () =>
    (await within.getByRole("list", { name, exact: true }).getByRole("listitem").allTextContents()).map((text) =>
      text.replace(/[\uE000-\uF8FF]/g, ""),
    ),
});

async function openEditorPreview(page: Page): Promise<Locator> {
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  const panel = page.getByRole("dialog", { name: "Preview: what an agent gets" });
  // A Fluent Panel's dialog element has no box of its own (its pane is fixed-positioned): wait for the figure.
  await panel.getByRole("figure", { name: "Preview: what an agent gets" }).waitFor();
  return panel;
}

describe("Preview as an agent (issue 14)", () => {
  it("in the editor: templates for two tables, the pane expanded with its tools, channels and voice; then collapsed", async () => {
    const { page } = await e2e.open("admin");
    await page.goto(`${e2e.host.url}/#/profiles/${profileId}`);
    await page.getByRole("tab", { name: /^General/ }).waitFor();
    const panel = await openEditorPreview(page);
    await panel.getByText("The profile as saved.").waitFor();
    const tabs = await listItems(panel, "Session tabs").allTextContents();
    expect(tabs[0]).toBe("Home");
    for (const t of templates) expect(tabs).toContain(`${t.name}Opens for ${t.entity}`);
    expect(new Set(templates.map((t) => t.entity)).size).toBe(2);
    expect(tabs.at(-1)).toBe("Any other recordThe app's default session");
    const pane = panel.getByRole("group", { name: "Productivity pane: expanded" });
    await expect(listItems(pane, "Tools").allTextContents()).resolves.toEqual(["Smart assist", "Call script"]);
    await expect(listItems(panel, "Channels").allTextContents()).resolves.toEqual(["All active channels"]);
    await expect(listItems(panel, "Voice providers").allTextContents()).resolves.toEqual(["Contoso Voice"]);
    await settle(page);
    await expectNoAxeViolations(page, "editor preview, pane expanded");
    await e2e.screenshot(page, "issue14-preview-editor-expanded");

    await panel.getByRole("button", { name: "Close the preview" }).click();
    await panel.waitFor({ state: "detached" });
    await page.getByRole("tab", { name: /^Productivity pane/ }).click();
    await page.getByRole("radio", { name: "Collapsed" }).check();
    const again = await openEditorPreview(page);
    await again.getByText(/The profile as edited, with unsaved changes/).waitFor();
    const collapsed = again.getByRole("group", { name: "Productivity pane: collapsed" });
    await expect(listItems(collapsed, "Tools").allTextContents()).resolves.toEqual(["Smart assist", "Call script"]);
    await expect(again.getByRole("group", { name: "Productivity pane: expanded" }).count()).resolves.toBe(0);
    await settle(page);
    await expectNoAxeViolations(page, "editor preview, pane collapsed");
    await e2e.screenshot(page, "issue14-preview-editor-collapsed");
  });

  it("in Search by user: what a user gets through a team, with the reason, in one request", async () => {
    const { page } = await e2e.open("admin");
    await page.getByRole("button", { name: "Preview desk", exact: true }).waitFor();
    await page.getByRole("menuitem", { name: "Search by user" }).click();
    const panel = page.getByRole("dialog", { name: "Search by user" });
    await panel.getByRole("searchbox", { name: "Search users by name or user name" }).fill("Sam");
    await panel.getByRole("button", { name: "Sam Supervisor", exact: true }).click();
    await panel.getByRole("grid", { name: "Profiles of Sam Supervisor by app" }).waitFor();
    const requests: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/data/")) requests.push(`${r.method()} ${decodeURIComponent(r.url())}`);
    });
    const previewButton = panel.getByRole("button", { name: "Preview Customer Service workspace" });
    await previewButton.click();
    await expect(previewButton.getAttribute("aria-pressed")).resolves.toBe("true");
    const figure = panel.getByRole("figure", { name: "Preview: what an agent gets" });
    await figure.waitFor();
    await figure.getByText("What Sam Supervisor gets in Customer Service workspace: Preview desk.").waitFor();
    await figure.getByText("Through team Tier 1").waitFor();
    await figure.getByRole("group", { name: "Productivity pane: expanded" }).waitFor();
    // The runtime's one request (the agent's app makes the same one): the app's candidate profiles with content.
    expect(requests).toHaveLength(1);
    expect(requests[0]).toContain(`apm_app eq ${AppChoice.CustomerServiceWorkspace.value} and`);
    expect(requests[0]).toMatch(/^GET .*apm_appprofiles\?\$select=/);
    await figure.scrollIntoViewIfNeeded();
    await settle(page);
    await expectNoAxeViolations(page, "search by user preview");
    await e2e.screenshot(page, "issue14-preview-search-by-user");
  });
});
