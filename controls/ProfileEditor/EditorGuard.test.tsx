/** Unsaved changes are never lost silently; Ctrl+S saves; a user without a role sees one notice (issue 12, 3 and 6). */
import * as React from "react";
import { act, fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ProfileEditorManifest, type ProfileEditorInputs } from "../shared/manifest";
import { RepositoryError } from "../shared/data/ProfileRepository";
import { requestLeave } from "../shared/leaveRequest";
import { fakeContext, stringProperty, type Role } from "../shared/testing/fakeContext";
import { demoData, ids } from "../shared/testing/fixtures";
import { MemoryProfileRepository } from "../shared/testing/memoryRepository";
import { renderElement } from "../shared/testing/render";
import { ProfileEditorApp } from "./ProfileEditorApp";
import { editorProps } from "./editorProps";

function setup(options: { role?: Role; profileId?: string } = {}) {
  const repository = new MemoryProfileRepository(demoData("yes"));
  const context = fakeContext<ProfileEditorInputs>({
    control: "ProfileEditor",
    role: options.role ?? "admin",
    parameters: {
      [ProfileEditorManifest.properties.profileKey]: stringProperty(options.profileId ?? ids.sales),
      [ProfileEditorManifest.properties.channelProviderConfigUrl]: stringProperty(null),
    },
  });
  const props = editorProps(context, { repository, pageOrigin: "https://contoso.crm.dynamics.com" });
  renderElement(<ProfileEditorApp {...props} />);
  return { repository, user: userEvent.setup() };
}

const loaded = () => screen.findByRole("tab", { name: /^General/ });
const description = () => screen.getByRole("textbox", { name: "Description" });

describe("unsaved changes", () => {
  it("asks 'Save changes?' when the page wants to leave; Cancel stays with the edits", async () => {
    const { user } = setup();
    await loaded();
    await expect(requestLeave()).resolves.toBe(true); // nothing to lose: no question
    await user.type(description(), " and more");
    let answer: Promise<boolean> | undefined;
    act(() => {
      answer = requestLeave();
    });
    const dialog = await screen.findByRole("alertdialog", { name: "Save changes?" });
    expect(dialog).toHaveTextContent("You have unsaved changes to 'Sales agents'");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await expect(answer).resolves.toBe(false);
    expect(description()).toHaveValue("Inside sales and more");
  });

  it("Save in the dialog saves, then lets the page go; Don't save drops the edits and goes", async () => {
    const { user, repository } = setup();
    await loaded();
    await user.type(description(), "!");
    let answer: Promise<boolean> | undefined;
    act(() => {
      answer = requestLeave();
    });
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Save" }));
    await expect(answer).resolves.toBe(true);
    expect(repository.data.profiles.find((p) => p.id === ids.sales)?.fields.apm_description).toBe("Inside sales!");

    await user.type(description(), "?");
    act(() => {
      answer = requestLeave();
    });
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Don't save" }));
    await expect(answer).resolves.toBe(true);
    expect(description()).toHaveValue("Inside sales!");
  });

  it("holds the browser's beforeunload prompt only while there are changes", async () => {
    const { user } = setup();
    await loaded();
    const unload = () => {
      const event = new Event("beforeunload", { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(unload()).toBe(false);
    await user.type(description(), "x");
    expect(unload()).toBe(true);
  });

  it("Discard asks first", async () => {
    const { user } = setup();
    await loaded();
    await user.type(description(), "x");
    await user.click(screen.getByRole("button", { name: "Discard changes" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Discard changes?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(description()).toHaveValue("Inside salesx");
    await user.click(screen.getByRole("button", { name: "Discard changes" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Discard" }));
    expect(description()).toHaveValue("Inside sales");
  });

  it("Ctrl+S saves, and focus goes to the form's heading with the outcome announced", async () => {
    const { user, repository } = setup();
    await loaded();
    await user.type(description(), "!");
    fireEvent.keyDown(description(), { key: "s", ctrlKey: true });
    expect(await screen.findByText("Changes saved.")).toBeInTheDocument();
    expect(repository.data.profiles.find((p) => p.id === ids.sales)?.fields.apm_description).toBe("Inside sales!");
  });

  it("shows Saving… and locks the form while the save runs", async () => {
    const { user, repository } = setup();
    await loaded();
    await user.type(description(), "!");
    let release: () => void = () => undefined;
    const original = repository.saveProfile.bind(repository);
    repository.saveProfile = (plan) =>
      new Promise((resolve) => {
        release = () => resolve(original(plan));
      });
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("button", { name: "Saving…" })).toBeInTheDocument();
    expect(description()).toBeDisabled();
    release();
    expect(await screen.findByText("Changes saved.")).toBeInTheDocument();
    expect(description()).toBeEnabled();
    expect(document.activeElement).toBe(screen.getByRole("heading", { name: "Sales agents" }));
  });
});

describe("messages for a person", () => {
  it("a user without any role sees one notice, no commands, and nothing is requested", async () => {
    const { repository } = setup({ role: "none" });
    expect(
      await screen.findByText("You don't have access to app profiles: ask for the App Profile User role."),
    ).toBeInTheDocument();
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
    expect(screen.queryByRole("tab")).not.toBeInTheDocument();
    expect(repository.requests).toEqual([]);
  });

  it("a refused save shows a sentence, never the platform's text with GUIDs", async () => {
    const { user, repository } = setup();
    await loaded();
    await user.type(description(), "!");
    repository.failNextWrite(
      new RepositoryError("refused", "Principal user (Id=1a2b3c4d-0000-4000-8000-000000000000) is missing prvWrite", {
        status: 403,
        code: "0x80040220",
      }),
    );
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/^You don't have permission to change app profiles/)).toBeInTheDocument();
    expect(screen.queryByText(/Principal user/)).not.toBeInTheDocument();
  });

  it("the built-in banner says why and offers Clone", async () => {
    const { user } = setup({ profileId: ids.builtInWorkspace });
    await loaded();
    expect(
      screen.getByText(/^This built-in profile is the default for everyone in Customer Service workspace/),
    ).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Clone this profile" }));
    expect(await screen.findByRole("dialog", { name: "Clone profile" })).toBeInTheDocument();
  });
});
