import { allOf, containsAny, escapeODataString, odataLiteral, odataString } from "./odata";

describe("OData literals", () => {
  it("doubles single quotes so user text can't end the literal", () => {
    expect(escapeODataString("O'Brien")).toBe("O''Brien");
    expect(escapeODataString("''")).toBe("''''");
    expect(odataString("x') or (1 eq 1")).toBe("'x'') or (1 eq 1'");
  });

  it("writes numbers, booleans, null and GUIDs unquoted", () => {
    expect(odataLiteral(192350001)).toBe("192350001");
    expect(odataLiteral(true)).toBe("true");
    expect(odataLiteral(null)).toBe("null");
    expect(odataLiteral("a1b2c3d4-0000-4000-8000-000000000001", { guid: true })).toBe(
      "a1b2c3d4-0000-4000-8000-000000000001",
    );
  });

  it("searches several columns and skips empty text", () => {
    expect(containsAny(["fullname", "domainname"], " O'B ")).toBe(
      "contains(fullname,'O''B') or contains(domainname,'O''B')",
    );
    expect(containsAny(["fullname"], "  ")).toBeUndefined();
  });

  it("escapes LIKE wildcards in user text as Dataverse documents ([%], [_], [[])", () => {
    expect(containsAny(["apm_name"], "50%_off[1]'")).toBe("contains(apm_name,'50[%][_]off[[]1]''')");
  });

  it("joins filter parts with and, skipping missing ones", () => {
    expect(allOf("a eq 1", undefined, "b eq 2 or c eq 3")).toBe("(a eq 1) and (b eq 2 or c eq 3)");
    expect(allOf(undefined, "a eq 1")).toBe("a eq 1");
    expect(allOf()).toBeUndefined();
  });
});
