/** Issue 12, item 3: leaving the profile form with unsaved changes asks first; Ctrl+S saves; focus after Save. */
import type { Page } from "playwright-core";
import { AppChoice, AppProfile } from "../../schema";
import { startE2E, type E2E } from "./hostHarness";

jest.setTimeout(180_000);
let e2e: E2E;
let profileId: string;
beforeAll(async () => {
  e2e = await startE2E();
  await e2e.api().create({
    collection: AppProfile.entitySetName,
    data: {
      apm_name: "Guarded team",
      apm_uniquename: "contoso_guarded",
      apm_app: AppChoice.CustomerServiceWorkspace.value,
    },
  });
  const rows = await e2e.api().retrieveMultiple({
    collection: AppProfile.entitySetName,
    filter: "apm_uniquename eq 'contoso_guarded'",
    select: ["apm_appprofileid"],
  });
  profileId = String(rows.value[0].apm_appprofileid);
});
afterAll(() => e2e?.stop());

const description = (page: Page) => page.getByRole("textbox", { name: "Description" });
const savedDescription = async () =>
  (
    await e2e.api().retrieve({
      collection: AppProfile.entitySetName,
      key: profileId,
      select: ["apm_description"],
    })
  ).apm_description as string | null;

async function openForm(page: Page): Promise<void> {
  await page.goto(`${e2e.host.url}/#/profiles/${profileId}`);
  await page.getByRole("tab", { name: "General" }).waitFor();
}

describe("unsaved changes on the profile form", () => {
  it("side navigation asks 'Save changes?'; Cancel stays with the edits, Don't save leaves", async () => {
    const { page, context } = await e2e.open("admin");
    await openForm(page);
    await description(page).fill("Edited, not saved");
    await page.getByRole("navigation", { name: "Site map" }).getByRole("link", { name: "App profiles" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Save changes?" });
    await page.getByText("Save changes?", { exact: true }).waitFor();
    await e2e.screenshot(page, "issue12-item3-leave-dialog");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(description(page).inputValue()).resolves.toBe("Edited, not saved");
    expect(page.url()).toContain(profileId);

    // The browser's back button asks too.
    await page.goBack();
    await page.getByText("Save changes?", { exact: true }).waitFor();
    expect(page.url()).toContain(profileId);
    await dialog.getByRole("button", { name: "Don't save" }).click();
    await page.getByRole("menuitem", { name: "New profile" }).waitFor();
    await expect(savedDescription()).resolves.toBeFalsy();
    await context.close();
  });

  it("Save in the dialog saves, then leaves", async () => {
    const { page, context } = await e2e.open("admin");
    await openForm(page);
    await description(page).fill("Saved on the way out");
    await page.getByRole("menuitem", { name: "App profiles" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Save changes?" });
    await dialog.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("menuitem", { name: "New profile" }).waitFor();
    await expect(savedDescription()).resolves.toBe("Saved on the way out");
    await context.close();
  });

  it("reload and closing hold the browser's prompt; switching the signed-in user asks first", async () => {
    const { page, context } = await e2e.open("admin");
    await openForm(page);
    const unloadBlocked = () =>
      page.evaluate(() => {
        const event = new Event("beforeunload", { cancelable: true });
        window.dispatchEvent(event);
        return event.defaultPrevented;
      });
    await expect(unloadBlocked()).resolves.toBe(false);
    await description(page).fill("Typed before switching");
    await expect(unloadBlocked()).resolves.toBe(true);

    await page.getByRole("combobox", { name: "Signed-in demo user" }).click();
    await page.getByRole("option", { name: /Sam Supervisor/ }).click();
    const dialog = page.getByRole("alertdialog", { name: "Save changes?" });
    await page.getByText("Save changes?", { exact: true }).waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(page.locator("#user-switcher").inputValue()).resolves.toBe("admin");
    await expect(description(page).inputValue()).resolves.toBe("Typed before switching");
    await context.close();
  });

  it("Discard asks first; Ctrl+S saves and focus goes to the form's heading", async () => {
    const { page, context } = await e2e.open("admin");
    await openForm(page);
    const before = await description(page).inputValue();
    await description(page).fill("Will be discarded");
    await page.getByRole("button", { name: "Discard changes" }).click();
    const discard = page.getByRole("alertdialog", { name: "Discard changes?" });
    await discard.getByRole("button", { name: "Discard" }).click();
    await expect(description(page).inputValue()).resolves.toBe(before);

    await description(page).fill("Saved with Ctrl+S");
    await description(page).press("Control+s");
    await page.getByText("Changes saved.").waitFor();
    await expect(savedDescription()).resolves.toBe("Saved with Ctrl+S");
    await e2e.screenshot(page, "editor-saved-ctrl-s");
    // Save from the command bar: its button is disabled once saved, so the heading takes the focus.
    await description(page).fill("Saved with the button");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Changes saved.").waitFor();
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe("H2");
    await context.close();
  });
});
