import { AppChoice, AppProfile, AppProfileSystemUser, SessionTemplate, builtInProfiles } from "../../schema";
import { APP_OPENER_PRIVILEGES } from "../../Solutions/src/app-opener";
import { rejection, type Harness } from "./harness";
import { harnessKinds } from "./deployed";

// Each suite runs against a demo-seeded server and against an empty one provisioned by `npm run deploy`.
let h: Harness;

const set = AppProfile.entitySetName;
const data = { apm_name: "Priv", apm_uniquename: "priv_profile", apm_app: AppChoice.CustomerServiceWorkspace.value };

describe.each(harnessKinds)("against the %s server", (_kind, start) => {
  beforeAll(async () => {
    h = await start();
  });
  afterAll(() => h.stop());

  describe("privileges per role", () => {
    it("lets the administrator create, change, assign and delete", async () => {
      const admin = h.client("admin");
      const id = await admin.create<unknown, string>({ collection: set, data });
      await admin.update<unknown, unknown>({ collection: set, key: id, data: { apm_description: "ok" } });
      await admin.associate({
        collection: set,
        primaryKey: id,
        relationshipName: AppProfileSystemUser.schemaName,
        relatedCollection: "systemusers",
        relatedKey: h.userId("agent"),
      });
      await admin.disassociate({
        collection: set,
        primaryKey: id,
        relationshipName: AppProfileSystemUser.schemaName,
        relatedKey: h.userId("agent"),
      });
      await admin.deleteRecord({ collection: set, key: id });
    });

    it("lets an App Profile User read but refuses every write with 403 and the missing privilege", async () => {
      const agent = h.client("agent");
      expect(
        (await agent.retrieveMultiple({ collection: set, select: ["apm_name"] })).value.length,
      ).toBeGreaterThanOrEqual(2);
      const create = await rejection(agent.create<unknown, string>({ collection: set, data }));
      expect(create).toMatchObject({ status: 403, code: "0x80040220" });
      expect(create.message).toMatch(/prvCreateapm_appprofile/);
      const builtIn = builtInProfiles[0].apm_appprofileid;
      expect(
        (
          await rejection(
            agent.update<unknown, unknown>({ collection: set, key: builtIn, data: { apm_description: "x" } }),
          )
        ).status,
      ).toBe(403);
      expect((await rejection(agent.deleteRecord({ collection: set, key: builtIn }))).status).toBe(403);
      const assign = agent.associate({
        collection: set,
        primaryKey: builtIn,
        relationshipName: AppProfileSystemUser.schemaName,
        relatedCollection: "systemusers",
        relatedKey: h.userId("agent"),
      });
      // Append on both tables (Learn: power-platform/admin/security-roles-privileges), so prvAppendUser, which
      // this role doesn't grant: reading users (prvReadUser) is not enough.
      const assignRefused = await rejection(assign);
      expect(assignRefused).toMatchObject({ status: 403, code: "0x80040220" });
      expect(assignRefused.message).toMatch(/missing prvAppendUser privilege/);
      const unassign = await h.raw(`${set}(${builtIn})/${AppProfileSystemUser.schemaName}(${h.userId("agent")})/$ref`, {
        method: "DELETE",
        user: "agent",
      });
      expect(unassign.status).toBe(403);
      expect(((await unassign.json()) as { error: { message: string } }).error.message).toMatch(/prvAppendUser/);
      expect(
        (await h.client("admin").retrieveMultiple({ collection: set, filter: "apm_uniquename eq 'priv_profile'" }))
          .value,
      ).toHaveLength(0);
    });

    it("gives a user with no role nothing of ours, but still answers WhoAmI", async () => {
      const nobody = h.client("norole");
      expect((await rejection(nobody.retrieveMultiple({ collection: set }))).status).toBe(403);
      expect((await rejection(nobody.retrieveMultiple({ collection: SessionTemplate.entitySetName }))).status).toBe(
        403,
      );
      expect((await nobody.callFunction<{ UserId: string }>("WhoAmI")).UserId).toBe(h.userId("norole"));
    });

    it("reports the caller's privileges through RetrieveUserPrivileges", async () => {
      const agentPrivileges = await (
        await h.raw(`systemusers(${h.userId("agent")})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`, {
          user: "agent",
        })
      ).json();
      const names = agentPrivileges.RolePrivileges.map((p: { PrivilegeName: string }) => p.PrivilegeName);
      expect(names).toContain("prvReadapm_appprofile");
      expect(names).not.toContain("prvCreateapm_appprofile");
      // Every privilege of the role, with its depth: the App Opener minimum it carries too (issue 9 item 2).
      const depthOf = (name: string) =>
        agentPrivileges.RolePrivileges.find((p: { PrivilegeName: string }) => p.PrivilegeName === name)?.Depth;
      expect(depthOf("prvReadAppModule")).toBe("Global");
      expect(depthOf("prvReadapm_appprofile")).toBe("Global");
      expect(depthOf("prvCreateUserEntityUISettings")).toBe("Basic");
      expect(depthOf("prvReadUserQuery")).toBe("Basic");
      for (const { name } of APP_OPENER_PRIVILEGES) expect(names).toContain(name);
      expect(new Set(names).size).toBe(names.length);

      const adminPrivileges = await (
        await h.raw(`systemusers(${h.userId("admin")})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`, {
          user: "admin",
        })
      ).json();
      const adminNames = adminPrivileges.RolePrivileges.map((p: { PrivilegeName: string }) => p.PrivilegeName);
      expect(adminNames).toEqual(
        expect.arrayContaining(["prvAppendUser", "prvReadWebResource", "prvDeleteapm_appprofile"]),
      );
    });
  });
});
