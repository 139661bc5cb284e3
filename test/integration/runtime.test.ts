/** The effective-profile runtime against the local server: every case in exactly one Web API request. */
import type { DynamicsWebApi } from "dynamics-web-api";
import {
  AppChoice,
  AppProfile,
  AppProfileChannelProvider,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  builtInProfiles,
  ChannelApiVersionChoice,
  ChannelProvider,
  ProductivityPaneModeChoice,
  SessionTemplate,
  SystemUser,
} from "../../schema";
import { createWebApiTransport, EffectiveProfileError, resolveEffectiveProfile, type Transport } from "../../runtime";
import { associate } from "../../server/storage/rows";
import { startHarness, type DemoUserKey, type Harness } from "./harness";

const csw = AppChoice.CustomerServiceWorkspace.value;
const oc = AppChoice.OmnichannelForCustomerService.value;

/** A transport as an agent's app has it, counting every request it makes. */
function countingTransport(h: Harness, user: DemoUserKey = "agent") {
  const inner = createWebApiTransport({ baseUrl: h.server.apiUrl, getToken: () => h.token(user) });
  const requests: string[] = [];
  const transport: Transport = (path, init) => {
    requests.push(path);
    return inner(path, init);
  };
  return { transport, requests };
}

async function createProfile(admin: DynamicsWebApi, data: Record<string, unknown>): Promise<string> {
  return admin.create<unknown, string>({ collection: AppProfile.entitySetName, data });
}

async function link(
  admin: DynamicsWebApi,
  profileId: string,
  relationship: typeof AppProfileSessionTemplate | typeof AppProfileChannelProvider | typeof AppProfileSystemUser,
  relatedId: string,
): Promise<void> {
  const relatedCollection = {
    [AppProfileSessionTemplate.schemaName]: SessionTemplate.entitySetName,
    [AppProfileChannelProvider.schemaName]: ChannelProvider.entitySetName,
    [AppProfileSystemUser.schemaName]: SystemUser.entitySetName,
  }[relationship.schemaName];
  await admin.associate({
    collection: AppProfile.entitySetName,
    primaryKey: profileId,
    relationshipName: relationship.schemaName,
    relatedCollection,
    relatedKey: relatedId,
  });
}

async function createProvider(admin: DynamicsWebApi, label: string, sortOrder: number): Promise<string> {
  const host = label.toLowerCase().replace(/\W+/g, "");
  return admin.create<unknown, string>({
    collection: ChannelProvider.entitySetName,
    data: {
      apm_name: `rtm_${host}`,
      apm_label: label,
      apm_channelurl: `https://cti.${host}.example/agent`,
      apm_trusteddomain: `https://${host}.example`,
      apm_apiversion: ChannelApiVersionChoice.V1.value,
      apm_enableoutbound: sortOrder % 2 === 0,
      apm_sortorder: sortOrder,
    },
  });
}

async function templateIds(admin: DynamicsWebApi, entities: readonly string[]): Promise<string[]> {
  const rows = await admin.retrieveMultiple<{ apm_sessiontemplateid: string; apm_entitylogicalname: string }>({
    collection: SessionTemplate.entitySetName,
    select: ["apm_entitylogicalname"],
    filter: entities.map((e) => `apm_entitylogicalname eq '${e}'`).join(" or "),
    orderBy: ["apm_name"],
  });
  // One per entity (the demo data has two incident templates).
  const byEntity = new Map(rows.value.map((r) => [r.apm_entitylogicalname, r.apm_sessiontemplateid]));
  return entities.map((e) => byEntity.get(e)!);
}

const expandedPane = ProductivityPaneModeChoice.Expanded.value;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const [cswDefault, ocDefault] = builtInProfiles;

/** Resolves as the agent's app would, and checks that it took exactly one request. */
async function resolveOnce(user: string, app: number) {
  const { transport, requests } = countingTransport(h);
  const result = await resolveEffectiveProfile(user, app, { transport });
  expect(requests).toHaveLength(1);
  return result;
}

