import * as React from "react";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppProfileChannelProvider, AppProfileSessionTemplate, AppProfileSystemUser } from "../../schema";
import { ProfileEditorManifest, type ProfileEditorInputs } from "../shared/manifest";
import { fakeContext, stringProperty, type Role } from "../shared/testing/fakeContext";
import { demoData, ids } from "../shared/testing/fixtures";
import { MemoryProfileRepository } from "../shared/testing/memoryRepository";
import { renderElement } from "../shared/testing/render";
import { ProfileEditorApp } from "./ProfileEditorApp";
import { editorProps } from "./editorProps";

function setup(options: { profileId?: string; role?: Role } = {}) {
  const repository = new MemoryProfileRepository(demoData("yes"));
  const context = fakeContext<ProfileEditorInputs>({
    control: "ProfileEditor",
    role: options.role ?? "admin",
    parameters: {
      [ProfileEditorManifest.properties.profileKey]: stringProperty(options.profileId ?? ids.sales),
      [ProfileEditorManifest.properties.channelProviderConfigUrl]: stringProperty(null),
    },
  });
  const goBack = jest.fn();
  const props = editorProps(context, { repository, pageOrigin: "https://contoso.crm.dynamics.com", goBack });
  renderElement(<ProfileEditorApp {...props} />);
  return { repository, context, goBack, user: userEvent.setup() };
}

const loaded = () => screen.findByRole("tab", { name: /^General/ });
const button = (name: string) => screen.getByRole("button", { name });

