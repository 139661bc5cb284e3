import * as React from "react";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppProfile, builtInProfiles } from "../../schema";
import { emptyDataSet } from "../shared/emptyDataSet";
import { ProfileDesignerManifest, type ProfileDesignerInputs } from "../shared/manifest";
import { RepositoryError } from "../shared/data/ProfileRepository";
import { fakeContext, type Role } from "../shared/testing/fakeContext";
import { demoData, ids } from "../shared/testing/fixtures";
import { MemoryProfileRepository } from "../shared/testing/memoryRepository";
import { renderElement } from "../shared/testing/render";
import { ProfileDesignerApp } from "./ProfileDesignerApp";
import { designerProps } from "./designerProps";

function setup(options: { role?: Role } = {}) {
  const repository = new MemoryProfileRepository(demoData());
  const context = fakeContext<ProfileDesignerInputs>({
    control: "ProfileDesigner",
    role: options.role ?? "admin",
    parameters: { [ProfileDesignerManifest.dataSets.profiles]: emptyDataSet(AppProfile.logicalName) },
  });
  const selected: string[] = [];
  const props = designerProps(context, { repository, onSelectProfile: (id) => selected.push(id) });
  renderElement(<ProfileDesignerApp {...props} />);
  return { repository, selected, user: userEvent.setup() };
}

const [workspaceDefault, omnichannelDefault] = builtInProfiles;

async function openSearchByUser(user: ReturnType<typeof userEvent.setup>) {
  await screen.findByRole("button", { name: "Sales agents" });
  // The command bar lays its items out after a measuring pass: wait for them.
  await user.click(await screen.findByRole("menuitem", { name: "Search by user" }));
  return screen.findByRole("dialog", { name: "Search by user" });
}

async function pickUser(user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement, text: string, name: string) {
  await user.type(within(dialog).getByRole("searchbox", { name: "Search users by name or user name" }), text);
  await user.click(await within(dialog).findByRole("button", { name }));
}

/** Each row of the results grid as [app, profile, why]. */
async function resultRows(dialog: HTMLElement, userName: string) {
  const grid = await within(dialog).findByRole("grid", { name: `Profiles of ${userName} by app` });
  return within(grid)
    .getAllByRole("row")
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole(/rowheader|gridcell/)
        .map((cell) => cell.textContent ?? ""),
    );
}

describe("Search by user", () => {
  it("is lazy and debounced: no request until the admin types, then one search for the whole word", async () => {
    const { user, repository } = setup();
    const dialog = await openSearchByUser(user);
    const before = repository.requests.length;
    expect(within(dialog).getByRole("status")).toHaveTextContent("Type a name to see the matching users.");
    expect(repository.requests.length).toBe(before);
    await user.type(within(dialog).getByRole("searchbox", { name: "Search users by name or user name" }), "alice");
    expect(await within(dialog).findByRole("button", { name: "Alice Agent" })).toBeInTheDocument();
    expect(within(dialog).getByRole("status")).toHaveTextContent("1 user found.");
    expect(repository.requests.slice(before)).toEqual(["GET systemusers?alice"]);
  });

  it("shows Direct for the assigned profile and Default (the built-in) in the other app, and links to each profile", async () => {
    const { user, repository, selected } = setup();
    const dialog = await openSearchByUser(user);
    await pickUser(user, dialog, "ali", "Alice Agent");
    const rows = await resultRows(dialog, "Alice Agent");
    const lastResort = "Nothing more: the built-in profile is the last resort.";
    expect(rows).toEqual([
      [
        "Customer Service workspace",
        "Sales agents",
        "DirectAssigned to this profile.",
        `${workspaceDefault.apm_name}DefaultNo profile assigned for this app, so the app's built-in profile applies.`,
      ],
      [
        "Omnichannel for Customer Service",
        omnichannelDefault.apm_name,
        "DefaultNo profile assigned for this app, so the app's built-in profile applies.",
        lastResort,
      ],
    ]);
    const statuses = within(dialog).getAllByRole("status");
    expect(statuses[statuses.length - 1]).toHaveTextContent("Showing the profile Alice Agent gets in each app.");
    expect(repository.requests.filter((r) => r.includes("effective"))).toHaveLength(2);

    await user.click(within(dialog).getByRole("button", { name: "Sales agents" }));
    expect(selected).toEqual([ids.sales]);
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Search by user" })).toBeNull());
  });

  it("shows Default in both apps for a user without a profile, and follows the built-in's link", async () => {
    const { user, selected } = setup();
    const dialog = await openSearchByUser(user);
    await pickUser(user, dialog, "carol", "Carol Chen");
    const rows = await resultRows(dialog, "Carol Chen");
    expect(rows.map(([app, profile, why]) => [app, profile, why.startsWith("Default")])).toEqual([
      ["Customer Service workspace", workspaceDefault.apm_name, true],
      ["Omnichannel for Customer Service", omnichannelDefault.apm_name, true],
    ]);
    await user.click(within(dialog).getByRole("button", { name: omnichannelDefault.apm_name }));
    expect(selected).toEqual([ids.builtInOmnichannel]);
  });

  it("searches by user name too, quotes included, and says when nothing matches", async () => {
    const { user } = setup();
    const dialog = await openSearchByUser(user);
    const box = within(dialog).getByRole("searchbox", { name: "Search users by name or user name" });
    await user.type(box, "o'b");
    expect(await within(dialog).findByRole("button", { name: "Bob O'Brien" })).toBeInTheDocument();
    await user.clear(box);
    await user.type(box, "carol@contoso");
    expect(await within(dialog).findByRole("button", { name: "Carol Chen" })).toBeInTheDocument();
    await user.clear(box);
    await user.type(box, "nobody here");
    expect(await within(dialog).findByText("No users match “nobody here”.")).toBeInTheDocument();
    expect(within(dialog).queryByRole("list")).toBeNull();
  });

  it("shows the error when the profiles can't be read, and when the search fails", async () => {
    const { user, repository } = setup();
    jest
      .spyOn(repository, "effectiveProfiles")
      .mockRejectedValue(new RepositoryError("unavailable", "Service unavailable", { status: 503 }));
    const dialog = await openSearchByUser(user);
    await pickUser(user, dialog, "alice", "Alice Agent");
    expect(
      await within(dialog).findByText("The profiles of Alice Agent couldn't be read: Service unavailable"),
    ).toBeInTheDocument();
    expect(within(dialog).queryByRole("grid")).toBeNull();

    jest.spyOn(repository, "searchUsers").mockRejectedValue(new RepositoryError("refused", "No read privilege"));
    const box = within(dialog).getByRole("searchbox", { name: "Search users by name or user name" });
    await user.clear(box);
    await user.type(box, "bob");
    expect(await within(dialog).findByText("The data couldn't be loaded: No read privilege")).toBeInTheDocument();
  });

  it("closes with its close button, and is there for readers too", async () => {
    const { user } = setup({ role: "agent" });
    const dialog = await openSearchByUser(user);
    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });
});
