/**
 * What the browser tests (compare, profilesImport, preview) set up and share: profiles and their links seeded over
 * the Web API as the admin (the handlers run, as for anything an admin saves), the designer opened on a search, a
 * scratch folder for export files, and an export file made malformed in one field.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import type { DynamicsWebApi } from "dynamics-web-api";
import { AppProfile, tables, type ManyToManyRelationship } from "../../schema";
import type { E2E } from "./hostHarness";

/** The id dynamics-web-api's create answers with, without the braces it may carry. */
export const idOf = (created: unknown): string => String(created).replace(/[{}]/g, "");

/** One profile through the Web API; its id. */
export async function createProfile(api: DynamicsWebApi, data: Record<string, unknown>): Promise<string> {
  return idOf(await api.create({ collection: AppProfile.entitySetName, data }));
}

/** A profile's N:N relationship (the profile is entity1): templates, providers, users, roles, teams. */
type ProfileRelationship = Pick<ManyToManyRelationship, "schemaName" | "entity2">;

/** Links a row to the profile (POST …/$ref), the related table's entity set found in the schema. */
export async function linkToProfile(
  api: DynamicsWebApi,
  profileId: string,
  relationship: ProfileRelationship,
  relatedId: string,
): Promise<void> {
  const related = tables.find((t) => t.logicalName === relationship.entity2);
  if (!related) throw new Error(`No table '${relationship.entity2}' in the schema`);
  await api.associate({
    collection: AppProfile.entitySetName,
    primaryKey: profileId,
    relationshipName: relationship.schemaName,
    relatedCollection: related.entitySetName,
    relatedKey: relatedId,
  });
}

/** A temporary folder for the files a test writes and picks; `remove` in afterAll. */
export function scratchFolder(prefix: string): { readonly path: string; remove(): void } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { path: folder, remove: () => fs.rmSync(folder, { recursive: true, force: true }) };
}

/** The designer, signed in as the admin, its list searched for `text` once the server has answered. */
export async function designerSearchedFor(e2e: E2E, text: string): Promise<Page> {
  const { page } = await e2e.open("admin");
  await searchDesigner(page, text);
  return page;
}

/**
 * Types a search in the designer and waits for the server's page of it: until then the rows on screen are the page
 * before it, and a row checked there is gone when the searched page replaces it (as in a model-driven grid). The first
 * page's answer may still be on its way when the page has loaded, so the wait is for the one with the search in its
 * $filter (the wildcards escaped: "_" is "[_]").
 */
export async function searchDesigner(page: Page, text: string): Promise<void> {
  const searched = page.waitForResponse((r) => {
    const url = decodeURIComponent(r.url());
    return url.includes("apm_appprofiles?") && url.includes("$count=true") && url.includes("contains(");
  });
  await page
    .getByRole("searchbox", { name: /Search/ })
    .first()
    .fill(text);
  await searched;
}

/** Ticks each named profile's row in the designer's list, once the row is there. */
export async function selectProfiles(page: Page, ...names: string[]): Promise<void> {
  for (const name of names) {
    await page.getByRole("button", { name, exact: true }).waitFor();
    await page.getByRole("checkbox", { name: `Select profile ${name}` }).check();
  }
}

/**
 * A copy of an export file (in `folder`, as malformed.json) whose `profiles[index].state` is "Paused", no state a
 * profile has; with the line of the file that carries it, which the designer's message names.
 */
export function malformedExport(exportedFile: string, folder: string, index: number): { file: string; line: number } {
  const document = JSON.parse(fs.readFileSync(exportedFile, "utf8")) as { profiles: Record<string, unknown>[] };
  document.profiles[index].state = "Paused";
  const text = JSON.stringify(document, null, 2);
  const file = path.join(folder, "malformed.json");
  fs.writeFileSync(file, text);
  return { file, line: text.split("\n").findIndex((l) => l.includes('"Paused"')) + 1 };
}
