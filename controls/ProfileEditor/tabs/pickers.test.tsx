/** Issue 12, item 7 and the list budgets: pickers that add several items, say what they leave out, and long lists. */
import * as React from "react";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppProfileSystemUser } from "../../../schema";
import { ProfileEditorManifest, type ProfileEditorInputs } from "../../shared/manifest";
import { fakeContext, stringProperty } from "../../shared/testing/fakeContext";
import { demoData, ids } from "../../shared/testing/fixtures";
import { MemoryProfileRepository, type MemoryData } from "../../shared/testing/memoryRepository";
import { renderElement } from "../../shared/testing/render";
import { ProfileEditorApp } from "../ProfileEditorApp";
import { editorProps } from "../editorProps";

// Whole-editor flows in jsdom: slow on a loaded machine, so more room than the default.
jest.setTimeout(180_000);

function setup(change: (data: MemoryData) => void = () => undefined) {
  const data = demoData("yes");
  change(data);
  const repository = new MemoryProfileRepository(data);
  const context = fakeContext<ProfileEditorInputs>({
    control: "ProfileEditor",
    role: "admin",
    parameters: {
      [ProfileEditorManifest.properties.profileKey]: stringProperty(ids.sales),
      [ProfileEditorManifest.properties.channelProviderConfigUrl]: stringProperty(null),
    },
  });
  renderElement(
    <ProfileEditorApp {...editorProps(context, { repository, pageOrigin: "https://contoso.crm.dynamics.com" })} />,
  );
  return { repository, user: userEvent.setup() };
}

const tab = (name: string) => screen.getByRole("tab", { name: new RegExp(`^${name}`) });
const loaded = () => screen.findByRole("tab", { name: /^General/ });
const usersGrid = () => screen.getByRole("grid", { name: "Users assigned to this profile" });

describe("user picker", () => {
  it("adds several users without closing, says who is left out, and keeps focus in the search", async () => {
    const { user } = setup();
    await loaded();
    await user.click(tab("Users"));
    await user.click(screen.getByRole("button", { name: "Add users" }));
    const picker = screen.getByRole("group", { name: /Search users/ });
    expect(
      within(picker).getByText(
        "Only people who can use a profile are listed: disabled users, application users and the system account (SYSTEM) are left out.",
      ),
    ).toBeInTheDocument();
    await user.click(await within(picker).findByRole("button", { name: "Carol Chen" }));
    expect(within(picker).getByText("Added Carol Chen.")).toBeInTheDocument();
    expect(within(picker).getByRole("button", { name: "Carol Chen" })).toBeDisabled();
    expect(within(picker).getByRole("searchbox")).toHaveFocus();
    await user.click(within(picker).getByRole("button", { name: "Avery Admin" }));
    expect(within(usersGrid()).getByText("Carol Chen")).toBeInTheDocument();
    expect(within(usersGrid()).getByText("Avery Admin")).toBeInTheDocument();
    expect(screen.getByRole("group", { name: /Search users/ })).toBeInTheDocument();
    await user.click(within(picker).getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("group", { name: /Search users/ })).toBeNull();
  });

  it("warns, in the picker and at the row, when a picked user has no role that reads app profiles", async () => {
    const { user, repository } = setup((data) => {
      data.usersWithoutProfileRole = [ids.carol];
    });
    await loaded();
    await user.click(tab("Users"));
    await user.click(screen.getByRole("button", { name: "Add users" }));
    const picker = screen.getByRole("group", { name: /Search users/ });
    await user.click(await within(picker).findByRole("button", { name: "Avery Admin" }));
    await user.click(within(picker).getByRole("button", { name: "Carol Chen" }));
    const warning =
      "Carol Chen doesn't have the App Profile User role, so this profile won't reach them until an administrator gives them that role.";
    expect(await within(picker).findByText(warning)).toBeInTheDocument();
    expect(within(usersGrid()).getByText(warning)).toBeInTheDocument();
    expect(screen.queryByText(/Avery Admin doesn't have/)).toBeNull();
    expect(repository.requests).toContain(
      `GET systemusers(${ids.carol})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`,
    );
    // Removed again: nothing left to warn about.
    await user.click(within(usersGrid()).getByRole("button", { name: "Remove Carol Chen" }));
    expect(screen.queryByText(warning)).toBeNull();
  });
});

describe("session template picker", () => {
  it("says why generic templates are not offered, in the picker and when nothing matches", async () => {
    const { user } = setup();
    await loaded();
    await user.click(tab("Session templates"));
    await user.click(screen.getByRole("button", { name: "Add entity session template" }));
    const picker = screen.getByRole("group", { name: /Search entity session templates/ });
    expect(
      within(picker).getByText(/Only entity session templates are listed: a generic template/),
    ).toBeInTheDocument();
    await user.type(within(picker).getByRole("searchbox"), "Chat");
    expect(
      await within(picker).findByText(
        "No entity session template matches. Generic templates aren't listed, because a profile can hold only entity templates.",
      ),
    ).toBeInTheDocument();
  });

  it("adds several templates without closing; a template for a taken entity then says why it can't be added", async () => {
    const { user } = setup((data) => {
      data.links = data.links.filter(([, , related]) => related !== ids.accountTemplate);
    });
    await loaded();
    await user.click(tab("Session templates"));
    await user.click(screen.getByRole("button", { name: "Add entity session template" }));
    const picker = screen.getByRole("group", { name: /Search entity session templates/ });
    await user.click(await within(picker).findByRole("button", { name: "Account session" }));
    await user.click(within(picker).getByRole("button", { name: "Case session" }));
    const list = screen.getByRole("grid", { name: "Session templates on this profile" });
    expect(within(list).getByText("Account session")).toBeInTheDocument();
    expect(within(list).getByText("Case session")).toBeInTheDocument();
    expect(within(picker).getByRole("button", { name: "Key account session" })).toHaveAccessibleDescription(
      "This profile already has a template for account.",
    );
  });
});

describe("long related lists", () => {
  const many = (data: MemoryData) => {
    for (let i = 0; i < 2000; i++) {
      const id = `66666666-0000-4000-8000-${String(i).padStart(12, "0")}`;
      data.users.push({ id, fullName: `Bench user ${i}`, domainName: `bench${i}@contoso.com` });
      data.links.push([AppProfileSystemUser.schemaName, ids.sales, id]);
    }
  };

  it("opens the Users tab with 2,000 users rendering only the rows in view, and removes one by its label", async () => {
    const { user } = setup(many);
    await loaded();
    await user.click(tab("Users"));
    const grid = usersGrid();
    // The header row, Alice and 2,000 more.
    expect(grid).toHaveAttribute("aria-rowcount", "2002");
    expect(within(grid).getAllByRole("row").length).toBeLessThan(100);
    const first = within(grid).getAllByRole("rowheader")[1];
    const name = first.textContent ?? "";
    await user.click(within(grid).getByRole("button", { name: `Remove ${name}` }));
    await waitFor(() => expect(grid).toHaveAttribute("aria-rowcount", "2001"));
    expect(within(grid).queryByText(name)).toBeNull();
    expect(screen.getByRole("button", { name: "Save" })).toBeEnabled();
  });
});
