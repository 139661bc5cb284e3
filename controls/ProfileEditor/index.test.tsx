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
    profileKey: stringProperty(profileId),
    channelProviderConfigUrl: stringProperty(url),
  });

  it("passes the bound value on as is (a unique name or an id), and nothing from the undocumented mode.contextInfo", () => {
    const control = new ProfileEditor();
    const bound = fakeContext<ProfileEditorInputs>({
      control: "ProfileEditor",
      parameters: parameters(" contoso_sales "),
    });
    control.init(bound);
    const element = control.updateView(bound);
    expect(element.type).toBe(ProfileEditorApp);
    expect((element.props as ProfileEditorProps).profileKey).toBe("contoso_sales");
    const byId = fakeContext<ProfileEditorInputs>({ control: "ProfileEditor", parameters: parameters(ids.sales) });
    expect(control.updateView(byId).key).toBe(ids.sales);
    const newForm = fakeContext<ProfileEditorInputs>({ control: "ProfileEditor", parameters: parameters(null) });
    (newForm.mode as unknown as { contextInfo: unknown }).contextInfo = { entityId: ids.support };
    expect((control.updateView(newForm).props as ProfileEditorProps).profileKey).toBeUndefined();
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
