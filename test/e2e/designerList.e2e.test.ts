/**
 * Issue 12 in the designer, in headless Chromium against the host page: Delete and Clone from the list (items 1
 * and 2), the list as a Dataverse grid (item 5), one clear sentence and no dead commands (item 6), and 320 px to wide
 * (item 8). Screenshots go to test/e2e/screenshots/ (issue12-item<N>-*.png are committed).
 */
import type { Page } from "playwright-core";
import {
  AppChoice,
  AppProfile,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  builtInProfiles,
  SessionTemplate,
  SessionTemplateTypeChoice,
  SystemUser,
} from "../../schema";
import { startE2E, type E2E } from "./hostHarness";
import { searchDesigner } from "./profileFixtures";

jest.setTimeout(240_000);
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.stop());

const userId = (key: string) => e2e.host.server.users.find((u) => u.key === key)!.userId;

async function createProfile(uniqueName: string, name = uniqueName, app = AppChoice.CustomerServiceWorkspace.value) {
  return e2e.api().create<unknown, string>({
    collection: AppProfile.entitySetName,
    data: { apm_name: name, apm_uniquename: uniqueName, apm_app: app },
  });
}

const assign = (profileId: string, user: string) =>
  e2e.api().associate({
    collection: AppProfile.entitySetName,
    primaryKey: profileId,
    relationshipName: AppProfileSystemUser.schemaName,
    relatedCollection: SystemUser.entitySetName,
    relatedKey: userId(user),
  });

async function profileByUniqueName(uniqueName: string) {
  const rows = await e2e.api().retrieveMultiple<Record<string, unknown>>({
    collection: AppProfile.entitySetName,
    filter: `apm_uniquename eq '${uniqueName}'`,
    select: ["apm_name", "apm_app"],
    expand: [
      { property: AppProfileSessionTemplate.schemaName, select: ["apm_uniquename"] },
      { property: AppProfileSystemUser.schemaName, select: ["fullname"] },
    ],
  });
  return rows.value[0];
}

async function openDesigner(user = "admin", viewport?: { width: number; height: number }): Promise<Page> {
  const { context, page } = await e2e.open(user);
  if (viewport) await page.setViewportSize(viewport);
  void context;
  await page.getByRole("button", { name: builtInProfiles[0].apm_name, exact: true }).waitFor();
  return page;
}

/** The row's check box (Fluent's DetailsList names it by the row's name through aria-labelledby). */
const rowCheckbox = (page: Page, name: string) => page.getByRole("row").filter({ hasText: name }).getByRole("checkbox");

