/** Every rule of PRODUCT.md, enforced by the server's pipeline; each refused write leaves nothing behind. */
import {
  AppChoice,
  AppProfile,
  AppProfileChannelProvider,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  builtInProfiles,
  ChannelProvider,
  EnvironmentVariableValue,
  SessionTemplate,
  SessionTemplateTypeChoice,
} from "../../schema";
import { rejection, type Harness } from "./harness";
import { harnessKinds } from "./deployed";

// Each suite runs against a demo-seeded server and against an empty one provisioned by `npm run deploy`.
let h: Harness;

const set = AppProfile.entitySetName;
const count = async (filter: string) =>
  (await h.client("admin").retrieveMultiple({ collection: set, filter, select: ["apm_name"] })).value.length;
const profile = (uniqueName: string, extra: Record<string, unknown> = {}) => ({
  apm_name: uniqueName,
  apm_uniquename: uniqueName,
  apm_app: AppChoice.CustomerServiceWorkspace.value,
  ...extra,
});
const templateId = async (filter: string) =>
  (
    await h
      .client("admin")
      .retrieveMultiple({ collection: SessionTemplate.entitySetName, filter, select: ["apm_name"] })
  ).value[0].apm_sessiontemplateid as string;

describe.each(harnessKinds)("against the %s server", (_kind, start) => {
  beforeAll(async () => {
    h = await start();
  });
  afterAll(() => h.stop());

  describe("rule 1: unique name", () => {
    it.each([
      ["ab_name", /prefix/i],
      ["abcdefghi_name", /prefix/i],
      ["ab-c_name", /prefix/i],
      ["abcname", /underscore/i],
      ["abc_", /name/i],
      ["abc_na-me", /name/i],
    ])("refuses '%s' with a message about the wrong part", async (uniqueName, message) => {
      const refused = await rejection(
        h.client("admin").create<unknown, string>({ collection: set, data: profile(uniqueName) }),
      );
      expect(refused).toMatchObject({ status: 400, code: "0x80040265" });
      expect(refused.message).toMatch(message);
      expect(await count(`apm_name eq '${uniqueName}'`)).toBe(0);
    });

    it("refuses a unique name over 128 characters, naming the limit", async () => {
      const uniqueName = `abc_${"x".repeat(125)}`;
      const refused = await rejection(
        h
          .client("admin")
          .create<unknown, string>({ collection: set, data: { ...profile(uniqueName), apm_name: "Long" } }),
      );
      expect(refused.status).toBe(400);
      expect(refused.message).toMatch(/128/);
      expect(await count("apm_name eq 'Long'")).toBe(0);
    });

    it("refuses a unique name already used, ignoring case, and names it", async () => {
      await h.client("admin").create<unknown, string>({ collection: set, data: profile("uniq_taken") });
      const refused = await rejection(
        h.client("admin").create<unknown, string>({ collection: set, data: profile("UNIQ_Taken") }),
      );
      expect(refused.status).toBe(400);
      expect(refused.message).toMatch(/uniq_taken/i);
      expect(await count("apm_uniquename eq 'uniq_taken'")).toBe(1);
    });
  });

  describe("rule 2: name and description", () => {
    it("requires a name and limits the description to 2,000 characters", async () => {
      const noName = await rejection(
        h
          .client("admin")
          .create<
            unknown,
            string
          >({ collection: set, data: { apm_uniquename: "rule_noname", apm_app: AppChoice.CustomerServiceWorkspace.value } }),
      );
      expect(noName.message).toMatch(/name/i);
      const longDescription = await rejection(
        h
          .client("admin")
          .create<
            unknown,
            string
          >({ collection: set, data: profile("rule_longdesc", { apm_description: "d".repeat(2001) }) }),
      );
      expect(longDescription.status).toBe(400);
      expect(await count("apm_uniquename eq 'rule_noname' or apm_uniquename eq 'rule_longdesc'")).toBe(0);
    });
  });

  describe("rule 3: built-in profiles", () => {
    const builtIn = builtInProfiles[0].apm_appprofileid;
    it("can't be changed, deleted, or given templates, and only the system sets apm_isdefault", async () => {
      const admin = h.client("admin");
      expect(
        (
          await rejection(
            admin.update<unknown, unknown>({ collection: set, key: builtIn, data: { apm_name: "Mine now" } }),
          )
        ).message,
      ).toMatch(/built-in/i);
      expect((await rejection(admin.deleteRecord({ collection: set, key: builtIn }))).message).toMatch(/built-in/i);
      const template = await templateId(`apm_type eq ${SessionTemplateTypeChoice.Entity.value}`);
      const associate = admin.associate({
        collection: set,
        primaryKey: builtIn,
        relationshipName: AppProfileSessionTemplate.schemaName,
        relatedCollection: SessionTemplate.entitySetName,
        relatedKey: template,
      });
      expect((await rejection(associate)).message).toMatch(/built-in/i);
      expect(
        (
          await rejection(
            admin.create<unknown, string>({
              collection: set,
              data: profile("rule_fakedefault", { apm_isdefault: true }),
            }),
          )
        ).status,
      ).toBe(400);
      const row = await admin.retrieve({
        collection: set,
        key: builtIn,
        select: ["apm_name"],
        expand: [{ property: AppProfileSessionTemplate.schemaName }],
      });
      expect(row.apm_name).toBe(builtInProfiles[0].apm_name);
      expect(row[AppProfileSessionTemplate.schemaName]).toHaveLength(0);
    });

    it("still accepts users", async () => {
      await h.client("admin").associate({
        collection: set,
        primaryKey: builtIn,
        relationshipName: AppProfileSystemUser.schemaName,
        relatedCollection: "systemusers",
        relatedKey: h.userId("agent2"),
      });
      await h.client("admin").disassociate({
        collection: set,
        primaryKey: builtIn,
        relationshipName: AppProfileSystemUser.schemaName,
        relatedKey: h.userId("agent2"),
      });
    });
  });

  describe("rule 5: Chat license gating", () => {
    it("refuses an Omnichannel profile when the variable is no, and accepts it when yes", async () => {
      const admin = h.client("admin");
      const valueRow =
        // Read as a System Administrator: our roles name no environmentvariablevalue privilege (issue 9).
        (
          await h
            .client("sysadmin")
            .retrieveMultiple({ collection: EnvironmentVariableValue.entitySetName, select: ["value"] })
        ).value[0];
      // A System Administrator sets an environment variable's value through the Web API, as in Dataverse.
      const setLicense = (value: string) =>
        h.client("sysadmin").update<unknown, unknown>({
          collection: EnvironmentVariableValue.entitySetName,
          key: valueRow.environmentvariablevalueid,
          data: { value },
        });
      await setLicense("no");
      const omni = profile("rule_omni", { apm_app: AppChoice.OmnichannelForCustomerService.value });
      const refused = await rejection(admin.create<unknown, string>({ collection: set, data: omni }));
      expect(refused.message).toMatch(/Chat license/);
      expect(refused.message).toMatch(/apm_ChatLicenseAvailable/);
      expect(await count("apm_uniquename eq 'rule_omni'")).toBe(0);
      const cswId = await admin.create<unknown, string>({ collection: set, data: profile("rule_switch") });
      expect(
        (
          await rejection(
            admin.update<unknown, unknown>({
              collection: set,
              key: cswId,
              data: { apm_app: AppChoice.OmnichannelForCustomerService.value },
            }),
          )
        ).message,
      ).toMatch(/Chat license/);
      await setLicense("yes");
      await admin.create<unknown, string>({ collection: set, data: omni });
      expect(await count("apm_uniquename eq 'rule_omni'")).toBe(1);
    });
  });

  describe("rule 6: session templates", () => {
    it("adds entity templates only, one per entity", async () => {
      const admin = h.client("admin");
      const id = await admin.create<unknown, string>({ collection: set, data: profile("rule_templates") });
      const link = (relatedKey: string) =>
        admin.associate({
          collection: set,
          primaryKey: id,
          relationshipName: AppProfileSessionTemplate.schemaName,
          relatedCollection: SessionTemplate.entitySetName,
          relatedKey,
        });
      const generic = await templateId(`apm_type eq ${SessionTemplateTypeChoice.Generic.value}`);
      expect((await rejection(link(generic))).message).toMatch(/entity/i);
      await link(await templateId("apm_uniquename eq 'msdyn_case_session'"));
      const second = await rejection(link(await templateId("apm_uniquename eq 'contoso_vipcase_session'")));
      expect(second.message).toMatch(/incident/);
      const row = await admin.retrieve({
        collection: set,
        key: id,
        select: ["apm_name"],
        expand: [{ property: AppProfileSessionTemplate.schemaName, select: ["apm_uniquename"] }],
      });
      expect(
        row[AppProfileSessionTemplate.schemaName].map((t: { apm_uniquename: string }) => t.apm_uniquename),
      ).toEqual(["msdyn_case_session"]);
    });
  });

  describe("rule 8: channel providers", () => {
    const provider = (extra: Record<string, unknown>) => ({
      apm_name: "p",
      apm_label: "P",
      apm_channelurl: "https://cti.contoso.com/x",
      apm_trusteddomain: "https://contoso.com",
      ...extra,
    });
    it.each([
      ["http:// URL", { apm_channelurl: "http://cti.contoso.com/x" }, /https/],
      ["URL outside the trusted domain", { apm_channelurl: "https://evil.example/x" }, /trusted domain/i],
    ])("refuses a %s", async (_what, extra, message) => {
      const refused = await rejection(
        h
          .client("admin")
          .create<
            unknown,
            string
          >({ collection: ChannelProvider.entitySetName, data: provider({ ...extra, apm_name: `bad ${_what}` }) }),
      );
      expect(refused.message).toMatch(message);
      expect(
        (
          await h
            .client("admin")
            .retrieveMultiple({ collection: ChannelProvider.entitySetName, filter: `apm_name eq 'bad ${_what}'` })
        ).value,
      ).toHaveLength(0);
    });

    it("accepts a provider inside its domain and links it to a profile", async () => {
      const admin = h.client("admin");
      const providerId = await admin.create<unknown, string>({
        collection: ChannelProvider.entitySetName,
        data: provider({ apm_name: "good" }),
      });
      const id = await admin.create<unknown, string>({ collection: set, data: profile("rule_providers") });
      await admin.associate({
        collection: set,
        primaryKey: id,
        relationshipName: AppProfileChannelProvider.schemaName,
        relatedCollection: ChannelProvider.entitySetName,
        relatedKey: providerId,
      });
      await expect(
        admin.update<unknown, unknown>({
          collection: ChannelProvider.entitySetName,
          key: providerId,
          data: { apm_trusteddomain: "https://fabrikam.com" },
        }),
      ).rejects.toMatchObject({ status: 400 });
    });
  });

  describe("rule 9: one profile per user", () => {
    it("refuses a second profile, naming the first, and moves a user atomically in one change set", async () => {
      const admin = h.client("admin");
      const first = await admin.create<unknown, string>({
        collection: set,
        data: profile("rule_first", { apm_name: "First profile" }),
      });
      const second = await admin.create<unknown, string>({ collection: set, data: profile("rule_second") });
      const user = h.userId("agent2");
      const assign = (primaryKey: string) =>
        admin.associate({
          collection: set,
          primaryKey,
          relationshipName: AppProfileSystemUser.schemaName,
          relatedCollection: "systemusers",
          relatedKey: user,
        });
      await assign(first);
      const refused = await rejection(assign(second));
      expect(refused.message).toMatch(/First profile/);

      admin.startBatch();
      admin.disassociate({
        collection: set,
        primaryKey: first,
        relationshipName: AppProfileSystemUser.schemaName,
        relatedKey: user,
      });
      admin.associate({
        collection: set,
        primaryKey: second,
        relationshipName: AppProfileSystemUser.schemaName,
        relatedCollection: "systemusers",
        relatedKey: user,
      });
      await admin.executeBatch();
      const assigned = await admin.retrieveMultiple({
        collection: set,
        select: ["apm_uniquename"],
        filter: `${AppProfileSystemUser.schemaName}/any(u:u/systemuserid eq ${user})`,
      });
      expect(assigned.value.map((r: { apm_uniquename: string }) => r.apm_uniquename)).toEqual(["rule_second"]);
    });
  });
});
