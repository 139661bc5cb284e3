import { XMLParser } from "fast-xml-parser";
import { el, leaf, serialize } from "../src/xml";

describe("xml builder", () => {
  it("escapes every attribute value and text node", () => {
    const hostile = `a & b < c > d " e ' f\nline`;
    const xml = serialize(el("root", { description: hostile }, leaf("text", hostile)));
    expect(xml).toBe(
      '<root description="a &amp; b &lt; c &gt; d &quot; e \' f&#10;line">\r\n' +
        "  <text>a &amp; b &lt; c &gt; d \" e ' f\nline</text>\r\n" +
        "</root>",
    );
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(xml) as {
      root: { "@description": string; text: string };
    };
    expect(parsed.root.text).toBe(hostile);
  });

  it("writes empty elements as exports do and leaves out undefined attributes", () => {
    expect(serialize(el("Roles", { a: undefined, b: 1 }))).toBe('<Roles b="1" />');
  });

  it("refuses names and characters XML cannot carry", () => {
    expect(() => el("bad name")).toThrow(/element name/);
    expect(() => el("ok", { "bad attr": "x" })).toThrow(/attribute name/);
    expect(() => leaf("ok", "\u0001")).toThrow(/cannot carry/);
    expect(() => serialize(el("ok", { a: "\u0002" }))).toThrow(/cannot carry/);
  });

  it("writes a BOM and declaration on one line when asked", () => {
    expect(serialize(el("Types", {}, el("Default")), { bom: true, declaration: true, compact: true })).toBe(
      '\uFEFF<?xml version="1.0" encoding="utf-8"?><Types><Default /></Types>',
    );
  });
});
