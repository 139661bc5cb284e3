/**
 * Issue 14, History, in headless Chromium against the host page: an admin creates a profile, renames it, adds and
 * removes a user, adds another and a session template; the History tab then shows create, update (old → new),
 * associate and disassociate with the admin's name and a time, filters by kind, pages (more changes than a page,
 * seeded over the Web API), has 0 axe-core violations, and tells an agent without the audit privileges why it is
 * empty; Search by user says who assigned the user, and when.
 */
import type { Locator, Page } from "playwright-core";
import { AppProfile } from "../../schema";
import { expectNoAxeViolations } from "./browser";
import { startE2E, type E2E } from "./hostHarness";

jest.setTimeout(300_000);
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.stop());

/** More description changes than fit on the History tab's first page (25) with the UI's own changes. */
const SEEDED_UPDATES = 24;
const settle = (page: Page) => page.waitForTimeout(600);

async function save(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Changes saved.").waitFor();
}

async function addUser(page: Page, search: string, name: string): Promise<void> {
  await page.getByRole("tab", { name: "Users" }).click();
  await page.getByRole("button", { name: "Add users" }).click();
  await page.getByRole("searchbox", { name: /Search users/ }).fill(search);
  await page.getByRole("button", { name, exact: true }).click();
  await page.keyboard.press("Escape");
  await save(page);
}

/** The History tab's entries (the outer list's items), as text. */
async function historyRows(page: Page): Promise<Locator> {
  const list = page.getByRole("list", { name: "Changes to this profile, newest first" });
  await list.waitFor();
  return list.locator(":scope > li");
}

let profileId: string;

