import { AppChoice, AppProfile, AppProfileSessionTemplate, SessionTemplate } from "../../schema";
import { type Harness } from "./harness";
import { harnessKinds } from "./deployed";

// Each suite runs against a demo-seeded server and against an empty one provisioned by `npm run deploy`.
let h: Harness;

const set = AppProfile.entitySetName;
const profile = (uniqueName: string) => ({
  apm_name: uniqueName,
  apm_uniquename: uniqueName,
  apm_app: AppChoice.CustomerServiceWorkspace.value,
});
const exists = async (uniqueName: string) =>
  (
    await h
      .client("admin")
      .retrieveMultiple({ collection: set, filter: `apm_uniquename eq '${uniqueName}'`, select: ["apm_name"] })
  ).value.length > 0;

/** What dynamics-web-api's executeBatch rejects with when the batch answers 4xx: the parsed parts. */
async function batchRejection(batch: Promise<unknown>): Promise<unknown[]> {
  try {
    await batch;
  } catch (error) {
    if (Array.isArray(error)) return error;
    throw error;
  }
  throw new Error("Expected the batch to be refused, but it succeeded");
}

describe.each(harnessKinds)("against the %s server", (_kind, start) => {
  beforeAll(async () => {
    h = await start();
  });
  afterAll(() => h.stop());

  describe("$batch", () => {
    it("runs a change set as one transaction and answers each request", async () => {
      const admin = h.client("admin");
      admin.startBatch();
      admin.create({ collection: set, data: profile("batch_one") });
      admin.create({ collection: set, data: profile("batch_two") });
      admin.retrieveMultiple({ collection: SessionTemplate.entitySetName, select: ["apm_name"], top: 1 });
      const responses = await admin.executeBatch();
      expect(responses).toHaveLength(3);
      expect(responses[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(responses[2].value).toHaveLength(1);
      expect(await exists("batch_one")).toBe(true);
      expect(await exists("batch_two")).toBe(true);
    });

    it("rolls back the whole change set when a request fails half way", async () => {
      const admin = h.client("admin");
      admin.startBatch();
      admin.create({ collection: set, data: profile("batch_good") });
      admin.update({
        collection: set,
        key: "00000000-0000-4000-8000-0000000000ff",
        data: { apm_name: "missing" },
        ifmatch: "*",
      });
      admin.create({ collection: set, data: profile("batch_after") });
      // Dataverse fails the batch with the failing request's status, so the client rejects with the part errors.
      const results = await batchRejection(admin.executeBatch());
      expect(results).toEqual([expect.objectContaining({ status: 404 })]);
      expect(await exists("batch_good")).toBe(false);
      expect(await exists("batch_after")).toBe(false);
    });

    it("rolls back when a handler refuses a later request in the change set", async () => {
      const admin = h.client("admin");
      admin.startBatch();
      admin.create({ collection: set, data: profile("batch_dupe") });
      admin.create({ collection: set, data: profile("BATCH_DUPE") });
      const results = await batchRejection(admin.executeBatch());
      expect(results).toHaveLength(1);
      expect(results[0]).toMatchObject({
        status: 400,
        error: { code: "0x80040265", message: expect.stringMatching(/batch_dupe/i) },
      });
      expect(await exists("batch_dupe")).toBe(false);
    });

    it("resolves Content-ID references ($1) inside a change set", async () => {
      const template = (
        await h.client("admin").retrieveMultiple({
          collection: SessionTemplate.entitySetName,
          filter: "apm_uniquename eq 'msdyn_case_session'",
        })
      ).value[0];
      const boundary = "batch_test";
      const changeSet = "changeset_test";
      const api = h.server.apiUrl;
      const body = [
        `--${boundary}`,
        `Content-Type: multipart/mixed;boundary=${changeSet}`,
        "",
        `--${changeSet}`,
        "Content-Type: application/http",
        "Content-Transfer-Encoding: binary",
        "Content-ID: 1",
        "",
        `POST ${api}${set} HTTP/1.1`,
        "Content-Type: application/json",
        "",
        JSON.stringify(profile("batch_ref")),
        `--${changeSet}`,
        "Content-Type: application/http",
        "Content-Transfer-Encoding: binary",
        "Content-ID: 2",
        "",
        `POST $1/${AppProfileSessionTemplate.schemaName}/$ref HTTP/1.1`,
        "Content-Type: application/json",
        "",
        JSON.stringify({ "@odata.id": `${api}${SessionTemplate.entitySetName}(${template.apm_sessiontemplateid})` }),
        `--${changeSet}--`,
        `--${boundary}--`,
        "",
      ].join("\r\n");
      const response = await h.raw("$batch", {
        method: "POST",
        headers: { "Content-Type": `multipart/mixed;boundary=${boundary}` },
        body,
      });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toMatch(/--batchresponse_/);
      expect(text.match(/HTTP\/1\.1 204 No Content/g)).toHaveLength(2);
      const row = await h.client("admin").retrieve({
        collection: set,
        key: "apm_uniquename='batch_ref'",
        select: ["apm_name"],
        expand: [{ property: AppProfileSessionTemplate.schemaName }],
      });
      expect(row[AppProfileSessionTemplate.schemaName]).toHaveLength(1);
    });

    it("refuses a malformed batch body with a message", async () => {
      const response = await h.raw("$batch", {
        method: "POST",
        headers: { "Content-Type": "multipart/mixed;boundary=b" },
        body: "garbage",
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toMatch(/--b--/);
    });
  });
});
