/**
 * Issue 13 in the editor: Roles and teams (add, remove, search, saved with the form), the rank among the app's
 * ranked profiles (Move up/down, swap), Set as default for this app, Add members of a team / holders of a role, and
 * Who gets this profile. In-memory repositories; the HTTP side is test/integration/profileAccess.test.ts.
 */
import * as React from "react";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppProfileRole, AppProfileSystemUser, AppProfileTeam } from "../../../schema";
import { ProfileEditorManifest, type ProfileEditorInputs } from "../../shared/manifest";
import { fakeContext, stringProperty } from "../../shared/testing/fakeContext";
import { demoData, ids } from "../../shared/testing/fixtures";
import { MemoryProfileAccess, type AccessFixture } from "../../shared/testing/memoryAccess";
import { MemoryProfileRepository, type MemoryData, type StoredProfile } from "../../shared/testing/memoryRepository";
import { renderElement } from "../../shared/testing/render";
import { ProfileEditorApp } from "../ProfileEditorApp";
import { editorProps } from "../editorProps";

// Whole-editor flows in jsdom with typing: minutes each on the loaded shared machine.
jest.setTimeout(600_000);

const night = "66666666-0000-4000-8000-000000000001";
const tier1 = "77777777-0000-4000-8000-000000000001";
const escalations = "77777777-0000-4000-8000-000000000002";
const agentRole = "88888888-0000-4000-8000-000000000001";
const supervisorRole = "88888888-0000-4000-8000-000000000002";
const fixture: AccessFixture = {
  roles: [
    { id: agentRole, name: "Omnichannel agent" },
    { id: supervisorRole, name: "Omnichannel supervisor" },
  ],
  teams: [
    { id: tier1, name: "Tier 1" },
    { id: escalations, name: "Escalations" },
  ],
  members: [
    [ids.carol, tier1],
    [ids.bob, tier1],
    [ids.alice, tier1],
    [ids.admin, tier1],
    [ids.carol, escalations],
    [ids.bob, escalations],
  ],
  holders: [[ids.admin, agentRole]],
  teamRoles: [[escalations, supervisorRole]],
  unpickable: [ids.admin],
};

type Extra = { apm_rank?: number | null; apm_iscustomdefault?: boolean };
const set = (p: StoredProfile | undefined, values: Extra) => Object.assign(p!.fields, values);

/** Support tier 1: rank 10 for Tier 1, the custom default; Night agents: rank 11 for supervisors. */
function ranked(data: MemoryData) {
  const support = data.profiles.find((p) => p.id === ids.support);
  set(support, { apm_rank: 10, apm_iscustomdefault: true });
  data.profiles.push({
    id: night,
    isDefault: false,
    version: 1,
    fields: {
      ...support!.fields,
      apm_name: "Night agents",
      apm_uniquename: "contoso_night",
      apm_iscustomdefault: false,
      apm_rank: 11,
    } as StoredProfile["fields"],
  });
  data.links.push([AppProfileTeam.schemaName, ids.support, tier1], [AppProfileRole.schemaName, night, supervisorRole]);
}

function setup(options: { change?: (data: MemoryData) => void; profile?: string } = {}) {
  const data = demoData("yes");
  ranked(data);
  options.change?.(data);
  const repository = new MemoryProfileRepository(data);
  const access = new MemoryProfileAccess(repository, fixture);
  const context = fakeContext<ProfileEditorInputs>({
    control: "ProfileEditor",
    role: "admin",
    parameters: {
      [ProfileEditorManifest.properties.profileKey]: stringProperty(options.profile ?? ids.sales),
      [ProfileEditorManifest.properties.channelProviderConfigUrl]: stringProperty(null),
    },
  });
  renderElement(
    <ProfileEditorApp
      {...editorProps(context, { repository, access, pageOrigin: "https://contoso.crm.dynamics.com" })}
    />,
  );
  return { repository, access, user: userEvent.setup() };
}

const tab = (name: string) => screen.getByRole("tab", { name: new RegExp(`^${name}`) });
const loaded = () => screen.findByRole("tab", { name: /^General/ });
const accessGrid = () => screen.getByRole("grid", { name: "Roles and teams given this profile" });
const stored = (repository: MemoryProfileRepository, id: string) =>
  repository.data.profiles.find((p) => p.id === id)!.fields as unknown as Extra;
const sales = (data: MemoryData) => data.profiles.find((p) => p.id === ids.sales);

