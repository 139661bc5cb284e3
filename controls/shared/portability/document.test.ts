import Ajv from "ajv";
import schema from "./profiles-export.schema.json";
import { describeProblem, parseProfilesDocument, PORTABLE_COLUMNS, type ProfilesDocument } from "./document";
import { parseJsonWithLines } from "./jsonLines";

const custom = {
  id: "a1b2c3d4-0000-4000-8001-000000000001",
  uniqueName: "contoso_tier1",
  builtIn: false,
  columns: {
    apm_name: "Tier 1",
    apm_description: null,
    apm_app: 192350000,
    apm_productivitypaneenabled: true,
    apm_productivitypanemode: 192350001,
    apm_smartassistenabled: false,
    apm_callscriptenabled: false,
    apm_allactivechannels: false,
  },
  rank: 5,
  customDefault: false,
  state: "Active",
  sessionTemplates: ["msdyn_case_session"],
  channelProviders: ["contoso_voice"],
  roles: ["Omnichannel agent"],
  teams: [],
  users: ["a@contoso.example"],
};
const doc = (profiles: unknown[], extra: Record<string, unknown> = {}) => ({
  format: "apm-app-profiles",
  version: 1,
  exportedAt: "2026-12-01T10:00:00.000Z",
  source: "https://contoso.crm.dynamics.com",
  includesUsers: true,
  profiles,
  ...extra,
});
const text = (value: unknown) => JSON.stringify(value, null, 2);
const problemsOf = (value: unknown) => {
  const parsed = parseProfilesDocument(typeof value === "string" ? value : text(value));
  if (parsed.ok) throw new Error("expected problems");
  return parsed.problems;
};

describe("the profiles export document", () => {
  it("reads a valid file, and the JSON Schema in the repo accepts the same file", () => {
    const value = doc([
      custom,
      { id: "a1b2c3d4-0000-4000-8000-000000000001", uniqueName: "msdyn_csw_default", builtIn: true, users: [] },
    ]);
    const parsed = parseProfilesDocument(text(value));
    expect(parsed.ok).toBe(true);
    const document = (parsed as { document: ProfilesDocument }).document;
    expect(document.profiles.map((p) => p.uniqueName)).toEqual(["contoso_tier1", "msdyn_csw_default"]);
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(value)).toBe(true);
    expect(validate(doc([{ ...custom, rank: 0 }]))).toBe(false);
  });

  it("the schema names every portable column, and only those", () => {
    expect(Object.keys(schema.definitions.columns.properties).sort()).toEqual([...PORTABLE_COLUMNS].sort());
  });

  it("names the line of a JSON syntax error", () => {
    const [problem] = problemsOf('{\n  "format": "apm-app-profiles",\n  "version": 1,,\n}');
    expect(problem.line).toBe(3);
    expect(describeProblem(problem, "p.json")).toMatch(/^p\.json:3: this is not valid JSON \(column 16/);
  });

  it("tells a foreign file apart", () => {
    const [problem] = problemsOf(text({ users: [] }));
    expect(problem.message).toMatch(/not an app profiles export/);
    expect(problemsOf(text({ format: "something-else" }))[0]).toMatchObject({ field: "format", line: 2 });
  });

  it("refuses a newer version, saying so", () => {
    expect(problemsOf(doc([], { version: 2 }))[0].message).toMatch(/newer App Profile Manager/);
  });

  it("names the line and the field of a wrong value", () => {
    const problems = problemsOf(
      doc([
        custom,
        { ...custom, uniqueName: "contoso_tier2", id: undefined, columns: { ...custom.columns, apm_app: 7 } },
      ]),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe("profiles[1].columns.apm_app");
    const lines = text(
      doc([
        custom,
        { ...custom, uniqueName: "contoso_tier2", id: undefined, columns: { ...custom.columns, apm_app: 7 } },
      ]),
    ).split("\n");
    expect(lines[problems[0].line! - 1]).toContain('"apm_app": 7');
  });

  it("refuses unknown fields and columns, and built-ins with columns", () => {
    const fields = problemsOf(
      doc([
        { ...custom, color: "red", columns: { ...custom.columns, apm_isdefault: true } },
        { uniqueName: "msdyn_csw_default", builtIn: true, columns: {} },
      ]),
    ).map((p) => p.field);
    expect(fields).toEqual(["profiles[0].color", "profiles[0].columns.apm_isdefault", "profiles[1].columns"]);
  });

  it("refuses a profile twice, a user on two profiles, and users when the file says it has none", () => {
    const twice = problemsOf(doc([custom, { ...custom, id: "a1b2c3d4-0000-4000-8001-000000000002" }]));
    expect(twice.map((p) => p.field)).toEqual(["profiles[1].uniqueName", "profiles[1].users[0]", "profiles[1].rank"]);
    expect(problemsOf(doc([custom], { includesUsers: false }))[0].field).toBe("profiles[0].users");
  });

  it("refuses roles without a rank, an inactive custom default, and ranks or defaults twice in one app", () => {
    expect(problemsOf(doc([{ ...custom, rank: null }]))[0].field).toBe("profiles[0].rank");
    expect(problemsOf(doc([{ ...custom, customDefault: true, state: "Inactive" }]))[0].field).toBe(
      "profiles[0].customDefault",
    );
    const second = { ...custom, id: undefined, uniqueName: "contoso_tier2", users: [], customDefault: true };
    expect(problemsOf(doc([{ ...custom, customDefault: true }, second])).map((p) => p.field)).toEqual([
      "profiles[1].customDefault",
      "profiles[1].rank",
    ]);
  });
});

describe("parseJsonWithLines", () => {
  it("reads what JSON.parse reads, and keeps __proto__ as a plain key", () => {
    const source = '{"a":[1,-2.5e3,"x\\u0041\\n"],"b":{"c":null,"d":true},"__proto__":{"e":1}}';
    const parsed = parseJsonWithLines(source);
    expect(parsed.ok && JSON.stringify(parsed.value)).toBe(JSON.stringify(JSON.parse(source)));
    expect(parsed.ok && Object.getPrototypeOf(parsed.value)).toBeNull();
  });

  it.each([["[1,]"], ['{"a":1,"a":2}'], ['"open'], ["01"], ["[1] x"], ['"a\tb"']])("refuses %s", (source) => {
    expect(parseJsonWithLines(source).ok).toBe(false);
  });
});
