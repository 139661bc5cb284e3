/**
 * UI benchmark (issue 4): bundle sizes, and with 1,000 profiles and 5,000 users on the local server, the time from
 * page load to an interactive designer list and from a click on a profile to an interactive editor, in headless
 * Chromium, plus the HTTP requests it takes to open the editor and to save.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AppChoice, AppProfile, AppProfileSystemUser, SystemUser } from "../schema";
import { startHost } from "../host/server";
import { controlsOutDir } from "../host/assets";
import { systemCaller } from "../server/users";
import { launchBrowser } from "../test/e2e/browser";

export interface UiFigures {
  readonly bundleBytes: Record<string, number>;
  readonly designerInteractiveMs: number[];
  readonly editorInteractiveMs: number[];
  readonly requestsToOpenEditor: number;
  readonly requestsToSave: number;
}

const PROFILES = 1000;
const USERS = 5000;
const RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const pad = (n: number) => String(n).padStart(4, "0");

export async function benchUi(): Promise<UiFigures> {
  const bundleBytes = Object.fromEntries(
    ["ProfileDesigner", "ProfileEditor"].map((c) => [c, fs.statSync(path.join(controlsOutDir, c, "bundle.js")).size]),
  );
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "apm-uibench-"));
  const host = await startHost({ dataDir, port: 0 });
  const browser = await launchBrowser();
  try {
    console.log(`Seeding ${PROFILES} profiles and ${USERS} users ...`);
    const { api } = host.server;
    const exec = (request: Parameters<typeof api.pipeline.execute>[0]) => api.pipeline.execute(request, systemCaller);
    const profileIds: string[] = [];
    await api.inTransaction(async () => {
      for (let i = 0; i < PROFILES; i++) {
        const attributes = {
          apm_name: `Bench profile ${pad(i)}`,
          apm_uniquename: `bench_p${pad(i)}`,
          apm_app: AppChoice.CustomerServiceWorkspace.value,
        };
        profileIds.push((await exec({ message: "Create", table: AppProfile, attributes })).id as string);
      }
      for (let i = 0; i < USERS; i++) {
        const { id } = await exec({
          message: "Create",
          table: SystemUser,
          attributes: { fullname: `Bench user ${i}`, domainname: `bench${i}@contoso.example` },
        });
        if (i < USERS * 0.8) {
          const record = { logicalName: AppProfile.logicalName, id: profileIds[i % PROFILES] };
          await exec({
            message: "Associate",
            relationship: AppProfileSystemUser,
            record,
            related: { logicalName: SystemUser.logicalName, id: id as string },
          });
        }
      }
    });

    const designerInteractiveMs: number[] = [];
    const editorInteractiveMs: number[] = [];
    let requestsToOpenEditor = 0;
    let requestsToSave = 0;
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await context.addCookies([{ name: "apm_user", value: "admin", url: host.url }]);
      const page = await context.newPage();
      let apiRequests = 0;
      page.on("request", (request) => {
        if (new URL(request.url()).pathname.startsWith("/api/data/")) apiRequests++;
      });
      const started = Date.now();
      await page.goto(host.url);
      await page.getByRole("button", { name: "Bench profile 0000", exact: true }).waitFor();
      await page.getByRole("searchbox").first().waitFor();
      designerInteractiveMs.push(Date.now() - started);

      const target = `Bench profile ${pad(run + 1)}`;
      apiRequests = 0;
      const clicked = Date.now();
      await page.getByRole("button", { name: target, exact: true }).click();
      await page.getByRole("tab", { name: "General" }).waitFor();
      await page
        .getByRole("textbox", { name: /^Name/ })
        .and(page.locator(`[value="${target}"]`))
        .waitFor();
      editorInteractiveMs.push(Date.now() - clicked);
      await page.waitForLoadState("networkidle");
      requestsToOpenEditor = Math.max(requestsToOpenEditor, apiRequests);

      apiRequests = 0;
      await page.getByRole("textbox", { name: "Description" }).fill(`Measured in run ${run}`);
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByText("Changes saved.").waitFor();
      await page.waitForLoadState("networkidle");
      requestsToSave = Math.max(requestsToSave, apiRequests);
      await context.close();
    }
    return { bundleBytes, designerInteractiveMs, editorInteractiveMs, requestsToOpenEditor, requestsToSave };
  } finally {
    await browser.close();
    await host.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printUiFigures(f: UiFigures): void {
  console.log(`\nControls (${PROFILES} profiles, ${USERS} users, ${RUNS} runs, headless Chromium):`);
  for (const [control, bytes] of Object.entries(f.bundleBytes)) {
    console.log(
      `  ${control} bundle.js: ${(bytes / 1024).toFixed(1)} KB minified, React and Fluent excluded (goal < 150 KB)`,
    );
  }
  console.log(
    `  page load -> interactive designer list: median ${median(f.designerInteractiveMs)} ms (${f.designerInteractiveMs.join(", ")}) (goal < 1000)`,
  );
  console.log(
    `  click -> interactive editor: median ${median(f.editorInteractiveMs)} ms (${f.editorInteractiveMs.join(", ")}) (goal < 1000)`,
  );
  console.log(
    `  HTTP requests to open the editor: ${f.requestsToOpenEditor} (goal <= 2); to save: ${f.requestsToSave} (goal 1)`,
  );
}
