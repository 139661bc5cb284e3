import * as React from "react";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppChoice, AppProfile, ProductivityPaneModeChoice } from "../../../schema/model";
import { emptyDataSet } from "../../shared/emptyDataSet";
import { ProfileDesignerManifest, type ProfileDesignerInputs } from "../../shared/manifest";
import { fakeContext } from "../../shared/testing/fakeContext";
import { demoData, ids } from "../../shared/testing/fixtures";
import { MemoryProfileRepository } from "../../shared/testing/memoryRepository";
import { renderElement } from "../../shared/testing/render";
import type { ProfileSnapshot } from "../../shared/compare/profileComparison";
import { ProfileDesignerApp } from "../ProfileDesignerApp";
import { designerProps } from "../designerProps";
import type { CompareSource } from "./compareSource";

// Selecting rows walks through Fluent UI with user-event: at a load of 12 on two cores one test took 89 s.
jest.setTimeout(180_000);

const columns = {
  apm_name: "Sales agents",
  apm_description: "Inside sales",
  apm_app: AppChoice.CustomerServiceWorkspace.value,
  apm_productivitypaneenabled: true,
  apm_productivitypanemode: ProductivityPaneModeChoice.Collapsed.value,
  apm_smartassistenabled: false,
  apm_callscriptenabled: false,
  apm_allactivechannels: false,
};
const sales: ProfileSnapshot = {
  uniqueName: "contoso_sales",
  builtIn: false,
  columns,
  rank: 3,
  customDefault: false,
  active: true,
  sessionTemplates: ["msdyn_account", "msdyn_contact"],
  channelProviders: [],
  roles: ["Sales agent"],
  teams: [],
  users: ["alice@contoso.example"],
};
const support: ProfileSnapshot = {
  ...sales,
  uniqueName: "contoso_support",
  columns: { ...columns, apm_name: "Support tier 1", apm_productivitypanemode: 192350001 },
  sessionTemplates: ["msdyn_account", "msdyn_case"],
  users: ["alice@contoso.example"],
};

function setup(snapshots: Record<string, ProfileSnapshot>) {
  const repository = new MemoryProfileRepository(demoData("yes"));
  const context = fakeContext<ProfileDesignerInputs>({
    control: "ProfileDesigner",
    role: "admin",
    parameters: { [ProfileDesignerManifest.dataSets.profiles]: emptyDataSet(AppProfile.logicalName) },
  });
  const requests: string[][] = [];
  const compare: CompareSource = {
    loadProfiles: async (wanted) => {
      requests.push([...wanted]);
      return wanted.map((id) => snapshots[id]);
    },
  };
  const props = designerProps(context, { repository, onSelectProfile: () => undefined, compare });
  renderElement(<ProfileDesignerApp {...props} />);
  return { requests, user: userEvent.setup() };
}

async function select(user: ReturnType<typeof userEvent.setup>, ...names: string[]) {
  await screen.findByRole("button", { name: "Sales agents" });
  for (const name of names) await user.click(screen.getByRole("checkbox", { name: `Select profile ${name}` }));
  // The command bar measures its width before it draws its items.
  await screen.findByRole("menuitem", { name: "Compare" });
}

/** Clicks a command once the selection has reached the command bar (it turns the command on). */
async function run(user: ReturnType<typeof userEvent.setup>, name: string) {
  // Asked again each time: the command bar may redraw its items (new elements) while it measures.
  await waitFor(() => expect(screen.getByRole("menuitem", { name })).not.toHaveAttribute("aria-disabled", "true"), {
    timeout: 10_000,
  });
  await user.click(screen.getByRole("menuitem", { name }));
}

const fileOf = (profiles: unknown[], name = "export.json") =>
  new File(
    [
      JSON.stringify(
        {
          format: "apm-app-profiles",
          version: 1,
          exportedAt: "2026-12-01T10:00:00Z",
          source: "http://127.0.0.1",
          includesUsers: false,
          profiles,
        },
        null,
        2,
      ),
    ],
    name,
    { type: "application/json" },
  );
const salesEntry = {
  uniqueName: "contoso_sales",
  builtIn: false,
  columns,
  rank: 3,
  customDefault: false,
  state: "Active",
  sessionTemplates: ["msdyn_account", "msdyn_contact"],
  channelProviders: [],
  roles: ["Sales agent"],
  teams: [],
};

