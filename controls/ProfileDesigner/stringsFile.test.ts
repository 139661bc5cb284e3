/**
 * The .resx files must be well-formed XML: the platform (and the host page, host/assets.ts) reads them with an XML
 * parser, where one missing </data> folds every later string into the one before it, so the control shows raw keys
 * (`Select_Row`, `Command_Clone`). The unit tests' reader (a regular expression) would not notice.
 */
import * as fs from "fs";
import * as path from "path";
import { XMLValidator } from "fast-xml-parser";
import { readResx as readResxAsHost } from "../../host/assets";
import { readResx as readResxAsTests, type ControlName } from "../shared/testing/fakeContext";

const controls: ControlName[] = ["ProfileDesigner", "ProfileEditor"];
const resxFile = (control: ControlName) => path.join(__dirname, "..", control, "strings", `${control}.1033.resx`);

describe.each(controls)("%s .resx", (control) => {
  it("is well-formed XML", () => {
    expect(XMLValidator.validate(fs.readFileSync(resxFile(control), "utf8"))).toBe(true);
  });

  it("gives the host's XML reader the same strings as the tests' reader", () => {
    expect(readResxAsHost(resxFile(control))).toEqual(readResxAsTests(control));
  });
});
