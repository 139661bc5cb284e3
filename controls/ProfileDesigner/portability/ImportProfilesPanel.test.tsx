import * as React from "react";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppProfile } from "../../../schema/model";
import { emptyDataSet } from "../../shared/emptyDataSet";
import { ProfileDesignerManifest, type ProfileDesignerInputs } from "../../shared/manifest";
import { fakeContext } from "../../shared/testing/fakeContext";
import { demoData } from "../../shared/testing/fixtures";
import { MemoryProfileRepository } from "../../shared/testing/memoryRepository";
import { fixtureId, importFixtures, profilesDocument } from "../../shared/testing/importFixtures";
import { renderElement } from "../../shared/testing/render";
import type { ProfileEntry } from "../../shared/portability/document";
import type { EnvironmentSnapshot } from "../../shared/portability/environment";
import type { PlannedProfile } from "../../shared/portability/importPlan";
import { ProfileDesignerApp } from "../ProfileDesignerApp";
import { designerProps } from "../designerProps";
import { ImportProfilesPanel } from "./ImportProfilesPanel";
import type { PortabilitySource } from "./portabilitySource";

// Fluent UI with user-event on two shared cores is slow.
jest.setTimeout(180_000);

const { columns, entry, stored } = importFixtures("Sales agents");
const target: EnvironmentSnapshot = {
  profiles: [
    stored("contoso_sales", 1, { columns: { ...columns, apm_name: "Sales (old)" } }),
    stored("contoso_same", 2),
  ],
  sessionTemplates: [{ id: fixtureId(101), name: "msdyn_case_session" }],
  channelProviders: [],
  roles: [],
  teams: [],
  users: [],
};
const fileText = (profiles: ProfileEntry[]) => JSON.stringify(profilesDocument(profiles), null, 2);
const fileOf = (text: string, name = "profiles.json") => new File([text], name, { type: "application/json" });

function setup(options: { apply?: (p: PlannedProfile) => Promise<void> } = {}) {
  const applied: PlannedProfile[] = [];
  const onApplied = jest.fn();
  const source: PortabilitySource = {
    exportProfiles: () => Promise.reject(new Error("not used")),
    readTarget: async (_document, onProgress) => {
      onProgress?.(1, 1);
      return target;
    },
    applyProfile: async (planned) => {
      applied.push(planned);
      await options.apply?.(planned);
    },
  };
  const context = fakeContext<ProfileDesignerInputs>({
    control: "ProfileDesigner",
    role: "admin",
    parameters: { [ProfileDesignerManifest.dataSets.profiles]: emptyDataSet(AppProfile.logicalName) },
  });
  const { strings } = designerProps(context, {
    repository: new MemoryProfileRepository(demoData("yes")),
    onSelectProfile: () => undefined,
  });
  renderElement(
    <ImportProfilesPanel source={source} strings={strings} onDismiss={() => undefined} onApplied={onApplied} />,
  );
  return { applied, onApplied, user: userEvent.setup() };
}

const planItem = (name: string) =>
  within(screen.getByRole("list", { name: "Import plan" })).getByRole("listitem", { name });

