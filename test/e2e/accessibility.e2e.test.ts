/**
 * Issue 12 item 9: 0 axe-core violations (WCAG 2.1 A/AA and best practices) on every page state of both controls,
 * in headless Chromium against the host page. Each state's violations are printed with their element and reason.
 */
import type { Page } from "playwright-core";
import { AppChoice, AppProfile, AppProfileSystemUser, builtInProfiles, SystemUser } from "../../schema";
import { expectNoAxeViolations } from "./browser";
import { startE2E, type E2E } from "./hostHarness";

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
