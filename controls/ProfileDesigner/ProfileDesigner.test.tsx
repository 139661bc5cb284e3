import * as React from "react";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppProfile } from "../../schema";
import { emptyDataSet } from "../shared/emptyDataSet";
import { ProfileDesignerManifest, type ProfileDesignerInputs } from "../shared/manifest";
import { RepositoryError } from "../shared/data/ProfileRepository";
import { fakeContext, type Role } from "../shared/testing/fakeContext";
import { demoData, ids } from "../shared/testing/fixtures";
import { MemoryProfileRepository } from "../shared/testing/memoryRepository";
import { renderElement } from "../shared/testing/render";
import { ProfileDesignerApp } from "./ProfileDesignerApp";
import { designerProps } from "./designerProps";

function setup(options: { role?: Role; license?: "yes" | "no"; inactive?: string[] } = {}) {
  const repository = new MemoryProfileRepository(demoData(options.license ?? "yes"));
  for (const profile of repository.data.profiles) if (options.inactive?.includes(profile.id)) profile.isActive = false;
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

const rows = () =>
  within(screen.getByRole("grid", { name: "App profiles" }))
    .getAllByRole("row")
    .slice(1);
const rowNames = () => rows().map((r) => within(r).getByRole("rowheader").textContent);

describe("ProfileDesigner list", () => {
  it("lists the first page with unique name, app, built-in lock and user count: the page, its user counts as an aggregate, the license", async () => {
    const { repository } = setup();
    await screen.findByRole("button", { name: "Sales agents" });
    expect(repository.requests).toEqual([
      "GET apm_appprofiles?$count=true",
      "GET apm_appprofiles?fetchXml=users per profile",
      "GET environmentvariabledefinitions(apm_ChatLicenseAvailable)",
    ]);
    const sales = rows().find((r) => r.textContent?.includes("Sales agents"));
    expect(sales).toHaveTextContent("contoso_sales");
    expect(sales).toHaveTextContent("Customer Service workspace");
    expect(within(sales as HTMLElement).queryByRole("img", { name: "Built-in" })).toBeNull();
    const builtIn = rows().find((r) => r.textContent?.includes("msdyn_oc_default")) as HTMLElement;
    expect(builtIn).toHaveTextContent("Omnichannel for Customer Service");
    expect(within(builtIn).getByRole("img", { name: "Built-in" })).toBeInTheDocument();
    expect(sales).toHaveTextContent(/1$/);
  });

  it("shows each profile's status, lists the active ones by default and filters Inactive or All (rule 13)", async () => {
    const { user } = setup({ inactive: [ids.sales] });
    await screen.findByRole("button", { name: "Support tier 1" });
    expect(rowNames()).not.toContain("Sales agents");
    rows().forEach((row) => expect(row).toHaveTextContent("Active"));
    const filter = screen.getByRole("combobox", { name: /^Show/ });
    expect(filter).toHaveTextContent("Active profiles");
    await user.click(filter);
    await user.click(await screen.findByRole("option", { name: "Inactive profiles" }));
    expect(rowNames()).toEqual(["Sales agents"]);
    expect(rows()[0]).toHaveTextContent("Inactive");
    await user.click(filter);
    await user.click(await screen.findByRole("option", { name: "All profiles" }));
    expect(rowNames()).toContain("Sales agents");
    expect(rowNames()).toContain("Support tier 1");
  });

  it("explains the lock in a tooltip that is also its accessible description", async () => {
    setup();
    const locks = await screen.findAllByRole("img", { name: "Built-in" });
    expect(locks).toHaveLength(2);
    locks.forEach((lock) =>
      expect(lock).toHaveAccessibleDescription("Built-in profile: it can't be changed or deleted"),
    );
  });

  it("searches by name or unique name, and sorts by column, on the server", async () => {
    const { user } = setup();
    await screen.findByRole("button", { name: "Sales agents" });
    expect(rowNames()[0]).toContain("Default profile for Customer Service workspace");
    await user.click(within(screen.getByRole("columnheader", { name: /^Name/ })).getByRole("button"));
    await waitFor(() => expect(rowNames()[0]).toContain("Support tier 1"));
    await user.type(screen.getByRole("searchbox", { name: "Search app profiles" }), "omnichannel");
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rowNames()[0]).toContain("Default profile for Omnichannel");
    await user.clear(screen.getByRole("searchbox", { name: "Search app profiles" }));
    await user.type(screen.getByRole("searchbox", { name: "Search app profiles" }), "nothing like this");
    expect(await screen.findByText("No app profiles match your search.")).toBeInTheDocument();
  });

  it("raises the selected profile so the host opens the editor", async () => {
    const { user, selected } = setup();
    await user.click(await screen.findByRole("button", { name: "Sales agents" }));
    expect(selected).toEqual([ids.sales]);
  });

  it("gives an agent the list but no New profile", async () => {
    const { repository } = setup({ role: "agent" });
    await screen.findByRole("button", { name: "Sales agents" });
    expect(screen.queryByRole("menuitem", { name: "New profile" })).toBeNull();
    expect(await screen.findByText(/You can view app profiles but not change them/)).toBeInTheDocument();
    // Agents never need the license: the page and its user counts.
    expect(repository.requests).toEqual([
      "GET apm_appprofiles?$count=true",
      "GET apm_appprofiles?fetchXml=users per profile",
    ]);
  });
});