describe("item 1: Delete in the list", () => {
  it("deletes the selected rows with the Delete key after saying how many users fall back to the default", async () => {
    const a = await createProfile("dele_alpha", "Delete alpha");
    const b = await createProfile("dele_bravo", "Delete bravo");
    await assign(a, "agent");
    await assign(b, "agent2");
    const page = await openDesigner();
    await searchDesigner(page, "dele_");
    await page.getByRole("button", { name: "Delete bravo", exact: true }).waitFor();
    await rowCheckbox(page, "Delete alpha").check();
    await rowCheckbox(page, "Delete bravo").check();
    await page.getByRole("grid").getByRole("button", { name: "Delete alpha", exact: true }).focus();
    await page.keyboard.press("Delete");
    // A confirmation is an alert dialog (WAI-ARIA APG: alertdialog), Fluent's blocking Dialog.
    const dialog = page.getByRole("alertdialog", { name: "Delete 2 profiles" });
    await dialog
      .getByText("Delete these 2 profiles? Their 2 users will get the default profile of their app.", { exact: false })
      .waitFor();
    await e2e.screenshot(page, "issue12-item1-delete-confirm");
    const writes: string[] = [];
    page.on("request", (r) => r.method() !== "GET" && writes.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await dialog.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByText("2 profiles were deleted.").waitFor();
    // One request, one change set: all or nothing.
    expect(writes).toEqual(["POST /api/data/v9.2/$batch"]);
    await expect(profileByUniqueName("dele_alpha")).resolves.toBeUndefined();
    await expect(profileByUniqueName("dele_bravo")).resolves.toBeUndefined();
  });

  it("can't delete a built-in profile: the command is off and its tooltip says why", async () => {
    const page = await openDesigner();
    await rowCheckbox(page, builtInProfiles[0].apm_name).check();
    const command = page.getByRole("menuitem", { name: "Delete" });
    await expect(command.getAttribute("aria-disabled")).resolves.toBe("true");
    await command.hover();
    // The tooltip itself (the same text also sits in a hidden description, first in the DOM).
    await page
      .getByRole("tooltip")
      .filter({ hasText: "Built-in profiles can't be deleted: they are each app's default profile." })
      .waitFor();
    await e2e.screenshot(page, "designer-delete-built-in");
    await page.keyboard.press("Delete");
    await expect(page.getByRole("dialog").or(page.getByRole("alertdialog")).count()).resolves.toBe(0);
  });
});

describe("item 2: Clone from the list", () => {
  it("copies the selected profile with a new name in one request and opens it", async () => {
    const source = await createProfile("clon_source", "Clone source");
    const template = (
      await e2e.api().retrieveMultiple<Record<string, string>>({
        collection: SessionTemplate.entitySetName,
        // A choice's stored value carries the publisher's option prefix (schema/model.ts), not its index.
        filter: `apm_type eq ${SessionTemplateTypeChoice.Entity.value}`,
        select: ["apm_uniquename"],
        top: 1,
      })
    ).value[0];
    await e2e.api().associate({
      collection: AppProfile.entitySetName,
      primaryKey: source,
      relationshipName: AppProfileSessionTemplate.schemaName,
      relatedCollection: SessionTemplate.entitySetName,
      relatedKey: template.apm_sessiontemplateid,
    });
    const page = await openDesigner();
    await searchDesigner(page, "clon_");
    await rowCheckbox(page, "Clone source").check();
    await page.getByRole("menuitem", { name: "Clone" }).click();
    const dialog = page.getByRole("dialog", { name: "Clone profile" });
    await dialog.getByRole("textbox", { name: /^Name/ }).fill("Clone copy");
    await dialog.getByRole("textbox", { name: /^Unique name/ }).fill("clon_copy");
    await e2e.screenshot(page, "issue12-item2-clone");
    const writes: string[] = [];
    page.on("request", (r) => r.method() !== "GET" && writes.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await dialog.getByRole("button", { name: "Clone", exact: true }).click();
    await page.getByRole("tab", { name: "General" }).waitFor();
    expect(writes).toEqual(["POST /api/data/v9.2/apm_appprofiles"]);
    const copy = await profileByUniqueName("clon_copy");
    expect(copy.apm_name).toBe("Clone copy");
    expect(
      (copy[AppProfileSessionTemplate.schemaName] as { apm_uniquename: string }[]).map((t) => t.apm_uniquename),
    ).toEqual([template.apm_uniquename]);
  });
});

describe("item 5: the list as a Dataverse grid", () => {
  it("searches the app's label on the server, keeps sort and search after a profile, and sticks its headers", async () => {
    await createProfile("omni_webchat", "Web chat team", AppChoice.OmnichannelForCustomerService.value);
    for (let i = 0; i < 60; i++) await createProfile(`page_p${String(i).padStart(2, "0")}`);
    const page = await openDesigner();
    const queries: string[] = [];
    page.on("request", (r) => r.url().includes("apm_appprofiles?") && queries.push(decodeURIComponent(r.url())));
    await searchDesigner(page, "omnichannel");
    await page.getByRole("button", { name: "Web chat team", exact: true }).waitFor();
    expect(queries.some((q) => q.includes("Microsoft.Dynamics.CRM.In(PropertyName='apm_app'"))).toBe(true);
    await e2e.screenshot(page, "designer-search-app");

    // The Users column sorts on the server too: an aggregate FetchXML ordered by the count's alias.
    const sortedByUsers = page.waitForRequest((r) => decodeURIComponent(r.url()).includes('<order alias="users"'));
    await page.getByRole("columnheader", { name: /users/i }).click();
    await sortedByUsers;
    await page.locator('[role="columnheader"][aria-sort="ascending"]').filter({ hasText: /users/i }).waitFor();

    // Sort by unique name descending, open a profile, come back: the same search and sort.
    await page.getByRole("columnheader", { name: /Unique name/ }).click();
    await page.getByRole("columnheader", { name: /Unique name/ }).click();
    await page.getByRole("button", { name: "Web chat team", exact: true }).click();
    await page.getByRole("tab", { name: "General" }).waitFor();
    await page.goBack();
    await page.getByRole("button", { name: "Web chat team", exact: true }).waitFor();
    await expect(page.getByRole("searchbox", { name: "Search app profiles" }).inputValue()).resolves.toBe(
      "omnichannel",
    );
    await expect(page.getByRole("columnheader", { name: /Unique name/ }).getAttribute("aria-sort")).resolves.toBe(
      "descending",
    );

    // 60 more rows: scrolled down, the command bar and the column headers are still in view.
    await searchDesigner(page, "page_p");
    // The sort kept from above is unique name, descending: the first page starts at page_p59.
    await page.getByRole("button", { name: "page_p59", exact: true }).waitFor();
    await page.mouse.wheel(0, 1500);
    await page.waitForTimeout(300);
    const bar = await page.getByRole("menubar").boundingBox();
    const header = await page.getByRole("columnheader", { name: /Name/ }).first().boundingBox();
    expect(bar && bar.y >= 0 && bar.y < 10).toBe(true);
    expect(header && header.y >= 30 && header.y < 100).toBe(true);
    await e2e.screenshot(page, "issue12-item5-grid-sticky-header");
  });

  it("asks the server whether a unique name is taken, not the page on screen", async () => {
    await createProfile("zzzz_far_away", "Far away");
    const page = await openDesigner();
    await page.getByRole("menuitem", { name: "New profile" }).click();
    const pane = page.getByRole("dialog", { name: "New profile" });
    const checks: string[] = [];
    page.on("request", (r) => r.url().includes("apm_uniquename=") && checks.push(decodeURIComponent(r.url())));
    await pane.getByRole("textbox", { name: /^Name/ }).fill("Far away");
    await pane.getByRole("textbox", { name: /^Unique name/ }).fill("zzzz_far_away");
    // The field's alert (Fluent's TextField wraps its message in a role="alert" element) names the taken name.
    await pane
      .getByRole("alert")
      .filter({ hasText: /zzzz_far_away/ })
      .waitFor();
    expect(checks.some((url) => url.includes("apm_appprofiles(apm_uniquename='zzzz_far_away')"))).toBe(true);
    await e2e.screenshot(page, "new-profile-taken-on-server");
  });
});

describe("item 6: one clear sentence, nothing that can't work", () => {
  it("tells a user without any role to ask for the App Profile User role, with no commands", async () => {
    const page = (await e2e.open("norole")).page;
    await page.getByText("You don't have access to app profiles: ask for the App Profile User role.").waitFor();
    await expect(page.getByRole("menuitem").count()).resolves.toBe(0);
    await expect(page.getByText(/0x8004|[0-9a-f]{8}-[0-9a-f]{4}-/).count()).resolves.toBe(0);
    await e2e.screenshot(page, "issue12-item6-no-role");
  });

  it("shows Creating… and locks the New profile pane while it creates, and asks before closing with text", async () => {
    const page = await openDesigner();
    await page.getByRole("menuitem", { name: "New profile" }).click();
    const pane = page.getByRole("dialog", { name: "New profile" });
    await pane.getByRole("textbox", { name: /^Name/ }).fill("Half typed");
    await pane.getByRole("button", { name: "Cancel" }).click();
    const question = page.getByRole("alertdialog", { name: "Discard the new profile?" });
    // A Fluent Dialog's role element has no box of its own (its modal is fixed-positioned): wait for its title.
    await question.getByText("Discard the new profile?", { exact: true }).waitFor();
    await e2e.screenshot(page, "new-profile-discard-question");
    await question.getByRole("button", { name: "Keep editing" }).click();
    await expect(pane.getByRole("textbox", { name: /^Name/ }).inputValue()).resolves.toBe("Half typed");

    await pane.getByRole("textbox", { name: /^Unique name/ }).fill("slow_created");
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/data/v9.2/apm_appprofiles", async (route) => {
      if (route.request().method() === "POST") await held;
      await route.continue();
    });
    await pane.getByRole("button", { name: "Create" }).click();
    await pane.getByRole("button", { name: "Creating…" }).waitFor();
    await expect(pane.getByRole("textbox", { name: /^Name/ }).isDisabled()).resolves.toBe(true);
    await e2e.screenshot(page, "new-profile-creating");
    release();
    await page.getByRole("tab", { name: "General" }).waitFor();
  });
});

