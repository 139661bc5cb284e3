/**
 * The seeds' steps, as an admin does them in a browser against the host page (`npm start`), then the rows
 * are checked on the server. Screenshots of each main screen go to test/e2e/screenshots/.
 */
import type { Page } from "playwright-core";
import {
  AppChoice,
  AppProfile,
  AppProfileChannelProvider,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  ProductivityPaneModeChoice,
} from "../../schema";
import { startE2E, type E2E } from "./hostHarness";

jest.setTimeout(120_000);
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.stop());

const profileByUniqueName = async (uniqueName: string) =>
  (
    await e2e.api().retrieveMultiple({
      collection: AppProfile.entitySetName,
      filter: `apm_uniquename eq '${uniqueName}'`,
      expand: [
        { property: AppProfileSessionTemplate.schemaName, select: ["apm_uniquename"] },
        { property: AppProfileChannelProvider.schemaName, select: ["apm_name"] },
        { property: AppProfileSystemUser.schemaName, select: ["fullname"] },
      ],
    })
  ).value[0];

async function createProfile(page: Page, name: string, uniqueName: string): Promise<void> {
  await page.getByRole("menuitem", { name: "New profile" }).click();
  const pane = page.getByRole("dialog");
  await pane.getByRole("textbox", { name: /^Name/ }).fill(name);
  const unique = pane.getByRole("textbox", { name: /^Unique name/ });
  await unique.fill(uniqueName);
  await pane.getByRole("button", { name: "Create" }).click();
  await pane.waitFor({ state: "detached" });
  // Like a model-driven app, creating a record opens its form.
  await page.getByRole("tab", { name: "General" }).waitFor();
}

async function save(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Changes saved.").waitFor();
}

