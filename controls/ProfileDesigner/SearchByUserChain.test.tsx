/**
 * Issue 13: Search by user explains the whole chain (Direct, Team, Role, CustomDefault, Default, with the team or role
 * it comes through, and what applies next), ranked by the runtime's own rankCandidates (the fake has no precedence).
 */
import * as React from "react";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppChoice, AppProfile, AppProfileRole, AppProfileTeam, builtInProfiles } from "../../schema";
import { emptyDataSet } from "../shared/emptyDataSet";
import { ProfileDesignerManifest, type ProfileDesignerInputs } from "../shared/manifest";
import { fakeContext } from "../shared/testing/fakeContext";
import { demoData, ids } from "../shared/testing/fixtures";
import { MemoryProfileRepository, type MemoryData } from "../shared/testing/memoryRepository";
import { renderElement } from "../shared/testing/render";
import { ProfileDesignerApp } from "./ProfileDesignerApp";
import { designerProps } from "./designerProps";

const omni = AppChoice.OmnichannelForCustomerService.value;
const chat = "66666666-0000-4000-8000-000000000001";
const overflow = "66666666-0000-4000-8000-000000000002";
const tier1 = "77777777-0000-4000-8000-000000000001";
const escalations = "77777777-0000-4000-8000-000000000002";
const agentRole = "88888888-0000-4000-8000-000000000001";

/** Support is given to Tier 1 (rank 5); Chat (rank 2) to the Omnichannel agent role, which Escalations holds. */
function chainData(): MemoryData {
  const data = demoData();
  const support = data.profiles.find((p) => p.id === ids.support)!;
  support.rank = 5;
  const template = support.fields;
  data.profiles.push(
    {
      id: chat,
      isDefault: false,
      version: 1,
      rank: 2,
      fields: { ...template, apm_name: "Chat escalations", apm_uniquename: "contoso_chat", apm_app: omni },
    },
    {
      id: overflow,
      isDefault: false,
      version: 1,
      isCustomDefault: true,
      fields: { ...template, apm_name: "Overflow", apm_uniquename: "contoso_overflow", apm_app: omni },
    },
  );
  data.teams = [
    { id: tier1, name: "Tier 1", members: [ids.alice, ids.carol] },
    { id: escalations, name: "Escalations", members: [ids.carol], roles: [agentRole] },
  ];
  data.roles = [{ id: agentRole, name: "Omnichannel agent", holders: [] }];
  data.links.push([AppProfileTeam.schemaName, ids.support, tier1], [AppProfileRole.schemaName, chat, agentRole]);
  return data;
}

function setup(data = chainData()) {
  const repository = new MemoryProfileRepository(data);
  const context = fakeContext<ProfileDesignerInputs>({
    control: "ProfileDesigner",
    role: "admin",
    parameters: { [ProfileDesignerManifest.dataSets.profiles]: emptyDataSet(AppProfile.logicalName) },
  });
  const props = designerProps(context, { repository, onSelectProfile: () => undefined });
  renderElement(<ProfileDesignerApp {...props} />);
  return { repository, user: userEvent.setup() };
}

async function chainOf(user: ReturnType<typeof userEvent.setup>, text: string, name: string) {
  await screen.findByRole("button", { name: "Sales agents" });
  // The command bar lays its items out after a measuring pass: wait for them.
  await user.click(await screen.findByRole("menuitem", { name: "Search by user" }));
  const dialog = await screen.findByRole("dialog", { name: "Search by user" });
  await user.type(within(dialog).getByRole("searchbox", { name: "Search users by name or user name" }), text);
  await user.click(await within(dialog).findByRole("button", { name }));
  const grid = await within(dialog).findByRole("grid", { name: `Profiles of ${name} by app` });
  const rows = within(grid).getAllByRole("row").slice(1);
  return rows.map((row) =>
    within(row)
      .getAllByRole(/rowheader|gridcell/)
      .map((cell) => cell.textContent ?? ""),
  );
}

const [workspaceDefault, omnichannelDefault] = builtInProfiles;
const team = "TeamGiven to the team Tier 1, which the user is a member of (lowest rank wins).";
const role =
  "RoleGiven to the role Omnichannel agent, which the user holds directly or through a team (lowest rank wins).";
const custom = "Custom defaultNo direct, team or role profile, so the app's own default applies.";
const lastResort = "Nothing more: the built-in profile is the last resort.";
const builtIn = "DefaultNo profile assigned for this app, so the app's built-in profile applies.";

describe("Search by user: the whole chain (issue 13)", () => {
  it("Direct first, and the team profile it hides comes next; the app's custom default before the built-in", async () => {
    const { user } = setup();
    const rows = await chainOf(user, "alice", "Alice Agent");
    expect(rows).toEqual([
      ["Customer Service workspace", "Sales agents", "DirectAssigned to this profile.", `Support tier 1${team}`],
      ["Omnichannel for Customer Service", "Overflow", custom, `${omnichannelDefault.apm_name}${builtIn}`],
    ]);
  });

  it("Team via the team, then the built-in; Role via the role held through a team, then the custom default", async () => {
    const { user, repository } = setup();
    const before = repository.requests.length;
    const rows = await chainOf(user, "carol", "Carol Chen");
    expect(rows).toEqual([
      ["Customer Service workspace", "Support tier 1", team, `${workspaceDefault.apm_name}${builtIn}`],
      ["Omnichannel for Customer Service", "Chat escalations", role, `Overflow${custom}`],
    ]);
    // One request per app, as the agents' runtime reads it.
    expect(repository.requests.slice(before).filter((r) => r.includes("effective"))).toHaveLength(2);
  });

  it("an inactive profile falls out of the chain (rule 13): the next one applies", async () => {
    const data = chainData();
    data.profiles.find((p) => p.id === overflow)!.isActive = false;
    const { user } = setup(data);
    const rows = await chainOf(user, "bob", "Bob O'Brien");
    // Bob is assigned to Support tier 1; in Omnichannel the inactive Overflow is skipped for the built-in.
    expect(rows).toEqual([
      [
        "Customer Service workspace",
        "Support tier 1",
        "DirectAssigned to this profile.",
        `${workspaceDefault.apm_name}${builtIn}`,
      ],
      ["Omnichannel for Customer Service", omnichannelDefault.apm_name, builtIn, lastResort],
    ]);
  });
});
