/**
 * @jest-environment-options {"customExportConditions": ["node", "require"]}
 *
 * The adapter pulls in dynamics-web-api, whose browser build is ESM only; jsdom tests load its CommonJS build.
 */
import { type ProfileDesignerInputs } from "../shared/manifest";
import { emptyDataSet } from "../shared/emptyDataSet";
import { fakeContext } from "../shared/testing/fakeContext";
import { ids } from "../shared/testing/fixtures";
import { ProfileDesignerApp } from "./ProfileDesignerApp";
import { ProfileDesigner } from "./index";

describe("ProfileDesigner adapter", () => {
  it("returns the designer element from updateView and reports the selection as an output", async () => {
    const control = new ProfileDesigner();
    const context = fakeContext<ProfileDesignerInputs>({
      control: "ProfileDesigner",
      parameters: { profiles: emptyDataSet("apm_appprofile") },
    });
    let notified = 0;
    control.init(context, () => notified++);
    const element = control.updateView(context);
    expect(element.type).toBe(ProfileDesignerApp);
    (element.props as { onSelectProfile: (id: string) => void }).onSelectProfile(ids.sales);
    expect(notified).toBe(1);
    expect(control.getOutputs()).toEqual({ selectedProfileId: ids.sales });
    expect(context.openedForms).toEqual([{ entityName: "apm_appprofile", entityId: ids.sales }]);
  });
});
