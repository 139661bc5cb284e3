/**
 * Issue 14, Compare, end to end in the browser against the host page and the local server: two seeded profiles that
 * differ in a column, a session template, a user and a role show exactly those four differences; a profile compared
 * with its own export file (written by the portability code, as `npm run profiles -- export` writes it) shows the
 * change made after the export; a malformed file gets a message naming its line and field; 0 axe-core violations on
 * the open compare view. Screenshots: test/e2e/screenshots/issue14-compare-*.png.
 */
import fs from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import {
  AppChoice,
  AppProfile,
  AppProfileRole,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  ProductivityPaneModeChoice,
  SessionTemplateTypeChoice,
} from "../../schema";
import { webApiRowReader } from "../../controls/shared/assignment/webApiAssignment";
import { createWebApiFetch } from "../../controls/shared/data/webApiFetch";
import { exportDocument } from "../../controls/shared/portability/environment";
import { readEnvironment } from "../../controls/shared/portability/webApiEnvironment";
import { expectNoAxeViolations } from "./browser";
import { startE2E, type E2E } from "./hostHarness";
import {
  createProfile,
  designerSearchedFor,
  linkToProfile,
  malformedExport,
  scratchFolder,
  selectProfiles,
} from "./profileFixtures";

jest.setTimeout(300_000);
const app = AppChoice.CustomerServiceWorkspace.value;
let e2e: E2E;
let aId: string;
let template: string;
let role: string;
let userName: string;
const files = scratchFolder("apm-compare-");

beforeAll(async () => {
  e2e = await startE2E();
  const api = e2e.api();
  const common = { apm_app: app, apm_productivitypaneenabled: true, apm_rank: 977 };
  // Both have rank 977: only A is given to a role, so the rank is free (issue 13) and no difference of its own.
  aId = await createProfile(api, {
    ...common,
    apm_name: "Compare tier A",
    apm_uniquename: "contoso_cmp_a",
    apm_productivitypanemode: ProductivityPaneModeChoice.Expanded.value,
  });
  const bId = await createProfile(api, {
    ...common,
    apm_name: "Compare tier B",
    apm_uniquename: "contoso_cmp_b",
    apm_productivitypanemode: ProductivityPaneModeChoice.Collapsed.value,
  });
  const [templateRow] = (
    await api.retrieveMultiple<{ apm_sessiontemplateid: string; apm_uniquename: string }>({
      collection: "apm_sessiontemplates",
      select: ["apm_uniquename"],
      // An entity template (a profile takes no generic one), the same on every run: rows have no order of their own.
      filter: `apm_type eq ${SessionTemplateTypeChoice.Entity.value}`,
      orderBy: ["apm_uniquename asc"],
      top: 1,
    })
  ).value;
  template = templateRow.apm_uniquename;
  await linkToProfile(api, aId, AppProfileSessionTemplate, templateRow.apm_sessiontemplateid);
  const [roleRow] = (
    await api.retrieveMultiple<{ roleid: string; name: string }>({ collection: "roles", select: ["name"], top: 1 })
  ).value;
  role = roleRow.name;
  await linkToProfile(api, aId, AppProfileRole, roleRow.roleid);
  const agent = e2e.host.server.users.find((u) => u.key === "agent")!;
  userName = (
    await api.retrieve<{ domainname: string }>({ collection: "systemusers", key: agent.userId, select: ["domainname"] })
  ).domainname;
  await linkToProfile(api, bId, AppProfileSystemUser, agent.userId);
});
afterAll(async () => {
  await e2e?.stop();
  files.remove();
});

/** A Fluent Panel's dialog element has no box of its own (its pane is fixed-positioned): wait for its heading. */
async function comparePanel(page: Page): Promise<Locator> {
  const panel = page.getByRole("dialog", { name: "Compare profiles" });
  await panel.getByRole("heading", { name: "Compare profiles" }).waitFor();
  return panel;
}

/** Each table's rows as text, by tab. */
async function differencesOf(panel: Locator): Promise<Record<string, string[][]>> {
  const result: Record<string, string[][]> = {};
  for (const table of await panel.getByRole("table").all()) {
    const label = (await table.getAttribute("aria-label")) ?? "";
    const rows = await table.locator("tbody tr").all();
    result[label] = await Promise.all(
      rows.map(async (row) => (await row.locator("th, td").allInnerTexts()).map((t) => t.trim())),
    );
  }
  return result;
}

