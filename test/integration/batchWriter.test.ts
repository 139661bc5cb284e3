/**
 * The controls' own $batch writer (controls/shared/data/batch.ts, webApiFetch.ts) against the real local server over
 * HTTP (Learn: data-platform/webapi/execute-batch-operations-using-web-api): change sets commit together, `$n`
 * references the record an earlier request created, a failing change set rolls back whole, and the failure maps to
 * the repository's error model.
 */
import { AppChoice, AppProfile, SessionTemplate, SessionTemplateTypeChoice } from "../../schema";
import { buildBatch } from "../../controls/shared/data/batch";
import { toRepositoryError } from "../../controls/shared/data/mapping";
import {
  createWebApiFetch,
  idFromEntityUrl,
  sendBatch,
  webApiRoot,
  type WebApiFetch,
} from "../../controls/shared/data/webApiFetch";
import { startHarness, type Harness } from "./harness";

let h: Harness;
let send: WebApiFetch;
let root: string;

beforeAll(async () => {
  h = await startHarness();
  root = webApiRoot(h.server.url);
  send = createWebApiFetch({ clientUrl: h.server.url, getToken: () => h.token("admin") });
});
afterAll(() => h.stop());

const profile = (uniqueName: string) => ({
  apm_name: uniqueName,
  apm_uniquename: uniqueName,
  apm_app: AppChoice.CustomerServiceWorkspace.value,
});

async function profileByUniqueName(uniqueName: string): Promise<Record<string, unknown> | undefined> {
  const response = await h.raw(
    `${AppProfile.entitySetName}?$select=apm_name&$filter=apm_uniquename eq '${uniqueName}'` +
      `&$expand=apm_appprofile_sessiontemplate($select=apm_sessiontemplateid)`,
  );
  const body = (await response.json()) as { value: Record<string, unknown>[] };
  return body.value[0];
}

/** An entity template: only those can be added to a profile (rule 6). */
async function anyTemplateId(): Promise<string> {
  const entity = SessionTemplateTypeChoice.Entity.value;
  const response = await h.raw(
    `${SessionTemplate.entitySetName}?$select=apm_name&$filter=apm_type eq ${entity}&$top=1`,
  );
  return ((await response.json()) as { value: { apm_sessiontemplateid: string }[] }).value[0].apm_sessiontemplateid;
}

describe("the controls' $batch writer against the local server", () => {
  it("commits a change set: a create, then `$1` associates a template to the record it created", async () => {
    const template = await anyTemplateId();
    const parts = await sendBatch(send, [
      {
        changeSet: [
          { method: "POST", url: `${root}${AppProfile.entitySetName}`, body: profile("bwrite_created") },
          {
            method: "POST",
            url: "$1/apm_appprofile_sessiontemplate/$ref",
            body: { "@odata.id": `${root}${SessionTemplate.entitySetName}(${template})` },
          },
        ],
      },
    ]);
    expect(parts.map((p) => [p.status, p.contentId])).toEqual([
      [204, "1"],
      [204, "2"],
    ]);
    const id = idFromEntityUrl(parts[0].headers["odata-entityid"]);
    const saved = await profileByUniqueName("bwrite_created");
    expect(saved?.apm_appprofileid).toBe(id);
    expect(saved?.apm_appprofile_sessiontemplate).toEqual([
      expect.objectContaining({ apm_sessiontemplateid: template }),
    ]);
  });

  it("reads a GET outside the change set, and the PATCH's representation with its new ETag (If-Match current)", async () => {
    const created = await profileByUniqueName("bwrite_created");
    const id = String(created?.apm_appprofileid);
    const etag = (await (await h.raw(`${AppProfile.entitySetName}(${id})?$select=apm_name`)).json())["@odata.etag"];
    const parts = await sendBatch(send, [
      {
        changeSet: [
          {
            method: "PATCH",
            url: `${root}${AppProfile.entitySetName}(${id})?$select=apm_name`,
            headers: { "If-Match": etag, Prefer: "return=representation" },
            body: { apm_name: "bw renamed" },
          },
        ],
      },
      { method: "GET", url: `${root}WhoAmI`, headers: { Accept: "application/json" } },
    ]);
    expect(parts.map((p) => p.status)).toEqual([200, 200]);
    expect(parts[0].body).toMatchObject({ apm_name: "bw renamed", "@odata.etag": expect.any(String) });
    expect((parts[0].body as Record<string, unknown>)["@odata.etag"]).not.toBe(etag);
    expect(parts[1].body).toMatchObject({ UserId: h.userId("admin") });
  });

  it("rolls a failing change set back whole: the first create is not kept when the second is refused (a unique name in use)", async () => {
    const error = await sendBatch(send, [
      {
        changeSet: [
          { method: "POST", url: `${root}${AppProfile.entitySetName}`, body: profile("bwrite_rolled_back") },
          { method: "POST", url: `${root}${AppProfile.entitySetName}`, body: profile("bwrite_created") },
        ],
      },
    ]).catch((e: unknown) => e);
    expect(Array.isArray(error)).toBe(true);
    // The unique-name rule (a PreValidation handler) refuses the second create, with its own message.
    const mapped = toRepositoryError(error);
    expect(mapped).toMatchObject({ kind: "refused", status: 400, code: "0x80040265" });
    expect(mapped.message).toContain("bwrite_created");
    expect(await profileByUniqueName("bwrite_rolled_back")).toBeUndefined();
  });

  it("maps a stale If-Match in a change set to a conflict (412) and keeps the row as it was", async () => {
    const created = await profileByUniqueName("bwrite_created");
    const id = String(created?.apm_appprofileid);
    const error = await sendBatch(send, [
      {
        changeSet: [
          {
            method: "PATCH",
            url: `${root}${AppProfile.entitySetName}(${id})`,
            headers: { "If-Match": 'W/"1"' },
            body: { apm_name: "bw stale" },
          },
        ],
      },
    ]).catch((e: unknown) => e);
    expect(toRepositoryError(error)).toMatchObject({ kind: "conflict", status: 412, code: "0x80060882" });
    expect((await profileByUniqueName("bwrite_created"))?.apm_name).toBe("bw renamed");
  });

  it("writes what the server reads as Dataverse does: CRLF throughout, so no 'Stream was not readable'", async () => {
    const { contentType, body } = buildBatch([{ method: "GET", url: `${root}WhoAmI` }]);
    const response = await h.raw("$batch", { method: "POST", headers: { "Content-Type": contentType }, body });
    expect(response.status).toBe(200);
    // The same body with LF line endings is what Dataverse refuses (fidelity: LF-only bodies).
    const lf = await h.raw("$batch", {
      method: "POST",
      headers: { "Content-Type": contentType },
      body: body.replace(/\r\n/g, "\n").replace(/\n$/, ""),
    });
    expect(lf.status).toBe(400);
  });
});
