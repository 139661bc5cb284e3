/**
 * Issue 13, many users at once: *Assign from CSV* with a 10,000-row file in headless Chromium against the host page
 * and the local server. The preview shows a status per row (every status, with remove and move through the `action`
 * column) before anything is written; Apply writes in $batch change sets of at most 1,000 operations with a moving
 * progress bar; the server then holds exactly the expected assignments; the result file has one status per row.
 * Screenshots: test/e2e/screenshots/issue13-bulk-*.png.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page, Request } from "playwright-core";
import { AppChoice } from "../../schema";
import { expectNoAxeViolations, screenshotPath } from "./browser";
import { startE2E, type E2E } from "./hostHarness";

jest.setTimeout(300_000);
let e2e: E2E;
let folder: string;

const ROWS = 10_000;
const userId = (i: number) => `b0b0b0b0-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
const principal = (i: number) => `bulk.u${i}@contoso.example`;
const email = (i: number) => `bu${i}@mail.example`;
/** The user cell of row i: by principal name, email or id in turn (all three ways the CSV may name a user). */
const userCell = (i: number) => [principal(i), email(i), userId(i)][i % 3];

const TARGET = { uniqueName: "contoso_bulk_target", name: "Bulk target" };
const OTHER = { uniqueName: "contoso_bulk_other", name: "Bulk other" };
const LEAVING = { uniqueName: "contoso_bulk_leaving", name: "Bulk leaving" };
const profileIds = new Map<string, string>();

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
/** Users by the part of the file they are in; every row names a different user (0..9999). */
const part = {
  assign: [...range(0, 7000), ...range(9300, 10_000)],
  moveImplicit: range(7000, 7800),
  moveAction: range(7800, 8000),
  already: range(8000, 8500),
  remove: range(8500, 8900),
  notAssigned: range(8900, 9000),
  unknown: range(9000, 9100),
  disabled: range(9100, 9200),
  profileMissing: range(9200, 9300),
};

/**
 * The rows of each status: the first of each comes first in the file, so the top of the preview shows every status;
 * the rest follow in order.
 */
function csvText(): string {
  const groups: string[][] = [
    part.assign.map((i) => `${userCell(i)},${TARGET.uniqueName},`),
    part.moveImplicit.map((i) => `${userCell(i)},${TARGET.uniqueName},`),
    part.moveAction.map((i) => `${userCell(i)},${TARGET.uniqueName},move`),
    part.already.map((i) => `${userCell(i)},${TARGET.uniqueName},assign`),
    part.remove.map((i) => `${userCell(i)},${LEAVING.uniqueName},remove`),
    part.notAssigned.map((i) => `${userCell(i)},${LEAVING.uniqueName},remove`),
    part.unknown.map((i) => `nobody${i}@contoso.example,${TARGET.uniqueName},`),
    part.disabled.map((i) => `${userCell(i)},${TARGET.uniqueName},`),
    part.profileMissing.map((i) => `${userCell(i)},contoso_bulk_nosuch,`),
  ];
  const rows = [...groups.map((g) => g[0]), ...groups.flatMap((g) => g.slice(1))];
  expect(rows).toHaveLength(ROWS);
  return "user,profile,action\r\n" + rows.join("\r\n") + "\r\n";
}

