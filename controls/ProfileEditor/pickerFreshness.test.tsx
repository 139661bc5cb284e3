/**
 * Issue 12, item 4: the provider picker searches again when the admin comes back to the editor (the tab becomes
 * visible or the window regains focus), so a provider created on the provider page is offered without a reload;
 * nothing is requested while the admin is away, and nothing at all once the picker is closed (no polling).
 */
import * as React from "react";
import { act, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ProfileEditorManifest, type ProfileEditorInputs } from "../shared/manifest";
import { fakeContext, stringProperty } from "../shared/testing/fakeContext";
import { demoData, ids } from "../shared/testing/fixtures";
import { MemoryProfileRepository } from "../shared/testing/memoryRepository";
import { renderElement } from "../shared/testing/render";
import { ProfileEditorApp } from "./ProfileEditorApp";
import { editorProps } from "./editorProps";

function setup() {
  const repository = new MemoryProfileRepository(demoData("yes"));
  const context = fakeContext<ProfileEditorInputs>({
    control: "ProfileEditor",
    role: "admin",
    parameters: {
      [ProfileEditorManifest.properties.profileKey]: stringProperty(ids.sales),
      [ProfileEditorManifest.properties.channelProviderConfigUrl]: stringProperty(null),
    },
  });
  renderElement(
    <ProfileEditorApp {...editorProps(context, { repository, pageOrigin: "https://contoso.crm.dynamics.com" })} />,
  );
  return { repository, user: userEvent.setup() };
}

const searches = (repository: MemoryProfileRepository) =>
  repository.requests.filter((r) => r.startsWith("GET apm_channelproviders")).length;

/** What a browser fires when the admin switches back to this tab. */
const comeBack = () =>
  act(() => {
    document.dispatchEvent(new Event("visibilitychange"));
    window.dispatchEvent(new FocusEvent("focus"));
  });

it("offers a provider created elsewhere once the admin comes back, with one search per return", async () => {
  const { repository, user } = setup();
  await user.click(await screen.findByRole("tab", { name: /^Channels/ }));
  await user.click(screen.getByRole("button", { name: "Add provider to profile" }));
  await screen.findByRole("button", { name: "Fabrikam Phone" });
  expect(searches(repository)).toBe(1);

  // Created on the provider page in another tab.
  repository.data.providers.push({
    id: "0b8a3f7e-0000-4000-8000-0000000000aa",
    name: "avaya_voice",
    label: "Avaya Voice",
    channelUrl: "https://voice.avaya.com/agent",
    sortOrder: 9,
  });
  expect(screen.queryByRole("button", { name: "Avaya Voice" })).not.toBeInTheDocument();
  await comeBack();
  expect(await screen.findByRole("button", { name: "Avaya Voice" })).toBeEnabled();
  // visibilitychange and focus both fire on one return: one search, not two.
  expect(searches(repository)).toBe(2);
});

it("does not search on returns while the picker is closed", async () => {
  const { repository, user } = setup();
  await user.click(await screen.findByRole("tab", { name: /^Channels/ }));
  await comeBack();
  await comeBack();
  expect(searches(repository)).toBe(0);
});
