import { AppChoice, AppProfile, AppProfileSystemUser } from "../../schema";
import { startHarness, tempDataDir } from "./harness";

describe("restart", () => {
  it("keeps every row, link and token after the server restarts on the same data folder", async () => {
    const dataDir = tempDataDir();
    const first = await startHarness({ dataDir });
    const admin = first.client("admin");
    const id = await admin.create<unknown, string>({
      collection: AppProfile.entitySetName,
      data: { apm_name: "Kept", apm_uniquename: "keep_me", apm_app: AppChoice.CustomerServiceWorkspace.value },
    });
    await admin.associate({
      collection: AppProfile.entitySetName,
      primaryKey: id,
      relationshipName: AppProfileSystemUser.schemaName,
      relatedCollection: "systemusers",
      relatedKey: first.userId("agent"),
    });
    const token = first.token("admin");
    const before = await admin.retrieve({ collection: AppProfile.entitySetName, key: id });
    const profilesBefore = await admin.retrieveMultiple({ collection: AppProfile.entitySetName, select: ["apm_name"] });
    await first.stop();

    const second = await startHarness({ dataDir });
    expect(second.token("admin")).toBe(token);
    const after = await second.client("admin").retrieve({
      collection: AppProfile.entitySetName,
      key: id,
      expand: [{ property: AppProfileSystemUser.schemaName, select: ["fullname"] }],
    });
    expect(after.apm_name).toBe("Kept");
    expect(after["@odata.etag"]).toBe(before["@odata.etag"]);
    expect(after[AppProfileSystemUser.schemaName]).toHaveLength(1);
    const profiles = await second
      .client("admin")
      .retrieveMultiple({ collection: AppProfile.entitySetName, select: ["apm_name"] });
    // The demo environment's profiles and "Kept", none added or lost by the restart.
    expect(profiles.value).toEqual(profilesBefore.value);
    expect(profiles.value.map((p: { apm_name: string }) => p.apm_name)).toContain("Kept");
    await second.stop();
  });
});
