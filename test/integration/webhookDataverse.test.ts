/**
 * The webhook host reading through the Web API (dynamics-web-api), against the local server as the calling
 * environment: the same rules as in memory, with every read going over HTTP and every value escaped.
 */
import {
  AppChoice,
  AppProfile,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  builtInProfiles,
  ChannelProvider,
  EnvironmentVariableValue,
  SessionTemplate,
  SystemUser,
} from "../../schema";
import { startWebhookHost, type WebhookHost } from "../../handlers/webhook/server";
import { connectToDataverse } from "../../handlers/webhook/webApiService";
import { createPayload, optionSet, relationshipPayload, updatePayload } from "../../handlers/webhook/testing/payloads";
import { startHarness, type Harness } from "./harness";

const KEY = "local-key";
let h: Harness;
let host: WebhookHost;
const log: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  const service = connectToDataverse({ serverUrl: h.server.url, getToken: async () => h.token("admin") });
  host = await startWebhookHost({ key: KEY, service, log: (line) => log.push(line) });
});
afterAll(async () => {
  await host.close();
  await h.stop();
});

async function post(body: unknown, url = host.url) {
  const response = await fetch(`${url}?code=${KEY}`, { method: "POST", body: JSON.stringify(body) });
  return { status: response.status, text: await response.text() };
}

const csw = AppChoice.CustomerServiceWorkspace.value;
const oc = AppChoice.OmnichannelForCustomerService.value;
const profileRef = (id: string) => ({ logicalName: AppProfile.logicalName, id });
const userRef = (id: string) => ({ logicalName: SystemUser.logicalName, id });

async function createProfile(uniqueName: string, app = csw): Promise<string> {
  return h.client("admin").create<unknown, string>({
    collection: AppProfile.entitySetName,
    data: { apm_name: uniqueName, apm_uniquename: uniqueName, apm_app: app },
  });
}

it("refuses a taken unique name (read with a case-insensitive eq) and lets a quote through escaped", async () => {
  await createProfile("whk_sales");
  const taken = createPayload(AppProfile.logicalName, {
    apm_name: "Copy",
    apm_uniquename: "WHK_Sales",
    apm_app: optionSet(csw),
  });
  expect(await post(taken)).toEqual({ status: 400, text: expect.stringMatching(/already used .* "whk_sales"/) });
  // A PreOperation registration skips the format check, so the quote reaches the $filter: escaped, no match.
  const quoted = createPayload(
    AppProfile.logicalName,
    { apm_name: "Q", apm_uniquename: "whk_o'brien", apm_app: optionSet(csw) },
    { stage: 20 },
  );
  expect(await post(quoted)).toEqual({ status: 200, text: "Allowed." });
});

it("refuses changing a built-in profile without a pre-image (reads it over the Web API)", async () => {
  const change = updatePayload(AppProfile.logicalName, builtInProfiles[0].apm_appprofileid, { apm_name: "Mine" });
  expect(await post(change)).toEqual({ status: 400, text: expect.stringMatching(/is a built-in profile/) });
});

it("reads the Chat license variable from the environment", async () => {
  const omnichannel = createPayload(AppProfile.logicalName, {
    apm_name: "Chat",
    apm_uniquename: "whk_chat",
    apm_app: optionSet(oc),
  });
  expect((await post(omnichannel)).status).toBe(200);
  const { api } = h.server;
  await api.inTransaction(async () => {
    api.dbs.writer.prepare(`UPDATE ${EnvironmentVariableValue.logicalName} SET value = 'no'`).run();
  });
  expect(await post(omnichannel)).toEqual({ status: 400, text: expect.stringMatching(/Chat license/) });
  await api.inTransaction(async () => {
    api.dbs.writer.prepare(`UPDATE ${EnvironmentVariableValue.logicalName} SET value = 'yes'`).run();
  });
});

it("refuses a second profile for a user, naming the first (related rows through any())", async () => {
  const first = await createProfile("whk_first");
  const second = await createProfile("whk_second");
  await h.client("admin").associate({
    collection: AppProfile.entitySetName,
    primaryKey: first,
    relationshipName: AppProfileSystemUser.schemaName,
    relatedCollection: SystemUser.entitySetName,
    relatedKey: h.userId("agent2"),
  });
  const assign = relationshipPayload("Associate", "apm_AppProfile_SystemUser", profileRef(second), [
    userRef(h.userId("agent2")),
  ]);
  expect(await post(assign)).toEqual({ status: 400, text: expect.stringMatching(/Sam Supervisor.*"whk_first"/) });
  const fresh = relationshipPayload("Associate", AppProfileSystemUser.schemaName, profileRef(second), [
    userRef(h.userId("agent")),
  ]);
  expect(await post(fresh)).toEqual({ status: 200, text: "Allowed." });
});

it("refuses a generic session template and checks a provider update against the stored row", async () => {
  const admin = h.client("admin");
  const profile = await createProfile("whk_templates");
  const home = await admin.retrieveMultiple<{ apm_sessiontemplateid: string }>({
    collection: SessionTemplate.entitySetName,
    filter: "apm_uniquename eq 'msdyn_home_session'",
    select: ["apm_sessiontemplateid"],
  });
  const link = relationshipPayload("Associate", AppProfileSessionTemplate.schemaName, profileRef(profile), [
    { logicalName: SessionTemplate.logicalName, id: home.value[0].apm_sessiontemplateid },
  ]);
  expect(await post(link)).toEqual({ status: 400, text: expect.stringMatching(/generic/i) });

  const providers = await admin.retrieveMultiple<{ apm_channelproviderid: string }>({
    collection: ChannelProvider.entitySetName,
    filter: "apm_name eq 'contoso_voice'",
    select: ["apm_channelproviderid"],
  });
  const id = providers.value[0].apm_channelproviderid;
  const outside = updatePayload(ChannelProvider.logicalName, id, { apm_channelurl: "https://voice.fabrikam.com/w" });
  expect(await post(outside)).toEqual({ status: 400, text: expect.stringMatching(/outside the trusted domain/) });
  const inside = updatePayload(ChannelProvider.logicalName, id, { apm_channelurl: "https://cti.contoso.com/w" });
  expect(await post(inside)).toEqual({ status: 200, text: "Allowed." });
});

it("answers 500 without details when the environment cannot be reached", async () => {
  const lines: string[] = [];
  const unreachable = await startWebhookHost({
    key: KEY,
    service: connectToDataverse({ serverUrl: "http://127.0.0.1:9", getToken: async () => "none" }),
    log: (line) => lines.push(line),
  });
  try {
    const create = createPayload(
      AppProfile.logicalName,
      { apm_name: "X", apm_uniquename: "whk_x", apm_app: optionSet(csw) },
      { correlationId: "0f0f0f0f-0000-4000-8000-000000000001" },
    );
    expect(await post(create, unreachable.url)).toEqual({
      status: 500,
      text: "The webhook host could not check this operation (correlation id 0f0f0f0f-0000-4000-8000-000000000001).",
    });
    expect(lines[0]).toMatch(/^\[0f0f0f0f-0000-4000-8000-000000000001\] could not check the operation: /);
  } finally {
    await unreachable.close();
  }
});
