/** The designer's list as a Dataverse grid: pages of 50 from the server, sort and search on the server, kept on return. */
import * as React from "react";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppProfile, AppProfileSystemUser } from "../../schema";
import { emptyDataSet } from "../shared/emptyDataSet";
import { ProfileDesignerManifest, type ProfileDesignerInputs } from "../shared/manifest";
import { fakeContext } from "../shared/testing/fakeContext";
import { demoData, ids as demoIds } from "../shared/testing/fixtures";
import { MemoryProfileRepository } from "../shared/testing/memoryRepository";
import { renderElement } from "../shared/testing/render";
import { ProfileDesignerApp } from "./ProfileDesignerApp";
import { designerProps } from "./designerProps";

const name = (i: number) => `Bulk ${String(i).padStart(3, "0")}`;

function bulkRepository() {
  const data = demoData();
  for (let i = 0; i < 120; i++) {
    data.profiles.push({
      ...data.profiles[data.profiles.length - 1],
      id: `00000000-0000-4000-9000-${String(i).padStart(12, "0")}`,
      fields: { ...data.profiles[data.profiles.length - 1].fields, apm_name: name(i), apm_uniquename: `bulk_${i}` },
    });
  }
  return new MemoryProfileRepository(data);
}

function render(repository: MemoryProfileRepository) {
  const context = fakeContext<ProfileDesignerInputs>({
    control: "ProfileDesigner",
    role: "admin",
    parameters: { [ProfileDesignerManifest.dataSets.profiles]: emptyDataSet(AppProfile.logicalName) },
  });
  const props = designerProps(context, { repository, onSelectProfile: () => undefined });
  return renderElement(<ProfileDesignerApp {...props} />);
}

const rowNames = () =>
  within(screen.getByRole("grid", { name: "App profiles" }))
    .getAllByRole("row")
    .slice(1)
    .map((r) => within(r).getByRole("rowheader").textContent);
const paging = () => screen.getByRole("navigation", { name: "Pages of app profiles" });

describe("ProfileDesigner list paging", () => {
  it("shows 50 rows and '1-50 of 124', then the next page and back", async () => {
    const repository = bulkRepository();
    const user = userEvent.setup();
    render(repository);
    expect(await screen.findByText("1-50 of 124")).toBeInTheDocument();
    expect(rowNames()).toHaveLength(50);
    expect(within(paging()).getByRole("button", { name: "Previous page" })).toBeDisabled();
    await user.click(within(paging()).getByRole("button", { name: "Next page" }));
    expect(await screen.findByText("51-100 of 124")).toBeInTheDocument();
    await user.click(within(paging()).getByRole("button", { name: "Next page" }));
    expect(await screen.findByText("101-124 of 124")).toBeInTheDocument();
    expect(within(paging()).getByRole("button", { name: "Next page" })).toBeDisabled();
    await user.click(within(paging()).getByRole("button", { name: "Previous page" }));
    expect(await screen.findByText("51-100 of 124")).toBeInTheDocument();
    // Never a download of every profile: each page is one request plus one aggregate.
    expect(repository.requests.filter((r) => r.startsWith("GET apm_appprofiles?$count"))).toHaveLength(4);
  });

  it("sorts by a column header and searches on the server, back to the first page", async () => {
    const repository = bulkRepository();
    const user = userEvent.setup();
    render(repository);
    await screen.findByText("1-50 of 124");
    await user.click(within(paging()).getByRole("button", { name: "Next page" }));
    await screen.findByText("51-100 of 124");
    await user.click(within(screen.getByRole("columnheader", { name: /^Name/ })).getByRole("button"));
    expect(await screen.findByText("1-50 of 124")).toBeInTheDocument();
    expect(rowNames()[0]).toBe("Support tier 1");
    await user.type(screen.getByRole("searchbox", { name: "Search app profiles" }), "bulk 11");
    expect(await screen.findByText("1-10 of 10")).toBeInTheDocument();
    expect(rowNames()[0]).toBe(name(119));
  });

  it("sorts by the Users column on the server, both ways, each page one aggregate ordered by the count", async () => {
    const repository = bulkRepository();
    const bulk7 = `00000000-0000-4000-9000-${String(7).padStart(12, "0")}`;
    for (const userId of [demoIds.admin, demoIds.carol])
      repository.data.links.push([AppProfileSystemUser.schemaName, bulk7, userId]);
    const user = userEvent.setup();
    render(repository);
    await screen.findByText("1-50 of 124");
    const users = () => screen.getByRole("columnheader", { name: /^Assigned users/ });
    await user.click(within(users()).getByRole("button"));
    await waitFor(() => expect(rowNames()[0]).toBe(name(0)));
    expect(users()).toHaveAttribute("aria-sort", "ascending");
    await user.click(within(users()).getByRole("button"));
    await waitFor(() => expect(rowNames().slice(0, 3)).toEqual([name(7), "Support tier 1", "Sales agents"]));
    expect(users()).toHaveAttribute("aria-sort", "descending");
    expect(screen.getByText("1-50 of 124")).toBeInTheDocument();
    expect(repository.requests.filter((r) => r === "GET apm_appprofiles?fetchXml=profiles by users")).toHaveLength(2);
  });

  it("keeps the search, sort and page when the control is created again (back from a profile)", async () => {
    const repository = bulkRepository();
    const user = userEvent.setup();
    const first = render(repository);
    await screen.findByText("1-50 of 124");
    await user.type(screen.getByRole("searchbox", { name: "Search app profiles" }), "bulk");
    await screen.findByText("1-50 of 120");
    await user.click(within(paging()).getByRole("button", { name: "Next page" }));
    await screen.findByText("51-100 of 120");
    act(() => first.unmount());
    render(repository);
    expect(await screen.findByText("51-100 of 120")).toBeInTheDocument();
    expect(screen.getByRole("searchbox", { name: "Search app profiles" })).toHaveValue("bulk");
    await waitFor(() => expect(rowNames()[0]).toBe(name(50)));
  });
});