/** Straight into the server's SQLite file (as bench/ui.bench.ts seeds): 10,000 creates through HTTP are slow. */
function seed() {
  const db = e2e.host.server.api.dbs.writer;
  const now = new Date().toISOString();
  const profile = db.prepare(
    `INSERT INTO apm_appprofile (apm_appprofileid, apm_name, apm_uniquename, apm_app, apm_isdefault, createdon, modifiedon, versionnumber) VALUES (?, ?, ?, ?, 0, ?, ?, 1)`,
  );
  const user = db.prepare(
    `INSERT INTO systemuser (systemuserid, fullname, domainname, internalemailaddress, isdisabled, createdon, modifiedon, versionnumber) VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const link = db.prepare(`INSERT INTO apm_appprofile_systemuser (apm_appprofileid, systemuserid) VALUES (?, ?)`);
  const disabled = new Set(part.disabled);
  db.transaction(() => {
    for (const [i, p] of [TARGET, OTHER, LEAVING].entries()) {
      const id = `b0b0b0b0-0000-4000-9000-${i.toString(16).padStart(12, "0")}`;
      profileIds.set(p.uniqueName, id);
      profile.run(id, p.name, p.uniqueName, AppChoice.CustomerServiceWorkspace.value, now, now);
    }
    for (const i of range(0, ROWS)) {
      if (part.unknown.includes(i)) continue;
      user.run(userId(i), `Bulk User ${i}`, principal(i), email(i), disabled.has(i) ? 1 : 0, now, now);
    }
    for (const i of [...part.moveImplicit, ...part.moveAction]) link.run(profileIds.get(OTHER.uniqueName), userId(i));
    for (const i of part.already) link.run(profileIds.get(TARGET.uniqueName), userId(i));
    for (const i of part.remove) link.run(profileIds.get(LEAVING.uniqueName), userId(i));
  })();
}

/** The server's assignments, profile unique name to user ids, read from its SQLite file. */
function assignments(): Map<string, Set<string>> {
  const rows = e2e.host.server.api.dbs.writer
    .prepare(
      `SELECT p.apm_uniquename AS profile, l.systemuserid AS user FROM apm_appprofile_systemuser l ` +
        `JOIN apm_appprofile p ON p.apm_appprofileid = l.apm_appprofileid WHERE p.apm_uniquename LIKE 'contoso_bulk_%'`,
    )
    .all() as { profile: string; user: string }[];
  const out = new Map<string, Set<string>>([TARGET, OTHER, LEAVING].map((p) => [p.uniqueName, new Set<string>()]));
  for (const row of rows) out.get(row.profile)!.add(row.user.toLowerCase());
  return out;
}

const idsOf = (...lists: number[][]) => new Set(lists.flat().map(userId));

/** A $batch that writes: its parts are POST or DELETE (the page's list reads batch GETs only). */
function writeOperations(request: Request): number | undefined {
  if (request.method() !== "POST" || !request.url().includes("$batch")) return undefined;
  const body = request.postData() ?? "";
  const writes = body.match(/^(POST|DELETE|PATCH) /gm)?.length ?? 0;
  return writes > 0 ? writes : undefined;
}

/** The viewport only: the panel is as tall as the window, a full-page shot cuts it off half way. */
const shot = (page: Page, name: string) => page.screenshot({ path: screenshotPath(name) });

/** Records every value the progress bar and its description take, from inside the page (nothing is missed). */
async function watchProgress(page: Page) {
  await page.evaluate(() => {
    const seen: { value: string | null; text: string }[] = [];
    (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
    const record = () => {
      const bar = document.querySelector('[role="progressbar"]');
      if (!bar) return;
      const text = bar.closest(".ms-ProgressIndicator")?.textContent ?? "";
      const value = bar.getAttribute("aria-valuenow");
      const last = seen[seen.length - 1];
      if (!last || last.value !== value || last.text !== text) seen.push({ value, text });
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
  return () =>
    page.evaluate(() => (window as unknown as { progressSeen: { value: string | null; text: string }[] }).progressSeen);
}

beforeAll(async () => {
  e2e = await startE2E();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "apm-bulk-e2e-"));
  seed();
});
afterAll(async () => {
  await e2e?.stop();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

describe("Assign from CSV with 10,000 rows (issue 13)", () => {
  it("previews every status before writing, applies in change sets of at most 1,000 with progress, and gives a result file", async () => {
    const csvPath = path.join(folder, "assignments.csv");
    fs.writeFileSync(csvPath, csvText());
    const before = assignments();
    const { page } = await e2e.open("admin");
    const writes: number[] = [];
    page.on("request", (request) => {
      const operations = writeOperations(request);
      if (operations !== undefined) writes.push(operations);
    });

    await page.getByRole("menuitem", { name: "Assign from CSV" }).click();
    const panel = page.getByRole("dialog", { name: "Import assignments" });
    await panel.getByRole("heading", { name: "Import assignments" }).waitFor();
    const previewStarted = Date.now();
    const lookups: number[] = [];
    page.on("response", (r) => {
      if (
        r.url().includes("/systemusers?") ||
        r.url().includes("/apm_appprofiles?$select=apm_appprofileid,apm_uniquename")
      )
        lookups.push(Date.now() - previewStarted);
    });
    await panel.getByLabel("Choose a CSV file").setInputFiles(csvPath);

    // 1. The preview: a count per status, and the status of sample rows, before anything is written.
    await panel.getByRole("heading", { name: "Preview of 10,000 rows" }).waitFor({ timeout: 120_000 });
    const previewMs = Date.now() - previewStarted;
    console.log(
      `Bulk import of ${ROWS} rows: preview shown after ${previewMs} ms; ${lookups.length} lookups from ${lookups[0]} to ${lookups.at(-1)} ms`,
    );
    const summary = panel.getByRole("list", { name: "What the rows will do" });
    expect(await summary.getByRole("listitem").allInnerTexts()).toEqual([
      "7,700 will be assigned",
      "1,000 will move from another profile",
      `${part.already.length} already there`,
      `${part.remove.length} will be removed`,
      `${part.notAssigned.length} not on the profile (nothing to remove)`,
      `${part.unknown.length} unknown users`,
      `${part.disabled.length} disabled users`,
      `${part.profileMissing.length} missing profiles`,
    ]);
    expect(writes).toEqual([]);
    expect(assignments()).toEqual(before);

    const grid = panel.getByRole("grid", { name: "Rows of the file" });
    const row = (line: number) =>
      grid.getByRole("row").filter({ has: page.getByRole("gridcell", { name: String(line), exact: true }) });
    // Problems first (the toggle starts on while there are any): the file's problem rows, by line.
    const problemsOnly = panel.getByRole("switch", { name: "Show only rows with problems" });
    expect(await problemsOnly.isChecked()).toBe(true);
    await expect(row(8).textContent()).resolves.toContain("Unknown user");
    await expect(row(9).textContent()).resolves.toContain("Disabled user");
    await expect(row(10).textContent()).resolves.toContain("Profile missing");
    expect(await row(2).count()).toBe(0);
    // Virtualized: a window of rows is in the page, never all of them.
    await problemsOnly.click();
    await row(2).waitFor();
    expect(await grid.getByRole("row").count()).toBeLessThan(200);
    await problemsOnly.click();
    await row(2).waitFor({ state: "detached" });
    await expectNoAxeViolations(page, "bulk import preview");
    await shot(page, "issue13-bulk-preview-problems");

    await problemsOnly.click();
    await expect(row(2).textContent()).resolves.toMatch(/Bulk User 0.*Bulk target.*Will assign/);
    await expect(row(3).textContent()).resolves.toMatch(/Bulk User 7000.*Will move from Bulk other/);
    await expect(row(4).textContent()).resolves.toMatch(/Bulk User 7800.*Will move from Bulk other/);
    await expect(row(5).textContent()).resolves.toMatch(/Bulk User 8000.*Already there/);
    await expect(row(6).textContent()).resolves.toMatch(/Bulk User 8500.*Bulk leaving.*Will remove/);
    await expect(row(7).textContent()).resolves.toMatch(/Bulk User 8900.*Not on this profile/);
    await expectNoAxeViolations(page, "bulk import preview, every row");
    await shot(page, "issue13-bulk-preview");

    // 2. Apply: blocked while problems stand, then the other rows, with a progress bar that moves.
    const changes = part.assign.length + part.moveImplicit.length + part.moveAction.length + part.remove.length;
    expect(changes).toBe(9100);
    const apply = panel.getByRole("button", { name: "Apply 9,100 changes" });
    expect(await apply.isDisabled()).toBe(true);
    // Fluent draws its checkbox over the input: click the label, as a person does.
    const skip = panel.getByRole("checkbox", { name: "Skip the 300 rows with problems and apply the others" });
    await panel.getByText("Skip the 300 rows with problems and apply the others").click();
    expect(await skip.isChecked()).toBe(true);
    expect(await apply.isDisabled()).toBe(false);
    expect(writes).toEqual([]);
    const progress = await watchProgress(page);
    const applyStarted = Date.now();
    await apply.click();
    await panel.getByRole("progressbar").waitFor();
    await shot(page, "issue13-bulk-progress");
    await panel.getByText("9,100 rows applied, 0 failed. The result file lists every row.").waitFor({
      timeout: 180_000,
    });
    const applyMs = Date.now() - applyStarted;
    await shot(page, "issue13-bulk-result");

    const seen = await progress();
    const values = seen.map((s) => Number(s.value)).filter((v) => v > 0 && v < 100);
    expect(values.length).toBeGreaterThan(0);
    const counted = seen.map((s) => /(\d+) of (\d+) rows/.exec(s.text.replace(/,/g, ""))).filter((m) => m !== null);
    expect(seen.some((s) => s.text.endsWith(" of 9,100 rows"))).toBe(true);
    expect(counted.some((m) => Number(m[1]) > 0 && Number(m[1]) < changes && Number(m[2]) === changes)).toBe(true);
    for (let i = 1; i < counted.length; i++)
      expect(Number(counted[i][1])).toBeGreaterThanOrEqual(Number(counted[i - 1][1]));

    // 3. Change sets of at most 1,000 operations, every operation sent once: an assign or remove is one, a move two.
    const operations =
      part.assign.length + 2 * (part.moveImplicit.length + part.moveAction.length) + part.remove.length;
    expect(writes.every((n) => n <= 1000)).toBe(true);
    expect(writes.reduce((a, b) => a + b, 0)).toBe(operations);
    expect(writes.length).toBe(Math.ceil(operations / 1000));

    // 4. The server holds exactly what the file asked for.
    const after = assignments();
    expect(after.get(TARGET.uniqueName)).toEqual(idsOf(part.assign, part.moveImplicit, part.moveAction, part.already));
    expect(after.get(OTHER.uniqueName)).toEqual(new Set());
    expect(after.get(LEAVING.uniqueName)).toEqual(new Set());

    // 5. The result file: one line per row, each with its status and outcome.
    const download = page.waitForEvent("download");
    await panel.getByRole("link", { name: "Download the result file" }).click();
    const saved = path.join(folder, "result.csv");
    await (await download).saveAs(saved);
    const lines = fs.readFileSync(saved, "utf8").trim().split("\r\n");
    expect(lines[0]).toBe("line,user,profile,status,outcome,message");
    expect(lines).toHaveLength(ROWS + 1);
    const statuses = new Map<string, number>();
    for (const line of lines.slice(1)) {
      const [, , , status, outcome] = line.split(",");
      statuses.set(`${status} ${outcome}`, (statuses.get(`${status} ${outcome}`) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({
      "assign applied": part.assign.length,
      "move applied": part.moveImplicit.length + part.moveAction.length,
      "already skipped": part.already.length,
      "remove applied": part.remove.length,
      "notAssigned skipped": part.notAssigned.length,
      "unknownUser skipped": part.unknown.length,
      "disabledUser skipped": part.disabled.length,
      "profileMissing skipped": part.profileMissing.length,
    });
    expect(lines[2]).toBe(
      `3,${userCell(7000)},${TARGET.uniqueName},move,applied,Will move from ${OTHER.name} to ${TARGET.name}.`,
    );
    console.log(
      `Bulk import of ${ROWS} rows: preview ${previewMs} ms, apply ${applyMs} ms, ${writes.length} change sets`,
    );
  });
});
