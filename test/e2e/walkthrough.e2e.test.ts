/**
 * README's "A tour in five minutes", run in headless Chromium on the demo environment `npm start` seeds. Each step
 * checks what the README says you will see, and writes the screenshot the README embeds
 * (test/e2e/screenshots/walkthrough-*.png).
 */
import type { Page } from "playwright-core";
import { AppProfile, builtInProfiles } from "../../schema";
import { demoPeople, demoProfiles, featuredDemoProfile } from "../../server/demoEnvironment";
import { startE2E, type E2E } from "./hostHarness";

jest.setTimeout(120_000);
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.stop());

/** Fluent's lists fade their rows in: wait for the fade before a screenshot. */
const settle = (page: Page) => page.waitForTimeout(600);
const profileButton = (page: Page, name: string) => page.getByRole("button", { name, exact: true });
const active = demoProfiles.filter((p) => !p.inactive);
const inactive = demoProfiles.filter((p) => p.inactive);
const featured = featuredDemoProfile;
const featuredPeople = demoPeople.filter((p) => p.profile === featured.apm_uniquename).map((p) => p.fullname);
const priya = demoPeople.find((p) => p.fullname === "Priya Natarajan")!;
const priyasProfile = demoProfiles.find((p) => p.apm_uniquename === priya.profile)!;

describe("a tour in five minutes", () => {
  it("1. App profiles lists the active profiles of both apps with their user counts", async () => {
    const { page } = await e2e.open("admin");
    for (const profile of [...builtInProfiles, ...active]) await profileButton(page, profile.apm_name).waitFor();
    await expect(profileButton(page, inactive[0].apm_name).count()).resolves.toBe(0);
    const total = builtInProfiles.length + active.length;
    await page.getByText(`1-${total} of ${total}`).waitFor();
    const row = page.getByRole("row").filter({ has: profileButton(page, featured.apm_name) });
    await expect(row.textContent()).resolves.toContain(String(featuredPeople.length));
    await settle(page);
    await e2e.screenshot(page, "walkthrough-1-profiles");
    // Issue 12, item 10: the newcomer's first screen, on the demo environment `npm start` serves.
    await e2e.screenshot(page, "issue12-item10-newcomer-start");
  });

  it("2. the search box and the status filter ask the server", async () => {
    const { page } = await e2e.open("admin");
    await profileButton(page, featured.apm_name).waitFor();
    await page.getByRole("searchbox", { name: "Search app profiles" }).fill("chat");
    await profileButton(page, "Billing support").waitFor({ state: "detached" });
    await profileButton(page, "Chat support (English)").waitFor();
    await profileButton(page, "Chat support (Spanish)").waitFor();
    await page.getByText("1-2 of 2").waitFor();
    await settle(page);
    await e2e.screenshot(page, "walkthrough-2-search");

    await page.getByRole("searchbox", { name: "Search app profiles" }).fill("");
    await page.getByRole("combobox", { name: "Show" }).click();
    await page.getByRole("option", { name: "Inactive profiles" }).click();
    await profileButton(page, inactive[0].apm_name).waitFor();
    await profileButton(page, featured.apm_name).waitFor({ state: "detached" });
  });

  it("3. a profile opens on its form: templates, pane, channels and users in tabs", async () => {
    const { page } = await e2e.open("admin");
    await profileButton(page, featured.apm_name).click();
    await page.getByRole("tab", { name: "General" }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/profiles/${featured.id}`);
    await expect(page.getByRole("textbox", { name: /^Name/ }).inputValue()).resolves.toBe(featured.apm_name);
    await settle(page);
    await e2e.screenshot(page, "walkthrough-3-profile");

    await page.getByRole("tab", { name: "Session templates" }).click();
    for (const name of ["Case session", "Knowledge article session", "Email session"])
      await page.getByText(name, { exact: true }).first().waitFor();

    await page.getByRole("tab", { name: "Users" }).click();
    for (const name of featuredPeople) await page.getByText(name, { exact: true }).first().waitFor();
    await settle(page);
    await e2e.screenshot(page, "walkthrough-4-users");
  });

  it("4. Search by user says which profile a person gets in each app, and why", async () => {
    const { page } = await e2e.open("admin");
    await profileButton(page, featured.apm_name).waitFor();
    await page.getByRole("menuitem", { name: "Search by user" }).click();
    const panel = page.getByRole("dialog", { name: "Search by user" });
    await panel.getByRole("searchbox", { name: "Search users by name or user name" }).fill("Priya");
    await panel.getByRole("button", { name: priya.fullname, exact: true }).click();
    const grid = panel.getByRole("grid", { name: `Profiles of ${priya.fullname} by app` });
    const row = (app: string) => grid.getByRole("row").filter({ hasText: app });
    const workspace = row("Customer Service workspace");
    await expect(workspace.getByRole("button").first().textContent()).resolves.toBe(priyasProfile.apm_name);
    await expect(workspace.textContent()).resolves.toMatch(/Direct/);
    await expect(row("Omnichannel for Customer Service").textContent()).resolves.toMatch(/Default/);
    await settle(page);
    await e2e.screenshot(page, "walkthrough-5-search-by-user");
  });

  it("5. an agent (App Profile User) sees the same pages, read-only", async () => {
    const { page } = await e2e.open("agent");
    await profileButton(page, featured.apm_name).waitFor();
    const newProfile = page.getByRole("menuitem", { name: "New profile" });
    expect((await newProfile.count()) === 0 || (await newProfile.isDisabled())).toBe(true);
    await settle(page);
    await e2e.screenshot(page, "walkthrough-6-agent");
  });

  it("6. the same rows answer over the Web API with a token from tokens.json", async () => {
    const admin = e2e.host.server.users.find((u) => u.key === "admin")!;
    const response = await fetch(
      `${e2e.host.server.apiUrl}${AppProfile.entitySetName}?$select=apm_name,apm_uniquename&$filter=statecode eq 0&$count=true`,
      { headers: { Authorization: `Bearer ${admin.token}`, Accept: "application/json" } },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { "@odata.count": number; value: { apm_uniquename: string }[] };
    expect(body["@odata.count"]).toBe(builtInProfiles.length + active.length);
    expect(body.value.map((p) => p.apm_uniquename)).toContain(featured.apm_uniquename);
  });
});
