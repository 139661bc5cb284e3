import { csvField, csvLine, MAX_CSV_ROWS, parseAssignmentCsv } from "./csv";

function rowsOf(text: string) {
  const result = parseAssignmentCsv(text);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.rows;
}

function problemsOf(text: string) {
  const result = parseAssignmentCsv(text);
  if (result.ok) throw new Error("expected problems");
  return result.problems;
}

describe("parseAssignmentCsv", () => {
  it("reads the user and profile columns by header name, in any order and case, with a BOM and CRLF", () => {
    const rows = rowsOf("\uFEFFProfile,Note,USER\r\napm_tier1,x,ana@contoso.com\r\napm_tier2,y,bo@contoso.com\r\n");
    expect(rows).toEqual([
      { line: 2, user: "ana@contoso.com", profile: "apm_tier1" },
      { line: 3, user: "bo@contoso.com", profile: "apm_tier2" },
    ]);
  });

  it("unquotes fields with commas, doubled quotes and line breaks, and counts lines as an editor does", () => {
    const rows = rowsOf('user,profile\n"Smith, Ana ""A""",apm_a\n"multi\nline",apm_b\nlast,apm_c');
    expect(rows).toEqual([
      { line: 2, user: 'Smith, Ana "A"', profile: "apm_a" },
      { line: 3, user: "multi\nline", profile: "apm_b" },
      { line: 5, user: "last", profile: "apm_c" },
    ]);
  });

  it("skips blank lines and trims cells", () => {
    expect(rowsOf("user,profile\n\n  ana@x.com , apm_a \n,\n")).toEqual([
      { line: 3, user: "ana@x.com", profile: "apm_a" },
    ]);
  });

  it("names the missing header column and gives an example", () => {
    const [problem] = problemsOf("email,profile\nana@x.com,apm_a");
    expect(problem).toEqual({ line: 1, message: expect.stringContaining("no 'user' column") });
    expect(problem.message).toContain('"user,profile"');
  });

  it("names the line of an empty cell and of an unclosed quote", () => {
    expect(problemsOf("user,profile\nana@x.com,\n,apm_b").map((p) => p.message)).toEqual([
      "Line 2: the 'profile' value is empty: fill it in or remove the line.",
      "Line 3: the 'user' value is empty: fill it in or remove the line.",
    ]);
    expect(problemsOf('user,profile\nana,apm_a\n"bo,apm_b\n')[0]).toMatchObject({ line: 3 });
  });

  it("refuses an empty file and a file over the row limit", () => {
    expect(problemsOf("")[0].message).toContain("empty");
    const big = "user,profile\n" + "a,b\n".repeat(MAX_CSV_ROWS + 1);
    expect(problemsOf(big)[0].message).toContain(`at most ${MAX_CSV_ROWS}`);
  });
});

describe("csvField", () => {
  it("quotes what needs quoting and defuses spreadsheet formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField("=HYPERLINK(1)")).toBe('"\'=HYPERLINK(1)"');
    expect(csvLine(["1", "x,y"])).toBe('1,"x,y"');
  });

  it("round-trips through the parser", () => {
    const text = csvLine(["user", "profile"]) + "\n" + csvLine(['we"ird, user', "apm_a"]);
    expect(rowsOf(text)).toEqual([{ line: 2, user: 'we"ird, user', profile: "apm_a" }]);
  });
});
