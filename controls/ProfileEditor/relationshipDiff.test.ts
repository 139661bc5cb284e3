import fc from "fast-check";
import { AppProfileSystemUser } from "../../schema";
import type { UserItem } from "../shared/data/model";
import { draftOf, editorReducer, type EditorState, type Loaded } from "./editorState";
import { diffById, idSetOf, isEmptyDiff } from "./relationshipDiff";
import { hasChanges, planSave } from "./savePlan";
import { profileRecord } from "../shared/testing/fixtures";

const user = (n: number, id = `u${n}`): UserItem => ({ id, fullName: `User ${n}`, domainName: `user${n}` });
const users = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => user(from + i));

/** The old quadratic definition, as the reference the Set-based diff must agree with. */
const naiveMissing = <T extends { id: string }>(items: readonly T[], others: readonly T[]) =>
  items.filter((i) => !others.some((o) => o.id.toLowerCase() === i.id.toLowerCase()));

describe("relationship diff", () => {
  it("lists removed rows in the loaded order and added rows in the draft order, ids compared without case", () => {
    const before = [user(1, "A1"), user(2, "b2"), user(3, "c3")];
    const after = [user(4, "d4"), user(3, "C3"), user(1, "a1")];
    expect(diffById(before, after)).toEqual({ removed: [user(2, "b2")], added: [user(4, "d4")] });
  });

  it("agrees with the pairwise definition on any lists", () => {
    const ids = fc.uniqueArray(fc.constantFrom("a", "B", "c", "D", "e", "F", "g", "h", "I", "j"), { maxLength: 10 });
    fc.assert(
      fc.property(ids, ids, (beforeIds, afterIds) => {
        const before = beforeIds.map((id, n) => user(n, id));
        const after = afterIds.map((id, n) => user(n, id.toLowerCase() === id ? id.toUpperCase() : id));
        const diff = diffById(before, after);
        expect(diff.removed).toEqual(naiveMissing(before, after));
        expect(diff.added).toEqual(naiveMissing(after, before));
      }),
    );
  });

  it("is right on large lists: 10,000 loaded users, 500 removed, 700 added", () => {
    const before = users(0, 10_000);
    const after = [...before.filter((_, i) => i % 20 !== 7), ...users(10_000, 10_700)];
    const diff = diffById(before, after);
    expect(diff.removed).toHaveLength(500);
    expect(diff.removed.every((u) => Number(u.id.slice(1)) % 20 === 7)).toBe(true);
    expect(diff.added).toEqual(users(10_000, 10_700));
  });

  it("answers the same arrays from its cache, and an untouched list without looking at it", () => {
    const before = users(0, 2000);
    const after = before.slice(1);
    expect(diffById(before, after)).toBe(diffById(before, after));
    expect(isEmptyDiff(diffById(before, before))).toBe(true);
    expect(idSetOf(before)).toBe(idSetOf(before));
    expect(idSetOf(before).has("u1999")).toBe(true);
  });
});

describe("save plan at size", () => {
  const record = profileRecord({
    etag: 'W/"1"',
    fields: { apm_name: "Big", apm_uniquename: "contoso_big" },
    users: users(0, 2000),
  });
  const loaded = editorReducer({ status: "loading" }, { type: "loaded", record, chatLicenseValue: "no" }) as Loaded;

  it("typing in the name keeps every list as it was, so no list is diffed again", () => {
    const typed = editorReducer(loaded, { type: "setField", column: "apm_name", value: "Bigger" }) as Loaded;
    expect(typed.draft.users).toBe(loaded.draft.users);
    expect(hasChanges(record, typed.draft)).toBe(true);
    expect(planSave(record, typed.draft).save).toMatchObject({
      changedFields: { apm_name: "Bigger" },
      associate: [],
      disassociate: [],
    });
  });

  it("plans once per draft: the same draft gives the same plan object", () => {
    const removed: EditorState = editorReducer(loaded, { type: "removeUser", id: "U1234" });
    const { draft } = removed as Loaded;
    expect(planSave(record, draft)).toBe(planSave(record, draft));
    // A different loaded record (after a save) is planned again.
    expect(planSave({ ...record }, draft)).not.toBe(planSave(record, draft));
  });

  it("removing one of 2,000 users and adding a moved one plans exactly those changes", () => {
    let state: EditorState = editorReducer(loaded, { type: "removeUser", id: "U1234" });
    state = editorReducer(state, { type: "addUser", user: user(5000), moveFrom: { id: "p2", name: "Other" } });
    const { save } = planSave(record, (state as Loaded).draft);
    expect(save.disassociate).toEqual([
      { relationship: AppProfileSystemUser.schemaName, profileId: "p1", relatedId: "u1234" },
      { relationship: AppProfileSystemUser.schemaName, profileId: "p2", relatedId: "u5000" },
    ]);
    expect(save.associate).toEqual([
      { relationship: AppProfileSystemUser.schemaName, profileId: "p1", relatedId: "u5000" },
    ]);
  });

  it("an untouched 2,000-user draft has nothing to save", () => {
    expect(hasChanges(record, draftOf(record))).toBe(false);
  });
});
