import fc from "fast-check";
import { suggestUniqueName, uniqueNameTakenProblem, validateUniqueName, type UniqueNamePart } from "./uniqueName";

/** An independent reading of rule 1, written from PRODUCT.md and not from the implementation. */
const writtenRule = (s: string) => /^[A-Za-z0-9]{3,8}_[A-Za-z0-9_]+$/.test(s) && s.length <= 128;

const alnumChars = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"];
const alnum = fc.constantFrom(...alnumChars);
const nameChar = fc.constantFrom(...alnumChars, "_");
/** Characters that are neither letters, digits nor underscore, including look-alikes outside ASCII. */
const badChar = fc.constantFrom("-", " ", ".", "é", "ß", "Ａ", "٣", "😀", "\t", "$", "/");
const prefix = fc.string({ unit: alnum, minLength: 3, maxLength: 8 });
const nameOfLength = (max: number) => fc.string({ unit: nameChar, minLength: 1, maxLength: max });
const validUniqueName = prefix.chain((p) => nameOfLength(128 - p.length - 1).map((n) => `${p}_${n}`));
const insertAt = (s: string, c: string, at: number) =>
  s.slice(0, at % (s.length + 1)) + c + s.slice(at % (s.length + 1));
const partOf = (s: string): UniqueNamePart | undefined => validateUniqueName(s)?.part;

describe("validateUniqueName: examples", () => {
  it.each([
    ["contoso_sales", undefined],
    ["abc_x", undefined],
    ["ABCDEFGH_name_with__underscores_9", undefined],
    ["", "required"],
    ["   ", "required"],
    ["contososales", "separator"],
    ["contoso-sales", "separator"],
    ["_sales", "prefix"],
    ["ab_sales", "prefix"],
    ["contosoltd_sales", "prefix"],
    ["co-n_sales", "prefix"],
    ["contoso_", "name"],
    ["contoso_sales-team", "name"],
    ["contoso_café", "name"],
    [`abc_${"x".repeat(125)}`, "length"],
  ])("%j → %s", (value, part) => {
    expect(partOf(value)).toBe(part);
  });

  it("accepts exactly 128 characters", () => {
    expect(validateUniqueName(`abc_${"x".repeat(124)}`)).toBeUndefined();
  });

  it("says which part is wrong and how to fix it", () => {
    expect(validateUniqueName("contoso-sales")?.message).toBe(
      'The unique name "contoso-sales" has no underscore: separate the prefix (3 to 8 letters or digits) from the name with one underscore (not "-"), for example "contoso_sales".',
    );
    expect(validateUniqueName("ab_sales")?.message).toBe(
      'The prefix "ab" is 2 characters long: a prefix needs 3 to 8 letters or digits before the underscore.',
    );
    expect(validateUniqueName("contoso_sales team-1")?.message).toBe(
      'The name after "contoso_" can contain only ASCII letters, digits and underscores: remove spaces, "-".',
    );
    expect(validateUniqueName(null)).toMatchObject({ part: "required", attribute: "apm_uniquename" });
  });

  it("names the clashing profile when taken", () => {
    expect(uniqueNameTakenProblem("Contoso_Sales", { name: "Sales agents", uniqueName: "contoso_sales" }).message).toBe(
      'The unique name "Contoso_Sales" is already used by the app profile "Sales agents" as "contoso_sales"; unique names are compared ignoring case. Choose another unique name.',
    );
  });
});

describe("validateUniqueName: properties against the written rule", () => {
  it("agrees with the written rule on any string", () => {
    const mixed = fc.string({ unit: fc.oneof(alnum, fc.constantFrom("_", "-", " ", "é")), maxLength: 24 });
    fc.assert(
      fc.property(fc.oneof(mixed, fc.string(), validUniqueName), (s) => (partOf(s) === undefined) === writtenRule(s)),
    );
  });

  it("accepts every valid prefix and name", () => {
    fc.assert(fc.property(validUniqueName, (s) => validateUniqueName(s) === undefined));
  });

  it("reports the separator when there is no underscore", () => {
    const noUnderscore = fc.string({ unit: fc.oneof(alnum, badChar), minLength: 1 }).filter((s) => s.trim() !== "");
    fc.assert(fc.property(noUnderscore, (s) => partOf(s) === "separator"));
  });

  it("reports the prefix when it has the wrong length", () => {
    const wrongLength = fc.oneof(
      fc.string({ unit: alnum, maxLength: 2 }),
      fc.string({ unit: alnum, minLength: 9, maxLength: 40 }),
    );
    fc.assert(fc.property(wrongLength, nameOfLength(20), (p, n) => partOf(`${p}_${n}`) === "prefix"));
  });

  it("reports the prefix when it has a character other than a letter or digit", () => {
    fc.assert(
      fc.property(
        prefix,
        badChar,
        fc.nat(),
        nameOfLength(20),
        (p, c, at, n) => partOf(`${insertAt(p, c, at)}_${n}`) === "prefix",
      ),
    );
  });

  it("reports the name when it is empty or has a character other than a letter, digit or underscore", () => {
    fc.assert(fc.property(prefix, (p) => partOf(`${p}_`) === "name"));
    fc.assert(
      fc.property(
        prefix,
        nameOfLength(20),
        badChar,
        fc.nat(),
        (p, n, c, at) => partOf(`${p}_${insertAt(n, c, at)}`) === "name",
      ),
    );
  });

  it("reports the length when valid parts exceed 128 characters", () => {
    const tooLong = prefix.chain((p) =>
      fc.string({ unit: nameChar, minLength: 128 - p.length, maxLength: 300 }).map((n) => `${p}_${n}`),
    );
    fc.assert(fc.property(tooLong, (s) => partOf(s) === "length"));
  });

  it("never gives a generic message", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const problem = validateUniqueName(s);
        return problem === undefined || (problem.attribute === "apm_uniquename" && !/^invalid/i.test(problem.message));
      }),
    );
  });
});

describe("suggestUniqueName", () => {
  it.each([
    ["Sales agents", undefined, "new_sales_agents"],
    ["Café – Support (EU)", "contoso", "contoso_cafe_support_eu"],
    ["Café crème", undefined, "new_cafe_creme"],
    ["Ålesund", "Zürich", "zurich_alesund"],
    ["日本語", "ab", "new_profile"],
    ["Sales", "Con-toso Ltd", "contosol_sales"],
  ])("%j with prefix %j → %s", (display, p, expected) => {
    expect(suggestUniqueName(display, p)).toBe(expected);
  });

  it("adds a number when the suggestion is taken, ignoring case", () => {
    expect(suggestUniqueName("Sales", "contoso", ["CONTOSO_SALES", "contoso_sales_2"])).toBe("contoso_sales_3");
  });

  it("always suggests a valid unique name, the same one for the same input, and never a taken one", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.option(fc.string()), fc.array(fc.string()), (display, p, taken) => {
        const suggestion = suggestUniqueName(display, p ?? undefined);
        const avoiding = suggestUniqueName(display, p ?? undefined, [...taken, suggestion]);
        return (
          writtenRule(suggestion) &&
          suggestion === suggestUniqueName(display, p ?? undefined) &&
          writtenRule(avoiding) &&
          avoiding.toLowerCase() !== suggestion.toLowerCase() &&
          !taken.some((t) => t.toLowerCase() === avoiding.toLowerCase())
        );
      }),
    );
  });
});
