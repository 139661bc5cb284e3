import { createTranslate, fillPlaceholders } from "./strings";

describe("strings", () => {
  it("fills {0}, {1} placeholders and leaves unknown ones", () => {
    expect(fillPlaceholders("{0} is assigned to {1}", ["Bob", "Sales"])).toBe("Bob is assigned to Sales");
    expect(fillPlaceholders("{0} and {2}", ["a"])).toBe("a and {2}");
  });

  it("reads values by resource key and falls back to the key when the host has none", () => {
    const t = createTranslate<"hello" | "missing">((key) => (key === "hello" ? "Hi {0}" : ""));
    expect(t("hello", "Ada")).toBe("Hi Ada");
    expect(t("missing")).toBe("missing");
  });
});
