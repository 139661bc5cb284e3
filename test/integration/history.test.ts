/**
 * A profile's history read the documented way (RetrieveRecordChangeHistory) with the controls' own client, against
 * the local server: create, update (old → new), associate and disassociate, each with who and when and the names to
 * show; pages; the kind filter; who assigned a user.
 */
import { AppChoice, AppProfile, AppProfileChannelProvider, AppProfileSystemUser, ChannelProvider } from "../../schema";
import { createWebApiFetch } from "../../controls/shared/data/webApiFetch";
import { filterByKind, whoAssigned } from "../../controls/shared/history/auditHistory";
import { readProfileHistory } from "../../controls/shared/history/webApiHistory";
import { startHarness, type Harness } from "./harness";

let h: Harness;
let profileId: string;
let providerId: string;
beforeAll(async () => {
  h = await startHarness();
  const admin = h.client("admin");
  profileId = await admin.create<unknown, string>({
    collection: AppProfile.entitySetName,
    data: { apm_name: "History", apm_uniquename: "contoso_history", apm_app: AppChoice.CustomerServiceWorkspace.value },
  });
  await admin.update({
    collection: AppProfile.entitySetName,
    key: profileId,
    data: { apm_description: "Now with a description" },
  });
  const providers = await admin.retrieveMultiple<{ apm_channelproviderid: string }>({
    collection: ChannelProvider.entitySetName,
    select: ["apm_channelproviderid"],
    filter: "apm_name eq 'contoso_voice'",
  });
  providerId = providers.value[0].apm_channelproviderid;
  const link = (nav: string, set: string, id: string) =>
    admin.associate({
      collection: AppProfile.entitySetName,
      primaryKey: profileId,
      relationshipName: nav,
      relatedCollection: set,
      relatedKey: id,
    });
  await link(AppProfileChannelProvider.schemaName, ChannelProvider.entitySetName, providerId);
  await admin.disassociate({
    collection: AppProfile.entitySetName,
    primaryKey: profileId,
    relationshipName: AppProfileChannelProvider.schemaName,
    relatedKey: providerId,
  });
  await link(AppProfileSystemUser.schemaName, "systemusers", h.userId("norole"));
});
afterAll(() => h.stop());

const send = () => createWebApiFetch({ clientUrl: h.server.url, getToken: () => h.token("admin") });

it("shows create, update, associate and disassociate newest first, with who, when and names", async () => {
  const page = await readProfileHistory(send(), profileId);
  expect(page.entries.map((e) => e.kind)).toEqual(["associate", "disassociate", "associate", "update", "create"]);
  expect(page.totalRecordCount).toBe(5);
  const update = page.entries[3];
  expect(update.changes).toEqual([{ column: "apm_description", from: null, to: "Now with a description" }]);
  for (const entry of page.entries) {
    expect(entry.userId).toBe(h.userId("admin"));
    expect(Date.now() - Date.parse(entry.at)).toBeLessThan(5 * 60_000);
  }
  expect(page.names.get(h.userId("admin"))).toBe("Avery Admin");
  expect(page.names.get(providerId)).toBe("contoso_voice");
  expect(page.names.get(h.userId("norole"))).toBe("Noa Norole");
  expect(whoAssigned(page.entries, h.userId("norole"))?.userId).toBe(h.userId("admin"));
  expect(filterByKind(page.entries, "disassociate")).toHaveLength(1);
});

it("pages: two at a time, the last page has no more records", async () => {
  const first = await readProfileHistory(send(), profileId, 1, 2);
  expect(first.entries).toHaveLength(2);
  expect(first.moreRecords).toBe(true);
  const last = await readProfileHistory(send(), profileId, 3, 2);
  expect(last.entries.map((e) => e.kind)).toEqual(["create"]);
  expect(last.moreRecords).toBe(false);
});
