/**
 * Issue 12 item 9: 0 axe-core violations (WCAG 2.1 A/AA and best practices) on every page state of both controls,
 * in headless Chromium against the host page. Each state's violations are printed with their element and reason.
 */
import type { Page } from "playwright-core";
import { AppChoice, AppProfile, AppProfileSystemUser, builtInProfiles, SystemUser } from "../../schema";
import { expectNoAxeViolations } from "./browser";
import { startE2E, type E2E } from "./hostHarness";
import { searchDesigner } from "./profileFixtures";

jest.setTimeout(240_000);
let e2e: E2E;
let customId: string;
beforeAll(async () => {
  e2e = await startE2E();
  customId = await e2e.api().create<unknown, string>({
    collection: AppProfile.entitySetName,
    data: { apm_name: "Axe team", apm_uniquename: "axe_team", apm_app: AppChoice.CustomerServiceWorkspace.value },
  });
  await e2e.api().associate({
    collection: AppProfile.entitySetName,
    primaryKey: customId,
    relationshipName: AppProfileSystemUser.schemaName,
    relatedCollection: SystemUser.entitySetName,
    relatedKey: e2e.host.server.users.find((u) => u.key === "agent")!.userId,
  });
});
afterAll(() => e2e?.stop());

/** Only the control's surface is ours; the host page's shell is checked too, as part of every state. */
const check = (page: Page, state: string) => expectNoAxeViolations(page, state);

async function openDesigner(user = "admin"): Promise<Page> {
  const { page } = await e2e.open(user);
  await page.getByRole("button", { name: builtInProfiles[0].apm_name, exact: true }).waitFor();
  return page;
}

describe("0 axe-core violations", () => {
  it("in the designer: the list, a selection, the New profile pane, its discard question, Search by user", async () => {
    const page = await openDesigner();
    await check(page, "designer list");
    await page
      .getByRole("checkbox", { name: /Select profile/ })
      .first()
      .check();
    await check(page, "designer list with a selected row");
    await page.getByRole("menuitem", { name: "New profile" }).click();
    const pane = page.getByRole("dialog", { name: "New profile" });
    // A Fluent Panel's dialog element has no box of its own (its pane is fixed-positioned): wait for its heading.
    await pane.getByRole("heading", { name: "New profile" }).waitFor();
    await check(page, "new profile pane");
    await pane.getByRole("textbox", { name: /^Name/ }).fill("Half typed");
    await pane.getByRole("button", { name: "Cancel" }).click();
    await page
      .getByRole("alertdialog", { name: "Discard the new profile?" })
      .or(page.getByRole("dialog", { name: "Discard the new profile?" }))
      // A Fluent Dialog's role element has no box of its own (its modal is fixed-positioned): wait for its title.
      .getByText("Discard the new profile?", { exact: true })
      .waitFor();
    await check(page, "discard question");
    await page.getByRole("button", { name: "Discard" }).click();
    await page.getByRole("menuitem", { name: "Search by user" }).click();
    const search = page.getByRole("dialog", { name: "Search by user" });
    await search.getByRole("searchbox", { name: "Search users by name or user name" }).fill("Riley");
    await search.getByRole("button", { name: "Riley Agent", exact: true }).click();
    await search.getByRole("grid", { name: "Profiles of Riley Agent by app" }).waitFor();
    await check(page, "search by user, a user's profiles");
    await e2e.screenshot(page, "issue12-item9-axe-search-by-user");
  });

  it("in the designer's Delete and Clone dialogs", async () => {
    const page = await openDesigner();
    await searchDesigner(page, "axe_team");
    await page.getByRole("button", { name: "Axe team", exact: true }).waitFor();
    await page
      .getByRole("checkbox", { name: /Select profile/ })
      .first()
      .check();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await page.getByText(/Its one user will get the default profile/).waitFor();
    await check(page, "delete confirmation");
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("menuitem", { name: "Clone" }).click();
    await page.getByRole("textbox", { name: /^Unique name/ }).waitFor();
    await check(page, "clone dialog");
  });

  it("in the editor: every tab of a custom profile", async () => {
    const { page } = await e2e.open("admin");
    await page.goto(`${e2e.host.url}/#/profiles/${customId}`);
    for (const tab of ["General", "Session templates", "Productivity pane", "Channels", "Users"]) {
      await page.getByRole("tab", { name: tab }).click();
      await page.getByRole("tabpanel").waitFor();
      await check(page, `editor, ${tab} tab`);
    }
  });

  it("in the editor: a built-in profile, and a profile as an agent sees it (read-only)", async () => {
    const { page } = await e2e.open("admin");
    const builtIn = (
      await e2e.api().retrieveMultiple<Record<string, string>>({
        collection: AppProfile.entitySetName,
        filter: "apm_isdefault eq true",
        select: ["apm_name"],
      })
    ).value[0];
    await page.goto(`${e2e.host.url}/#/profiles/${builtIn.apm_appprofileid}`);
    // The editor's built-in banner (controls/ProfileEditor strings, Built-in notice).
    await page
      .getByText(/This built-in profile is the default for everyone in .+ so its settings can't be changed/)
      .waitFor();
    await check(page, "editor, built-in profile");
    const agent = await openDesigner("agent");
    await check(agent, "designer as an agent");
    await agent.goto(`${e2e.host.url}/#/profiles/${customId}`);
    await agent.getByRole("tab", { name: "General" }).waitFor();
    await agent.getByText(/You can view app profiles but not change them/).waitFor();
    await check(agent, "editor as an agent");
  });

  it("for a user without any role", async () => {
    const { page } = await e2e.open("norole");
    await page.getByText("You don't have access to app profiles: ask for the App Profile User role.").waitFor();
    await check(page, "designer without a role");
  });
});