describe("Import profiles panel", () => {
  it("shows each profile's status and changed fields old → new, then applies one change set per profile with progress", async () => {
    let release: () => void = () => undefined;
    const { applied, onApplied, user } = setup({
      apply: (p) => (p.uniqueName === "contoso_sales" ? new Promise<void>((r) => (release = r)) : Promise.resolve()),
    });
    await user.upload(
      screen.getByLabelText("Choose file…"),
      fileOf(fileText([entry("contoso_new", 3), entry("contoso_sales", 1), entry("contoso_same", 2)])),
    );
    expect(
      await screen.findByText("1 to create, 1 to update, 1 unchanged, 0 in conflict; 0 errors."),
    ).toBeInTheDocument();
    expect(planItem("Create: contoso_new")).toBeInTheDocument();
    expect(planItem("Unchanged: contoso_same")).toBeInTheDocument();
    const update = planItem("Update: contoso_sales");
    expect(within(update).getByRole("list", { name: "Changes to contoso_sales" })).toHaveTextContent(
      'apm_name: "Sales (old)" → "Sales agents"',
    );

    await user.click(screen.getByRole("button", { name: "Apply" }));
    const progress = await screen.findByRole("progressbar");
    expect(progress).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Apply" })).toBeDisabled();
    release();
    expect(
      await screen.findByText("2 profiles written, 0 failed (a failed profile is left as it was)."),
    ).toBeInTheDocument();
    expect(screen.queryByRole("progressbar")).toBeNull();
    const results = screen.getByRole("list", { name: "Import results" });
    expect(
      within(results)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(expect.arrayContaining(["contoso_sales: written", "contoso_new: written"]));
    // Unchanged profiles are not sent.
    expect(applied.map((p) => p.uniqueName).sort()).toEqual(["contoso_new", "contoso_sales"]);
    expect(onApplied).toHaveBeenCalledTimes(1);
  });

  it("names a failed profile with the server's message and goes on with the next", async () => {
    const { user } = setup({
      apply: (p) =>
        p.uniqueName === "contoso_new"
          ? Promise.reject([{ status: 400, error: { code: "0x80040237", message: "Rank 3 is taken." } }])
          : Promise.resolve(),
    });
    await user.upload(
      screen.getByLabelText("Choose file…"),
      fileOf(fileText([entry("contoso_new", 3), entry("contoso_sales", 1)])),
    );
    await user.click(await screen.findByRole("button", { name: "Apply" }));
    expect(
      await screen.findByText("1 profiles written, 1 failed (a failed profile is left as it was)."),
    ).toBeInTheDocument();
    expect(screen.getByText("contoso_new: not changed: Rank 3 is taken.")).toBeInTheDocument();
  });

  it("lists every missing reference as an error by name, and Apply stays off while one stands", async () => {
    const { applied, user } = setup();
    await user.upload(
      screen.getByLabelText("Choose file…"),
      fileOf(
        fileText([
          entry("contoso_new", 3, { rank: 5, sessionTemplates: ["msdyn_missing_template"], roles: ["Ghost role"] }),
        ]),
      ),
    );
    const errors = await screen.findByRole("list", { name: "Errors in contoso_new" });
    expect(errors).toHaveTextContent("msdyn_missing_template");
    expect(errors).toHaveTextContent("Ghost role");
    expect(screen.getByRole("button", { name: "Apply" })).toBeDisabled();
    expect(await screen.findByText(/Nothing can be written while an error stands/)).toBeInTheDocument();
    expect(applied).toHaveLength(0);
  });

  it("writes nothing when the environment already matches the file", async () => {
    const { user } = setup();
    await user.upload(
      screen.getByLabelText("Choose file…"),
      fileOf(
        fileText([
          entry("contoso_same", 2),
          entry("contoso_sales", 1, { columns: { ...columns, apm_name: "Sales (old)" } }),
        ]),
      ),
    );
    expect(
      await screen.findByText("0 to create, 0 to update, 2 unchanged, 0 in conflict; 0 errors."),
    ).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Apply" })).toBeDisabled();
    expect(
      await screen.findByText("Nothing to change: this environment already matches the file."),
    ).toBeInTheDocument();
  });

  it("holds a conflict until an on-conflict choice is made", async () => {
    const { applied, user } = setup();
    // Another profile of this unique name (another id) is in the target.
    await user.upload(screen.getByLabelText("Choose file…"), fileOf(fileText([entry("contoso_same", 9)])));
    expect(await screen.findByText(/0 unchanged, 1 in conflict/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Apply" })).toBeDisabled();
    await user.click(screen.getByRole("combobox", { name: /^When a profile conflicts/ }));
    await user.click(await screen.findByRole("option", { name: "Import it under another unique name" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Apply" })).toBeEnabled());
    await user.click(screen.getByRole("button", { name: "Apply" }));
    await screen.findByText(/1 profiles written/);
    expect(applied[0].targetUniqueName).not.toBe("contoso_same");
  });

  it("names the line and field of a malformed file, and of a foreign one", async () => {
    const { user } = setup();
    const bad = fileText([entry("contoso_new", 3)]).replace('"rank": null', '"rank": "first"');
    await user.upload(screen.getByLabelText("Choose file…"), fileOf(bad, "bad.json"));
    const problems = await screen.findByText("bad.json can't be imported:");
    const line = bad.split("\n").findIndex((l) => l.includes('"rank": "first"')) + 1;
    expect(problems.parentElement).toHaveTextContent(`bad.json:${line}: profiles[0].rank:`);
    expect(screen.queryByRole("button", { name: "Apply" })).toBeNull();

    await user.upload(screen.getByLabelText("Choose file…"), fileOf('{"hello": 1}', "other.json"));
    expect(await screen.findByText(/other\.json.*is not an app profiles export/)).toBeInTheDocument();
  });
});

describe("Export and Import profiles commands", () => {
  const source: PortabilitySource = {
    exportProfiles: () => Promise.reject(new Error("not used")),
    readTarget: () => Promise.reject(new Error("not used")),
    applyProfile: () => Promise.resolve(),
  };
  function renderApp(role: "admin" | "agent") {
    const context = fakeContext<ProfileDesignerInputs>({
      control: "ProfileDesigner",
      role,
      parameters: { [ProfileDesignerManifest.dataSets.profiles]: emptyDataSet(AppProfile.logicalName) },
    });
    const props = designerProps(context, {
      repository: new MemoryProfileRepository(demoData("yes")),
      onSelectProfile: () => undefined,
      portability: source,
    });
    renderElement(<ProfileDesignerApp {...props} />);
  }

  it("offers Import profiles to an admin, and says Export exports all while nothing is selected", async () => {
    renderApp("admin");
    const exportAll = await screen.findByRole("menuitem", { name: "Export all" });
    expect(exportAll).toHaveAttribute("title", expect.stringContaining("Exports every profile"));
    expect(screen.getByRole("menuitem", { name: "Import profiles" })).toBeInTheDocument();
  });

  it("doesn't offer Import profiles without Create and Write", async () => {
    renderApp("agent");
    await screen.findByRole("menuitem", { name: "Export all" });
    expect(screen.queryByRole("menuitem", { name: "Import profiles" })).toBeNull();
  });
});
