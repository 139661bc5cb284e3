/**
 * Search by user in the designer, and users assigned to a built-in profile from the editor, in headless Chromium
 * against the host page; the rows are checked on the server.
 */
import type { Page } from "playwright-core";
import { AppChoice, AppProfile, AppProfileSystemUser, builtInProfiles, SystemUser } from "../../schema";
import { startE2E, type E2E } from "./hostHarness";

jest.setTimeout(120_000);
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.stop());

const [workspaceDefault, omnichannelDefault] = builtInProfiles;
/** Fluent's lists fade their rows in: wait for the fade before a screenshot. */
const settle = (page: Page) => page.waitForTimeout(600);
const demoUser = (key: string) => e2e.host.server.users.find((u) => u.key === key)!;

async function usersOf(profileId: string): Promise<string[]> {
  const row = await e2e.api().retrieve<Record<string, unknown>>({
    collection: AppProfile.entitySetName,
    key: profileId,
    select: ["apm_name", "apm_isdefault"],
    expand: [{ property: AppProfileSystemUser.schemaName, select: ["fullname"] }],
  });
  return (row[AppProfileSystemUser.schemaName] as { fullname: string }[]).map((u) => u.fullname).sort();
}

/** Opens Search by user, finds the user and returns the results grid's rows as text. */
async function searchByUser(page: Page, text: string, userName: string) {
  await page.getByRole("menuitem", { name: "Search by user" }).click();
  const panel = page.getByRole("dialog", { name: "Search by user" });
  await panel.getByRole("searchbox", { name: "Search users by name or user name" }).fill(text);
  await panel.getByRole("button", { name: userName, exact: true }).click();
  const grid = panel.getByRole("grid", { name: `Profiles of ${userName} by app` });
  await grid.waitFor();
  const row = (app: string) => grid.getByRole("row").filter({ hasText: app });
  return { panel, grid, row };
}

describe("Search by user", () => {
  let profileId: string;

  beforeAll(async () => {
    const api = e2e.api();
    profileId = String(
      await api.create({
        collection: AppProfile.entitySetName,
        data: {
          apm_name: "Riley's team",
          apm_uniquename: "contoso_rileyteam",
          apm_app: AppChoice.CustomerServiceWorkspace.value,
        },
      }),
    );
    await api.associate({
      collection: AppProfile.entitySetName,
      primaryKey: profileId,
      relationshipName: AppProfileSystemUser.schemaName,
      relatedCollection: SystemUser.entitySetName,
      relatedKey: demoUser("agent").userId,
    });
  });

  it("shows Direct for the assigned profile, Default (the built-in) in the other app, and links to the profile", async () => {
    const { page } = await e2e.open("admin");
    await page.getByRole("button", { name: "Riley's team", exact: true }).waitFor();
    const { panel, row } = await searchByUser(page, "Riley", "Riley Agent");
    const workspace = row("Customer Service workspace");
    await expect(workspace.getByRole("button").first().textContent()).resolves.toBe("Riley's team");
    await expect(workspace.textContent()).resolves.toMatch(/Direct/);
    const omnichannel = row("Omnichannel for Customer Service");
    await expect(omnichannel.getByRole("button").first().textContent()).resolves.toBe(omnichannelDefault.apm_name);
    await expect(omnichannel.textContent()).resolves.toMatch(/Default.*built-in profile applies/);
    await panel.getByText("Showing the profile Riley Agent gets in each app.").waitFor();
    await settle(page);
    await e2e.screenshot(page, "designer-search-by-user");

    await workspace.getByRole("button", { name: "Riley's team" }).click();
    await page.getByRole("tab", { name: "General" }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/profiles/${profileId}`);
    await expect(page.getByRole("textbox", { name: /^Name/ }).inputValue()).resolves.toBe("Riley's team");
  });

  it("assigns a user to a built-in profile from its Users tab, while its settings stay read-only", async () => {
    const { page } = await e2e.open("admin");
    await page.getByRole("button", { name: workspaceDefault.apm_name, exact: true }).click();
    await page.getByText(/its settings can't be changed: .*you can still assign users here/).waitFor();
    await expect(page.getByRole("textbox", { name: /^Name/ }).isDisabled()).resolves.toBe(true);
    await page.getByRole("tab", { name: "Users" }).click();
    await page.getByRole("button", { name: "Add users" }).click();
    await page.getByRole("searchbox", { name: /Search users/ }).fill("Sam");
    await page.getByRole("button", { name: "Sam Supervisor", exact: true }).click();
    await settle(page);
    await e2e.screenshot(page, "editor-built-in-users");
    const writes: string[] = [];
    page.on("request", (r) => r.method() !== "GET" && writes.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Changes saved.").waitFor();
    expect(writes).toEqual(["POST /api/data/v9.2/$batch"]);

    await expect(usersOf(workspaceDefault.apm_appprofileid)).resolves.toEqual(["Sam Supervisor"]);
    const stored = await e2e.api().retrieve<Record<string, unknown>>({
      collection: AppProfile.entitySetName,
      key: workspaceDefault.apm_appprofileid,
      select: ["apm_name", "apm_uniquename", "apm_isdefault"],
    });
    expect(stored).toMatchObject({
      apm_name: workspaceDefault.apm_name,
      apm_uniquename: workspaceDefault.apm_uniquename,
      apm_isdefault: true,
    });

    // Search by user now says Sam gets the built-in profile because he is assigned to it.
    await page
      .getByRole("link", { name: /App profiles/ })
      .first()
      .click();
    const { row } = await searchByUser(page, "sam", "Sam Supervisor");
    const workspace = row("Customer Service workspace");
    await expect(workspace.getByRole("button").first().textContent()).resolves.toBe(workspaceDefault.apm_name);
    await expect(workspace.textContent()).resolves.toMatch(/Direct/);
  });

  it("is why the editor sends no PATCH for a built-in: the server refuses any update of one, even an empty one", async () => {
    const url = `${e2e.host.url}/api/data/v9.2/${AppProfile.entitySetName}(${omnichannelDefault.apm_appprofileid})`;
    const headers = { ...e2e.pageHeaders(demoUser("admin").key), Accept: "application/json" };
    const row = (await (await fetch(url, { headers })).json()) as { "@odata.etag": string };
    const response = await fetch(url, {
      method: "PATCH",
      headers: { ...headers, "Content-Type": "application/json", "If-Match": row["@odata.etag"] },
      body: "{}",
    });
    expect(response.status).toBe(400);
    await expect(response.json()).resolves.toMatchObject({ error: { message: expect.stringMatching(/built-in/) } });
  });
});
