import { editorKey, notFoundStatus, profileAddress } from "./profileAddress";

describe("profileAddress: the bound value decides how the editor finds its profile", () => {
  it("reads an empty value as a New form's record, not yet saved", () => {
    for (const value of [null, undefined, "", "   "]) expect(profileAddress(value)).toEqual({ kind: "unsaved" });
  });

  it("reads a GUID, braced or not, in any case, as the id", () => {
    const id = "11111111-1111-4111-8111-111111111111";
    expect(profileAddress(`{${id.toUpperCase()}}`)).toEqual({ kind: "id", id });
    expect(profileAddress(id)).toEqual({ kind: "id", id });
  });

  it("reads anything else as the unique name, the alternate key the profile form binds", () => {
    expect(profileAddress(" contoso_sales ")).toEqual({ kind: "uniqueName", uniqueName: "contoso_sales" });
    expect(profileAddress("o'brien_x/y")).toEqual({ kind: "uniqueName", uniqueName: "o'brien_x/y" });
  });

  it("takes a unique name nobody has for the form's unsaved record, and a missing id for a missing profile", () => {
    expect(notFoundStatus(profileAddress("contoso_new"))).toBe("unsaved");
    expect(notFoundStatus(profileAddress("11111111-1111-4111-8111-111111111111"))).toBe("missing");
  });

  it("remounts the editor for another id, never for an edited unique name", () => {
    expect(editorKey("contoso_a")).toBe(editorKey("contoso_b"));
    expect(editorKey(null)).toBe(editorKey("contoso_a"));
    expect(editorKey("11111111-1111-4111-8111-111111111111")).not.toBe(
      editorKey("22222222-2222-4222-8222-222222222222"),
    );
  });
});