describe("New profile pane", () => {
  async function openPane(options: { license?: "yes" | "no" } = {}) {
    const env = setup(options);
    await env.user.click(await screen.findByRole("menuitem", { name: "New profile" }));
    const pane = await screen.findByRole("dialog", { name: "New profile" });
    return { ...env, pane };
  }
  const field = (label: string) => screen.getByRole("textbox", { name: label });

  it("suggests the unique name from the name until the admin edits it", async () => {
    const { user } = await openPane();
    await user.type(field("Name"), "Key accounts");
    expect(field("Unique name")).toHaveValue("contoso_key_accounts");
    await user.clear(field("Unique name"));
    await user.type(field("Unique name"), "abc_mine");
    await user.type(field("Name"), " team");
    expect(field("Unique name")).toHaveValue("abc_mine");
    // Leaving it empty hands it back to the suggestion.
    await user.clear(field("Unique name"));
    await user.tab();
    expect(field("Unique name")).toHaveValue("contoso_key_accounts_team");
  });

  it.each([
    ["ab_sales", /The prefix "ab" is 2 characters long/],
    ["abcdefghi_sales", /The prefix "abcdefghi" is 9 characters long/],
    ["ab-c_sales", /The prefix "ab-c" can contain only ASCII letters and digits: remove "-"/],
    ["contososales", /has no underscore/],
    ["contoso_", /has no name after the underscore/],
    ["contoso_sales team", /can contain only ASCII letters, digits and underscores: remove spaces/],
    ["_sales", /starts with an underscore/],
    ["CONTOSO_SALES", /already used by .*"contoso_sales"/],
  ])("shows the rule's message for %s next to the field as the admin types", async (value, message) => {
    const { user } = await openPane();
    await user.type(field("Unique name"), value);
    await waitFor(() => expect(field("Unique name")).toHaveAccessibleDescription(message));
  });

  it("disables Omnichannel and says why when the environment has no Chat license", async () => {
    await openPane({ license: "no" });
    const omnichannel = screen.getByRole("radio", { name: /Omnichannel for Customer Service/ });
    expect(omnichannel).toBeDisabled();
    expect(screen.getByText(/Needs the Dynamics 365 Chat license/)).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: "Customer Service workspace" })).toBeChecked();
  });

  it("offers Omnichannel when the license is there", async () => {
    const { user } = await openPane({ license: "yes" });
    const omnichannel = screen.getByRole("radio", { name: /Omnichannel for Customer Service/ });
    expect(omnichannel).toBeEnabled();
    await user.click(omnichannel);
    expect(omnichannel).toBeChecked();
  });

  it("shows every field's message on Create and sends nothing", async () => {
    const { user, repository } = await openPane();
    const before = repository.requests.length;
    await user.click(screen.getByRole("button", { name: "Create" }));
    await waitFor(() => expect(field("Name")).toHaveAccessibleDescription(/Enter a name: the name is required/));
    await waitFor(() => expect(field("Unique name")).toHaveAccessibleDescription(/Enter a unique name/));
    expect(repository.requests.length).toBe(before);
  });

  it("runs the handlers, then creates in one request and opens the new profile", async () => {
    const { user, repository, selected } = await openPane();
    await user.type(field("Name"), "Key accounts");
    await user.type(field("Description"), "Top 50 customers");
    const before = repository.requests.length;
    await user.click(screen.getByRole("button", { name: "Create" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "New profile" })).toBeNull());
    // The uniqueness check (handlers in the browser), then the one POST.
    expect(repository.requests.slice(before, before + 2)).toEqual([
      "GET apm_appprofile?filter",
      "POST apm_appprofiles",
    ]);
    const created = repository.data.profiles.find((p) => p.fields.apm_uniquename === "contoso_key_accounts");
    expect(created?.fields).toMatchObject({ apm_name: "Key accounts", apm_description: "Top 50 customers" });
    expect(selected).toEqual([created?.id]);
    expect(await screen.findByText('Profile "Key accounts" created.')).toBeInTheDocument();
  });

  it("shows a unique name taken meanwhile (Dataverse 412 0x80060892) at the field, not as a conflict", async () => {
    const { user, repository } = await openPane();
    repository.failNextWrite(
      new RepositoryError("duplicate", "A record that has the attribute values contoso_late already exists.", {
        status: 412,
        code: "0x80060892",
      }),
    );
    await user.type(field("Name"), "Late");
    await user.click(screen.getByRole("button", { name: "Create" }));
    await waitFor(() =>
      expect(field("Unique name")).toHaveAccessibleDescription(/is already used by another app profile/),
    );
    expect(screen.queryByText(/someone else changed it/i)).toBeNull();
    expect(screen.getByRole("dialog", { name: "New profile" })).toBeInTheDocument();
  });

  it("shows the server's message when it still refuses", async () => {
    const { user, repository } = await openPane();
    repository.failNextWrite(
      new RepositoryError("refused", "The unique name is already used by a profile created a moment ago.", {
        status: 412,
      }),
    );
    await user.type(field("Name"), "Late");
    await user.click(screen.getByRole("button", { name: "Create" }));
    expect(
      await screen.findByText(
        "The profile wasn't created: The unique name is already used by a profile created a moment ago.",
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole("dialog", { name: "New profile" })).toBeInTheDocument();
  });
});