describe("Compare in the designer", () => {
  it("is off until exactly two profiles are selected, and its tooltip says why", async () => {
    const { user } = setup({});
    await select(user);
    const compare = screen.getByRole("menuitem", { name: "Compare" });
    expect(compare).toHaveAttribute("aria-disabled", "true");
    expect(compare).toHaveAccessibleDescription("Select exactly two profiles to compare.");
    expect(screen.getByRole("menuitem", { name: "Compare with file…" })).toHaveAccessibleDescription(
      "Select one profile to compare with an export file.",
    );
    await select(user, "Sales agents");
    await waitFor(() =>
      expect(screen.getByRole("menuitem", { name: "Compare with file…" })).not.toHaveAttribute("aria-disabled"),
    );
    expect(screen.getByRole("menuitem", { name: "Compare" })).toHaveAttribute("aria-disabled", "true");
    await select(user, "Support tier 1");
    await waitFor(() => expect(screen.getByRole("menuitem", { name: "Compare" })).not.toHaveAttribute("aria-disabled"));
  });

  it("shows only the differences of two profiles, per tab, in words, after one load of both", async () => {
    const { user, requests } = setup({ [ids.sales]: sales, [ids.support]: support });
    await select(user, "Sales agents", "Support tier 1");
    await run(user, "Compare");
    const panel = await screen.findByRole("dialog", { name: "Compare profiles" });
    expect(requests).toEqual([[ids.sales, ids.support]]);
    expect(await within(panel).findByText("3 differences in all.")).toBeInTheDocument();
    const pane = within(panel).getByRole("table", { name: "Productivity pane: differences" });
    const headers = within(pane)
      .getAllByRole("columnheader")
      .map((h) => h.textContent);
    expect(headers).toEqual(["Difference", "Sales agents (contoso_sales)", "Support tier 1 (contoso_support)"]);
    const [paneRow] = within(pane).getAllByRole("row").slice(1);
    expect(within(paneRow).getByRole("rowheader")).toHaveTextContent("Changed: Default mode");
    expect(
      within(paneRow)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["Collapsed", "Expanded"]);
    const templates = within(panel).getByRole("table", { name: "Session templates: differences" });
    expect(
      within(templates)
        .getAllByRole("row")
        .slice(1)
        .map((r) => r.textContent),
    ).toEqual([
      "Only in Sales agents: Session templatemsdyn_contactNot there",
      "Only in Support tier 1: Session templateNot theremsdyn_case",
    ]);
    expect(within(panel).getAllByText("No differences")).toHaveLength(4);
    expect(within(panel).queryByRole("table", { name: "General: differences" })).toBeNull();
  });

  it("says the profiles are the same when nothing differs", async () => {
    const { user } = setup({ [ids.sales]: sales, [ids.support]: { ...sales, uniqueName: "contoso_support" } });
    await select(user, "Sales agents", "Support tier 1");
    await run(user, "Compare");
    const panel = await screen.findByRole("dialog", { name: "Compare profiles" });
    expect(await within(panel).findByText("These profiles are the same.")).toBeInTheDocument();
    expect(within(panel).queryAllByRole("table")).toHaveLength(0);
  });

  it("compares a profile with its copy in an export file, users not compared when the file has none", async () => {
    const { user, requests } = setup({ [ids.sales]: sales });
    await select(user, "Sales agents");
    await run(user, "Compare with file…");
    const panel = await screen.findByRole("dialog", { name: "Compare profiles" });
    const other = { ...salesEntry, uniqueName: "contoso_other", rank: 9 };
    await user.upload(
      within(panel).getByLabelText("Choose an export file…"),
      fileOf([other, { ...salesEntry, rank: 4 }], "prod.json"),
    );
    const table = await within(panel).findByRole("table", { name: "Roles and teams: differences" });
    expect(within(table).getAllByRole("columnheader")[2]).toHaveTextContent(
      "Sales agents (contoso_sales) (file prod.json)",
    );
    expect(
      within(table)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["3", "4"]);
    // A MessageBar's live region shows its text a moment after it mounts (Fluent's DelayedRender), so: findBy.
    expect(await within(panel).findByText("1 difference in all.")).toBeInTheDocument();
    expect(within(panel).getByText("Users aren't compared: the file was exported without users.")).toBeInTheDocument();
    expect(requests).toEqual([[ids.sales]]);
  });

  it("lets the admin choose when the file has no profile of that unique name", async () => {
    const { user } = setup({ [ids.sales]: sales });
    await select(user, "Sales agents");
    await run(user, "Compare with file…");
    const panel = await screen.findByRole("dialog", { name: "Compare profiles" });
    const a = { ...salesEntry, uniqueName: "contoso_a", columns: { ...columns, apm_name: "A" } };
    const b = { ...salesEntry, uniqueName: "contoso_b", columns: { ...columns, apm_name: "B" }, roles: [] };
    await user.upload(within(panel).getByLabelText("Choose an export file…"), fileOf([a, b]));
    expect(
      await within(panel).findByText("export.json has no profile named contoso_sales: choose the one to compare with."),
    ).toBeInTheDocument();
    await user.click(within(panel).getByRole("combobox", { name: "Profile in the file" }));
    await user.click(await screen.findByRole("option", { name: "B (contoso_b)" }));
    const table = await within(panel).findByRole("table", { name: "Roles and teams: differences" });
    expect(within(table).getByRole("rowheader")).toHaveTextContent("Only in Sales agents: Security role");
  });

  it("names the line and field of a malformed file, and a foreign file, as the import does", async () => {
    const { user } = setup({ [ids.sales]: sales });
    await select(user, "Sales agents");
    await run(user, "Compare with file…");
    const panel = await screen.findByRole("dialog", { name: "Compare profiles" });
    await user.upload(
      within(panel).getByLabelText("Choose an export file…"),
      fileOf([{ ...salesEntry, rank: "high" }], "bad.json"),
    );
    const alert = await within(panel).findByText("bad.json can't be compared:");
    await waitFor(() =>
      expect(alert.parentElement).toHaveTextContent(
        /bad\.json:\d+: profiles\[0\]\.rank: must be null or a whole number from 1 to 1000\./,
      ),
    );
    await user.upload(
      within(panel).getByLabelText("Choose an export file…"),
      new File(['{"hello": 1}'], "other.json", { type: "application/json" }),
    );
    expect(await within(panel).findByText(/other\.json:1: this is not an app profiles export/)).toBeInTheDocument();
    expect(within(panel).queryByRole("table")).toBeNull();
  });
});