describe("Delete on the profile form", () => {
  it("is disabled on a built-in profile, with the reason as the command's description", async () => {
    const { repository, user } = setup({ profileId: ids.builtInWorkspace });
    await loaded();
    expect(button("Delete")).toHaveAttribute("aria-disabled", "true");
    expect(button("Delete")).toHaveAccessibleDescription(
      "Built-in profiles can't be deleted: they are each app's default profile.",
    );
    await user.click(button("Delete"));
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(repository.requests.some((r) => r.startsWith("DELETE"))).toBe(false);
  });

  it("is not offered to an agent (read only)", async () => {
    setup({ role: "agent" });
    await loaded();
    expect(screen.queryByRole("button", { name: "Delete" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Clone" })).not.toBeInTheDocument();
  });

  it("asks first with the user count and the fallback, then sends one DELETE and goes back to the list", async () => {
    const { repository, goBack, user } = setup();
    await loaded();
    await user.click(button("Delete"));
    const dialog = await screen.findByRole("alertdialog");
    expect(dialog).toHaveTextContent(
      "Delete 'Sales agents'? Its 1 user will get the default profile of Customer Service workspace.",
    );
    repository.requests.length = 0;
    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(goBack).toHaveBeenCalledTimes(1));
    expect(repository.requests).toEqual([`DELETE apm_appprofiles(${ids.sales})`]);
    expect(repository.data.profiles.some((p) => p.id === ids.sales)).toBe(false);
  });

  it("shows the form's conflict message when the profile changed since it was read (412)", async () => {
    const { repository, goBack, user } = setup();
    await loaded();
    repository.touch(ids.sales);
    await user.click(button("Delete"));
    const dialog = await screen.findByRole("alertdialog");
    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect(await screen.findByText(/changed by someone else/)).toBeInTheDocument();
    expect(goBack).not.toHaveBeenCalled();
    expect(repository.data.profiles.some((p) => p.id === ids.sales)).toBe(true);
  });
});

describe("Clone on the profile form", () => {
  it("checks the unique name live with the handlers' rule and refuses one another profile uses", async () => {
    const { user } = setup();
    await loaded();
    await user.click(button("Clone"));
    const uniqueName = await screen.findByRole("textbox", { name: /^Unique name/ });
    await user.clear(uniqueName);
    await user.type(uniqueName, "no prefix");
    expect(within(screen.getByRole("dialog", { name: "Clone profile" })).getByRole("alert")).toBeInTheDocument();
    expect(
      within(screen.getByRole("dialog", { name: "Clone profile" })).getByRole("button", { name: "Clone" }),
    ).toBeDisabled();
    await user.clear(uniqueName);
    await user.type(uniqueName, "contoso_support");
    const dialog = screen.getByRole("dialog", { name: "Clone profile" });
    await waitFor(() => expect(within(dialog).getByRole("alert")).toHaveTextContent(/contoso_support/));
    expect(within(dialog).getByRole("button", { name: "Clone" })).toBeDisabled();
  });

  it("creates the clone with the templates and providers in one request, without the users, and opens it", async () => {
    const { repository, context, user } = setup();
    await loaded();
    await user.click(button("Clone"));
    const dialog = await screen.findByRole("dialog", { name: "Clone profile" });
    const name = within(dialog).getByRole("textbox", { name: /^Name/ });
    await user.clear(name);
    await user.type(name, "Sales copy");
    const uniqueName = within(dialog).getByRole("textbox", { name: /^Unique name/ });
    await user.clear(uniqueName);
    await user.type(uniqueName, "contoso_salescopy");
    expect(within(dialog).getByRole("checkbox", { name: "Also assign its 1 users" })).not.toBeChecked();
    repository.requests.length = 0;
    await user.click(within(dialog).getByRole("button", { name: "Clone" }));
    await waitFor(() => expect(context.openedForms).toHaveLength(1));
    expect(repository.requests.filter((r) => !r.startsWith("GET"))).toEqual(["POST apm_appprofiles"]);
    const clone = repository.data.profiles.find((p) => p.fields.apm_uniquename === "contoso_salescopy");
    expect(clone).toMatchObject({ isDefault: false, fields: { apm_name: "Sales copy" } });
    const id = clone?.id as string;
    expect(context.openedForms[0]).toMatchObject({ entityId: id });
    expect(repository.linked(AppProfileSessionTemplate.schemaName, id)).toEqual([ids.accountTemplate]);
    expect(repository.linked(AppProfileChannelProvider.schemaName, id)).toEqual([ids.contosoVoice]);
    expect(repository.linked(AppProfileSystemUser.schemaName, id)).toEqual([]);
    expect(repository.linked(AppProfileSystemUser.schemaName, ids.sales)).toEqual([ids.alice]);
  });

  it("with 'Also assign its users', says they move and moves them in the same request", async () => {
    const { repository, user } = setup();
    await loaded();
    await user.click(button("Clone"));
    const dialog = await screen.findByRole("dialog", { name: "Clone profile" });
    await user.click(within(dialog).getByRole("checkbox", { name: "Also assign its 1 users" }));
    expect(within(dialog).getByRole("note")).toHaveTextContent(/moved to the clone and leave 'Sales agents'/);
    repository.requests.length = 0;
    await user.click(within(dialog).getByRole("button", { name: "Clone" }));
    await waitFor(() => expect(repository.requests).toContain("POST $batch"));
    const clone = repository.data.profiles.find((p) => p.fields.apm_name === "Sales agents (copy)");
    expect(repository.linked(AppProfileSystemUser.schemaName, clone?.id as string)).toEqual([ids.alice]);
    expect(repository.linked(AppProfileSystemUser.schemaName, ids.sales)).toEqual([]);
  });

  it("gives a built-in's clone a custom prefix, not Microsoft's", async () => {
    const { user } = setup({ profileId: ids.builtInWorkspace });
    await loaded();
    await user.click(button("Clone"));
    const uniqueName = within(await screen.findByRole("dialog", { name: "Clone profile" })).getByRole("textbox", {
      name: /^Unique name/,
    });
    expect((uniqueName as HTMLInputElement).value).not.toMatch(/^msdyn_/);
  });

  it("waits for Save or Discard: it copies the saved profile", async () => {
    const { user } = setup();
    await loaded();
    expect(button("Clone")).toBeEnabled();
    await user.type(screen.getByRole("textbox", { name: "Name" }), " edited");
    // Toolbar commands stay focusable when disabled (their reason can be read): aria-disabled.
    expect(button("Clone")).toHaveAttribute("aria-disabled", "true");
  });
});
