/** Issue 12, item 8: from 320 px to wide screens nothing scrolls sideways; commands and tabs fold into menus. */
import type { Page } from "playwright-core";
import { AppChoice, AppProfile } from "../../schema";
import { startE2E, type E2E } from "./hostHarness";

jest.setTimeout(180_000);
let e2e: E2E;
let profileId: string;
const NAME = "Layout team with a rather long name for a narrow phone screen";
beforeAll(async () => {
  e2e = await startE2E();
  await e2e.api().create({
    collection: AppProfile.entitySetName,
    data: { apm_name: NAME, apm_uniquename: "contoso_layout", apm_app: AppChoice.CustomerServiceWorkspace.value },
  });
  const rows = await e2e.api().retrieveMultiple({
    collection: AppProfile.entitySetName,
    filter: "apm_uniquename eq 'contoso_layout'",
    select: ["apm_appprofileid"],
  });
  profileId = String(rows.value[0].apm_appprofileid);
});
afterAll(() => e2e?.stop());

const noSidewaysScroll = (page: Page) =>
  page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await noSidewaysScroll(page);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

describe.each([320, 1440])("at %i px wide", (width) => {
  it("the list, a profile form (every tab) and the providers page never scroll sideways", async () => {
    const { page, context } = await e2e.open("admin");
    await page.setViewportSize({ width, height: 900 });
    await page.getByRole("button", { name: "Technical support", exact: true }).waitFor();
    await expectNoSidewaysScroll(page);
    await e2e.screenshot(page, `issue12-item8-layout-${width}-list`);

    await page.goto(`${e2e.host.url}/#/profiles/${profileId}`);
    await page.getByRole("tab", { name: "General" }).waitFor();
    // A per-profile page title, and the form's own address to open in a new tab.
    await page.waitForFunction((name) => document.title.startsWith(name), NAME);
    const newTab = page.getByRole("menuitem", { name: "Open in new tab" });
    if (width >= 1440) {
      await expect(newTab.getAttribute("href")).resolves.toBe(`/#/profiles/${profileId}`);
      await expect(newTab.getAttribute("target")).resolves.toBe("_blank");
    }
    await expectNoSidewaysScroll(page);
    await e2e.screenshot(page, `layout-${width}-form`);

    const toolbar = page.getByRole("toolbar", { name: "Profile commands" });
    const more = toolbar.getByRole("button", { name: "More commands" });
    if (width === 320) {
      // Save stays in view; the rest fold into "More commands".
      await toolbar.getByRole("button", { name: "Save" }).waitFor();
      await more.click();
      await page.getByRole("menuitem", { name: "Delete" }).waitFor();
      await e2e.screenshot(page, `layout-${width}-more-commands`);
      await page.keyboard.press("Escape");
      // Tabs that don't fit fold into a "More tabs" menu.
      await page.getByLabel("More tabs").click();
      await page.getByRole("menuitem", { name: "Users" }).click();
      await page.getByRole("button", { name: "Add users" }).waitFor();
    } else {
      await expect(more.count()).resolves.toBe(0);
      await toolbar.getByRole("button", { name: "Delete" }).waitFor();
      await page.getByRole("tab", { name: "Users" }).click();
    }
    await expectNoSidewaysScroll(page);
    await e2e.screenshot(page, `layout-${width}-users-tab`);

    await page.goto(`${e2e.host.url}/#/channelproviders`);
    await page.getByRole("heading", { name: "Channel providers" }).waitFor();
    await expectNoSidewaysScroll(page);
    await e2e.screenshot(page, `layout-${width}-providers`);
    await context.close();
  });
});

it("the signed-in user switcher is a Fluent Dropdown of people", async () => {
  const { page, context } = await e2e.open("admin");
  const switcher = page.getByRole("combobox", { name: "Signed-in demo user" });
  await switcher.click();
  await page.getByRole("option", { name: /Riley Agent/ }).waitFor();
  await e2e.screenshot(page, "user-switcher");
  await context.close();
});
