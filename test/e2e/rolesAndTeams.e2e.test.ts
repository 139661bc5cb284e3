/**
 * Issue 13 in the editor, end to end in the browser against the host page and the local server: Roles and teams
 * saved with the form in one change set, the rank among the app's ranked profiles (Move up, a swap when there is no
 * gap), Set as default for this app (moved in one change set after confirming), Add members of a team, and Who gets
 * this profile. Screenshots: test/e2e/screenshots/issue13-editor-*.png.
 */
import { AppChoice, AppProfile, AppProfileTeam } from "../../schema";
import { demoTeams } from "../../server/demoTeams";
import { startE2E, type E2E } from "./hostHarness";

jest.setTimeout(300_000);
const app = AppChoice.OmnichannelForCustomerService.value;
let e2e: E2E;
let profileId: string;
let neighbourId: string;
let topId: string;

const idOf = (created: unknown) => String(created).replace(/[{}]/g, "");

beforeAll(async () => {
  e2e = await startE2E();
  const api = e2e.api();
  profileId = idOf(
    await api.create({
      collection: AppProfile.entitySetName,
      data: { apm_name: "E2E roles and teams", apm_uniquename: "contoso_e2e_roles", apm_app: app },
    }),
  );
  neighbourId = idOf(
    await api.create({
      collection: AppProfile.entitySetName,
      data: { apm_name: "E2E neighbour", apm_uniquename: "contoso_e2e_neighbour", apm_app: app, apm_rank: 901 },
    }),
  );
  // 900 and 901 leave no gap, so moving up from 902 past 901 is a swap.
  topId = idOf(
    await api.create({
      collection: AppProfile.entitySetName,
      data: { apm_name: "E2E top", apm_uniquename: "contoso_e2e_top", apm_app: app, apm_rank: 900 },
    }),
  );
  await api.associate({
    primaryKey: topId,
    collection: AppProfile.entitySetName,
    relationshipName: AppProfileTeam.schemaName,
    relatedKey: demoTeams.nightShift.teamid,
    relatedCollection: "teams",
  });
  await api.associate({
    primaryKey: neighbourId,
    collection: AppProfile.entitySetName,
    relationshipName: AppProfileTeam.schemaName,
    relatedKey: demoTeams.escalations.teamid,
    relatedCollection: "teams",
  });
  // The app needs a custom default elsewhere, so Set as default has one to move.
  const holders = await api.retrieveMultiple<{ apm_appprofileid: string }>({
    collection: AppProfile.entitySetName,
    select: ["apm_name"],
    filter: `apm_app eq ${app} and apm_iscustomdefault eq true`,
  });
  if (holders.value.length === 0)
    await api.update({ collection: AppProfile.entitySetName, key: neighbourId, data: { apm_iscustomdefault: true } });
});
afterAll(() => e2e?.stop());

describe("roles, teams, rank and the custom default in the editor (issue 13)", () => {
  it("gives a profile to a team and a role, ranks it, makes it the default, adds a team's members, shows who gets it", async () => {
    const { page } = await e2e.open("admin");
    await page.goto(`${e2e.host.url}/#/profiles/${profileId}`);
    await page.getByRole("tab", { name: "General" }).waitFor();

    // 1. Roles and teams: several added from one picker, the rank the rule asks for, one Save.
    await page.getByRole("tab", { name: "Roles and teams" }).click();
    await page.getByRole("button", { name: "Add roles or teams" }).click();
    const picker = page.getByRole("group", { name: /Search roles and teams/ });
    await picker.getByRole("button", { name: /^Tier 1/ }).click();
    await picker.getByRole("searchbox").fill("Customer Service");
    await picker.getByRole("button", { name: /^Customer Service Representative/ }).click();
    await picker.getByRole("button", { name: "Close" }).click();
    const grid = page.getByRole("grid", { name: "Roles and teams given this profile" });
    await grid.getByText("Tier 1", { exact: true }).waitFor();
    await grid.getByText("Customer Service Representative", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText(/is given to teams or roles, so it needs a rank/).waitFor();
    await page.getByRole("spinbutton", { name: "Rank" }).fill("902");
    await e2e.screenshot(page, "issue13-editor-roles-teams");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Changes saved.").waitFor();
    const saved = await e2e.api().retrieve<Record<string, unknown>>({
      collection: AppProfile.entitySetName,
      key: profileId,
      select: ["apm_rank"],
      expand: [{ property: AppProfileTeam.schemaName, select: ["name"] }],
    });
    expect(saved.apm_rank).toBe(902);
    expect((saved[AppProfileTeam.schemaName] as { name: string }[]).map((t) => t.name)).toEqual(["Tier 1"]);

    // 2. The rank among the app's ranked profiles: 900, 901 and 902 leave no gap, so Move up offers a swap.
    const ranks = page.getByRole("list", { name: /^Ranked profiles of/ });
    await ranks.getByText("E2E neighbour · 901").waitFor();
    await ranks.getByText("E2E roles and teams (this profile) · 902").waitFor();
    await page.getByRole("button", { name: "Move up" }).click();
    await page.getByRole("button", { name: "Swap ranks with E2E neighbour" }).click();
    await ranks.getByText("E2E roles and teams (this profile) · 901").waitFor();
    await ranks.getByText("E2E neighbour · 902").waitFor();
    await e2e.screenshot(page, "issue13-editor-rank");

    // 3. Set as default for this app: the current default moves here after a confirmation, in one change set.
    await page.getByRole("button", { name: "Set as default for this app" }).click();
    const move = page.getByRole("button", { name: "Move default here" });
    await move.waitFor();
    await page.getByText("Move the default here?").waitFor();
    await e2e.screenshot(page, "issue13-editor-default-confirm");
    await move.click();
    await page.getByText(/^This profile is the custom default of/).waitFor();
    const defaults = await e2e.api().retrieveMultiple<{ apm_appprofileid: string }>({
      collection: AppProfile.entitySetName,
      select: ["apm_name"],
      filter: `apm_app eq ${app} and apm_iscustomdefault eq true`,
    });
    expect(defaults.value.map((p) => p.apm_appprofileid)).toEqual([profileId]);

    // 4. Add members of a team: a preview with who is left out and why, then direct assignments.
    await page.getByRole("tab", { name: "Users" }).click();
    await page.getByRole("button", { name: "Add members of a team" }).click();
    await page
      .getByRole("group", { name: /Search teams/ })
      .getByRole("button", { name: "Escalations" })
      .click();
    const preview = page.getByRole("region", { name: "Escalations" });
    await preview.getByText(/users of Escalations will be added:|No one in Escalations can be added\./).waitFor();
    await e2e.screenshot(page, "issue13-editor-bulk-add");
    const add = preview.getByRole("button", { name: /^Add \d+ users$/ });
    if (await add.isEnabled()) {
      await add.click();
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByText("Changes saved.").waitFor();
    }

    // 5. Who gets this profile: counts first, then the users, as the runtime resolves them.
    await page.getByRole("tab", { name: "Who gets this profile" }).click();
    await page.getByText(/^\d+ users get this profile$/).waitFor();
    await page
      .getByRole("list", { name: "Who gets this profile" })
      .getByText(/^Assigned directly: \d+$/)
      .waitFor();
    await e2e.screenshot(page, "issue13-editor-who-gets");
  });
});
