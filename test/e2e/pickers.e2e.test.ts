/**
 * Issue 12, item 7, in the browser against the host page: the pickers add several items without closing, never offer
 * users who can't use a profile (SYSTEM, disabled, application and non-interactive users), warn when a picked user has
 * no role that reads app profiles, and say why generic session templates are not offered.
 */
import { AppChoice, AppProfile, AppProfileSystemUser } from "../../schema";
import { startE2E, type E2E } from "./hostHarness";

jest.setTimeout(180_000);
let e2e: E2E;
let profileId: string;
beforeAll(async () => {
  e2e = await startE2E();
  profileId = String(
    await e2e.api().create({
      collection: AppProfile.entitySetName,
      data: {
        apm_name: "Picker test",
        apm_uniquename: "contoso_pickers",
        apm_app: AppChoice.CustomerServiceWorkspace.value,
      },
    }),
  ).replace(/[{}]/g, "");
});
afterAll(() => e2e?.stop());

describe("pickers (item 7)", () => {
  it("add several items, leave out who can't use a profile, warn about a missing role, explain generic templates", async () => {
    const { page } = await e2e.open("admin");
    await page.goto(`${e2e.host.url}/#/profiles/${profileId}`);
    await page.getByRole("tab", { name: "General" }).waitFor();

    await page.getByRole("tab", { name: "Users" }).click();
    await page.getByRole("button", { name: "Add users" }).click();
    const picker = page.getByRole("group", { name: /Search users/ });
    await picker.getByRole("button", { name: "Riley Agent", exact: true }).waitFor();
    await picker
      .getByText(/disabled users, application users and the system account \(SYSTEM\) are left out/)
      .waitFor();
    const offered = await picker.getByRole("listitem").allTextContents();
    for (const hidden of ["SYSTEM", "Dana Departed", "# App Profile Webhook", "Contoso Integration"]) {
      expect(offered.some((text) => text.startsWith(hidden))).toBe(false);
    }

    await picker.getByRole("button", { name: "Riley Agent", exact: true }).click();
    await picker.getByText("Added Riley Agent.").waitFor();
    await picker.getByRole("searchbox").fill("Noa");
    await picker.getByRole("button", { name: "Noa Norole", exact: true }).click();
    const warning = picker.getByText(/^Noa Norole doesn't have the App Profile User role/);
    await warning.waitFor();
    const grid = page.getByRole("grid", { name: "Users assigned to this profile" });
    await grid.getByText("Riley Agent", { exact: true }).waitFor();
    await grid.getByText("Noa Norole", { exact: true }).waitFor();
    await grid.getByText(/^Noa Norole doesn.t have the App Profile User role/).waitFor();
    expect(await picker.getByText(/^Riley Agent doesn't have/).count()).toBe(0);
    await e2e.screenshot(page, "issue12-item7-pickers-users");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Changes saved.").waitFor();

    await page.getByRole("tab", { name: "Session templates" }).click();
    await page.getByRole("button", { name: "Add entity session template" }).click();
    const templates = page.getByRole("group", { name: /Search entity session templates/ });
    await templates.getByText(/^Only entity session templates are listed: a generic template/).waitFor();
    await templates.getByRole("button", { name: "Case session", exact: true }).click();
    await templates.getByRole("button", { name: "Account session", exact: true }).click();
    await templates.getByRole("searchbox").fill("Home session");
    await templates.getByText(/^No entity session template matches. Generic templates aren't listed/).waitFor();
    const list = page.getByRole("grid", { name: "Session templates on this profile" });
    await list.getByText("Case session", { exact: true }).waitFor();
    await list.getByText("Account session", { exact: true }).waitFor();
    await e2e.screenshot(page, "pickers-templates");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Changes saved.").waitFor();

    const saved = await e2e.api().retrieve({
      collection: AppProfile.entitySetName,
      key: profileId,
      select: ["apm_name"],
      expand: [{ property: AppProfileSystemUser.schemaName, select: ["fullname"] }],
    });
    const users = (saved[AppProfileSystemUser.schemaName] as { fullname: string }[]).map((u) => u.fullname).sort();
    expect(users).toEqual(["Noa Norole", "Riley Agent"]);
  });
});
