/** What an admin can't do, and what an agent sees: license gating and read-only access in the browser. */
import { AppChoice, AppProfile, builtInProfiles, ChatLicenseVariable, EnvironmentVariableValue } from "../../schema";
import { startE2E, type E2E } from "./hostHarness";

jest.setTimeout(120_000);
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.stop());

/** Test setup writes the environment's license value as an admin of the environment would. */
async function setChatLicense(value: string): Promise<void> {
  const { api } = e2e.host.server;
  await api.inTransaction(async () => {
    api.dbs.writer
      .prepare(`UPDATE ${EnvironmentVariableValue.logicalName} SET value = ? WHERE schemaname = ?`)
      .run(value, ChatLicenseVariable.schemaName);
  });
}

describe("license gating", () => {
  afterEach(() => setChatLicense("yes"));

  it("disables Omnichannel in the New profile pane, with the reason, when the environment has no Chat license", async () => {
    await setChatLicense("no");
    const { page } = await e2e.open("admin");
    await page.getByRole("menuitem", { name: "New profile" }).click();
    const pane = page.getByRole("dialog");
    const omnichannel = pane.getByRole("radio", { name: /Omnichannel for Customer Service/ });
    await expect(omnichannel.isDisabled()).resolves.toBe(true);
    await pane.getByText(/Needs the Dynamics 365 Chat license/).waitFor();
    await e2e.screenshot(page, "new-profile-no-license");
  });

  it("offers Omnichannel when the license is there", async () => {
    const { page } = await e2e.open("admin");
    await page.getByRole("menuitem", { name: "New profile" }).click();
    await expect(
      page
        .getByRole("dialog")
        .getByRole("radio", { name: /Omnichannel for Customer Service/ })
        .isDisabled(),
    ).resolves.toBe(false);
  });
});

describe("an agent", () => {
  it("finds nothing writable: no New profile, and every input of a profile disabled", async () => {
    await e2e.api().create({
      collection: AppProfile.entitySetName,
      data: {
        apm_name: "Support team",
        apm_uniquename: "contoso_support",
        apm_app: AppChoice.CustomerServiceWorkspace.value,
      },
    });
    const { page } = await e2e.open("agent");
    await page.getByRole("button", { name: builtInProfiles[0].apm_name, exact: true }).waitFor();
    await page.getByText(/You can view app profiles but not change them/).waitFor();
    await expect(page.getByRole("menuitem", { name: "New profile" }).count()).resolves.toBe(0);
    await e2e.screenshot(page, "designer-agent");
    await page.getByRole("button", { name: "Support team", exact: true }).click();
    await page.getByRole("tab", { name: "General" }).waitFor();
    await page.getByText(/You can view app profiles but not change them/).waitFor();
    for (const textbox of await page.getByRole("textbox").all())
      await expect(textbox.isEditable()).resolves.toBe(false);
    await expect(page.getByRole("button", { name: "Save" }).count()).resolves.toBe(0);
    await page.getByRole("tab", { name: "Productivity pane" }).click();
    for (const toggle of await page.getByRole("switch").all()) await expect(toggle.isDisabled()).resolves.toBe(true);
    await e2e.screenshot(page, "editor-agent");
  });

  it("is refused by the server too, whatever the UI shows", async () => {
    const agent = e2e.host.server.users.find((u) => u.key === "agent")!;
    const response = await fetch(`${e2e.host.url}/api/data/v9.2/${AppProfile.entitySetName}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...e2e.pageHeaders(agent.key) },
      body: JSON.stringify({ apm_name: "Sneaky", apm_uniquename: "agent_sneaky" }),
    });
    expect(response.status).toBe(403);
  });
});
