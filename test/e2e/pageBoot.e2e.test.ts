/**
 * The host page starts what its first control needs (the signed-in user, the user's privileges and the route's
 * strings) from an inline script, while the platform and control scripts still load, and asks for each only once.
 */
import type { Page } from "playwright-core";
import { AppChoice, AppProfile, builtInProfiles } from "../../schema";
import { SESSION_COOKIE } from "../../host/sessions";
import { startE2E, type E2E } from "./hostHarness";

jest.setTimeout(120_000);
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.stop());

/** A new page signed in as the admin, loaded at `hash`, and every path it requested from its first byte on. */
async function openRecorded(hash = ""): Promise<{ page: Page; paths: string[] }> {
  const context = await e2e.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const { host } = e2e;
  await context.addCookies([
    { name: SESSION_COOKIE, value: host.createSession("admin"), url: host.url, httpOnly: true, sameSite: "Strict" },
  ]);
  const page = await context.newPage();
  const paths: string[] = [];
  page.on("request", (request) => paths.push(new URL(request.url()).pathname));
  await page.goto(`${host.url}/${hash}`);
  return { page, paths };
}

/** When the page started to fetch `pathEnd`, against when its own scripts had all run (DOMContentLoaded). */
async function startedBeforeScriptsRan(page: Page, pathEnd: string): Promise<boolean> {
  return page.evaluate((end) => {
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const entry = performance.getEntriesByType("resource").find((r) => new URL(r.name).pathname.endsWith(end));
    if (!entry) throw new Error(`The page never fetched ${end}.`);
    return entry.startTime < navigation.domContentLoadedEventStart;
  }, pathEnd);
}

const count = (paths: readonly string[], end: string) => paths.filter((p) => p.endsWith(end)).length;

it("on the profiles view: the session and the designer's strings leave before the scripts have run, each once", async () => {
  const { page, paths } = await openRecorded();
  await page.getByRole("button", { name: builtInProfiles[0].apm_name, exact: true }).waitFor();
  await expect(startedBeforeScriptsRan(page, "/session")).resolves.toBe(true);
  await expect(startedBeforeScriptsRan(page, "/controls/ProfileDesigner/strings.json")).resolves.toBe(true);
  expect(count(paths, "/session")).toBe(1);
  expect(count(paths, ".RetrieveUserPrivileges()")).toBe(1);
  expect(count(paths, "/controls/ProfileDesigner/strings.json")).toBe(1);
  expect(count(paths, "/controls/ProfileEditor/strings.json")).toBe(0);
  // The designer's bundle was preloaded (and run from that one download); the editor's comes after, once.
  await expect(startedBeforeScriptsRan(page, "/controls/ProfileDesigner/bundle.js")).resolves.toBe(true);
  await page.waitForFunction(() =>
    performance.getEntriesByType("resource").some((r) => r.name.endsWith("/controls/ProfileEditor/bundle.js")),
  );
  expect(count(paths, "/controls/ProfileDesigner/bundle.js")).toBe(1);
  expect(count(paths, "/controls/ProfileEditor/bundle.js")).toBe(1);
  // Opening a profile then runs the editor from the bundle already loaded.
  await page.getByRole("button", { name: builtInProfiles[0].apm_name, exact: true }).click();
  await page.getByRole("tab").first().waitFor();
  expect(count(paths, "/controls/ProfileEditor/bundle.js")).toBe(1);
});

it("loads the other control's bundle only once the first page has settled: after its rows' count queries answered", async () => {
  const { page } = await openRecorded();
  await page.getByRole("button", { name: builtInProfiles[0].apm_name, exact: true }).waitFor();
  await page.waitForFunction(() =>
    performance.getEntriesByType("resource").some((r) => r.name.endsWith("/controls/ProfileEditor/bundle.js")),
  );
  const { editorStart, countsEnd } = await page.evaluate(() => {
    const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const editor = resources.find((r) => r.name.endsWith("/controls/ProfileEditor/bundle.js"));
    const counts = resources.filter((r) => decodeURIComponent(r.name).includes("fetchXml=<fetch aggregate"));
    return { editorStart: editor?.startTime ?? -1, countsEnd: Math.max(-1, ...counts.map((r) => r.responseEnd)) };
  });
  // Issue 12: the editor's 126 KB compiled on the main thread before the first rows painted (the first page in 1 s).
  expect(countsEnd).toBeGreaterThan(0);
  expect(editorStart).toBeGreaterThan(countsEnd);
});

it("on a profile's form: the editor's strings instead, and the designer's only once the view is opened", async () => {
  const created = (await e2e.api().create({
    collection: AppProfile.entitySetName,
    data: {
      apm_name: "Boot check",
      apm_uniquename: "contoso_bootcheck",
      apm_app: AppChoice.CustomerServiceWorkspace.value,
    },
    returnRepresentation: true,
  })) as { apm_appprofileid: string };
  const { page, paths } = await openRecorded(`#/profiles/${created.apm_appprofileid}`);
  await page.getByRole("tab").first().waitFor();
  await expect(startedBeforeScriptsRan(page, "/controls/ProfileEditor/strings.json")).resolves.toBe(true);
  expect(count(paths, "/controls/ProfileEditor/strings.json")).toBe(1);
  expect(count(paths, "/controls/ProfileDesigner/strings.json")).toBe(0);
  // Back to the view and to the form again: each control's strings are asked for once per page load.
  await page.goto(`${e2e.host.url}/#/profiles`);
  await page.getByRole("button", { name: builtInProfiles[0].apm_name, exact: true }).waitFor();
  await page.goto(`${e2e.host.url}/#/profiles/${created.apm_appprofileid}`);
  await page.getByRole("tab").first().waitFor();
  expect(count(paths, "/controls/ProfileDesigner/strings.json")).toBe(1);
  expect(count(paths, "/controls/ProfileEditor/strings.json")).toBe(1);
});