describe("Roles and teams", () => {
  it("adds several roles and teams, asks for the rank the rule requires, and saves them with the form", async () => {
    const { user, repository } = setup();
    await loaded();
    await user.click(tab("Roles and teams"));
    await user.click(screen.getByRole("button", { name: "Add roles or teams" }));
    const picker = screen.getByRole("group", { name: /Search roles and teams/ });
    await user.click(await within(picker).findByRole("button", { name: /Escalations/ }));
    await user.click(within(picker).getByRole("button", { name: /Omnichannel agent/ }));
    expect(within(picker).getByRole("button", { name: /Escalations/ })).toBeDisabled();
    expect(within(accessGrid()).getByText("Escalations")).toBeInTheDocument();
    expect(within(accessGrid()).getByText("Omnichannel agent")).toBeInTheDocument();
    await user.click(within(picker).getByRole("button", { name: "Close" }));

    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/is given to teams or roles, so it needs a rank/)).toBeInTheDocument();
    expect(repository.data.links.some(([r]) => r === AppProfileTeam.schemaName && false)).toBe(false);

    await user.type(screen.getByRole("spinbutton", { name: "Rank" }), "5");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("Changes saved.");
    expect(stored(repository, ids.sales).apm_rank).toBe(5);
    expect(repository.data.links).toEqual(
      expect.arrayContaining([
        [AppProfileTeam.schemaName, ids.sales, escalations],
        [AppProfileRole.schemaName, ids.sales, agentRole],
      ]),
    );

    // Search the list, then remove one: saved as a disassociation.
    await user.type(screen.getByRole("searchbox", { name: "Search this list" }), "escal");
    expect(within(accessGrid()).queryByText("Omnichannel agent")).toBeNull();
    await user.click(within(accessGrid()).getByRole("button", { name: /Remove Escalations/ }));
    await user.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("Changes saved.");
    expect(repository.data.links).not.toContainEqual([AppProfileTeam.schemaName, ids.sales, escalations]);
    expect(repository.data.links).toContainEqual([AppProfileRole.schemaName, ids.sales, agentRole]);
  });

  it("is read-only on a built-in profile, with its reason", async () => {
    const { user } = setup({ profile: ids.builtInWorkspace });
    await loaded();
    await user.click(tab("Roles and teams"));
    expect(
      screen.getByText("Built-in profiles are each app's last resort, so they can't be given to roles or teams."),
    ).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Add roles or teams" })).toBeDisabled();
    expect(screen.queryByRole("spinbutton", { name: "Rank" })).toBeNull();
  });
});

