import { AppProfile, AppProfileSystemUser, SystemUser } from "../schema";
import type { PluginExecutionContext } from "./context";
import { normalizeRelationshipContexts } from "./normalize";
import { createContext, relationshipContext } from "./testing/contexts";

const profileA = { logicalName: AppProfile.logicalName, id: "pa" };
const profileB = { logicalName: AppProfile.logicalName, id: "pb" };
const user = { logicalName: SystemUser.logicalName, id: "u1" };
const user2 = { logicalName: SystemUser.logicalName, id: "u2" };

describe("normalizeRelationshipContexts", () => {
  it("keeps profile-side requests as they are", () => {
    const context = relationshipContext("Associate", AppProfileSystemUser, profileA, [user, user2]);
    expect(normalizeRelationshipContexts(context)).toEqual([{ ...context, primaryEntityName: AppProfile.logicalName }]);
  });

  it("turns a user-side request into one profile-side context per profile, without the user's image", () => {
    const context = relationshipContext("Disassociate", AppProfileSystemUser, user, [profileA, profileB, profileA], {
      preEntityImage: { logicalName: SystemUser.logicalName, id: "u1", attributes: {} },
    });
    const normalized = normalizeRelationshipContexts(context);
    expect(normalized.map((c) => [c.primaryEntityName, c.inputParameters])).toEqual([
      [
        AppProfile.logicalName,
        { Target: profileA, Relationship: AppProfileSystemUser.schemaName, RelatedEntities: [user] },
      ],
      [
        AppProfile.logicalName,
        { Target: profileB, Relationship: AppProfileSystemUser.schemaName, RelatedEntities: [user] },
      ],
    ]);
    expect(normalized.every((c) => c.preEntityImage === undefined && c.messageName === "Disassociate")).toBe(true);
  });

  it("passes other messages and unknown relationships through", () => {
    const create = createContext(AppProfile, {});
    expect(normalizeRelationshipContexts(create)).toEqual([create]);
    const unknown = {
      ...relationshipContext("Associate", AppProfileSystemUser, user, [profileA]),
      inputParameters: { Target: user, Relationship: "x", RelatedEntities: [] },
    };
    expect(normalizeRelationshipContexts(unknown as unknown as PluginExecutionContext)).toHaveLength(1);
  });
});
