/** `$expand` of definitions through the one shared splitter (server/odata/split.ts). */
import { DataverseError } from "../errors";
import { parseExpand } from "./metadataQuery";

describe("parseExpand of definitions", () => {
  it("splits items and their options outside parentheses and quotes; a trailing separator adds nothing", () => {
    const items = parseExpand("Attributes($select=LogicalName;$filter=LogicalName eq 'a,b;(c)';),Keys,");
    expect(items.map((i) => i.name)).toEqual(["Attributes", "Keys"]);
    expect([...items[0].options]).toEqual([
      ["$select", "LogicalName"],
      ["$filter", "LogicalName eq 'a,b;(c)'"],
    ]);
  });

  it("answers 400 for unbalanced parentheses or quotes instead of guessing", () => {
    for (const text of ["Attributes($select=LogicalName", "Attributes($filter=LogicalName eq 'a)", "Keys)"]) {
      let error: unknown;
      try {
        parseExpand(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DataverseError);
      expect((error as DataverseError).status).toBe(400);
    }
  });
});
