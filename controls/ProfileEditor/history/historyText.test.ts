import { AppChoice } from "../../../schema/model";
import type { EditorStringKey } from "../../shared/manifest";
import { createTranslate } from "../../shared/strings";
import { readResx } from "../../shared/testing/fakeContext";
import { columnLabel, kindByWhom, linkLabel, valueText } from "./historyText";

const resx = readResx("ProfileEditor");
const strings = createTranslate<EditorStringKey>((key) => resx[key] ?? "");

describe("what the History tab says about a change", () => {
  it("names columns by the editor's labels, and an unknown one by its logical name", () => {
    expect(columnLabel("apm_name", strings)).toBe("Name");
    expect(columnLabel("apm_rank", strings)).toBe("Rank");
    expect(columnLabel("statecode", strings)).toBe("Status");
    expect(columnLabel("apm_later", strings)).toBe("apm_later");
  });

  it("shows values as labels: Dataverse's formatted value first, then options, On/Off, (empty)", () => {
    const app = { column: "apm_app", from: AppChoice.CustomerServiceWorkspace.value, to: 5 };
    expect(valueText(app, "from", strings)).toBe("Customer Service workspace");
    expect(valueText(app, "to", strings)).toBe("5");
    expect(valueText({ ...app, toText: "Fünf" }, "to", strings)).toBe("Fünf");
    expect(valueText({ column: "statecode", from: 0, to: 1 }, "to", strings)).toBe("Inactive");
    expect(valueText({ column: "apm_callscriptenabled", from: false, to: true }, "from", strings)).toBe("Off");
    expect(valueText({ column: "apm_description", from: "", to: null }, "from", strings)).toBe("(empty)");
  });

  it("says who did what, and what kind of record was linked", () => {
    expect(kindByWhom("associate", "Avery Admin", strings)).toBe("Added by Avery Admin");
    expect(kindByWhom("update", "Avery Admin", strings)).toBe("Changed by Avery Admin");
    expect(linkLabel("roles", strings)).toBe("Security role");
  });
});
