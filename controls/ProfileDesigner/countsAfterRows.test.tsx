/**
 * Issue 12 (the first page interactive in 1 s): the rows show as soon as the page query answers, the count cells say
 * "Loading…" (busy, for a screen reader) until the count aggregates answer, then show the counts; Delete waits for
 * them (its confirmation says how many users fall back to the default).
 */
import * as React from "react";
import { act, screen, within } from "@testing-library/react";
import { AppProfile } from "../../schema";
import { emptyDataSet } from "../shared/emptyDataSet";
import { ProfileDesignerManifest, type ProfileDesignerInputs } from "../shared/manifest";
import { countsOfRows, type PageCounts, type ProfilePageSource } from "../shared/data/profilePage";
import { fakeContext } from "../shared/testing/fakeContext";
import { demoData } from "../shared/testing/fixtures";
import { MemoryProfileRepository } from "../shared/testing/memoryRepository";
import { renderElement } from "../shared/testing/render";
import { ProfileDesignerApp } from "./ProfileDesignerApp";
import { designerProps } from "./designerProps";

function setup() {
  const repository = new MemoryProfileRepository(demoData("yes"));
  let answer: (counts: PageCounts) => void = () => undefined;
  let counted: PageCounts = new Map();
  const pages: ProfilePageSource = {
    listProfilePageStaged: async (query) => {
      const page = await repository.listProfilePage(query);
      counted = countsOfRows(page.rows);
      // The rows without their counts (zeros), as the Web API repository returns them before the aggregates answer.
      const rows = page.rows.map((p) => ({ ...p, userCount: 0, roleCount: 0, teamCount: 0 }));
      return { page: { ...page, rows }, counts: new Promise<PageCounts>((resolve) => (answer = resolve)) };
    },
  };
  const context = fakeContext<ProfileDesignerInputs>({
    control: "ProfileDesigner",
    role: "admin",
    parameters: { [ProfileDesignerManifest.dataSets.profiles]: emptyDataSet(AppProfile.logicalName) },
  });
  const props = designerProps(context, { repository, onSelectProfile: () => undefined });
  renderElement(<ProfileDesignerApp {...props} pages={pages} />);
  return { arrive: () => act(async () => answer(counted)) };
}

const usersCell = (name: string) => {
  const row = screen.getByRole("button", { name }).closest('[role="row"]') as HTMLElement;
  return row.querySelector('[data-automation-key="userCount"]') as HTMLElement;
};

describe("the profile list's counts, after its rows", () => {
  it("shows the rows first with their counts loading, then the counts once the aggregates answer", async () => {
    const { arrive } = setup();
    await screen.findByRole("button", { name: "Sales agents" });
    const sales = usersCell("Sales agents");
    expect(sales).toHaveTextContent("Loading…");
    expect(within(sales).getByText("Loading…").parentElement).toHaveAttribute("aria-busy", "true");
    // The app and status are there already: only the counts wait.
    const row = sales.closest('[role="row"]') as HTMLElement;
    expect(row).toHaveTextContent("Customer Service workspace");
    expect(row).toHaveTextContent("Active");
    await arrive();
    // Sales agents holds one user in the demo data.
    expect(usersCell("Sales agents")).toHaveTextContent(/^1$/);
    expect(usersCell("Sales agents").querySelector('[aria-busy="true"]')).toBeNull();
  });

  it("keeps Delete off while the counts load (its confirmation counts the users), on once they arrive", async () => {
    const { arrive } = setup();
    await screen.findByRole("button", { name: "Sales agents" });
    const check = (
      screen.getByRole("button", { name: "Sales agents" }).closest('[role="row"]') as HTMLElement
    ).querySelector('[role="checkbox"]') as HTMLElement;
    act(() => check.click());
    expect(screen.getByRole("menuitem", { name: "Delete" })).toHaveAttribute("aria-disabled", "true");
    await arrive();
    expect(screen.getByRole("menuitem", { name: "Delete" })).not.toHaveAttribute("aria-disabled", "true");
  });
});
