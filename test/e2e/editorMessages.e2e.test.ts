/** Issue 12, item 6: one notice for a user without a role, the built-in banner, and "Saving…" that locks the form. */
import { AppChoice, AppProfile, builtInProfiles } from "../../schema";
import { startE2E, type E2E } from "./hostHarness";

jest.setTimeout(180_000);
let e2e: E2E;
let profileId: string;
beforeAll(async () => {
  e2e = await startE2E();
  await e2e.api().create({
    collection: AppProfile.entitySetName,
    data: {
      apm_name: "Slow save team",
      apm_uniquename: "contoso_slow",
      apm_app: AppChoice.CustomerServiceWorkspace.value,
    },
  });
  const rows = await e2e.api().retrieveMultiple({
    collection: AppProfile.entitySetName,
    filter: "apm_uniquename eq 'contoso_slow'",
    select: ["apm_appprofileid"],
  });
  profileId = String(rows.value[0].apm_appprofileid);
});
afterAll(() => e2e?.stop());

const NO_ACCESS = "You don't have access to app profiles: ask for the App Profile User role.";

describe("messages for a person", () => {
  it("a user without any role sees one notice, no platform text and no commands, on the list and on a form", async () => {
    const { page, context } = await e2e.open("norole");
    await page.getByText(NO_ACCESS).waitFor();
    await expect(page.getByText(NO_ACCESS).count()).resolves.toBe(1);
    await expect(page.getByText(/Principal user|0x8004|prvRead/).count()).resolves.toBe(0);
    await expect(page.getByRole("menuitem", { name: "New profile" }).count()).resolves.toBe(0);
    await e2e.screenshot(page, "no-role-notice");
    await page.goto(`${e2e.host.url}/#/profiles/${profileId}`);
    await page.getByText(NO_ACCESS).waitFor();
    await expect(page.getByRole("tab").count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: /Save|Delete|Clone/ }).count()).resolves.toBe(0);
    await context.close();
  });

  it("a built-in profile's banner says why it's read-only and offers Clone", async () => {
    const { page, context } = await e2e.open("admin");
    await page.getByRole("button", { name: builtInProfiles[0].apm_name, exact: true }).click();
    await page.getByText(/^This built-in profile is the default for everyone in .* clone it to get a copy/).waitFor();
    await page.getByRole("button", { name: "Clone this profile" }).click();
    await page.getByText("Clone profile", { exact: true }).waitFor();
    await e2e.screenshot(page, "editor-built-in-banner");
    await context.close();
  });

  it("Save shows Saving… and locks the form until the server answers", async () => {
    const { page, context } = await e2e.open("admin");
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/data/v9.2/**", async (route) => {
      if (route.request().method() !== "GET") await held;
      await route.continue();
    });
    await page.goto(`${e2e.host.url}/#/profiles/${profileId}`);
    const description = page.getByRole("textbox", { name: "Description" });
    await description.fill("Slowly saved");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("button", { name: "Saving…" }).waitFor();
    await expect(description.isDisabled()).resolves.toBe(true);
    await expect(page.getByRole("textbox", { name: /^Name/ }).isDisabled()).resolves.toBe(true);
    await e2e.screenshot(page, "editor-saving");
    release();
    await page.getByText("Changes saved.").waitFor();
    await expect(description.isDisabled()).resolves.toBe(false);
    await context.close();
  });
});
