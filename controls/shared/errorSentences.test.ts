import { RepositoryError } from "./data/ProfileRepository";
import type { EditorStringKey } from "./manifest";
import { createTranslate } from "./strings";
import { readResx } from "./testing/fakeContext";
import { isNoAccess, sentenceForError } from "./errorSentences";

const resx = readResx("ProfileEditor");
const strings = createTranslate<EditorStringKey>((key) => resx[key]);
const denied = new RepositoryError(
  "refused",
  "Principal user (Id=5f4c1e2a-0000-4000-8000-000000000001, type=8, roleCount=0) is missing prvReadapm_appprofile privilege.",
  { status: 403, code: "0x80040220" },
);

describe("sentenceForError: one sentence for a person per platform error", () => {
  it("turns PrivilegeDenied (403 0x80040220) into the no-access notice on load, never the platform text", () => {
    expect(isNoAccess(denied)).toBe(true);
    expect(sentenceForError(denied, strings, "load")).toBe(
      "You don't have access to app profiles: ask for the App Profile User role.",
    );
    expect(sentenceForError(denied, strings, "change")).toMatch(/^You don't have permission to change app profiles/);
    expect(sentenceForError(denied, strings, "change")).not.toMatch(/Principal|5f4c1e2a|prv/);
  });

  it("says what to do for a sign-in that ended, a missing row, throttling and an unreachable server", () => {
    const of = (kind: RepositoryError["kind"], status?: number) => new RepositoryError(kind, "raw", { status });
    expect(sentenceForError(of("refused", 401), strings, "change")).toMatch(/reload the page to sign in again/);
    expect(sentenceForError(of("notFound", 404), strings, "change")).toMatch(/no longer exists/);
    expect(sentenceForError(of("throttled", 429), strings, "change")).toMatch(/busy.*wait a minute/);
    expect(sentenceForError(new TypeError("Failed to fetch"), strings, "load")).toMatch(/couldn't be reached/);
    expect(sentenceForError(of("unavailable", 503), strings, "change")).toMatch(/nothing was changed/);
  });

  it("asks to narrow the list when an aggregate would read more than 50,000 rows (0x8004E023), in both controls", () => {
    const limit = new RepositoryError("refused", "AggregateQueryRecordLimit exceeded. Cannot perform this operation.", {
      status: 400,
      code: "0x8004E023",
    });
    const designer = readResx("ProfileDesigner");
    const designerStrings = createTranslate<EditorStringKey>((key) => designer[key]);
    for (const t of [strings, designerStrings])
      expect(sentenceForError(limit, t, "load")).toBe(
        "There are too many records to count or sort this way: search or filter the list first.",
      );
  });

  it("keeps a rule's refusal (written for a person) and hides text with GUIDs or codes behind the code", () => {
    const rule = new RepositoryError("refused", 'A user can have only one profile: "Carol Chen" has "Sales agents".', {
      status: 400,
      code: "0x80040265",
    });
    expect(sentenceForError(rule, strings, "change")).toBe(rule.message);
    const raw = new RepositoryError(
      "refused",
      "Entity 'apm_appprofile' With Id = 5f4c1e2a-0000-4000-8000-000000000001",
      {
        status: 400,
        code: "0x80040203",
      },
    );
    expect(sentenceForError(raw, strings, "change")).toBe(
      "Something went wrong, so nothing was changed: try again, and if it keeps happening, give your administrator the code 0x80040203.",
    );
  });
});
