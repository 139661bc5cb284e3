import { AppProfileChannelProvider, AppProfileSessionTemplate, AppProfileSystemUser } from "../../schema";
import type { ProfileRecord } from "../shared/data/model";
import { draftOf, type Draft } from "./editorState";
import { errorsFromProblems, hasChanges, planSave, tabOfFirstError, validateDraft } from "./savePlan";
import { profileRecord } from "../shared/testing/fixtures";

const record = profileRecord({
  sessionTemplates: [{ id: "t1", name: "Account", uniqueName: "a_t", type: 192350000, entityLogicalName: "account" }],
  channelProviders: [{ id: "c1", name: "c", label: "C", channelUrl: "https://c", sortOrder: 1 }],
  users: [{ id: "u1", fullName: "Alice", domainName: "alice" }],
});

describe("save plan", () => {
  it("has nothing to save for an untouched draft", () => {
    expect(hasChanges(record, draftOf(record))).toBe(false);
  });

  it("orders the change set: PATCH of changed columns, disassociations (moves included), associations", () => {
    const draft: Draft = {
      ...draftOf(record),
      fields: { ...record.fields, apm_allactivechannels: true },
      sessionTemplates: [{ id: "t2", name: "Case", uniqueName: "a_c", type: 192350000, entityLogicalName: "incident" }],
      users: [...record.users, { id: "u2", fullName: "Bob", domainName: "bob" }],
      moves: { u2: { id: "p2", name: "Support" } },
    };
    const { save, operations } = planSave(record, draft);
    expect(save).toEqual({
      profileId: "p1",
      etag: 'W/"7"',
      changedFields: { apm_allactivechannels: true },
      disassociate: [
        { relationship: AppProfileSessionTemplate.schemaName, profileId: "p1", relatedId: "t1" },
        { relationship: AppProfileSystemUser.schemaName, profileId: "p2", relatedId: "u2" },
      ],
      associate: [
        { relationship: AppProfileSessionTemplate.schemaName, profileId: "p1", relatedId: "t2" },
        { relationship: AppProfileSystemUser.schemaName, profileId: "p1", relatedId: "u2" },
      ],
    });
    expect(operations.map((o) => o.kind)).toEqual(["update", "disassociate", "disassociate", "associate", "associate"]);
    expect(operations[0]).toMatchObject({
      target: { id: "p1", attributes: { apm_allactivechannels: true } },
      preImage: { attributes: { apm_isdefault: false } },
    });
  });

  it("never PATCHes a built-in profile: only its user $ref changes, with no update to check", () => {
    const builtIn: ProfileRecord = { ...record, isDefault: true };
    const draft: Draft = {
      ...draftOf(builtIn),
      fields: { ...builtIn.fields, apm_name: "Changed anyway" },
      users: [{ id: "u2", fullName: "Bob", domainName: "bob" }],
    };
    const { save, operations } = planSave(builtIn, draft);
    expect(save).toEqual({
      profileId: "p1",
      etag: 'W/"7"',
      changedFields: {},
      relationshipsOnly: true,
      disassociate: [{ relationship: AppProfileSystemUser.schemaName, profileId: "p1", relatedId: "u1" }],
      associate: [{ relationship: AppProfileSystemUser.schemaName, profileId: "p1", relatedId: "u2" }],
    });
    expect(operations.map((o) => o.kind)).toEqual(["disassociate", "associate"]);
    expect(validateDraft(builtIn, { ...draft, fields: { ...builtIn.fields, apm_name: "" } }, "yes")).toEqual({});
    expect(hasChanges(builtIn, { ...draftOf(builtIn), fields: { ...builtIn.fields, apm_name: "x" } })).toBe(false);
  });

  it("checks only the columns that changed, all at once", () => {
    const draft = { ...draftOf(record), fields: { ...record.fields, apm_name: "", apm_uniquename: "nounderscore" } };
    const errors = validateDraft(record, draft, "no");
    expect(Object.keys(errors).sort()).toEqual(["apm_name", "apm_uniquename"]);
    expect(tabOfFirstError(errors, draft, "users")).toBe("general");
  });

  it("shows a refused association at its row and on its tab", () => {
    const change = { relationship: AppProfileChannelProvider.schemaName, profileId: "p1", relatedId: "c1" };
    const errors = errorsFromProblems([
      { operation: { kind: "associate", change }, attribute: AppProfileChannelProvider.schemaName, message: "Bad URL" },
      { operation: { kind: "disassociate", change }, message: "Built-in" },
    ]);
    expect(errors).toEqual({ "item:c1": "Bad URL", form: "Built-in" });
    expect(tabOfFirstError(errors, draftOf(record), "general")).toBe("channels");
  });
});
