/**
 * Issue 14, the designer's Export and Import, end to end in the browser against the host page and the local server:
 * two profiles exported from the designer (the downloaded file is read), one changed on the server, the file imported:
 * the plan shows that one as update with its changed field and the other unchanged; Apply writes it back, the server
 * matches the file, and a second import of the same file plans every profile unchanged. A malformed file names its
 * line and field; 0 axe-core violations on the open panel. Screenshots: test/e2e/screenshots/issue14-import-*.png.
 */
import fs from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { AppChoice, AppProfile } from "../../schema";
import { expectNoAxeViolations } from "./browser";
import { startE2E, type E2E } from "./hostHarness";
import { createProfile, designerSearchedFor, malformedExport, scratchFolder, selectProfiles } from "./profileFixtures";

jest.setTimeout(300_000);
let e2e: E2E;
let aId: string;
const files = scratchFolder("apm-import-");

beforeAll(async () => {
  e2e = await startE2E();
  const api = e2e.api();
  const common = { apm_app: AppChoice.CustomerServiceWorkspace.value, apm_productivitypaneenabled: true };
  aId = await createProfile(api, { ...common, apm_name: "Import tier A", apm_uniquename: "contoso_imp_a" });
  await createProfile(api, { ...common, apm_name: "Import tier B", apm_uniquename: "contoso_imp_b" });
});
afterAll(async () => {
  await e2e?.stop();
  files.remove();
});

async function importPanel(page: Page): Promise<Locator> {
  await page.getByRole("menuitem", { name: "Import profiles" }).click();
  const panel = page.getByRole("dialog", { name: "Import profiles" });
  await panel.getByRole("heading", { name: "Import profiles" }).waitFor();
  return panel;
}

describe("Export and Import profiles in the designer", () => {
  it("exports two profiles, plans update/unchanged after a change, applies, and a second import is a no-op", async () => {
    const page = await designerSearchedFor(e2e, "contoso_imp");
    await selectProfiles(page, "Import tier A", "Import tier B");
    await page.getByRole("menuitem", { name: "Export selected" }).click();
    const exportDialog = page.getByRole("dialog", { name: "Export profiles" });
    await exportDialog.getByRole("button", { name: "Export", exact: true }).click();
    await exportDialog.getByText("2 profiles exported.").waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      exportDialog.getByRole("link", { name: "Download the file" }).click(),
    ]);
    const exported = path.join(files.path, "profiles.json");
    await download.saveAs(exported);
    const document = JSON.parse(fs.readFileSync(exported, "utf8")) as {
      format: string;
      profiles: { uniqueName: string; columns: Record<string, unknown> }[];
    };
    expect(document.format).toBe("apm-app-profiles");
    expect(document.profiles.map((p) => p.uniqueName)).toEqual(["contoso_imp_a", "contoso_imp_b"]);
    await exportDialog.getByRole("button", { name: "Close" }).click();

    await e2e.api().update({ collection: AppProfile.entitySetName, key: aId, data: { apm_name: "Renamed there" } });

    let panel = await importPanel(page);
    await panel.getByLabel("Choose file…").setInputFiles(exported);
    await panel.getByText("0 to create, 1 to update, 1 unchanged, 0 in conflict; 0 errors.").waitFor();
    const plan = panel.getByRole("list", { name: "Import plan" });
    const update = plan.getByRole("listitem", { name: "Update: contoso_imp_a" });
    await expect(update.getByRole("list", { name: "Changes to contoso_imp_a" }).innerText()).resolves.toContain(
      'apm_name: "Renamed there" → "Import tier A"',
    );
    expect(await plan.getByRole("listitem", { name: "Unchanged: contoso_imp_b" }).count()).toBe(1);
    await expectNoAxeViolations(page, "import profiles, the plan");
    await e2e.screenshot(page, "issue14-import-plan");

    await panel.getByRole("button", { name: "Apply" }).click();
    await panel.getByText("1 profiles written, 0 failed (a failed profile is left as it was).").waitFor();
    await panel.getByText("contoso_imp_a: written").waitFor();
    await e2e.screenshot(page, "issue14-import-applied");
    const after = await e2e.api().retrieve<Record<string, unknown>>({
      collection: AppProfile.entitySetName,
      key: aId,
      select: Object.keys(document.profiles[0].columns),
    });
    for (const [column, value] of Object.entries(document.profiles[0].columns))
      expect([column, after[column] ?? null]).toEqual([column, value]);

    await panel.getByRole("button", { name: "Close" }).click();
    panel = await importPanel(page);
    await panel.getByLabel("Choose file…").setInputFiles(exported);
    await panel.getByText("0 to create, 0 to update, 2 unchanged, 0 in conflict; 0 errors.").waitFor();
    await panel.getByText("Nothing to change: this environment already matches the file.").waitFor();
    expect(await panel.getByRole("button", { name: "Apply" }).isDisabled()).toBe(true);

    const { file: malformed, line } = malformedExport(exported, files.path, 1);
    await panel.getByLabel("Choose file…").setInputFiles(malformed);
    await panel.getByText("malformed.json can't be imported:").waitFor();
    await panel.getByText(`malformed.json:${line}: profiles[1].state: must be "Active" or "Inactive".`).waitFor();
    await expectNoAxeViolations(page, "import profiles, a malformed file");
    await e2e.screenshot(page, "issue14-import-malformed");
  });
});
