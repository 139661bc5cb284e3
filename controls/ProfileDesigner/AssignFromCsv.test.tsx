/** Issue 13: *Assign from CSV* on the designer's command bar opens the import, and the list reloads after it wrote. */
import * as React from "react";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppProfile } from "../../schema";
import type { AssignmentOperation } from "../shared/assignment/changeSets";
import type { BulkAssignmentService } from "../shared/assignment/webApiAssignment";
import { emptyDataSet } from "../shared/emptyDataSet";
import { ProfileDesignerManifest, type ProfileDesignerInputs } from "../shared/manifest";
import { fakeContext, type Role } from "../shared/testing/fakeContext";
import { demoData, ids } from "../shared/testing/fixtures";
import { MemoryProfileRepository } from "../shared/testing/memoryRepository";
import { renderElement } from "../shared/testing/render";
import { ProfileDesignerApp } from "./ProfileDesignerApp";
import { designerProps } from "./designerProps";

function setup(role: Role = "admin") {
  const repository = new MemoryProfileRepository(demoData());
  const written: AssignmentOperation[][] = [];
  const bulkAssignment: BulkAssignmentService = {
    readDirectory: async () => ({
      users: [
        {
          id: ids.carol,
          fullName: "Carol Chen",
          domainName: "carol@contoso.com",
          email: "",
          isDisabled: false,
          isInteractive: true,
        },
      ],
      profiles: [{ id: ids.sales, uniqueName: "contoso_sales", name: "Sales agents" }],
    }),
    writer: { write: async (operations) => (written.push([...operations]), { ok: true }) },
  };
  const context = fakeContext<ProfileDesignerInputs>({
    control: "ProfileDesigner",
    role,
    parameters: { [ProfileDesignerManifest.dataSets.profiles]: emptyDataSet(AppProfile.logicalName) },
  });
  const props = designerProps(context, { repository, onSelectProfile: () => undefined, bulkAssignment });
  renderElement(<ProfileDesignerApp {...props} />);
  return { repository, written, user: userEvent.setup() };
}

describe("Assign from CSV (issue 13)", () => {
  it("opens the import from the command bar, writes after the preview, then reloads the list", async () => {
    const { repository, written, user } = setup();
    await screen.findByRole("button", { name: "Sales agents" });
    const command = await screen.findByRole("menuitem", { name: "Assign from CSV" });
    expect(command).toHaveAttribute("aria-haspopup", "dialog");
    await user.click(command);
    const dialog = await screen.findByRole("dialog", { name: "Import assignments" });
    const pages = repository.requests.filter((r) => r.startsWith("GET apm_appprofiles?$count")).length;
    await user.upload(
      within(dialog).getByLabelText("Choose a CSV file"),
      new File(["user,profile\ncarol@contoso.com,contoso_sales\n"], "people.csv", { type: "text/csv" }),
    );
    await user.click(await within(dialog).findByRole("button", { name: "Apply 1 changes" }));
    expect(await within(dialog).findByText(/1 rows applied, 0 failed/)).toBeInTheDocument();
    expect(written).toEqual([[{ kind: "associate", profileId: ids.sales, userId: ids.carol }]]);
    await waitFor(() =>
      expect(repository.requests.filter((r) => r.startsWith("GET apm_appprofiles?$count")).length).toBe(pages + 1),
    );
    // The first render of the whole designer is slow on a loaded machine; the assertions are what matter.
  }, 240_000);

  it("is not offered to a reader (agents can't write assignments)", async () => {
    setup("agent");
    await screen.findByRole("button", { name: "Sales agents" });
    expect(screen.queryByRole("menuitem", { name: "Assign from CSV" })).toBeNull();
  });
});
