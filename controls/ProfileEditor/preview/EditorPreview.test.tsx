import * as React from "react";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ProfileEditorManifest, type ProfileEditorInputs } from "../../shared/manifest";
import { fakeContext, stringProperty, type Role } from "../../shared/testing/fakeContext";
import { AppProfileChannelProvider, AppProfileSessionTemplate } from "../../../schema/model";
import { demoData, ids } from "../../shared/testing/fixtures";
import { MemoryProfileRepository, type MemoryData } from "../../shared/testing/memoryRepository";
import { renderElement } from "../../shared/testing/render";
import { ProfileEditorApp } from "../ProfileEditorApp";
import { editorProps } from "../editorProps";

function setup(role: Role = "admin", change: (data: MemoryData) => void = () => {}) {
  const data = demoData("yes");
  change(data);
  const repository = new MemoryProfileRepository(data);
  const context = fakeContext<ProfileEditorInputs>({
    control: "ProfileEditor",
    role,
    parameters: {
      [ProfileEditorManifest.properties.profileKey]: stringProperty(ids.sales),
      [ProfileEditorManifest.properties.channelProviderConfigUrl]: stringProperty(null),
    },
  });
  const props = editorProps(context, { repository, pageOrigin: "https://contoso.crm.dynamics.com" });
  renderElement(<ProfileEditorApp {...props} />);
  return { repository, user: userEvent.setup() };
}

const items = (list: HTMLElement) =>
  within(list)
    .getAllByRole("listitem")
    .map((li) => li.textContent);

async function openPreview(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole("button", { name: "Preview" }));
  return screen.findByRole("dialog", { name: "Preview: what an agent gets" });
}

describe("Preview on the profile form", () => {
  it("draws the saved profile as an agent gets it, without a request", async () => {
    const { repository, user } = setup();
    await screen.findByRole("tab", { name: /^General/ });
    const before = repository.requests.length;
    const pane = await openPreview(user);
    expect(pane).toHaveTextContent("The profile as saved.");
    expect(items(within(pane).getByRole("list", { name: "Session tabs" }))).toEqual([
      "Home",
      "Account sessionOpens for account",
      "Any other recordThe app's default session",
    ]);
    expect(items(within(pane).getByRole("list", { name: "Voice providers" }))).toEqual(["Contoso Voice"]);
    expect(within(pane).getByText("Productivity pane: off")).toBeInTheDocument();
    expect(repository.requests.length).toBe(before);
  });

  it("leaves inactive linked templates and providers out, as the runtime does, and says so", async () => {
    // Sales links the account template and Contoso Voice; link two inactive templates and an inactive provider too.
    const { repository, user } = setup("admin", (data) => {
      const inactive = new Set<string>([ids.caseTemplate, ids.otherAccountTemplate, ids.fabrikamVoice]);
      data.templates = data.templates.map((t) => (inactive.has(t.id) ? { ...t, isActive: false } : t));
      data.providers = data.providers.map((p) => (inactive.has(p.id) ? { ...p, isActive: false } : p));
      data.links.push(
        [AppProfileSessionTemplate.schemaName, ids.sales, ids.caseTemplate],
        [AppProfileSessionTemplate.schemaName, ids.sales, ids.otherAccountTemplate],
        [AppProfileChannelProvider.schemaName, ids.sales, ids.fabrikamVoice],
      );
    });
    await screen.findByRole("tab", { name: /^General/ });
    const before = repository.requests.length;
    const pane = await openPreview(user);
    expect(items(within(pane).getByRole("list", { name: "Session tabs" }))).toEqual([
      "Home",
      "Account sessionOpens for account",
      "Any other recordThe app's default session",
    ]);
    expect(items(within(pane).getByRole("list", { name: "Voice providers" }))).toEqual(["Contoso Voice"]);
    const figure = within(pane).getByRole("figure", { name: "Preview: what an agent gets" });
    expect(figure).toHaveTextContent("2 inactive session templates aren't shown: agents don't get them.");
    expect(figure).toHaveTextContent("1 inactive channel provider isn't shown: agents don't get it.");
    expect(repository.requests.length).toBe(before);
  });

  it("says nothing is left out when every linked row is active", async () => {
    const { user } = setup();
    await screen.findByRole("tab", { name: /^General/ });
    const pane = await openPreview(user);
    expect(pane).not.toHaveTextContent(/inactive/);
  });

  it("previews unsaved edits and says so: the pane turned on and expanded", async () => {
    const { user } = setup();
    await user.click(await screen.findByRole("tab", { name: /^Productivity pane/ }));
    await user.click(screen.getByRole("switch", { name: "Turn on productivity pane" }));
    await user.click(screen.getByRole("radio", { name: "Expanded" }));
    const pane = await openPreview(user);
    expect(pane).toHaveTextContent("The profile as edited, with unsaved changes");
    const drawn = within(pane).getByRole("group", { name: "Productivity pane: expanded" });
    expect(drawn).toHaveTextContent("No tools");
    await user.click(within(pane).getByRole("button", { name: "Close the preview" }));
    expect(screen.queryByRole("dialog", { name: "Preview: what an agent gets" })).not.toBeInTheDocument();
  });

  it("is there for an agent too (read only): it changes nothing", async () => {
    const { user } = setup("agent");
    await screen.findByRole("tab", { name: /^General/ });
    expect(await openPreview(user)).toHaveTextContent("The profile as saved.");
  });
});
