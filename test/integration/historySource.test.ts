/**
 * The History tab's data path (controls/shared/history/historySource.ts) against the local server over HTTP: audit
 * rows newest first, their details in one $batch, names, the kind filter on the server, pages, who assigned a user.
 */
import {
  AppChoice,
  AppProfile,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  SessionTemplate,
  SessionTemplateTypeChoice,
} from "../../schema";
import { createWebApiFetch } from "../../controls/shared/data/webApiFetch";
import { webApiAssignmentSource, webApiHistorySource } from "../../controls/shared/history/historySource";
import { startHarness, type DemoUserKey, type Harness } from "./harness";

let h: Harness;
let profileId: string;
let templateId: string;
beforeAll(async () => {
  h = await startHarness();
  const admin = h.client("admin");
  profileId = await admin.create<unknown, string>({
    collection: AppProfile.entitySetName,
    data: { apm_name: "Before", apm_uniquename: "contoso_source", apm_app: AppChoice.CustomerServiceWorkspace.value },
  });
  await admin.update({ collection: AppProfile.entitySetName, key: profileId, data: { apm_name: "After" } });
  const link = (nav: string, set: string, id: string) =>
    admin.associate({
      collection: AppProfile.entitySetName,
      primaryKey: profileId,
      relationshipName: nav,
      relatedCollection: set,
      relatedKey: id,
    });
  await link(AppProfileSystemUser.schemaName, "systemusers", h.userId("norole"));
  await admin.disassociate({
    collection: AppProfile.entitySetName,
    primaryKey: profileId,
    relationshipName: AppProfileSystemUser.schemaName,
    relatedKey: h.userId("norole"),
  });
  const templates = await admin.retrieveMultiple<{ apm_sessiontemplateid: string }>({
    collection: SessionTemplate.entitySetName,
    select: ["apm_sessiontemplateid"],
    // Only entity templates can be linked (rule 3); without the filter the first row is whichever GUID sorts first.
    filter: `apm_type eq ${SessionTemplateTypeChoice.Entity.value}`,
    top: 1,
  });
  templateId = templates.value[0].apm_sessiontemplateid;
  await link(AppProfileSessionTemplate.schemaName, SessionTemplate.entitySetName, templateId);
  await link(AppProfileSystemUser.schemaName, "systemusers", h.userId("agent"));
});
afterAll(() => h.stop());

const sendAs = (user: DemoUserKey) => createWebApiFetch({ clientUrl: h.server.url, getToken: () => h.token(user) });
const source = (user: DemoUserKey = "admin") => webApiHistorySource(sendAs(user), h.server.url);
const assignments = () => webApiAssignmentSource(sendAs("admin"), h.server.url);

it("reads every change newest first with who, when, old → new and the linked records' names", async () => {
  const page = await source().readPage(profileId, "all", 1, 10);
  expect(page.items.map((i) => i.kind)).toEqual([
    "associate",
    "associate",
    "disassociate",
    "associate",
    "update",
    "create",
  ]);
  expect(page.hasMore).toBe(false);
  for (const item of page.items) {
    expect(item.userName).toBe("Avery Admin");
    expect(Date.now() - Date.parse(item.at)).toBeLessThan(5 * 60_000);
  }
  expect(page.items[4].changes).toEqual([{ column: "apm_name", from: "Before", to: "After" }]);
  expect(page.items[0].link).toMatchObject({ kind: "users", name: "Riley Agent" });
  expect(page.items[1].link).toMatchObject({ kind: "sessionTemplates", relatedId: templateId });
  expect(page.items[2].link).toMatchObject({ kind: "users", name: "Noa Norole" });
});

it("filters by kind on the server and pages", async () => {
  const removed = await source().readPage(profileId, "disassociate", 1, 10);
  expect(removed.items.map((i) => i.link?.name)).toEqual(["Noa Norole"]);
  const first = await source().readPage(profileId, "all", 1, 4);
  expect(first.items).toHaveLength(4);
  expect(first.hasMore).toBe(true);
  const second = await source().readPage(profileId, "all", 2, 4);
  expect(second.items.map((i) => i.kind)).toEqual(["update", "create"]);
  expect(second.hasMore).toBe(false);
});

it("pages with Prefer: odata.maxpagesize and follows @odata.nextLink: one rows request per page, no $skip or $top (Learn: webapi/query/page-results)", async () => {
  const requests: { path: string; prefer?: string }[] = [];
  const fetcher = createWebApiFetch({ clientUrl: h.server.url, getToken: () => h.token("admin") });
  const history = webApiHistorySource((path, init) => {
    if (path.startsWith("audits?")) requests.push({ path, prefer: init.headers?.Prefer });
    return fetcher(path, init);
  }, h.server.url);
  const pages = [];
  for (let page = 1; page <= 3; page += 1) pages.push(await history.readPage(profileId, "all", page, 2));
  expect(pages.map((p) => p.items.map((i) => i.kind))).toEqual([
    ["associate", "associate"],
    ["disassociate", "associate"],
    ["update", "create"],
  ]);
  expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
  expect(requests).toHaveLength(3);
  for (const request of requests) {
    expect(request.prefer).toMatch(/odata\.maxpagesize=2/);
    expect(request.path).not.toMatch(/\$(skip|top)=/);
  }
  expect(requests[1].path).toMatch(/\$skiptoken=/);
  // A page not reached yet is walked to through the links before it.
  const fresh = await source().readPage(profileId, "all", 3, 2);
  expect(fresh.items.map((i) => i.kind)).toEqual(["update", "create"]);
});

it("says who assigned a user and when; nothing for a user no one assigned", async () => {
  const assigned = await assignments().whoAssigned(profileId, h.userId("agent"));
  expect(assigned?.userName).toBe("Avery Admin");
  await expect(assignments().whoAssigned(profileId, h.userId("agent2"))).resolves.toBeUndefined();
});

it("is refused for a user without the audit privileges, as a privilege error", async () => {
  await expect(source("agent").readPage(profileId, "all", 1, 10)).rejects.toMatchObject({
    status: 403,
    code: "0x80040220",
  });
});
