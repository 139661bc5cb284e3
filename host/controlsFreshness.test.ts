import { decideFreshness, formatBuiltAt, type FileTime } from "./controlsFreshness";

const at = (path: string, mtimeMs: number | undefined): FileTime => ({ path, mtimeMs });
const outputs = [at("out/controls/A/bundle.js", 2000), at("out/controls/A/ControlManifest.xml", 2100)];

describe("decideFreshness", () => {
  it("is up to date when every source is older than the oldest output, and says when that output was built", () => {
    const sources = [at("controls/A/index.ts", 1000), at("schema/model.ts", 1999)];
    expect(decideFreshness(outputs, sources)).toEqual({ upToDate: true, builtAtMs: 2000 });
  });

  it("counts a source saved at the same millisecond as the output as built", () => {
    expect(decideFreshness(outputs, [at("controls/A/index.ts", 2000)])).toMatchObject({ upToDate: true });
  });

  it("builds when a source is newer than the oldest output, even if older than the newest one", () => {
    // The manifest was written after the bundle; a file changed in between is not in the bundle.
    const decision = decideFreshness(outputs, [at("controls/A/index.ts", 1000), at("handlers/rules/text.ts", 2050)]);
    expect(decision).toEqual({ upToDate: false, reason: "sources changed: handlers/rules/text.ts" });
  });

  it("names the newest change and how many more", () => {
    const sources = [at("a.ts", 3000), at("b.ts", 5000), at("c.ts", 4000), at("d.ts", 10)];
    expect(decideFreshness(outputs, sources)).toEqual({ upToDate: false, reason: "sources changed: b.ts and 2 more" });
  });

  it("treats a source that vanished while listing as changed", () => {
    expect(decideFreshness(outputs, [at("controls/A/gone.ts", undefined)])).toEqual({
      upToDate: false,
      reason: "sources changed: controls/A/gone.ts",
    });
  });

  it("builds when nothing was built yet", () => {
    const none = [at("out/controls/A/bundle.js", undefined), at("out/controls/A/ControlManifest.xml", undefined)];
    expect(decideFreshness(none, [at("x.ts", 1)])).toEqual({ upToDate: false, reason: "not built yet" });
    expect(decideFreshness([], [at("x.ts", 1)])).toEqual({ upToDate: false, reason: "not built yet" });
  });

  it("builds when one output is missing, naming it", () => {
    const partial = [outputs[0], at("out/controls/B/bundle.js", undefined)];
    expect(decideFreshness(partial, [at("x.ts", 1)])).toEqual({
      upToDate: false,
      reason: "out/controls/B/bundle.js is missing",
    });
  });

  it("does not trust an empty source list", () => {
    expect(decideFreshness(outputs, [])).toMatchObject({ upToDate: false });
  });

  it("builds on --rebuild whatever the times say", () => {
    expect(decideFreshness(outputs, [at("x.ts", 1)], { force: true })).toEqual({
      upToDate: false,
      reason: "--rebuild",
    });
  });
});

describe("formatBuiltAt", () => {
  const local = (y: number, m: number, d: number, h: number, min: number, s = 0) =>
    new Date(y, m - 1, d, h, min, s).getTime();

  it("gives the time of day for a build today", () => {
    expect(formatBuiltAt(local(2026, 12, 1, 9, 5, 7), local(2026, 12, 1, 17, 0))).toBe("09:05:07");
  });

  it("gives the date for a build on another day", () => {
    expect(formatBuiltAt(local(2026, 11, 30, 17, 2), local(2026, 12, 1, 9, 0))).toBe("2026-11-30 17:02");
  });
});
