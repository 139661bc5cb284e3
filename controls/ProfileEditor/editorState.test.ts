import type { ProfileRecord } from "../shared/data/model";
import { editorReducer, type EditorState, type Loaded } from "./editorState";

const record = {
  id: "p1",
  etag: 'W/"1"',
  isDefault: false,
  fields: { apm_name: "Sales" },
  sessionTemplates: [],
  channelProviders: [],
  users: [{ id: "u1", fullName: "Alice", domainName: "alice" }],
} as unknown as ProfileRecord;

const loaded = editorReducer({ status: "loading" }, { type: "loaded", record, chatLicenseValue: "yes" }) as Loaded;

describe("editor state", () => {
  it("keeps the draft across tab switches and clears a field's message when it changes", () => {
    let state: EditorState = editorReducer(loaded, { type: "setField", column: "apm_name", value: "New" });
    state = editorReducer(state, {
      type: "invalid",
      errors: { apm_name: "Too long", apm_description: "x" },
      tab: "general",
    });
    state = editorReducer(state, { type: "selectTab", tab: "users" });
    state = editorReducer(state, { type: "setField", column: "apm_name", value: "Newer" }) as Loaded;
    expect(state.draft.fields.apm_name).toBe("Newer");
    expect(state.errors).toMatchObject({ apm_name: undefined, apm_description: "x" });
    expect(state.tab).toBe("users");
  });

  it("records a move with the user, and forgets it when the user is removed", () => {
    let state = editorReducer(loaded, {
      type: "addUser",
      user: { id: "u2", fullName: "Bob", domainName: "bob" },
      moveFrom: { id: "p2", name: "Support" },
    }) as Loaded;
    expect(state.draft.moves).toEqual({ u2: { id: "p2", name: "Support" } });
    state = editorReducer(state, { type: "addUser", user: { id: "U2", fullName: "Bob", domainName: "bob" } }) as Loaded;
    expect(state.draft.users).toHaveLength(2);
    state = editorReducer(state, { type: "removeUser", id: "u2" }) as Loaded;
    expect(state.draft.moves).toEqual({});
  });

  it("keeps the same moves object when a user who isn't moving is removed (the Users tab's columns depend on it)", () => {
    const moving = editorReducer(loaded, {
      type: "addUser",
      user: { id: "u2", fullName: "Bob", domainName: "bob" },
      moveFrom: { id: "p2", name: "Support" },
    }) as Loaded;
    const removed = editorReducer(moving, { type: "removeUser", id: "u1" }) as Loaded;
    expect(removed.draft.users.map((u) => u.id)).toEqual(["u2"]);
    expect(removed.draft.moves).toBe(moving.draft.moves);
  });

  it("makes the saved draft the new baseline with the new ETag", () => {
    let state = editorReducer(loaded, { type: "setField", column: "apm_name", value: "New" });
    state = editorReducer(state, { type: "saving" });
    state = editorReducer(state, { type: "saved", etag: 'W/"2"' }) as Loaded;
    expect(state.original.etag).toBe('W/"2"');
    expect(state.original.fields.apm_name).toBe("New");
    expect(state.outcome).toEqual({ kind: "saved" });
  });

  it("keeps the draft on a conflict so nothing is silently lost before the admin reloads", () => {
    let state = editorReducer(loaded, { type: "setField", column: "apm_name", value: "Mine" });
    state = editorReducer(state, { type: "conflict", message: "412" }) as Loaded;
    expect(state.draft.fields.apm_name).toBe("Mine");
    expect(state.original.fields.apm_name).toBe("Sales");
    expect(state.outcome).toEqual({ kind: "conflict", message: "412" });
  });
});
