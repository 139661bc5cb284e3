import { AppChoice } from "../../schema";
import {
  commonPrefix,
  hasErrors,
  initialNewProfile,
  newProfileErrors,
  newProfileReducer,
  type NewProfileContext,
} from "./newProfileForm";

const context: NewProfileContext = {
  takenUniqueNames: ["contoso_sales"],
  chatLicenseAvailable: false,
  prefix: "contoso",
};
const change = (
  state = initialNewProfile(),
  field: "apm_name" | "apm_uniquename" | "apm_app",
  value: string | number,
) => newProfileReducer(state, { type: "change", field, value, context });

describe("new profile form", () => {
  it("suggests an unused unique name from the name with the organization's prefix", () => {
    expect(change(undefined, "apm_name", "Sales").values.apm_uniquename).toBe("contoso_sales_2");
  });

  it("stops suggesting once the admin types a unique name, and resumes when they leave it empty", () => {
    let state = change(undefined, "apm_uniquename", "abc_x");
    state = change(state, "apm_name", "Sales");
    expect(state.values.apm_uniquename).toBe("abc_x");
    state = change(state, "apm_uniquename", "");
    state = newProfileReducer(state, { type: "touch", field: "apm_uniquename", context });
    expect(state.values.apm_uniquename).toBe("contoso_sales_2");
  });

  it("checks the unique name live but waits for a touch before saying a field is required", () => {
    expect(hasErrors(newProfileErrors(initialNewProfile(), context))).toBe(false);
    const typed = change(undefined, "apm_uniquename", "ab_x");
    expect(newProfileErrors(typed, context).apm_uniquename).toMatch(/prefix "ab" is 2 characters/);
    const all = newProfileReducer(initialNewProfile(), { type: "touchAll" });
    expect(newProfileErrors(all, context).apm_name).toMatch(/name is required/);
  });

  it("refuses Omnichannel without the Chat license, with the rule's message", () => {
    const state = newProfileReducer(change(undefined, "apm_app", AppChoice.OmnichannelForCustomerService.value), {
      type: "touchAll",
    });
    expect(newProfileErrors(state, context).apm_app).toMatch(/need the Dynamics 365 Chat license/);
  });

  it("keeps a refusal from the handlers until the field changes", () => {
    let state = newProfileReducer(initialNewProfile(), { type: "refused", field: "apm_name", message: "No." });
    expect(newProfileErrors(state, context).apm_name).toBe("No.");
    state = change(state, "apm_name", "Fine");
    expect(newProfileErrors(state, context).apm_name).toBeUndefined();
  });

  it("takes the most common valid prefix", () => {
    expect(commonPrefix(["contoso_a", "contoso_b", "fab_c", "bad"])).toBe("contoso");
    expect(commonPrefix([])).toBeUndefined();
  });
});
