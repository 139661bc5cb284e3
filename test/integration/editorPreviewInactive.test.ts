/**
 * Issue 14: the editor's Preview draws what the runtime gives an agent. The runtime expands only active templates
 * and providers (runtime/query.ts, `$filter=statecode eq 0`); the editor reads each linked row's statecode with the
 * profile (one request, as before), so the preview leaves the same ones out. Against the real server: the editor's
 * read, its preview content, and the runtime's answer for a user assigned to the profile.
 */
import {
  AppChoice,
  AppProfile,
  AppProfileChannelProvider,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  ChannelProvider,
  SessionTemplate,
  SessionTemplateTypeChoice,
  SystemUser,
} from "../../schema";
import { StateCode, StatusCode } from "../../schema/state";
import { createWebApiTransport, resolveEffectiveProfile } from "../../runtime";
import { draftOf } from "../../controls/ProfileEditor/editorState";
import { draftContent } from "../../controls/ProfileEditor/preview/draftContent";
import { profileRepository } from "./repository";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const inactive = { statecode: StateCode.Inactive.value, statuscode: StatusCode.Inactive.value };
const sortedIds = (items: readonly { id: string }[]) => items.map((i) => i.id.toLowerCase()).sort();

describe("the editor's preview and the runtime leave out the same inactive links", () => {
  it("reads each linked template's and provider's state in the profile's one read, and previews the active ones", async () => {
    const admin = h.client("admin");
    const app = AppChoice.CustomerServiceWorkspace.value;
    const profileId = await admin.create<unknown, string>({
      collection: AppProfile.entitySetName,
      data: { apm_name: "Preview inactive", apm_uniquename: "edprev_inactive", apm_app: app },
    });
    const template = (name: string, entity: string) =>
      admin.create<unknown, string>({
        collection: SessionTemplate.entitySetName,
        data: {
          apm_name: name,
          apm_uniquename: `edprev_${name.toLowerCase()}`,
          apm_type: SessionTemplateTypeChoice.Entity.value,
          apm_entitylogicalname: entity,
        },
      });
    const provider = (name: string, sortOrder: number) =>
      admin.create<unknown, string>({
        collection: ChannelProvider.entitySetName,
        data: {
          apm_name: `edprev_${name.toLowerCase()}`,
          apm_label: name,
          apm_channelurl: `https://${name.toLowerCase()}.example/agent`,
          apm_trusteddomain: `https://${name.toLowerCase()}.example`,
          apm_sortorder: sortOrder,
        },
      });
    const [kept, retired] = [await template("Kept", "account"), await template("Retired", "contact")];
    const [voice, oldVoice] = [await provider("Voice", 1), await provider("OldVoice", 2)];
    const link = (relationshipName: string, relatedCollection: string, relatedKey: string) =>
      admin.associate({
        collection: AppProfile.entitySetName,
        primaryKey: profileId,
        relationshipName,
        relatedCollection,
        relatedKey,
      });
    for (const id of [kept, retired])
      await link(AppProfileSessionTemplate.schemaName, SessionTemplate.entitySetName, id);
    for (const id of [voice, oldVoice])
      await link(AppProfileChannelProvider.schemaName, ChannelProvider.entitySetName, id);
    await link(AppProfileSystemUser.schemaName, SystemUser.entitySetName, h.userId("agent2"));
    // Retired after they were linked: the links stay, the runtime stops giving them.
    await admin.update({ collection: SessionTemplate.entitySetName, key: retired, data: inactive });
    await admin.update({ collection: ChannelProvider.entitySetName, key: oldVoice, data: inactive });

    let requests = 0;
    const record = await profileRepository(h, "admin", { onRequest: () => requests++ }).getProfile(profileId);
    if (!record) throw new Error("the profile is missing");
    expect(requests).toBe(1);
    // The editor still lists every link (an admin can remove the retired ones), with its state.
    expect(record.sessionTemplates.map((t) => [t.name, t.isActive]).sort()).toEqual([
      ["Kept", true],
      ["Retired", false],
    ]);
    expect(record.channelProviders.map((p) => [p.label, p.isActive])).toEqual([
      ["Voice", true],
      ["OldVoice", false],
    ]);

    const preview = draftContent(record, draftOf(record));
    expect(preview.inactive).toEqual({ sessionTemplates: 1, channelProviders: 1 });
    const transport = createWebApiTransport({ baseUrl: h.server.apiUrl, getToken: () => h.token("agent2") });
    const answer = await resolveEffectiveProfile(h.userId("agent2"), app, { transport });
    expect(answer.profile.id.toLowerCase()).toBe(profileId.toLowerCase());
    expect(sortedIds(preview.content.sessionTemplates)).toEqual(sortedIds(answer.sessionTemplates));
    expect(sortedIds(preview.content.sessionTemplates)).toEqual([kept.toLowerCase()]);
    expect(preview.content.channelProviders.map((p) => p.id.toLowerCase())).toEqual(
      answer.channelProviders.map((p) => p.id.toLowerCase()),
    );
    expect(preview.content.channelProviders.map((p) => p.label)).toEqual(["Voice"]);
  });
});
