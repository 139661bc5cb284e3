import * as React from "react";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ChangeSetWriter } from "../../shared/assignment/applyChangeSets";
import type { DirectoryProfile, DirectoryUser } from "../../shared/assignment/bulkPlan";
import type { AssignmentOperation } from "../../shared/assignment/changeSets";
import type { BulkAssignmentService } from "../../shared/assignment/webApiAssignment";
import type { DesignerStringKey } from "../../shared/manifest";
import { createTranslate } from "../../shared/strings";
import { readResx } from "../../shared/testing/fakeContext";
import { renderElement } from "../../shared/testing/render";
import { BulkImportPanel } from "./BulkImportPanel";

const strings = createTranslate<DesignerStringKey>((key) => readResx("ProfileDesigner")[key] ?? "");
const tier1: DirectoryProfile = { id: "p1", uniqueName: "contoso_tier1", name: "Tier 1" };
const tier2: DirectoryProfile = { id: "p2", uniqueName: "contoso_tier2", name: "Tier 2" };
const person = (id: string, extra: Partial<DirectoryUser> = {}): DirectoryUser => ({
  id,
  fullName: `Person ${id}`,
  domainName: `${id}@contoso.com`,
  email: "",
  isDisabled: false,
  isInteractive: true,
  ...extra,
});

function setup(users = [person("ana"), person("bo", { profile: tier2 }), person("off", { isDisabled: true })]) {
  const written: AssignmentOperation[][] = [];
  const writer: ChangeSetWriter = { write: async (ops) => (written.push([...ops]), { ok: true }) };
  const service: BulkAssignmentService = {
    readDirectory: async (_rows, onProgress) => {
      onProgress(1, 1);
      return { users, profiles: [tier1, tier2] };
    },
    writer,
  };
  const applied = jest.fn();
  renderElement(<BulkImportPanel service={service} strings={strings} onDismiss={() => {}} onApplied={applied} />);
  return { written, applied, user: userEvent.setup() };
}

const csv = (text: string) => new File([text], "team.csv", { type: "text/csv" });

describe("BulkImportPanel", () => {
  it("previews every row, applies only after the admin skips the problems, and reports the result", async () => {
    const { written, applied, user } = setup();
    const dialog = await screen.findByRole("dialog", { name: "Import assignments" });
    await user.upload(
      within(dialog).getByLabelText("Choose a CSV file"),
      csv(
        "user,profile\nana@contoso.com,contoso_tier1\nbo@contoso.com,contoso_tier1\noff@contoso.com,contoso_tier1\nghost@contoso.com,contoso_tier1\n",
      ),
    );
    const summary = await within(dialog).findByRole("list", { name: "What the rows will do" });
    expect(
      within(summary)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["1 will be assigned", "1 will move from another profile", "1 unknown users", "1 disabled users"]);
    // Problems first: the table starts on the rows that can't be applied.
    const grid = within(dialog).getByRole("grid", { name: "Rows of the file" });
    expect(within(grid).getByText("Unknown user")).toBeInTheDocument();
    expect(within(grid).queryByText("Will assign")).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole("switch", { name: "Show only rows with problems" }));
    expect(within(grid).getByText("Will move from Tier 2")).toBeInTheDocument();

    const apply = within(dialog).getByRole("button", { name: "Apply 2 changes" });
    expect(apply).toBeDisabled();
    await user.click(
      within(dialog).getByRole("checkbox", { name: "Skip the 2 rows with problems and apply the others" }),
    );
    await user.click(apply);
    expect(
      await within(dialog).findByText("2 rows applied, 0 failed. The result file lists every row."),
    ).toBeInTheDocument();
    expect(written).toEqual([
      [
        { kind: "associate", profileId: "p1", userId: "ana" },
        { kind: "disassociate", profileId: "p2", userId: "bo" },
        { kind: "associate", profileId: "p1", userId: "bo" },
      ],
    ]);
    expect(applied).toHaveBeenCalledTimes(1);
  });

  it("shows counts as the designer does (1,200, not 1200), renders only a window of the rows, and applies in change sets of 1,000", async () => {
    const many = Array.from({ length: 1_200 }, (_, i) => person(`u${i}`));
    const { written, user } = setup(many);
    const dialog = await screen.findByRole("dialog", { name: "Import assignments" });
    const text = "user,profile\n" + many.map((u) => `${u.domainName},contoso_tier1`).join("\n");
    await user.upload(within(dialog).getByLabelText("Choose a CSV file"), csv(text));
    expect(await within(dialog).findByRole("heading", { name: "Preview of 1,200 rows" })).toBeInTheDocument();
    expect(within(dialog).getByRole("listitem")).toHaveTextContent("1,200 will be assigned");
    const grid = within(dialog).getByRole("grid", { name: "Rows of the file" });
    expect(within(grid).getAllByRole("row").length).toBeLessThan(100);
    await user.click(within(dialog).getByRole("button", { name: "Apply 1,200 changes" }));
    expect(
      await within(dialog).findByText("1,200 rows applied, 0 failed. The result file lists every row."),
    ).toBeInTheDocument();
    expect(written.map((set) => set.length)).toEqual([1000, 200]);
  });

  it("names the line of a malformed file and writes nothing", async () => {
    const { written, user } = setup();
    const dialog = await screen.findByRole("dialog", { name: "Import assignments" });
    await user.upload(within(dialog).getByLabelText("Choose a CSV file"), csv("email,profile\nana@contoso.com,x\n"));
    await waitFor(() => expect(within(dialog).getByText("team.csv can't be read:")).toBeInTheDocument());
    expect(within(dialog).getByText(/Line 1: the header has no 'user' column/)).toBeInTheDocument();
    expect(written).toEqual([]);
  });
});