describe("resolveEffectiveProfile", () => {
  it("returns the assigned profile with its templates, pane, channels and providers (Direct)", async () => {
    const admin = h.client("admin");
    const id = await createProfile(admin, {
      apm_name: "Sales agents",
      apm_uniquename: "rtm_sales",
      apm_app: csw,
      apm_productivitypaneenabled: true,
      apm_productivitypanemode: expandedPane,
      apm_smartassistenabled: true,
      apm_callscriptenabled: false,
      apm_allactivechannels: true,
    });
    const [account, contact] = await templateIds(admin, ["account", "contact"]);
    for (const t of [contact, account]) await link(admin, id, AppProfileSessionTemplate, t);
    await link(admin, id, AppProfileSystemUser, h.userId("agent"));

    const result = await resolveOnce(h.userId("agent"), csw);
    expect(result).toEqual({
      reason: "Direct",
      profile: {
        id,
        name: "Sales agents",
        uniqueName: "rtm_sales",
        app: csw,
        isDefault: false,
        rank: null,
        isCustomDefault: false,
      },
      sessionTemplates: [
        { id: account, name: "Account session", uniqueName: "msdyn_account_session", entityLogicalName: "account" },
        { id: contact, name: "Contact session", uniqueName: "msdyn_contact_session", entityLogicalName: "contact" },
      ],
      productivityPane: { enabled: true, mode: "expanded", smartAssist: true, callScript: false },
      allActiveChannels: true,
      channelProviders: [],
    });
  });

  it("never applies an inactive profile: its user gets the default, and inactive templates are left out (rule 13)", async () => {
    const admin = h.client("admin");
    const id = await createProfile(admin, { apm_name: "Paused", apm_uniquename: "rtm_paused", apm_app: oc });
    await link(admin, id, AppProfileSystemUser, h.userId("agent2"));
    expect((await resolveOnce(h.userId("agent2"), oc)).profile.id).toBe(id);

    await admin.update({ collection: AppProfile.entitySetName, key: id, data: { statecode: 1, statuscode: 2 } });
    const result = await resolveOnce(h.userId("agent2"), oc);
    expect(result.reason).toBe("Default");
    expect(result.profile.id).toBe(ocDefault.apm_appprofileid);

    await admin.update({ collection: AppProfile.entitySetName, key: id, data: { statecode: 0, statuscode: 1 } });
    const [account] = await templateIds(admin, ["account"]);
    await link(admin, id, AppProfileSessionTemplate, account);
    await admin.update({ collection: SessionTemplate.entitySetName, key: account, data: { statecode: 1 } });
    const active = await resolveOnce(h.userId("agent2"), oc);
    expect(active.profile.id).toBe(id);
    expect(active.sessionTemplates).toEqual([]);
    await admin.update({ collection: SessionTemplate.entitySetName, key: account, data: { statecode: 0 } });
    await admin.disassociate({
      collection: AppProfile.entitySetName,
      primaryKey: id,
      relationshipName: AppProfileSystemUser.entity1NavigationProperty,
      relatedKey: h.userId("agent2"),
    });
  });

  it("falls back to the app's built-in default for a user without a profile (Default)", async () => {
    const result = await resolveOnce(h.userId("agent2"), csw);
    expect(result.reason).toBe("Default");
    expect(result.profile).toEqual({
      id: cswDefault.apm_appprofileid,
      name: cswDefault.apm_name,
      uniqueName: cswDefault.apm_uniquename,
      app: csw,
      isDefault: true,
      rank: null,
      isCustomDefault: false,
    });
    expect(result.productivityPane).toEqual({
      enabled: false,
      mode: "collapsed",
      smartAssist: false,
      callScript: false,
    });
    expect(result.sessionTemplates).toEqual([]);
  });

  it("gives each app its own profile: the assigned one in its app, the other app's default elsewhere", async () => {
    const user = h.userId("agent");
    expect((await resolveOnce(user, csw)).profile.uniqueName).toBe("rtm_sales");
    const inOmnichannel = await resolveOnce(user, oc);
    expect(inOmnichannel.reason).toBe("Default");
    expect(inOmnichannel.profile.id).toBe(ocDefault.apm_appprofileid);
  });

  it("keeps apps apart when a user has a profile in each (data written before rule 9, or without the webhook)", async () => {
    const admin = h.client("admin");
    const chat = await createProfile(admin, { apm_name: "Chat agents", apm_uniquename: "rtm_chat", apm_app: oc });
    const user = h.userId("agent");
    // Rule 9 refuses this through the API; write the intersect row the way older data would have it.
    await h.server.api.inTransaction(async () => associate(h.server.api.dbs.writer, AppProfileSystemUser, chat, user));
    const [inWorkspace, inOmnichannel] = [await resolveOnce(user, csw), await resolveOnce(user, oc)];
    expect(inWorkspace).toMatchObject({ reason: "Direct", profile: { uniqueName: "rtm_sales", app: csw } });
    expect(inOmnichannel).toMatchObject({ reason: "Direct", profile: { id: chat, uniqueName: "rtm_chat", app: oc } });
    await admin.deleteRecord({ collection: AppProfile.entitySetName, key: chat });
  });

  it("falls back to the default once the assigned profile is deleted", async () => {
    const admin = h.client("admin");
    const id = await createProfile(admin, { apm_name: "Short lived", apm_uniquename: "rtm_shortlived", apm_app: csw });
    await link(admin, id, AppProfileSystemUser, h.userId("agent2"));
    expect(await resolveOnce(h.userId("agent2"), csw)).toMatchObject({ reason: "Direct", profile: { id } });
    await admin.deleteRecord({ collection: AppProfile.entitySetName, key: id });
    expect(await resolveOnce(h.userId("agent2"), csw)).toMatchObject({
      reason: "Default",
      profile: { id: cswDefault.apm_appprofileid },
    });
  });

  it("sorts channel providers by sort order, whatever order they were added in", async () => {
    const admin = h.client("admin");
    const id = await createProfile(admin, { apm_name: "Voice", apm_uniquename: "rtm_voice", apm_app: oc });
    const third = await createProvider(admin, "Zeta Voice", 30);
    const first = await createProvider(admin, "Alpha Voice", 10);
    const second = await createProvider(admin, "Beta Voice", 20);
    for (const p of [third, first, second]) await link(admin, id, AppProfileChannelProvider, p);
    await link(admin, id, AppProfileSystemUser, h.userId("agent2"));

    const result = await resolveOnce(h.userId("agent2"), oc);
    expect(result.channelProviders.map((p) => p.id)).toEqual([first, second, third]);
    expect(result.channelProviders[0]).toEqual({
      id: first,
      name: "rtm_alphavoice",
      label: "Alpha Voice",
      channelUrl: "https://cti.alphavoice.example/agent",
      trustedDomain: "https://alphavoice.example",
      apiVersion: "1.0",
      enableOutbound: true,
      sortOrder: 10,
    });
  });

  it("reports Direct for a user assigned to the built-in profile itself", async () => {
    const admin = h.client("admin");
    await link(admin, cswDefault.apm_appprofileid, AppProfileSystemUser, h.userId("admin"));
    expect(await resolveOnce(h.userId("admin"), csw)).toMatchObject({
      reason: "Direct",
      profile: { id: cswDefault.apm_appprofileid, isDefault: true },
    });
  });

  it("asks for no annotations and bypasses the browser's cache of expanded collections (Learn: webapi/query/join-tables)", async () => {
    const sent: Record<string, string>[] = [];
    const inner = createWebApiTransport({ baseUrl: h.server.apiUrl, getToken: () => h.token("agent") });
    const transport: Transport = (path, init) => {
      sent.push({ ...init.headers });
      return inner(path, init);
    };
    await resolveEffectiveProfile(h.userId("agent"), csw, { transport });
    expect(sent).toHaveLength(1);
    expect(sent[0]["If-None-Match"]).toBe("null");
    expect(Object.keys(sent[0]).map((k) => k.toLowerCase())).not.toContain("prefer");
  });

  it("accepts Xrm's {UPPER-CASE} user id form", async () => {
    const xrmStyle = `{${h.userId("agent").toUpperCase()}}`;
    expect((await resolveOnce(xrmStyle, csw)).profile.uniqueName).toBe("rtm_sales");
  });

  it.each([
    ["a GUID with a quote", "8d1a7a52-0000-4000-8000-00000000a901' or 1 eq 1"],
    ["a name", "Riley Agent"],
    ["nothing", undefined],
  ])("refuses %s as the user before any request", async (_what, user) => {
    const { transport, requests } = countingTransport(h);
    await expect(resolveEffectiveProfile(user as string, csw, { transport })).rejects.toThrow(/systemuserid GUID/);
    expect(requests).toHaveLength(0);
  });

  it.each([["192350000"], [42], [1.5], [Number.NaN]])("refuses the app %p before any request", async (app) => {
    const { transport, requests } = countingTransport(h);
    await expect(resolveEffectiveProfile(h.userId("agent"), app as number, { transport })).rejects.toThrow(
      /the app must be one of 192350000 \(Customer Service workspace\), 192350001/,
    );
    expect(requests).toHaveLength(0);
  });

  it("turns a Web API error into an EffectiveProfileError with Dataverse's code", async () => {
    const { transport, requests } = countingTransport(h, "norole");
    const error = await resolveEffectiveProfile(h.userId("norole"), csw, { transport }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EffectiveProfileError);
    expect(error).toMatchObject({ status: 403, code: "0x80040220" });
    expect((error as Error).message).toMatch(/^Reading the app profile failed with HTTP 403: Principal user/);
    expect(requests).toHaveLength(1);
  });

  it("says clearly when no default profile exists for the app", async () => {
    // The API cannot delete a built-in profile, so an environment without one is a stubbed answer.
    const transport = async () => ({ status: 200, ok: true, json: async () => ({ value: [] }), text: async () => "" });
    await expect(resolveEffectiveProfile(h.userId("agent"), oc, { transport })).rejects.toThrow(
      /No app profile applies: the user has none for Omnichannel for Customer Service, and the built-in default/,
    );
  });
});
