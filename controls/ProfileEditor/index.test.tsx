/**
 * @jest-environment-options {"customExportConditions": ["node", "require"]}
 *
 * The adapter pulls in dynamics-web-api, whose browser build is ESM only; jsdom tests load its CommonJS build.
 */
import { type ProfileEditorInputs } from "../shared/manifest";
import { fakeContext, stringProperty } from "../shared/testing/fakeContext";
import { ids } from "../shared/testing/fixtures";
import { ProfileEditorApp } from "./ProfileEditorApp";
import type { ProfileEditorProps } from "./editorProps";
import { ProfileEditor } from "./index";

describe("ProfileEditor adapter", () => {
  const parameters = (profileId: string | null, url: string | null = null) => ({
    profileId: stringProperty(profileId),
    channelProviderConfigUrl: stringProperty(url),
  });

  it("takes the profile from the bound property, else from the form's record", () => {
    const control = new ProfileEditor();
    const bound = fakeContext<ProfileEditorInputs>({
      control: "ProfileEditor",
      parameters: parameters(ids.sales.toUpperCase()),
    });
    control.init(bound);
    const element = control.updateView(bound);
    expect(element.type).toBe(ProfileEditorApp);
    expect((element.props as ProfileEditorProps).profileId).toBe(ids.sales);
    const form = fakeContext<ProfileEditorInputs>({
      control: "ProfileEditor",
      parameters: parameters(null),
      entityId: `{${ids.support}}`,
    });
    expect((control.updateView(form).props as ProfileEditorProps).profileId).toBe(ids.support);
  });

  it("opens a configured provider page through the host's navigation", () => {
    const control = new ProfileEditor();
    const context = fakeContext<ProfileEditorInputs>({
      control: "ProfileEditor",
      parameters: parameters(ids.sales, "https://providers.example/setup"),
    });
    control.init(context);
    const props = control.updateView(context).props as ProfileEditorProps;
    props.openUrl(props.channelProviderConfigUrl);
    expect(context.openedUrls).toEqual(["https://providers.example/setup"]);
  });
});
