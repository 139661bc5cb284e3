/**
 * The webhook path end to end, locally: `npm run deploy -- --webhook-url U --webhook-key K` registers the webhook
 * host's service endpoint and steps through the Web API (idempotently), and the local server then calls the host
 * synchronously with a RemoteExecutionContext on every registered write and cancels it on a non-2xx answer, as
 * Dataverse does (Learn: data-platform/use-webhooks). Writes here bypass nothing.
 */
import { AppProfile, AppProfileSystemUser, SystemUser } from "../../schema";
import { startWebhookHost, type WebhookHost } from "../../handlers/webhook/server";
import { connectToDataverse } from "../../handlers/webhook/webApiService";
import { deploy } from "../../Solutions/deploy/deploy";
import { ENDPOINT_NAME, webhookSteps } from "../../Solutions/deploy/webhook";
import { solutionZips } from "./deployed";
import { rejection, startHarness, type Harness } from "./harness";

const KEY = "local-webhook-key-0123456789";
let h: Harness;
let host: WebhookHost;
const hostLog: string[] = [];

beforeAll(async () => {
  h = await startHarness({ seed: "empty", keyIndexDelayMs: 100 });
  // The host reads as the admin; the System Administrator is the system that writes the built-in profiles.
  const service = connectToDataverse({ serverUrl: h.server.url, getToken: async () => h.token("admin") });
  host = await startWebhookHost({
    key: KEY,
    service,
    systemUserIds: [h.userId("sysadmin")],
    log: (line) => hostLog.push(line),
  });
});
afterAll(async () => {
  await host.close();
  await h.stop();
});

async function deployWithWebhook(): Promise<string[]> {
  const lines: string[] = [];
  await deploy({
    url: h.server.url,
    auth: { kind: "token", token: h.token("sysadmin") },
    zipPath: (await solutionZips()).unmanaged,
    webhook: { url: host.url, key: KEY },
    keyWait: { timeoutMs: 10_000, intervalMs: 50 },
    log: (line) => lines.push(line),
  });
  return lines;
}

async function registrations() {
  const sysadmin = h.client("sysadmin");
  const steps = await sysadmin.retrieveMultiple({
    collection: "sdkmessageprocessingsteps",
    select: ["name", "stage", "mode", "versionnumber", "_sdkmessagefilterid_value", "_eventhandler_value"],
  });
  const images = await sysadmin.retrieveMultiple({
    collection: "sdkmessageprocessingstepimages",
    select: ["entityalias", "imagetype", "versionnumber"],
  });
  const endpoints = await sysadmin.retrieveMultiple({
    collection: "serviceendpoints",
    select: ["name", "versionnumber"],
  });
  return { steps: steps.value, images: images.value, endpoints: endpoints.value };
}

let first: Awaited<ReturnType<typeof registrations>>;

it("registers the endpoint, a PreValidation synchronous step per rule and the pre images, through the Web API", async () => {
  const lines = await deployWithWebhook();
  expect(lines).toContain(`      service endpoint ${ENDPOINT_NAME}: created`);
  expect(lines).toContain(`      ${ENDPOINT_NAME}: Associate of any Entity: created`);
  expect(lines).toContain(`      ${ENDPOINT_NAME}: Update of apm_appprofile: created, PreImage created`);
  first = await registrations();
  expect(first.endpoints).toHaveLength(1);
  expect(first.steps).toHaveLength(webhookSteps.length);
  expect(first.steps.every((s) => s.stage === 10 && s.mode === 0)).toBe(true);
  const associate = first.steps.find((s) => s.name.endsWith("Associate of any Entity"));
  expect(associate?._sdkmessagefilterid_value).toBeNull(); // "none": no table filter
  expect(first.images).toHaveLength(5);
  // The built-in profiles were upserted through the webhook, as the system.
  expect(hostLog.some((l) => /allowed Create apm_appprofile/.test(l))).toBe(true);
});

it("changes nothing when run again", async () => {
  const lines = await deployWithWebhook();
  expect(lines).toContain(`      service endpoint ${ENDPOINT_NAME}: unchanged`);
  expect(lines.filter((l) => /: created/.test(l))).toEqual([]);
  expect(await registrations()).toEqual(first);
});

it("refuses a rule violation through the webhook, and lets a valid write through", async () => {
  const admin = h.client("admin");
  hostLog.length = 0;
  const data = { apm_name: "Tier 1", apm_uniquename: "whd_tier1", apm_app: 192350000 };
  const id = await admin.create<unknown, string>({ collection: AppProfile.entitySetName, data });
  expect(hostLog.some((l) => /allowed Create apm_appprofile/.test(l))).toBe(true);

  const taken = await rejection(
    admin.create({ collection: AppProfile.entitySetName, data: { ...data, apm_name: "Copy" } }),
  );
  expect(taken.status).toBe(400);
  expect(taken.message).toMatch(
    /webhook step 'App Profile Manager webhook: Create of apm_appprofile' cancelled the operation: .* answered HTTP 400/,
  );
  expect(taken.message).not.toContain(KEY);
  expect(hostLog.some((l) => /refused Create apm_appprofile \(stage 10\)/.test(l))).toBe(true);

  // Associate: one profile per user, checked by the Associate step registered for any entity.
  const other = await admin.create<unknown, string>({
    collection: AppProfile.entitySetName,
    data: { ...data, apm_name: "Tier 2", apm_uniquename: "whd_tier2" },
  });
  const assign = (profile: string) =>
    admin.associate({
      collection: AppProfile.entitySetName,
      primaryKey: profile,
      relationshipName: AppProfileSystemUser.schemaName,
      relatedCollection: SystemUser.entitySetName,
      relatedKey: h.userId("agent"),
    });
  await assign(id);
  const second = await rejection(assign(other));
  expect(second.message).toMatch(/Associate of any Entity' cancelled the operation/);
  expect(hostLog.some((l) => /refused Associate/.test(l))).toBe(true);
});