describe("rank", () => {
  const salesRanked = (rank: number) => (data: MemoryData) => {
    set(sales(data), { apm_rank: rank });
    data.links.push([AppProfileTeam.schemaName, ids.sales, escalations]);
  };

  it("shows the app's ranked profiles around this one and moves up into a free rank", async () => {
    const { user } = setup({
      change: (data) => {
        salesRanked(20)(data);
        set(
          data.profiles.find((p) => p.id === night),
          { apm_rank: 14 },
        );
      },
    });
    await loaded();
    await user.click(tab("Roles and teams"));
    const list = await screen.findByRole("list", { name: "Ranked profiles of Customer Service workspace" });
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(3));
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["Support tier 1 · 10", "Night agents · 14", "Sales agents (this profile) · 20"]);
    expect(within(list).getByText(/this profile/)).toHaveAttribute("aria-current", "true");
    expect(screen.getByRole("button", { name: "Move down" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Move up" }));
    expect(screen.getByRole("spinbutton", { name: "Rank" })).toHaveValue(12);
  });

  it("swaps with the neighbour in one change set when there is no gap", async () => {
    const { user, access, repository } = setup({ change: salesRanked(12) });
    await loaded();
    await user.click(tab("Roles and teams"));
    await screen.findByText("Night agents · 11");
    await user.click(screen.getByRole("button", { name: "Move up" }));
    await user.click(screen.getByRole("button", { name: "Swap ranks with Night agents" }));
    await waitFor(() => expect(stored(repository, ids.sales).apm_rank).toBe(11), { timeout: 60_000 });
    expect(stored(repository, night).apm_rank).toBe(12);
    expect(access.updates).toHaveLength(1);
    expect(access.updates[0].map((u) => u.id)).toEqual([ids.sales, night, ids.sales]);
  });

  it("names the profile that holds a taken rank, in the handler's words", async () => {
    const { user } = setup({ change: salesRanked(30) });
    await loaded();
    await user.click(tab("Roles and teams"));
    await screen.findByText("Night agents · 11");
    const rank = screen.getByRole("spinbutton", { name: "Rank" });
    await user.clear(rank);
    await user.type(rank, "10");
    expect(screen.getByText(/The rank 10 is already held by .*Support tier 1/)).toBeInTheDocument();
  });
});

describe("Set as default for this app", () => {
  it("offers to move the flag from the app's current default, in one change set", async () => {
    const { user, access, repository } = setup();
    await loaded();
    await user.click(tab("Roles and teams"));
    expect(
      await screen.findByText("Support tier 1 is the custom default of Customer Service workspace now."),
    ).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Set as default for this app" }));
    const dialog = screen.getByRole("alertdialog", { name: "Move the default here?" });
    expect(stored(repository, ids.support).apm_iscustomdefault).toBe(true);
    await user.click(within(dialog).getByRole("button", { name: "Move default here" }));
    expect(
      await screen.findByText(/This profile is the custom default of Customer Service workspace/),
    ).toBeInTheDocument();
    expect(access.updates).toEqual([
      [
        { id: ids.support, etag: expect.any(String), fields: { apm_iscustomdefault: false } },
        { id: ids.sales, etag: expect.any(String), fields: { apm_iscustomdefault: true } },
      ],
    ]);
    expect(stored(repository, ids.support).apm_iscustomdefault).toBe(false);
  });

  it("can't make an inactive profile the default, and says why", async () => {
    const { user } = setup({ change: (data) => (sales(data)!.isActive = false) });
    await loaded();
    await user.click(tab("Roles and teams"));
    // Disabled but focusable (its reason is read): aria-disabled, as the editor's other commands with a reason.
    expect(await screen.findByRole("button", { name: "Set as default for this app" })).toHaveAttribute(
      "aria-disabled",
      "true",
    );
    expect(screen.getByText("An inactive profile can't be the app's default: activate it first.")).toBeInTheDocument();
  });
});

describe("Users: many at once", () => {
  it("previews a team's members, names who is left out and why, and adds the rest as direct assignments", async () => {
    const { user, repository } = setup();
    await loaded();
    await user.click(tab("Users"));
    await user.click(screen.getByRole("button", { name: "Add members of a team" }));
    const picker = screen.getByRole("group", { name: /Search teams/ });
    await user.click(await within(picker).findByRole("button", { name: "Tier 1" }));
    const preview = await screen.findByRole("region", { name: "Tier 1" });
    expect(within(preview).getByText("1 of 4 users of Tier 1 will be added:")).toBeInTheDocument();
    const leftOut = within(preview).getByRole("list", { name: "Left out:" });
    expect(
      within(leftOut)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([
      "Alice Agent: already on this profile",
      "Avery Admin: disabled or an application user",
      "Bob O'Brien: already on Support tier 1 (a user has one profile)",
    ]);
    await user.click(within(preview).getByRole("button", { name: "Add 1 users" }));
    const grid = screen.getByRole("grid", { name: "Users assigned to this profile" });
    expect(within(grid).getByText("Carol Chen")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("Changes saved.");
    expect(repository.data.links).toContainEqual([AppProfileSystemUser.schemaName, ids.sales, ids.carol]);
  });

  it("previews a role's holders, directly or through a team", async () => {
    const { user } = setup();
    await loaded();
    await user.click(tab("Users"));
    await user.click(screen.getByRole("button", { name: "Add holders of a role" }));
    const picker = screen.getByRole("group", { name: /Search roles/ });
    await user.click(await within(picker).findByRole("button", { name: "Omnichannel supervisor" }));
    const preview = await screen.findByRole("region", { name: "Omnichannel supervisor" });
    // Escalations holds the role: Carol (added) and Bob (on Support tier 1) are its members.
    expect(within(preview).getByText("1 of 2 users of Omnichannel supervisor will be added:")).toBeInTheDocument();
  });
});

describe("Who gets this profile", () => {
  it("counts direct, each team and each role as the runtime resolves them, then lists the users", async () => {
    const { user } = setup({
      change: (data) => {
        set(sales(data), { apm_rank: 5 });
        // Admin is unpickable in the fixture; for this view give the role to Carol instead, through no team.
        data.links.push(
          [AppProfileTeam.schemaName, ids.sales, escalations],
          [AppProfileRole.schemaName, ids.sales, agentRole],
        );
      },
    });
    await loaded();
    await user.click(tab("Who gets this profile"));
    // Alice: direct. Carol: Escalations (rank 5 beats Tier 1's 10). Bob: direct on Support tier 1, so not here.
    expect(await screen.findByText("2 users get this profile")).toBeInTheDocument();
    const counts = screen.getByRole("list", { name: "Who gets this profile" });
    expect(
      within(counts)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["Assigned directly: 1", "Through team Escalations: 1"]);
    const table = screen.getByRole("table", { name: "Users who get this profile" });
    expect(within(table).getByRole("row", { name: /Carol Chen .*Team Escalations/ })).toBeInTheDocument();
    expect(within(table).getByRole("row", { name: /Alice Agent .*Assigned directly/ })).toBeInTheDocument();
    expect(within(table).queryByText("Bob O'Brien")).toBeNull();
  });
});
