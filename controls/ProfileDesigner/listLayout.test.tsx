/**
 * Issue 12, items 1 and 8 without a browser: the list's layout by its own width, the New profile pane's one Cancel
 * and one Close, and a disabled command's reason shown as a real tooltip (role="tooltip").
 */
import * as React from "react";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppProfile } from "../../schema";
import { emptyDataSet } from "../shared/emptyDataSet";
import { ProfileDesignerManifest, type ProfileDesignerInputs } from "../shared/manifest";
import { fakeContext } from "../shared/testing/fakeContext";
import { demoData } from "../shared/testing/fixtures";
import { MemoryProfileRepository } from "../shared/testing/memoryRepository";
import { renderElement } from "../shared/testing/render";
import { ProfileDesignerApp } from "./ProfileDesignerApp";
import { designerProps } from "./designerProps";
import { listLayout, MEDIUM_FROM_PX, WIDE_FROM_PX } from "./ProfileList";

describe("listLayout", () => {
  it("stacks the columns in a phone-wide box, keeps the unique name at 768 px (a 504 px box), all columns when wide", () => {
    expect(listLayout(288)).toBe("stacked");
    expect(listLayout(MEDIUM_FROM_PX - 1)).toBe("stacked");
    // The host page at 768 px gives the control 504 px (the site map takes 200): the unique name stays a column.
    expect(listLayout(504)).toBe("medium");
    expect(listLayout(WIDE_FROM_PX - 1)).toBe("medium");
    expect(listLayout(1136)).toBe("wide");
    // No layout (a test DOM): every column.
    expect(listLayout(undefined)).toBe("wide");
  });
});

function setup() {
  const repository = new MemoryProfileRepository(demoData("yes"));
  const context = fakeContext<ProfileDesignerInputs>({
    control: "ProfileDesigner",
    role: "admin",
    parameters: { [ProfileDesignerManifest.dataSets.profiles]: emptyDataSet(AppProfile.logicalName) },
  });
  const props = designerProps(context, { repository, onSelectProfile: () => undefined });
  renderElement(<ProfileDesignerApp {...props} />);
  return { user: userEvent.setup() };
}

describe("the designer's commands and pane", () => {
  it("gives the New profile pane one Cancel (the footer's) and one Close (the X)", async () => {
    const { user } = setup();
    await user.click(await screen.findByRole("menuitem", { name: "New profile" }));
    const pane = await screen.findByRole("dialog", { name: "New profile" });
    expect(within(pane).getAllByRole("button", { name: "Cancel" })).toHaveLength(1);
    expect(within(pane).getAllByRole("button", { name: "Close" })).toHaveLength(1);
  });

  it("shows why Delete is off in a tooltip a screen reader knows as one", async () => {
    const { user } = setup();
    await screen.findByRole("button", { name: "Sales agents" });
    await user.hover(screen.getByRole("menuitem", { name: "Delete" }));
    const tooltip = await screen.findByRole("tooltip", {}, { timeout: 3000 });
    expect(tooltip).toHaveTextContent("Select the profiles to delete.");
  });
});
