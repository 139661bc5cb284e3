import * as React from "react";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppChoice, AppProfile } from "../../../schema";
import type { EffectiveProfile } from "../../../runtime/types";
import { emptyDataSet } from "../../shared/emptyDataSet";
import { ProfileDesignerManifest, type ProfileDesignerInputs } from "../../shared/manifest";
import { fakeContext } from "../../shared/testing/fakeContext";
import { demoData, ids } from "../../shared/testing/fixtures";
import { MemoryProfileRepository } from "../../shared/testing/memoryRepository";
import { renderElement } from "../../shared/testing/render";
import { ProfileDesignerApp } from "../ProfileDesignerApp";
import { designerProps } from "../designerProps";
import type { UserPreviewSource } from "./userPreviewSource";

const answer = (app: number): EffectiveProfile => ({
  reason: "Team",
  via: { id: "team-2", name: "Tier 2" },
  profile: {
    id: ids.sales,
    name: "Sales agents",
    uniqueName: "contoso_sales",
    app,
    isDefault: false,
    rank: 2,
    isCustomDefault: false,
  },
  sessionTemplates: [{ id: "t1", name: "Account session", uniqueName: "msdyn_account", entityLogicalName: "account" }],
  productivityPane: { enabled: true, mode: "collapsed", smartAssist: true, callScript: false },
  allActiveChannels: false,
  channelProviders: [],
});

function setup(source?: UserPreviewSource) {
  const repository = new MemoryProfileRepository(demoData());
  const context = fakeContext<ProfileDesignerInputs>({
    control: "ProfileDesigner",
    role: "admin",
    parameters: { [ProfileDesignerManifest.dataSets.profiles]: emptyDataSet(AppProfile.logicalName) },
  });
  const props = designerProps(context, { repository, onSelectProfile: () => undefined, userPreview: source });
  renderElement(<ProfileDesignerApp {...props} />);
  return userEvent.setup();
}

async function pickAlice(user: ReturnType<typeof userEvent.setup>) {
  await screen.findByRole("button", { name: "Sales agents" });
  await user.click(await screen.findByRole("menuitem", { name: "Search by user" }));
  const dialog = await screen.findByRole("dialog", { name: "Search by user" });
  await user.type(within(dialog).getByRole("searchbox", { name: "Search users by name or user name" }), "ali");
  await user.click(await within(dialog).findByRole("button", { name: "Alice Agent" }));
  await within(dialog).findByRole("grid", { name: "Profiles of Alice Agent by app" });
  return dialog;
}

describe("Search by user's Preview", () => {
  it("reads what the user gets in the app picked (one call) and draws it with the reason", async () => {
    const calls: string[] = [];
    const user = setup({
      effectiveProfile: async (userId, app) => {
        calls.push(`${userId} ${app}`);
        return answer(app);
      },
    });
    const dialog = await pickAlice(user);
    expect(calls).toEqual([]);
    const button = within(dialog).getByRole("button", { name: "Preview Customer Service workspace" });
    expect(button).toHaveAttribute("aria-pressed", "false");
    await user.click(button);
    const figure = await within(dialog).findByRole("figure", { name: "Preview: what an agent gets" });
    expect(calls).toEqual([`${ids.alice} ${AppChoice.CustomerServiceWorkspace.value}`]);
    expect(button).toHaveAttribute("aria-pressed", "true");
    expect(figure).toHaveTextContent("What Alice Agent gets in Customer Service workspace: Sales agents.");
    expect(figure).toHaveTextContent("Through team Tier 2");
    expect(within(figure).getByRole("group", { name: "Productivity pane: collapsed" })).toHaveTextContent(
      "Smart assist",
    );
    // Pressed again: the preview closes.
    await user.click(button);
    expect(within(dialog).queryByRole("figure")).not.toBeInTheDocument();
  });

  it("says what failed, in the panel", async () => {
    const user = setup({ effectiveProfile: () => Promise.reject(new Error("The Web API is unavailable.")) });
    const dialog = await pickAlice(user);
    await user.click(within(dialog).getByRole("button", { name: "Preview Omnichannel for Customer Service" }));
    expect(
      await within(dialog).findByText("The preview couldn't be loaded: The Web API is unavailable."),
    ).toBeInTheDocument();
  });

  it("is not offered without a source", async () => {
    const user = setup();
    const dialog = await pickAlice(user);
    expect(within(dialog).queryByRole("button", { name: /^Preview/ })).not.toBeInTheDocument();
  });
});