describe("item 8: 320 px to wide", () => {
  it.each([
    [320, 700],
    [768, 900],
    [1400, 900],
  ])("at %i px nothing scrolls sideways, the commands overflow and the rows reflow", async (width, height) => {
    const page = await openDesigner("admin", { width, height });
    // The page loaded at 1400 px and was then resized: the list takes its layout from its own box once it has settled.
    await page
      .waitForFunction(
        () => {
          const control = document.querySelector<HTMLElement>("[data-control=ProfileDesigner]");
          return control !== null && control.scrollWidth <= control.clientWidth;
        },
        undefined,
        { timeout: 5000 },
      )
      .catch(() => undefined);
    const overflow = await page.evaluate(() => {
      const control = document.querySelector<HTMLElement>("[data-control=ProfileDesigner]")!;
      return { control: control.scrollWidth - control.clientWidth };
    });
    expect(overflow.control).toBeLessThanOrEqual(0);
    const more = page.getByRole("menuitem", { name: "More commands" });
    if (width < 700) {
      await more.waitFor();
      // Compact rows: the unique name is under the name, not in its own column.
      await expect(page.getByRole("columnheader", { name: /Unique name/ }).count()).resolves.toBe(0);
    } else {
      await expect(page.getByRole("columnheader", { name: /Unique name/ }).count()).resolves.toBe(1);
    }
    await e2e.screenshot(page, `designer-${width}px`);
  });
});
