import { AppProfile, AppProfileSessionTemplate, SessionTemplate } from "../../schema";
import { MemoryOrganizationService } from "./memoryService";

describe("MemoryOrganizationService", () => {
  function seeded() {
    const service = new MemoryOrganizationService();
    const a = service.add(AppProfile, { apm_name: "A", apm_uniquename: "abc_one", apm_isdefault: false });
    const b = service.add(AppProfile, { apm_name: "B", apm_uniquename: "abc_two", apm_isdefault: true });
    const t = service.add(SessionTemplate, { apm_name: "T", apm_uniquename: "abc_t", apm_type: 1 });
    return { service, a, b, t };
  }

  it("retrieves by id ignoring case, projects columns, and stores the primary id", async () => {
    const { service, a } = seeded();
    expect(await service.retrieve(AppProfile.logicalName, a.id.toUpperCase(), ["apm_name", "apm_description"])).toEqual(
      {
        logicalName: AppProfile.logicalName,
        id: a.id,
        attributes: { apm_name: "A", apm_description: null },
      },
    );
    expect(service.row(AppProfile.logicalName, a.id)?.apm_appprofileid).toBe(a.id);
  });

  it("filters with eq (text ignoring case), ne, in and null", async () => {
    const { service, a, b } = seeded();
    const names = async (...conditions: Parameters<typeof service.retrieveMultiple>[1]) =>
      (await service.retrieveMultiple(AppProfile.logicalName, conditions)).map((e) => e.attributes.apm_name);
    expect(await names({ attribute: "apm_uniquename", operator: "eq", value: "ABC_ONE" })).toEqual(["A"]);
    expect(await names({ attribute: "apm_appprofileid", operator: "ne", value: a.id })).toEqual(["B"]);
    expect(await names({ attribute: "apm_appprofileid", operator: "in", value: [a.id, b.id] })).toEqual(["A", "B"]);
    expect(await names({ attribute: "apm_description", operator: "eq", value: null })).toEqual(["A", "B"]);
    expect(await names({ attribute: "apm_isdefault", operator: "eq", value: true })).toEqual(["B"]);
  });

  it("reads N:N links from both sides, refuses duplicate links, and drops links with the row", async () => {
    const { service, a, t } = seeded();
    service.associate(AppProfileSessionTemplate.schemaName, a.id, t.id);
    expect(() => service.associate(AppProfileSessionTemplate.schemaName, a.id, t.id)).toThrow(/duplicate key/);
    expect(
      (await service.retrieveRelated(AppProfileSessionTemplate.schemaName, a, SessionTemplate.logicalName)).map(
        (e) => e.id,
      ),
    ).toEqual([t.id]);
    expect(
      (await service.retrieveRelated(AppProfileSessionTemplate.schemaName, t, AppProfile.logicalName)).map((e) => e.id),
    ).toEqual([a.id]);
    service.remove(SessionTemplate.logicalName, t.id);
    expect(service.isAssociated(AppProfileSessionTemplate.schemaName, a.id, t.id)).toBe(false);
  });

  it("keeps environment variables and restores snapshots", async () => {
    const { service, a } = seeded();
    service.setEnvironmentVariable("apm_X", "yes");
    const restore = service.snapshot();
    service.update(AppProfile.logicalName, a.id, { apm_name: "changed" });
    service.setEnvironmentVariable("apm_X", undefined);
    restore();
    expect(service.row(AppProfile.logicalName, a.id)?.apm_name).toBe("A");
    expect(await service.getEnvironmentVariable("apm_X")).toBe("yes");
  });
});