describe("History", () => {
  it("shows what the admin did: create, rename (old → new), users added and removed, a template added", async () => {
    const { page } = await e2e.open("admin");
    await page.getByRole("menuitem", { name: "New profile" }).click();
    const pane = page.getByRole("dialog");
    await pane.getByRole("textbox", { name: /^Name/ }).fill("Night shift");
    await pane.getByRole("textbox", { name: /^Unique name/ }).fill("contoso_nightshift");
    await pane.getByRole("button", { name: "Create" }).click();
    await pane.waitFor({ state: "detached" });
    await page.getByRole("tab", { name: "General" }).waitFor();
    profileId = /#\/profiles\/([0-9a-f-]{36})/.exec(page.url())![1];

    // Older changes than a page holds, made over the Web API by the same admin.
    const api = e2e.api();
    for (let i = 1; i <= SEEDED_UPDATES; i++)
      await api.update({
        collection: AppProfile.entitySetName,
        key: profileId,
        data: { apm_description: `Draft ${i}` },
      });
    await page.reload();
    await page.getByRole("tab", { name: "General" }).waitFor();

    await page.getByRole("textbox", { name: /^Name/ }).fill("Night shift agents");
    await save(page);
    await addUser(page, "Riley", "Riley Agent");
    await page.getByRole("button", { name: "Remove Riley Agent" }).click();
    await save(page);
    await addUser(page, "Sam", "Sam Supervisor");
    await page.getByRole("tab", { name: "Session templates" }).click();
    await page.getByRole("button", { name: "Add entity session template" }).click();
    await page.getByRole("searchbox", { name: /Search entity session templates/ }).fill("case");
    await page.getByRole("button", { name: "Case session", exact: true }).click();
    await page.keyboard.press("Escape");
    await save(page);

    await page.getByRole("tab", { name: "History" }).click();
    const rows = await historyRows(page);
    await expect(rows.count()).resolves.toBe(25);
    const text = await rows.allTextContents();
    expect(text[0]).toMatch(/^Added by Avery Admin.*Session template: Case session$/);
    expect(text[1]).toMatch(/^Added by Avery Admin.*User: Sam Supervisor$/);
    expect(text[2]).toMatch(/^Removed by Avery Admin.*User: Riley Agent$/);
    expect(text[3]).toMatch(/^Added by Avery Admin.*User: Riley Agent$/);
    expect(text[4]).toMatch(/^Changed by Avery Admin.*Name: Night shift → Night shift agents$/);
    expect(text[5]).toMatch(/^Changed by Avery Admin.*Description: Draft 23 → Draft 24$/);
    // Every change says when, in the browser's format, with the ISO time for machines.
    for (const time of await rows.locator("time").all()) {
      await expect(time.getAttribute("datetime")).resolves.toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      await expect(time.textContent()).resolves.toMatch(/\d{4}/);
    }
    await settle(page);
    await e2e.screenshot(page, "issue14-history-all");
    await expectNoAxeViolations(page, "history tab");

    // Page 2: the rest of the description changes, then the create.
    await page.getByRole("button", { name: "Older changes" }).click();
    await page.getByText("Page 2").waitFor();
    const older = await (await historyRows(page)).allTextContents();
    expect(older).toHaveLength(SEEDED_UPDATES - 20 + 1);
    expect(older.at(-1)).toMatch(/^Created by Avery Admin.*Name: Night shift/);
    expect(older.at(-2)).toMatch(/^Changed by Avery Admin.*Description: \(empty\) → Draft 1$/);
    await settle(page);
    await e2e.screenshot(page, "issue14-history-page-2");
    await page.getByRole("button", { name: "Newer changes" }).click();
    await page.getByText("Page 1").waitFor();

    // The filter asks the server for one kind, from the first page.
    await page.getByRole("button", { name: "Removed" }).click();
    await expect(page.getByRole("button", { name: "Removed" }).getAttribute("aria-pressed")).resolves.toBe("true");
    await page.getByText(/^Removed by Avery Admin/).waitFor();
    await expect((await historyRows(page)).allTextContents()).resolves.toEqual([
      expect.stringMatching(/^Removed by Avery Admin.*User: Riley Agent$/),
    ]);
    await page.getByRole("button", { name: "Added" }).click();
    await page.getByText("User: Sam Supervisor").waitFor();
    await expect((await historyRows(page)).count()).resolves.toBe(3);
    await page.getByRole("button", { name: "Created" }).click();
    await page.getByText(/^Created by Avery Admin/).waitFor();
    await expect((await historyRows(page)).count()).resolves.toBe(1);
    await settle(page);
    await e2e.screenshot(page, "issue14-history-filter-created");
    await expectNoAxeViolations(page, "history tab, filtered");
  });

  it("tells an agent, who may not read audits, why there is no history", async () => {
    const { page } = await e2e.open("agent");
    await page.goto(`${e2e.host.url}/#/profiles/${profileId}`);
    await page.getByRole("tab", { name: "History" }).click();
    await page.getByText(/You can't see this profile's history/).waitFor();
    await expect(page.getByRole("list", { name: "Changes to this profile, newest first" }).count()).resolves.toBe(0);
    await settle(page);
    await e2e.screenshot(page, "issue14-history-no-privilege");
    await expectNoAxeViolations(page, "history tab without the audit privileges");
  });

  it("Search by user says who assigned the user, and when", async () => {
    const { page } = await e2e.open("admin");
    await page.getByRole("button", { name: "Night shift agents", exact: true }).waitFor();
    await page.getByRole("menuitem", { name: "Search by user" }).click();
    const panel = page.getByRole("dialog", { name: "Search by user" });
    await panel.getByRole("searchbox", { name: "Search users by name or user name" }).fill("Sam");
    await panel.getByRole("button", { name: "Sam Supervisor", exact: true }).click();
    const grid = panel.getByRole("grid", { name: "Profiles of Sam Supervisor by app" });
    await grid.waitFor();
    const workspace = grid.getByRole("row").filter({ hasText: "Customer Service workspace" });
    await workspace.getByText(/^Assigned by Avery Admin on .*\d{4}/).waitFor();
    await expect(workspace.textContent()).resolves.toMatch(/Night shift agents.*Direct/);
    // The other app's row is the built-in default: no assignment to name.
    const omnichannel = grid.getByRole("row").filter({ hasText: "Omnichannel for Customer Service" });
    await expect(omnichannel.getByText(/Assigned by/).count()).resolves.toBe(0);
    await settle(page);
    await e2e.screenshot(page, "issue14-history-search-by-user");
    await expectNoAxeViolations(page, "search by user with who assigned");
  });
});
