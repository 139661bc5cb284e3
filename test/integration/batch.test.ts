import { AppChoice, AppProfile, AppProfileSessionTemplate, SessionTemplate } from "../../schema";
import { RepositoryError } from "../../controls/shared/data/ProfileRepository";
import { profileRepository } from "./repository";
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

/** One application/http part. */
function request(method: string, url: string, body?: string, headers: Record<string, string> = {}): string {
  const lines = [`${method} ${url} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return body === undefined ? lines.join("\r\n") : `${lines.join("\r\n")}\r\n\r\n${body}`;
}

const httpPart = (message: string, contentId?: string) =>
  [
    "Content-Type: application/http",
    "Content-Transfer-Encoding: binary",
    ...(contentId ? [`Content-ID: ${contentId}`] : []),
    "",
    message,
  ].join("\r\n");

/** A change set part holding `messages` (each gets a Content-ID 1, 2, ...). */
function changeSet(boundary: string, messages: string[]): string {
  const parts = messages.map((m, i) => `--${boundary}\r\n${httpPart(m, String(i + 1))}\r\n`).join("");
  return `Content-Type: multipart/mixed;boundary=${boundary}\r\n\r\n${parts}--${boundary}--`;
}

/** A batch body with CRLF line endings and a final CRLF, as Dataverse reads it. */
function batch(parts: string[], boundary = "b"): string {
  const wrapped = parts.map((p) => (p.startsWith("Content-Type: multipart/mixed") ? p : httpPart(p)));
  return `${wrapped.map((p) => `--${boundary}\r\n${p}\r\n`).join("")}--${boundary}--\r\n`;
}

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
    describe("$batch: checked whole, failing as Dataverse fails", () => {
      const api = () => h.server.apiUrl;
      const post = (uniqueName: string) =>
        request("POST", `${api()}${set}`, JSON.stringify(profile(uniqueName)), { "Content-Type": "application/json" });
      const send = (body: string, headers: Record<string, string> = {}, boundary = "b") =>
        h.raw("$batch", {
          method: "POST",
          headers: { "Content-Type": `multipart/mixed;boundary=${boundary}`, ...headers },
          body,
        });

      it("commits nothing when a malformed part follows a good change set (fidelity #78)", async () => {
        const body = batch([
          changeSet("cs", [post("batch78_a")]),
          `GET ${api()}${set}?$filter=apm_name eq 'x' HTTP/1.1`,
        ]);
        const response = await send(body);
        expect(response.status).toBe(400);
        expect(await response.text()).toMatch(/request line/);
        expect(await exists("batch78_a")).toBe(false);
      });

      it("answers the failing request's status and shows what earlier requests committed", async () => {
        const missing = request("PATCH", `${api()}${set}(00000000-0000-4000-8000-0000000000fe)`, "{}", {
          "Content-Type": "application/json",
          "If-Match": "*",
        });
        const response = await send(batch([post("batch_visible"), missing, post("batch_never")]));
        expect(response.status).toBe(404);
        expect(response.headers.get("content-type")).toMatch(/^multipart\/mixed; boundary=batchresponse_/);
        const text = await response.text();
        expect(text.match(/HTTP\/1\.1 (\d+)/g)).toEqual(["HTTP/1.1 204", "HTTP/1.1 404"]);
        expect(await exists("batch_visible")).toBe(true);
        expect(await exists("batch_never")).toBe(false);
      });

      it("with odata.continue-on-error answers 200, runs every request and reports each failure in its part", async () => {
        const body = batch([post("batch_coe"), post("BATCH_COE"), post("batch_coe_after")]);
        const response = await send(body, { Prefer: "odata.continue-on-error" });
        expect(response.status).toBe(200);
        expect((await response.text()).match(/HTTP\/1\.1 (\d+)/g)).toEqual([
          "HTTP/1.1 204",
          "HTTP/1.1 400",
          "HTTP/1.1 204",
        ]);
        expect(await exists("batch_coe_after")).toBe(true);
      });

      it("refuses LF-only line endings without a final CRLF, and runs nothing (fidelity #77)", async () => {
        const body = batch([post("batch_lf")])
          .replace(/\r\n/g, "\n")
          .replace(/\n$/, "");
        const response = await send(body);
        expect(response.status).toBe(400);
        const text = await response.text();
        expect(text).toMatch(/HTTP\/1\.1 400 Bad Request/);
        expect(text).toMatch(/"code":"0x80048d19".*Stream was not readable/);
        expect(await exists("batch_lf")).toBe(false);
      });

      it("reads LF line endings that end with two line breaks, Learn's workaround", async () => {
        const body = `${batch([post("batch_lf2")]).replace(/\r\n/g, "\n")}\n`;
        expect((await send(body)).status).toBe(200);
        expect(await exists("batch_lf2")).toBe(true);
      });

      it.each(["text/plain", "multipart/form-data; boundary=b", "multipart/mixed", "application/json"])(
        "answers 415 to Content-Type %s and runs nothing (issue 11 defect 4)",
        async (contentType) => {
          const response = await h.raw("$batch", {
            method: "POST",
            headers: { "Content-Type": contentType },
            body: batch([post("batch_415")]),
          });
          expect(response.status).toBe(415);
          expect((await response.json()).error).toEqual({
            code: "0x80048d19",
            message: expect.stringMatching(/multipart\/mixed/),
          });
          expect(await exists("batch_415")).toBe(false);
        },
      );

      it("refuses a $batch nested in a change set before any lock, so the next write isn't blocked (issue 11 defect 2)", async () => {
        const inner = request("POST", `${api()}$batch`, batch([post("batch_inner")], "inner"), {
          "Content-Type": "multipart/mixed;boundary=inner",
        });
        const response = await send(batch([changeSet("cs", [post("batch_outer"), inner])]));
        expect(response.status).toBe(400);
        expect(await response.text()).toMatch(/can't contain another \$batch/);
        const started = Date.now();
        const next = await h.raw(set, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(profile("batch_after_nested")),
        });
        expect(next.status).toBe(204);
        expect(Date.now() - started).toBeLessThan(2000);
        expect(await exists("batch_outer")).toBe(false);
        expect(await exists("batch_inner")).toBe(false);
      });

      it("refuses a part that is itself a $batch, even with continue-on-error", async () => {
        const inner = request("POST", "$batch", batch([post("batch_inner2")], "inner"), {
          "Content-Type": "multipart/mixed;boundary=inner",
        });
        const response = await send(batch([inner, post("batch_beside")]), { Prefer: "odata.continue-on-error" });
        expect(response.status).toBe(200);
        expect(await response.text()).toMatch(
          /HTTP\/1\.1 400[\s\S]*can't contain another \$batch[\s\S]*HTTP\/1\.1 204/,
        );
        expect(await exists("batch_inner2")).toBe(false);
        expect(await exists("batch_beside")).toBe(true);
      });

      it("refuses more than 1,000 requests before running any", async () => {
        const parts = Array.from({ length: 1001 }, (_, i) => post(`batch_many_${i}`));
        const response = await send(batch(parts));
        expect(response.status).toBe(400);
        expect((await response.json()).error.message).toMatch(/1001 requests.*at most 1000/);
        expect(await exists("batch_many_0")).toBe(false);
      });

      it("refuses a part URL over 64 KB and runs nothing", async () => {
        const long = `GET ${api()}${set}?$filter=${"apm_name%20eq%20'x'%20or%20".repeat(2700)}apm_name%20eq%20'y' HTTP/1.1`;
        const response = await send(batch([post("batch_long"), long]));
        expect(response.status).toBe(414);
        expect(await response.text()).toMatch(/at most 65536 characters/);
        expect(await exists("batch_long")).toBe(false);
      });

      it("serves other requests while a long batch of reads runs", async () => {
        const reads = Array.from({ length: 300 }, () => `GET ${api()}${set}?$select=apm_name HTTP/1.1`);
        let batchDone = false;
        const running = send(batch(reads)).then(async (response) => {
          await response.text();
          batchDone = true;
          return response.status;
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
        const single = await h.raw(`${set}?$select=apm_name&$top=1`);
        expect(single.status).toBe(200);
        expect(batchDone).toBe(false);
        expect(await running).toBe(200);
      });

      it("answers Dataverse's SQL timeout when the write lock isn't free in time, and saves nothing", async () => {
        const lock = h.server.api.lock;
        const timeout = lock.timeoutMs;
        lock.timeoutMs = 100;
        let release!: () => void;
        const holder = lock.run(() => new Promise<void>((resolve) => (release = resolve)), 60_000);
        try {
          const response = await send(batch([changeSet("cs", [post("batch_timeout")])]));
          expect(response.status).toBe(500);
          expect(await response.text()).toMatch(/"code":"0x80044151".*Execution Timeout Expired/);
        } finally {
          lock.timeoutMs = timeout;
          release();
          await holder;
        }
        expect(await exists("batch_timeout")).toBe(false);
        expect((await send(batch([post("batch_after_timeout")]))).status).toBe(200);
      });

      it("runs a transaction started inside a transaction in a savepoint instead of waiting for itself", async () => {
        const api = h.server.api;
        await expect(api.inTransaction(() => api.inTransaction(async () => "nested"))).resolves.toBe("nested");
      });

      it("puts Location next to OData-EntityId, and odata.streaming=true on GET parts (fidelity #73)", async () => {
        const read = `GET ${api()}${set}?$select=apm_name&$top=1 HTTP/1.1`;
        const response = await send(batch([changeSet("cs", [post("batch_location")]), read]));
        expect(response.status).toBe(200);
        const text = await response.text();
        const location = /\r\nLocation: (\S+)\r\nOData-EntityId: (\S+)\r\n/.exec(text);
        expect(location?.[1]).toMatch(new RegExp(`/${set}\\([0-9a-f-]{36}\\)$`));
        expect(location?.[1]).toBe(location?.[2]);
        expect(text).toMatch(
          /HTTP\/1\.1 200 OK\r\nContent-Type: application\/json; odata\.metadata=minimal; odata\.streaming=true\r\n/,
        );
      });

      it("keeps the product's saveProfile mapping a failed batch to the right RepositoryError", async () => {
        const admin = h.client("admin");
        const id = String(await admin.create({ collection: set, data: profile("batch_save") }));
        const repository = profileRepository(h, "admin");
        const stale = {
          profileId: id,
          etag: 'W/"1"',
          changedFields: { apm_name: "stale" },
          disassociate: [],
          associate: [],
        };
        const error = await repository.saveProfile(stale).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(RepositoryError);
        expect(error).toMatchObject({ kind: "conflict", status: 412 });
        const row = await admin.retrieve({ collection: set, key: id, select: ["apm_name"] });
        const saved = await repository.saveProfile({
          ...stale,
          etag: row["@odata.etag"],
          changedFields: { apm_name: "fresh" },
        });
        expect(saved.etag).toMatch(/^W\/"\d+"$/);
      });
    });
  });
});
