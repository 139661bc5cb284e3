import * as React from "react";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppProfileSystemUser, ProductivityPaneModeChoice } from "../../schema";
import { ProfileEditorManifest, type ProfileEditorInputs } from "../shared/manifest";
import { RepositoryError } from "../shared/data/ProfileRepository";
import { fakeContext, stringProperty, type Role } from "../shared/testing/fakeContext";
import { demoData, ids } from "../shared/testing/fixtures";
import { MemoryProfileRepository } from "../shared/testing/memoryRepository";
import { renderElement } from "../shared/testing/render";
import { ProfileEditorApp } from "./ProfileEditorApp";
import { editorProps } from "./editorProps";

/** `bound` is the editor's bound value: an id by default, the unique name as the profile form binds it, or empty. */
function setup(options: { profileId?: string; role?: Role; license?: "yes" | "no"; bound?: string | null } = {}) {
  const repository = new MemoryProfileRepository(demoData(options.license ?? "yes"));
  const bound = options.bound === undefined ? (options.profileId ?? ids.sales) : options.bound;
  const contextFor = (value: string | null) =>
    fakeContext<ProfileEditorInputs>({
      control: "ProfileEditor",
      role: options.role ?? "admin",
      parameters: {
        [ProfileEditorManifest.properties.profileKey]: stringProperty(value),
        [ProfileEditorManifest.properties.channelProviderConfigUrl]: stringProperty(null),
      },
    });
  const propsFor = (context: ReturnType<typeof contextFor>) =>
    editorProps(context, { repository, pageOrigin: "https://contoso.crm.dynamics.com" });
  const context = contextFor(bound);
  const view = renderElement(<ProfileEditorApp {...propsFor(context)} />);
  /** The form hands the control a new bound value (PCF calls updateView again on the same control). */
  const rebind = (value: string | null) => view.rerender(<ProfileEditorApp {...propsFor(contextFor(value))} />);
  return { repository, context, user: userEvent.setup(), rebind };
}

const tab = (name: string) => screen.getByRole("tab", { name: new RegExp(`^${name}`) });
const textbox = (name: string) => screen.getByRole("textbox", { name });
const loaded = () => screen.findByRole("tab", { name: /^General/ });