describe("an admin follows the seeds", () => {
  it("creates a profile with a valid unique name after trying invalid ones", async () => {
    const { page } = await e2e.open("admin");
    await page.getByRole("button", { name: "Default profile for Customer Service workspace", exact: true }).waitFor();
    await e2e.screenshot(page, "designer");
    await page.getByRole("menuitem", { name: "New profile" }).click();
    const pane = page.getByRole("dialog");
    await pane.getByRole("textbox", { name: /^Name/ }).fill("Tier 1 agents");
    const unique = pane.getByRole("textbox", { name: /^Unique name/ });
    await expect(unique.inputValue()).resolves.toMatch(/^[a-z0-9]{3,8}_tier_1_agents$/);

    for (const [value, part] of [
      ["ab_tier1", /prefix/i],
      ["contosotier1", /underscore/i],
      ["contoso_tier-1", /name/i],
    ] as const) {
      await unique.fill(value);
      await unique.blur();
      await expect(pane.getByRole("alert").first().textContent()).resolves.toMatch(part);
    }
    await unique.fill("contoso_tier1");
    await pane.getByRole("textbox", { name: "Description" }).fill("Agents who take first-line cases");
    await pane.getByRole("radio", { name: "Customer Service workspace" }).check();
    await e2e.screenshot(page, "new-profile-pane");
    await pane.getByRole("button", { name: "Create" }).click();
    await pane.waitFor({ state: "detached" });
    await page.getByRole("tab", { name: "General" }).waitFor();
    await page
      .getByRole("link", { name: /App profiles/ })
      .first()
      .click();
    await page.getByRole("button", { name: "Tier 1 agents", exact: true }).waitFor();

    const row = await profileByUniqueName("contoso_tier1");
    expect(row).toMatchObject({
      apm_name: "Tier 1 agents",
      apm_app: AppChoice.CustomerServiceWorkspace.value,
      apm_isdefault: false,
    });
  });

  it("adds an entity session template, turns on the pane, channels, opens Add channel providers and assigns a user", async () => {
    const { page, context } = await e2e.open("admin");
    await page.getByRole("button", { name: "Tier 1 agents", exact: true }).click();
    await page.getByRole("tab", { name: "General" }).waitFor();
    await e2e.screenshot(page, "editor-general");

    await page.getByRole("tab", { name: "Session templates" }).click();
    await page.getByRole("button", { name: "Add entity session template" }).click();
    await page.getByRole("searchbox", { name: /Search entity session templates/ }).fill("case");
    await page.getByRole("button", { name: "Case session", exact: true }).click();
    await e2e.screenshot(page, "editor-session-templates");

    await page.getByRole("tab", { name: "Productivity pane" }).click();
    await page.getByRole("switch", { name: "Turn on productivity pane" }).click();
    await page.getByRole("radio", { name: "Expanded" }).check();
    await page.getByRole("switch", { name: "Smart assist" }).click();
    await page.getByRole("switch", { name: "Call script" }).click();
    await e2e.screenshot(page, "editor-productivity-pane");

    await page.getByRole("tab", { name: "Channels" }).click();
    await page.getByRole("switch", { name: "All active channels" }).click();
    const [configPage] = await Promise.all([
      context.waitForEvent("page"),
      page.getByRole("button", { name: "Add channel providers" }).click(),
    ]);
    await configPage.waitForLoadState();
    expect(configPage.url()).toContain(
      "/main.aspx?appname=apm_AppProfileManager&pagetype=entitylist&etn=apm_channelprovider",
    );
    await configPage.close();
    await e2e.screenshot(page, "editor-channels");

    await page.getByRole("tab", { name: "Users" }).click();
    await page.getByRole("button", { name: "Add users" }).click();
    await page.getByRole("searchbox", { name: /Search users/ }).fill("Riley");
    await page.getByRole("button", { name: "Riley Agent", exact: true }).click();
    await e2e.screenshot(page, "editor-users");
    await save(page);

    const row = await profileByUniqueName("contoso_tier1");
    expect(row).toMatchObject({
      apm_productivitypaneenabled: true,
      apm_productivitypanemode: ProductivityPaneModeChoice.Expanded.value,
      apm_smartassistenabled: true,
      apm_callscriptenabled: true,
      apm_allactivechannels: true,
    });
    expect(row[AppProfileSessionTemplate.schemaName].map((t: { apm_uniquename: string }) => t.apm_uniquename)).toEqual([
      "msdyn_case_session",
    ]);
    expect(row[AppProfileSystemUser.schemaName].map((u: { fullname: string }) => u.fullname)).toEqual(["Riley Agent"]);
  });

  it("moves a user who already has another profile, in one change", async () => {
    const { page } = await e2e.open("admin");
    await createProfile(page, "Tier 2 agents", "contoso_tier2");
    await page.getByRole("tab", { name: "Users" }).click();
    await page.getByRole("button", { name: "Add users" }).click();
    await page.getByRole("searchbox", { name: /Search users/ }).fill("Riley");
    await page.getByRole("button", { name: "Riley Agent", exact: true }).click();
    await page.getByText(/is assigned to "Tier 1 agents"/).waitFor();
    await page.getByRole("button", { name: "Move here" }).click();
    await e2e.screenshot(page, "editor-move-user");
    await save(page);

    expect((await profileByUniqueName("contoso_tier1"))[AppProfileSystemUser.schemaName]).toHaveLength(0);
    expect(
      (await profileByUniqueName("contoso_tier2"))[AppProfileSystemUser.schemaName].map(
        (u: { fullname: string }) => u.fullname,
      ),
    ).toEqual(["Riley Agent"]);
  });

  it("opens a built-in profile read-only, with a banner that says why", async () => {
    const { page } = await e2e.open("admin");
    await page.getByRole("button", { name: "Default profile for Customer Service workspace", exact: true }).click();
    await page
      .getByText(/This built-in profile is the default .* so its settings can't be changed: clone it/)
      .waitFor();
    await expect(page.getByRole("textbox", { name: /^Name/ }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole("button", { name: "Save" }).count()).resolves.toBe(0);
    await e2e.screenshot(page, "editor-built-in");
  });
});