async function exportProfile(uniqueName: string): Promise<string> {
  const admin = e2e.host.server.users.find((u) => u.key === "admin")!;
  const url = e2e.host.server.url;
  const send = createWebApiFetch({ clientUrl: url, getToken: () => admin.token });
  const snapshot = await readEnvironment(webApiRowReader(send, url), { users: true });
  const exported = exportDocument(snapshot, {
    source: url,
    exportedAt: new Date().toISOString(),
    includeUsers: true,
    only: [uniqueName],
  });
  if (!exported.ok) throw new Error(`missing ${exported.missing.join(", ")}`);
  return `${JSON.stringify(exported.document, null, 2)}\n`;
}

describe("Compare", () => {
  it("two profiles: exactly their four differences, per tab, in words; one request for both; 0 axe violations", async () => {
    const page = await designerSearchedFor(e2e, "contoso_cmp");
    await selectProfiles(page, "Compare tier A", "Compare tier B");
    const requests: string[] = [];
    page.on("request", (r) => r.url().includes("/api/data/") && requests.push(r.url()));
    await page.getByRole("menuitem", { name: "Compare", exact: true }).click();
    const panel = await comparePanel(page);
    await panel.getByText("4 differences in all.").waitFor();
    expect(await differencesOf(panel)).toEqual({
      "Session templates: differences": [[`Only in Compare tier A: Session template`, template, "Not there"]],
      "Productivity pane: differences": [["Changed: Default mode", "Expanded", "Collapsed"]],
      "Users: differences": [["Only in Compare tier B: User", "Not there", userName]],
      "Roles and teams: differences": [["Only in Compare tier A: Security role", role, "Not there"]],
    });
    const headers = await panel.getByRole("table").first().getByRole("columnheader").allInnerTexts();
    expect(headers.map((h) => h.trim())).toEqual([
      "Difference",
      "Compare tier A (contoso_cmp_a)",
      "Compare tier B (contoso_cmp_b)",
    ]);
    expect(await panel.getByText("No differences", { exact: true }).count()).toBe(2);
    expect(requests.filter((u) => u.includes("apm_appprofiles?") && u.includes("apm_appprofileid"))).toHaveLength(1);
    await expectNoAxeViolations(page, "compare, two profiles");
    await e2e.screenshot(page, "issue14-compare-profiles");
  });

  it("a profile with its export file: the same until a change, then that change; a malformed file names the field", async () => {
    const exported = path.join(files.path, "contoso_cmp_a.json");
    fs.writeFileSync(exported, await exportProfile("contoso_cmp_a"));
    const page = await designerSearchedFor(e2e, "contoso_cmp_a");
    await selectProfiles(page, "Compare tier A");
    await page.getByRole("menuitem", { name: "Compare with file…" }).click();
    let panel = await comparePanel(page);
    await panel.getByLabel("Choose an export file…").setInputFiles(exported);
    await panel.getByText("These profiles are the same.").waitFor();
    expect(await panel.getByRole("table").count()).toBe(0);
    await page.getByRole("button", { name: "Close Compare" }).click();

    await e2e.api().update({
      collection: AppProfile.entitySetName,
      key: aId,
      data: { apm_callscriptenabled: true, apm_description: "Changed after the export" },
    });
    await page.getByRole("menuitem", { name: "Compare with file…" }).click();
    panel = await comparePanel(page);
    await panel.getByLabel("Choose an export file…").setInputFiles(exported);
    await panel.getByText("2 differences in all.").waitFor();
    expect(await differencesOf(panel)).toEqual({
      "General: differences": [["Changed: Description", "Changed after the export", "(none)"]],
      "Productivity pane: differences": [["Changed: Call script", "On", "Off"]],
    });
    const fileHeader = await panel.getByRole("table").first().getByRole("columnheader").nth(2).innerText();
    expect(fileHeader.trim()).toBe("Compare tier A (contoso_cmp_a) (file contoso_cmp_a.json)");
    await expectNoAxeViolations(page, "compare, a profile with a file");
    await e2e.screenshot(page, "issue14-compare-file");

    const { file: malformed, line } = malformedExport(exported, files.path, 0);
    await panel.getByLabel("Choose an export file…").setInputFiles(malformed);
    await panel.getByText("malformed.json can't be compared:").waitFor();
    await panel.getByText(`malformed.json:${line}: profiles[0].state: must be "Active" or "Inactive".`).waitFor();
    expect(await panel.getByRole("table").count()).toBe(0);
    await expectNoAxeViolations(page, "compare, a malformed file");
    await e2e.screenshot(page, "issue14-compare-malformed-file");
  });
});
