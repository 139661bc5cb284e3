/** The one splitter of `$expand` and `$apply` text. */
import { DataverseError } from "../errors";
import { splitTopLevel } from "./split";

test("splits at top-level separators only, keeping parentheses and quoted text whole", () => {
  expect(splitTopLevel("a($select=x,y;$filter=n eq 'p,q'),b", ",", "$expand")).toEqual([
    "a($select=x,y;$filter=n eq 'p,q')",
    "b",
  ]);
  expect(splitTopLevel("filter(n eq 'it''s/x')/groupby((a))", "/", "$apply")).toEqual([
    "filter(n eq 'it''s/x')",
    "groupby((a))",
  ]);
});

test.each([
  ["a($select=x", "$expand"],
  ["filter(n eq 'x)", "$apply"],
  // A closing parenthesis before its opening one is unbalanced too (the $apply twin let this through).
  ["groupby(a))(", "$apply"],
])("refuses unbalanced %s in %s with a 400 naming the option", (text, option) => {
  let error: unknown;
  try {
    splitTopLevel(text, ",", option);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DataverseError);
  expect((error as DataverseError).status).toBe(400);
  expect((error as DataverseError).message).toBe(
    `The ${option} query option '${text}' has unbalanced parentheses or quotes.`,
  );
});
