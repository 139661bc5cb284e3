import type { EditorStringKey } from "../shared/manifest";
import { createTranslate } from "../shared/strings";
import { fakeContext } from "../shared/testing/fakeContext";
import type { ProfileRecord } from "../shared/data/model";
import { AppChoice } from "../../schema";
import { cloneNameErrors, deleteConfirmation } from "./commandTexts";

const context = fakeContext({ control: "ProfileEditor", parameters: {} });
const strings = createTranslate<EditorStringKey>((key) => context.resources.getString(key));
const user = (n: number) => ({ id: `u${n}`, fullName: `User ${n}`, domainName: `u${n}@contoso.com` });
const record = (count: number, app = AppChoice.CustomerServiceWorkspace.value) =>
  ({
    fields: { apm_name: "Tier 1", apm_app: app },
    users: Array.from({ length: count }, (_, i) => user(i)),
  }) as unknown as ProfileRecord;

describe("deleteConfirmation", () => {
  it("says how many users the profile holds and the app whose default they get", () => {
    expect(deleteConfirmation(record(12), strings)).toBe(
      "Delete 'Tier 1'? Its 12 users will get the default profile of Customer Service workspace.",
    );
    expect(deleteConfirmation(record(1, AppChoice.OmnichannelForCustomerService.value), strings)).toBe(
      "Delete 'Tier 1'? Its 1 user will get the default profile of Omnichannel for Customer Service.",
    );
    expect(deleteConfirmation(record(0), strings)).toBe("Delete 'Tier 1'? No users are assigned to it.");
  });
});

describe("cloneNameErrors", () => {
  it("checks the name and the unique name with the handlers' rules, taken names ignoring case", () => {
    expect(cloneNameErrors({ name: "Copy", uniqueName: "contoso_copy" }, [])).toEqual({});
    expect(cloneNameErrors({ name: " ", uniqueName: "contoso_copy" }, []).name).toBeDefined();
    expect(cloneNameErrors({ name: "Copy", uniqueName: "no prefix" }, []).uniqueName).toBeDefined();
    expect(cloneNameErrors({ name: "Copy", uniqueName: "contoso_copy" }, ["CONTOSO_copy"]).uniqueName).toMatch(
      /contoso_copy/i,
    );
  });
});