describe("ProfileEditor", () => {
  it("opens with at most two requests: the profile with its relationships, and the Chat license", async () => {
    const { repository } = setup();
    await loaded();
    expect(repository.requests).toEqual([
      `GET apm_appprofiles(${ids.sales})`,
      "GET environmentvariabledefinitions(apm_ChatLicenseAvailable)",
    ]);
    expect(textbox("Name")).toHaveValue("Sales agents");
  });

  it("on the profile form, opens the profile by the bound unique name (its alternate key)", async () => {
    const { repository } = setup({ bound: "contoso_sales" });
    await loaded();
    expect(repository.requests).toEqual([
      "GET apm_appprofiles(apm_uniquename='contoso_sales')",
      "GET environmentvariabledefinitions(apm_ChatLicenseAvailable)",
    ]);
    expect(textbox("Name")).toHaveValue("Sales agents");
  });

  it("on a New form (empty bound value), says to save first, reads nothing, and never says not found", async () => {
    const { repository } = setup({ bound: null });
    const sentence =
      "Save the profile first: its session templates, productivity pane, channels and users can be set once it exists.";
    // An info MessageBar: its text is a polite status (warnings and errors are alerts), under the Info icon.
    const status = await screen.findByRole("status");
    expect(status).toHaveTextContent(sentence);
    expect(status.closest(".ms-MessageBar")?.querySelector('[data-icon-name="Info"]')).not.toBeNull();
    expect(screen.queryByText(/doesn't exist/)).not.toBeInTheDocument();
    expect(screen.queryByRole("tab")).not.toBeInTheDocument();
    expect(repository.requests).toEqual([]);
  });

  it("on a New form, a typed unique name no profile has yet still says save first; once saved, the profile opens", async () => {
    const { repository, rebind } = setup({ bound: "" });
    await screen.findByText(/^Save the profile first/);
    rebind("contoso_new");
    await waitFor(() => expect(repository.requests).toContain("GET apm_appprofiles(apm_uniquename='contoso_new')"));
    expect(await screen.findByText(/^Save the profile first/)).toBeInTheDocument();
    expect(screen.queryByText(/doesn't exist/)).not.toBeInTheDocument();
    // The form saved the record: the same control gets the saved value and loads it.
    rebind("contoso_support");
    await loaded();
    expect(textbox("Name")).toHaveValue("Support tier 1");
  });

  it("keeps the loaded profile and its unsaved edits when the unique name is edited on the form", async () => {
    const { repository, user, rebind } = setup({ bound: "contoso_sales" });
    await loaded();
    await user.type(textbox("Description"), " and more");
    const requests = repository.requests.length;
    rebind("contoso_sales_renamed");
    expect(textbox("Name")).toHaveValue("Sales agents");
    expect(textbox("Description")).toHaveValue("Inside sales and more");
    expect(repository.requests).toHaveLength(requests);
  });

  it("General: edits name, unique name (checked as typed), description and app", async () => {
    const { user } = setup({ license: "no" });
    await loaded();
    expect(textbox("Unique name")).toHaveValue("contoso_sales");
    expect(textbox("Description")).toHaveValue("Inside sales");
    await user.clear(textbox("Unique name"));
    await user.type(textbox("Unique name"), "co_sales");
    await waitFor(() =>
      expect(textbox("Unique name")).toHaveAccessibleDescription(/The prefix "co" is 2 characters long/),
    );
    expect(screen.getByRole("radio", { name: /Omnichannel for Customer Service/ })).toBeDisabled();
    expect(screen.getByText(/Needs the Dynamics 365 Chat license/)).toBeInTheDocument();
  });

  it("Session templates: lists entity templates only, explains the taken entity, adds and removes", async () => {
    const { user, repository } = setup();
    await loaded();
    await user.click(tab("Session templates"));
    const list = screen.getByRole("grid", { name: "Session templates on this profile" });
    expect(within(list).getByText("Account session")).toBeInTheDocument();
    const before = repository.requests.length;
    await user.click(screen.getByRole("button", { name: "Add entity session template" }));
    // Lazy: the picker loads when opened.
    await screen.findByRole("button", { name: "Contact session" });
    expect(repository.requests.length).toBe(before + 1);
    expect(screen.queryByRole("button", { name: "Chat session" })).toBeNull();
    expect(screen.getByRole("button", { name: "Key account session" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Key account session" })).toHaveAccessibleDescription(
      "This profile already has a template for account.",
    );
    await user.type(screen.getByRole("searchbox", { name: /Search entity session templates/ }), "incident");
    await waitFor(() => expect(screen.queryByRole("button", { name: "Contact session" })).toBeNull());
    await user.click(await screen.findByRole("button", { name: "Case session" }));
    expect(within(list).getByText("Case session")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Remove Account session" }));
    expect(within(list).queryByText("Account session")).toBeNull();
  });

  it("Productivity pane: toggle, default mode and tools; tool settings kept while the pane is off", async () => {
    const { user, repository } = setup();
    await loaded();
    await user.click(tab("Productivity pane"));
    const pane = screen.getByRole("switch", { name: "Turn on productivity pane" });
    expect(screen.getByRole("switch", { name: "Smart assist" })).toBeDisabled();
    await user.click(pane);
    await user.click(screen.getByRole("radio", { name: "Expanded" }));
    await user.click(screen.getByRole("switch", { name: "Smart assist" }));
    await user.click(screen.getByRole("switch", { name: "Call script" }));
    await user.click(pane);
    expect(screen.getByRole("switch", { name: "Smart assist" })).toBeChecked();
    expect(screen.getByText("Tool settings are kept while the productivity pane is off.")).toBeInTheDocument();
    await user.click(pane);
    await user.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("Changes saved.");
    expect(repository.data.profiles.find((p) => p.id === ids.sales)?.fields).toMatchObject({
      apm_productivitypaneenabled: true,
      apm_productivitypanemode: ProductivityPaneModeChoice.Expanded.value,
      apm_smartassistenabled: true,
      apm_callscriptenabled: true,
    });
  });

  it("Channels: all active channels, Add channel providers opens the configuration page in a new tab, providers listed", async () => {
    const { user, context } = setup();
    await loaded();
    await user.click(tab("Channels"));
    await user.click(screen.getByRole("switch", { name: "All active channels" }));
    expect(screen.getByRole("switch", { name: "All active channels" })).toBeChecked();
    expect(
      within(screen.getByRole("grid", { name: "Channel providers on this profile" })).getByText("Contoso Voice"),
    ).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Add channel providers" }));
    expect(context.openedUrls).toEqual([
      "https://contoso.crm.dynamics.com/main.aspx?appname=apm_AppProfileManager&pagetype=entitylist&etn=apm_channelprovider",
    ]);
    await user.click(screen.getByRole("button", { name: "Add provider to profile" }));
    expect(await screen.findByRole("button", { name: "Contoso Voice" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Fabrikam Phone" }));
    expect(
      within(screen.getByRole("grid", { name: "Channel providers on this profile" })).getByText("Fabrikam Phone"),
    ).toBeInTheDocument();
  });

  it("keeps unsaved edits when switching tabs", async () => {
    const { user } = setup();
    await loaded();
    await user.clear(textbox("Name"));
    await user.type(textbox("Name"), "Renamed");
    await user.click(tab("Channels"));
    await user.click(screen.getByRole("switch", { name: "All active channels" }));
    await user.click(tab("General"));
    expect(textbox("Name")).toHaveValue("Renamed");
    await user.click(tab("Channels"));
    expect(screen.getByRole("switch", { name: "All active channels" })).toBeChecked();
    expect(screen.getByText("You have unsaved changes.")).toBeInTheDocument();
  });

  it("Save shows each field's error before any request", async () => {
    const { user, repository } = setup();
    await loaded();
    await user.clear(textbox("Name"));
    await user.clear(textbox("Unique name"));
    await user.type(textbox("Unique name"), "sales");
    await user.click(tab("Users"));
    const before = repository.requests.length;
    await user.click(screen.getByRole("button", { name: "Save" }));
    // Back on General, where the messages are.
    await waitFor(() => expect(tab("General")).toHaveAttribute("aria-selected", "true"));
    await waitFor(() => expect(textbox("Name")).toHaveAccessibleDescription(/Enter a name: the name is required/));
    await waitFor(() => expect(textbox("Unique name")).toHaveAccessibleDescription(/has no underscore/));
    expect(await screen.findByText("Fix the highlighted fields, then try again.")).toBeInTheDocument();
    expect(repository.requests.length).toBe(before);
  });

  it("Save runs the handlers in the browser: a taken unique name shows at its field, nothing is written", async () => {
    const { user, repository } = setup();
    await loaded();
    await user.clear(textbox("Unique name"));
    await user.type(textbox("Unique name"), "CONTOSO_support");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(textbox("Unique name")).toHaveAccessibleDescription(/already used by the app profile "Support tier 1"/),
    );
    expect(repository.requests).not.toContain("POST $batch");
  });

  it("saves in one request and shows a stale ETag as a conflict with Reload, never overwriting", async () => {
    const { user, repository } = setup();
    await loaded();
    await user.type(textbox("Description"), " and renewals");
    repository.touch(ids.sales);
    const before = repository.requests.length;
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/This profile was changed by someone else/)).toBeInTheDocument();
    expect(repository.requests.slice(before)).toEqual(["POST $batch"]);
    expect(repository.data.profiles.find((p) => p.id === ids.sales)?.fields.apm_description).toBe("Inside sales");
    await user.click(screen.getByRole("button", { name: "Reload" }));
    await waitFor(() => expect(textbox("Description")).toHaveValue("Inside sales"));
    expect(screen.queryByText(/changed by someone else/)).toBeNull();
  });

  it("Users: adds by search, and moves a user who has another profile in one atomic save", async () => {
    const { user, repository } = setup();
    await loaded();
    await user.click(tab("Users"));
    const list = () => screen.getByRole("grid", { name: "Users assigned to this profile" });
    expect(within(list()).getByText("Alice Agent")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Add users" }));
    await user.type(await screen.findByRole("searchbox", { name: /Search users/ }), "o'b");
    await user.click(await screen.findByRole("button", { name: "Bob O'Brien" }));
    expect(
      await screen.findByText(/Bob O'Brien is assigned to "Support tier 1". A user can have only one profile./),
    ).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Move here" }));
    expect(within(list()).getByText('Moves from "Support tier 1" when you save.')).toBeInTheDocument();
    // The picker stays open (item 7): the next search adds another user.
    const search = screen.getByRole("searchbox", { name: /Search users/ });
    await user.clear(search);
    await user.type(search, "carol");
    await user.click(await screen.findByRole("button", { name: "Carol Chen" }));
    await user.click(screen.getByRole("button", { name: "Close" }));
    const before = repository.requests.length;
    await user.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("Changes saved.");
    expect(repository.requests.slice(before)).toEqual(["POST $batch"]);
    expect(repository.linked(AppProfileSystemUser.schemaName, ids.sales).sort()).toEqual(
      [ids.alice, ids.bob, ids.carol].sort(),
    );
    expect(repository.linked(AppProfileSystemUser.schemaName, ids.support)).toEqual([]);
  });

  it("shows a unique name taken meanwhile (Dataverse 412 0x80060892) at the field, not as a conflict", async () => {
    const { user, repository } = setup({ profileId: ids.support });
    await loaded();
    repository.failNextWrite(
      new RepositoryError("duplicate", "A record that has the attribute values already exists.", {
        status: 412,
        code: "0x80060892",
      }),
    );
    await user.click(screen.getByRole("textbox", { name: "Description" }));
    await user.keyboard("x");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(screen.getByRole("textbox", { name: "Unique name" })).toHaveAccessibleDescription(
        /is already used by another app profile/,
      ),
    );
    expect(screen.queryByText(/Reload/)).toBeNull();
  });

  it("shows the server's message when it still refuses the save", async () => {
    const { user, repository } = setup({ profileId: ids.support });
    await loaded();
    await user.click(tab("Users"));
    await user.click(screen.getByRole("button", { name: "Add users" }));
    await user.click(await screen.findByRole("button", { name: "Carol Chen" }));
    // Someone assigned Carol elsewhere after the search: only the server can know.
    const message = '"Carol Chen" is already assigned to the app profile "Sales agents" (contoso_sales).';
    repository.failNextWrite(new RepositoryError("refused", message, { status: 400 }));
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(
      within(screen.getByRole("grid", { name: "Users assigned to this profile" })).getByText("Carol Chen"),
    ).toBeInTheDocument();
  });

  it("deactivates a custom profile with one PATCH, says it applies to no one, and activates it again (rule 13)", async () => {
    const { user, repository } = setup({ profileId: ids.sales });
    await loaded();
    expect(screen.queryByText(/This profile is inactive/)).toBeNull();
    const before = repository.requests.length;
    await user.click(screen.getByRole("button", { name: "Deactivate" }));
    expect(await screen.findByText(/This profile is inactive: it applies to no one/)).toBeInTheDocument();
    expect(repository.requests[before]).toBe(`PATCH apm_appprofiles(${ids.sales})`);
    expect(repository.data.profiles.find((p) => p.id === ids.sales)?.isActive).toBe(false);
    await user.click(await screen.findByRole("button", { name: "Activate" }));
    await screen.findByRole("button", { name: "Deactivate" });
    expect(screen.queryByText(/This profile is inactive/)).toBeNull();
    expect(repository.data.profiles.find((p) => p.id === ids.sales)?.isActive).toBe(true);
  });

  it("says why when the status change is refused, and changes nothing", async () => {
    const { user, repository } = setup({ profileId: ids.sales });
    await loaded();
    repository.touch(ids.sales);
    await user.click(screen.getByRole("button", { name: "Deactivate" }));
    expect(
      // A sentence for a person (issue 12, item 6), not the platform's "The version of the existing record…".
      await screen.findByText(/^This profile was changed by someone else\. Reload it/),
    ).toBeInTheDocument();
    expect(repository.data.profiles.find((p) => p.id === ids.sales)?.isActive).not.toBe(false);
  });

  it("opens built-in profiles read-only but for their users, with the reason", async () => {
    const { user } = setup({ profileId: ids.builtInWorkspace });
    await loaded();
    expect(
      await screen.findByText(/^This built-in profile is the default .* its settings can.t be changed: clone it/),
    ).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Save" })).toBeNull();
    // Rule 13: built-ins stay active; there is nothing to deactivate.
    expect(screen.queryByRole("button", { name: "Deactivate" })).toBeNull();
    expectEverythingDisabled();
    for (const name of ["Session templates", "Productivity pane", "Channels"]) {
      await user.click(tab(name));
      expectEverythingDisabled();
    }
    await user.click(tab("Users"));
    expect(screen.getByRole("button", { name: "Add users" })).toBeEnabled();
    expect(screen.getByRole("button", { name: "Save" })).toHaveAttribute("aria-disabled", "true");
  });

  it("assigns, moves and removes users of a built-in profile, saved as $ref changes only in one request", async () => {
    const { user, repository } = setup({ profileId: ids.builtInWorkspace });
    await loaded();
    await user.click(tab("Users"));
    await user.click(screen.getByRole("button", { name: "Add users" }));
    await user.click(await screen.findByRole("button", { name: "Carol Chen" }));
    await user.click(screen.getByRole("button", { name: "Add users" }));
    await user.type(await screen.findByRole("searchbox", { name: /Search users/ }), "bob");
    await user.click(await screen.findByRole("button", { name: "Bob O'Brien" }));
    await user.click(await screen.findByRole("button", { name: "Move here" }));
    // The other tabs stay read-only while users wait to be saved, and Save stays reachable there.
    await user.click(tab("General"));
    expectEverythingDisabled();
    expect(screen.getByRole("button", { name: "Save" })).toBeEnabled();
    await user.click(tab("Users"));
    const save = jest.spyOn(repository, "saveProfile");
    const before = repository.requests.length;
    await user.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("Changes saved.");
    expect(repository.requests.slice(before)).toEqual(["POST $batch"]);
    expect(save.mock.calls[0][0]).toMatchObject({ relationshipsOnly: true, changedFields: {} });
    expect(repository.linked(AppProfileSystemUser.schemaName, ids.builtInWorkspace).sort()).toEqual(
      [ids.bob, ids.carol].sort(),
    );
    expect(repository.linked(AppProfileSystemUser.schemaName, ids.support)).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Remove Carol Chen" }));
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(repository.linked(AppProfileSystemUser.schemaName, ids.builtInWorkspace)).toEqual([ids.bob]),
    );
    expect(repository.requests.slice(before)).toEqual(["POST $batch", "POST $batch"]);
  });

  it("gives an agent a built-in profile's users read-only too", async () => {
    const { user } = setup({ profileId: ids.builtInOmnichannel, role: "agent" });
    await loaded();
    expect(await screen.findByText(/You can view app profiles but not change them/)).toBeInTheDocument();
    await user.click(tab("Users"));
    expect(screen.getByRole("button", { name: "Add users" })).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Save" })).toBeNull();
  });

  it("gives an agent everything read-only", async () => {
    const { user } = setup({ role: "agent" });
    await loaded();
    expect(await screen.findByText(/You can view app profiles but not change them/)).toBeInTheDocument();
    expectEverythingDisabled();
    await user.click(tab("Session templates"));
    expect(screen.getByRole("button", { name: "Add entity session template" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Remove Account session" })).toBeDisabled();
    await user.click(tab("Users"));
    expect(screen.getByRole("button", { name: "Add users" })).toBeDisabled();
  });

  it("says so when the profile doesn't exist", async () => {
    setup({ profileId: "99999999-9999-4999-8999-999999999999" });
    expect(await screen.findByText(/This app profile doesn't exist/)).toBeInTheDocument();
  });
});

function expectEverythingDisabled() {
  const panel = screen.getByRole("tabpanel");
  const inputs = [
    ...within(panel).queryAllByRole("textbox"),
    ...within(panel).queryAllByRole("radio"),
    ...within(panel).queryAllByRole("switch"),
    ...within(panel).queryAllByRole("button"),
  ];
  expect(inputs.length).toBeGreaterThan(0);
  inputs.forEach((input) => expect(input).toBeDisabled());
}
