import type { Entity, OrganizationService } from "../../../handlers/context";
import { SimulatedService } from "./simulatedService";

const user = { logicalName: "systemuser", id: "U1" };
const profile = (id: string): Entity => ({
  logicalName: "apm_appprofile",
  id,
  attributes: { apm_appprofileid: id, apm_name: id },
});

function fallback(calls: string[]): OrganizationService {
  return {
    retrieve: async (table, id) => (
      calls.push(`retrieve ${table} ${id}`),
      table === "apm_appprofile" ? profile(id) : undefined
    ),
    retrieveMultiple: async () => (calls.push("retrieveMultiple"), []),
    retrieveRelated: async () => (calls.push("retrieveRelated"), [profile("other")]),
    getEnvironmentVariable: async () => (calls.push("env"), "no"),
  };
}

describe("SimulatedService", () => {
  it("answers from known rows and relations without a request", async () => {
    const calls: string[] = [];
    const service = new SimulatedService(fallback(calls), {
      rows: [profile("p1")],
      relations: [
        { relationship: "apm_appprofile_systemuser", record: user, table: "apm_appprofile", rows: [profile("p1")] },
      ],
      environmentVariables: { apm_ChatLicenseAvailable: "yes" },
    });
    expect(
      (
        await service.retrieveRelated(
          "apm_appprofile_systemuser",
          { logicalName: "systemuser", id: "u1" },
          "apm_appprofile",
        )
      ).map((e) => e.id),
    ).toEqual(["p1"]);
    expect(await service.getEnvironmentVariable("apm_ChatLicenseAvailable")).toBe("yes");
    expect(calls).toEqual([]);
  });

  it("applies a planned move so later checks see it, on both sides", async () => {
    const calls: string[] = [];
    const service = new SimulatedService(fallback(calls), { rows: [profile("p1")] });
    service.apply("disassociate", "apm_appprofile_systemuser", { logicalName: "apm_appprofile", id: "other" }, user);
    service.apply("associate", "apm_appprofile_systemuser", { logicalName: "apm_appprofile", id: "p1" }, user);
    const related = await service.retrieveRelated("apm_appprofile_systemuser", user, "apm_appprofile");
    expect(related.map((e) => e.id)).toEqual(["p1"]);
    expect(calls).toEqual(["retrieveRelated"]);
  });

  it("falls back to the repository for what it doesn't know, and for known rows missing a column", async () => {
    const calls: string[] = [];
    const service = new SimulatedService(fallback(calls), { rows: [profile("p1")] });
    await service.retrieve("apm_appprofile", "p1", ["apm_name"]);
    await service.retrieve("apm_appprofile", "p1", ["apm_uniquename"]);
    await service.retrieveMultiple("apm_appprofile", []);
    expect(calls).toEqual(["retrieve apm_appprofile p1", "retrieveMultiple"]);
  });
});
