/**
 * $batch as Microsoft Learn documents it, over HTTP against the local server; most cases go through
 * dynamics-web-api's executeBatch, a client written for Dataverse.
 * Sources: Learn webapi/execute-batch-operations-using-web-api (B), and
 * troubleshoot/power-platform/dataverse/dataverse-web-api-and-sdk/web-api-client-errors (E).
 */
import { AppChoice, AppProfile } from "../../schema";
import { startHarness, type Harness } from "../integration/harness";

const B = "Learn webapi/execute-batch-operations-using-web-api";
const E = "Learn dataverse-web-api-and-sdk/web-api-client-errors";
const set = AppProfile.entitySetName;
let h: Harness;

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

const httpPart = (message: string, contentId?: string) =>
  [
    "Content-Type: application/http",
    "Content-Transfer-Encoding: binary",
    ...(contentId ? [`Content-ID: ${contentId}`] : []),
    "",
    message,
  ].join("\r\n");
const post = (uniqueName: string) =>
  `POST /api/data/v9.2/${set} HTTP/1.1\r\nContent-Type: application/json; type=entry\r\n\r\n${JSON.stringify(profile(uniqueName))}`;
function changeSet(messages: string[]): string {
  const parts = messages.map((m, i) => `--changeset_1\r\n${httpPart(m, String(i + 1))}\r\n`).join("");
  return `Content-Type: multipart/mixed; boundary="changeset_1"\r\n\r\n${parts}--changeset_1--`;
}
function batch(parts: string[]): string {
  const wrapped = parts.map((p) => (p.startsWith("Content-Type: multipart/mixed") ? p : httpPart(p)));
  return `${wrapped.map((p) => `--batch_1\r\n${p}\r\n`).join("")}--batch_1--\r\n`;
}
const send = (body: string, headers: Record<string, string> = {}) =>
  h.raw("$batch", {
    method: "POST",
    headers: { "Content-Type": 'multipart/mixed; boundary="batch_1"', Accept: "application/json", ...headers },
    body,
  });
const statuses = (text: string) => (text.match(/^HTTP\/1\.1 \d+/gm) ?? []).map((line) => Number(line.slice(9)));

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("Expected the batch to be refused, but it succeeded");
}

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe("$batch", () => {
  it(`${B}: a successful batch answers 200 with the responses in request order (dynamics-web-api executeBatch)`, async () => {
    const admin = h.client("admin");
    admin.startBatch();
    admin.create({ collection: set, data: profile("conf_ok_1") });
    admin.retrieveMultiple({ collection: set, select: ["apm_name"], filter: "apm_uniquename eq 'conf_ok_1'" });
    const [id, list] = await admin.executeBatch({ inChangeSet: false });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(list.value).toEqual([expect.objectContaining({ apm_name: "conf_ok_1" })]);
  });

  it(`${B}: each response part is separated by --batchresponse_<id>, and the batch ends with its terminator`, async () => {
    const response = await send(batch([`GET /api/data/v9.2/${set}?$select=apm_name&$top=1 HTTP/1.1`]));
    expect(response.status).toBe(200);
    const boundary = /boundary=(batchresponse_[0-9a-f-]{36})/.exec(response.headers.get("content-type") ?? "")?.[1];
    expect(boundary).toBeDefined();
    const text = await response.text();
    expect(
      text.startsWith(`--${boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary`),
    ).toBe(true);
    expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
  });

  it(`${B}: a create answers 204 with OData-Version, Location and OData-EntityId`, async () => {
    const text = await (await send(batch([post("conf_location")]))).text();
    expect(text).toMatch(
      /HTTP\/1\.1 204 No Content\r\nOData-Version: 4\.0\r\n(?:.*\r\n)*?Location: (\S+)\r\nOData-EntityId: \1\r\n/,
    );
  });

  it(`${B}: a GET part answers application/json; odata.metadata=minimal; odata.streaming=true`, async () => {
    const text = await (await send(batch([`GET /api/data/v9.2/${set}?$select=apm_name&$top=1 HTTP/1.1`]))).text();
    expect(text).toMatch(
      /HTTP\/1\.1 200 OK\r\nContent-Type: application\/json; odata\.metadata=minimal; odata\.streaming=true\r\n/,
    );
  });

  it(`${B}: change set responses nest in --changesetresponse_<id> and echo each Content-ID`, async () => {
    const text = await (await send(batch([changeSet([post("conf_cs_1"), post("conf_cs_2")])]))).text();
    expect(text).toMatch(/Content-Type: multipart\/mixed; boundary=changesetresponse_[0-9a-f-]{36}\r\n/);
    expect(text.match(/^Content-ID: \d+$/gm)).toEqual(["Content-ID: 1", "Content-ID: 2"]);
    expect(await exists("conf_cs_2")).toBe(true);
  });

  it(`${B}: operations in a change set are atomic: one failure rolls back the completed ones`, async () => {
    const admin = h.client("admin");
    admin.startBatch();
    admin.create({ collection: set, data: profile("conf_atomic") });
    admin.create({ collection: set, data: profile("CONF_ATOMIC") });
    const error = await rejectionOf(admin.executeBatch());
    expect(error).toEqual([expect.objectContaining({ status: 400 })]);
    expect(await exists("conf_atomic")).toBe(false);
  });

  it(`${B}: GET requests are not allowed within change sets`, async () => {
    const response = await send(batch([changeSet([post("conf_get_cs"), `GET /api/data/v9.2/${set} HTTP/1.1`])]));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/can't contain a GET/);
    expect(await exists("conf_get_cs")).toBe(false);
  });

  it(`${B}: $1 in a later request's URL references the record created with Content-ID 1`, async () => {
    const patch = `PATCH $1 HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{"apm_description":"patched via $1"}`;
    const response = await send(batch([changeSet([post("conf_ref"), patch])]));
    expect(statuses(await response.text())).toEqual([204, 204]);
    const row = await h.client("admin").retrieve({ collection: set, key: "apm_uniquename='conf_ref'" });
    expect(row.apm_description).toBe("patched via $1");
  });

  it(`${B}: $1 references a create made with Prefer: return=representation, which has no OData-EntityId (its row's id)`, async () => {
    const create =
      `POST /api/data/v9.2/${set}?$select=apm_name HTTP/1.1\r\nContent-Type: application/json; type=entry\r\n` +
      `Prefer: return=representation\r\n\r\n${JSON.stringify(profile("conf_ref_repr"))}`;
    const patch = `PATCH $1 HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{"apm_description":"patched via $1"}`;
    const response = await send(batch([changeSet([create, patch])]));
    const text = await response.text();
    expect(statuses(text)).toEqual([201, 204]);
    expect(text.split("HTTP/1.1 204")[0]).not.toMatch(/OData-EntityId/i);
    const row = await h.client("admin").retrieve({ collection: set, key: "apm_uniquename='conf_ref_repr'" });
    expect(row.apm_description).toBe("patched via $1");
  });

  it(`${B}: referencing a Content-ID before it is declared answers 400, with nothing saved`, async () => {
    const patch = `PATCH $2 HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{"apm_description":"x"}`;
    const response = await send(batch([changeSet([patch, post("conf_undeclared")])]));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/Content-ID Reference: '\$2' does not exist in the batch context\./);
    expect(await exists("conf_undeclared")).toBe(false);
  });

  it(`${B}: without continue-on-error the batch fails with the first failure's status and later requests aren't processed (dynamics-web-api rejects)`, async () => {
    const admin = h.client("admin");
    admin.startBatch();
    admin.create({ collection: set, data: { ...profile("conf_stop"), apm_name: "x".repeat(5000) } });
    admin.create({ collection: set, data: profile("conf_stop_after") });
    const error = await rejectionOf(admin.executeBatch({ inChangeSet: false }));
    expect(error).toEqual([expect.objectContaining({ status: 400 })]);
    expect(await exists("conf_stop_after")).toBe(false);
  });

  it(`${B}: the failed batch's own status line is the failing request's ("HTTP/1.1 400 BadRequest" around its response)`, async () => {
    const tooLong = post("conf_status").replace('"apm_name":"conf_status"', `"apm_name":"${"x".repeat(5000)}"`);
    const response = await send(batch([tooLong, post("conf_status_after")]));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^multipart\/mixed; boundary=batchresponse_/);
    const text = await response.text();
    expect(statuses(text)).toEqual([400]);
    expect(text).toMatch(/\{"error":\{"code":"0x[0-9a-f]{8}","message":"[^"]+"\}\}/);
  });

  it(`${B}: with Prefer: odata.continue-on-error the batch answers 200, later requests run, errors are in the body (dynamics-web-api resolves)`, async () => {
    const admin = h.client("admin");
    admin.startBatch();
    admin.create({ collection: set, data: { ...profile("conf_coe"), apm_name: "x".repeat(5000) } });
    admin.create({ collection: set, data: profile("conf_coe_after") });
    const results = await admin.executeBatch({ inChangeSet: false, continueOnError: true });
    expect(results[0]).toEqual(expect.objectContaining({ status: 400 }));
    expect(results[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await exists("conf_coe_after")).toBe(true);
  });

  it(`${B}: batch requests can contain up to 1000 individual requests`, async () => {
    const reads = Array.from({ length: 1000 }, () => `GET /api/data/v9.2/${set}?$select=apm_name&$top=1 HTTP/1.1`);
    const response = await send(batch(reads));
    expect(response.status).toBe(200);
    expect(statuses(await response.text())).toHaveLength(1000);
    const over = await send(batch([...reads, post("conf_1001")]));
    expect(over.status).toBe(400);
    expect(await exists("conf_1001")).toBe(false);
  });

  it(`${B}: batch requests can't contain other batch requests`, async () => {
    const inner = `POST /api/data/v9.2/$batch HTTP/1.1\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n--inner\r\n${httpPart(post("conf_inner"))}\r\n--inner--`;
    const response = await send(batch([changeSet([post("conf_outer"), inner])]));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/can't contain another \$batch/);
    expect(await exists("conf_outer")).toBe(false);
    expect(await exists("conf_inner")).toBe(false);
  });

  it(`${B}: a GET in a batch may have a URL longer than a request line allows, up to 64 KB`, async () => {
    const filter = encodeURIComponent(`apm_uniquename ne '${"a".repeat(30_000)}'`);
    const response = await send(
      batch([`GET /api/data/v9.2/${set}?$select=apm_name&$top=1&$filter=${filter} HTTP/1.1`]),
    );
    expect(response.status).toBe(200);
    expect(statuses(await response.text())).toEqual([200]);
  });

  it(`${B}: the request must have Content-Type multipart/mixed with a boundary (415 otherwise)`, async () => {
    const response = await send(batch([post("conf_415")]), { "Content-Type": "text/plain" });
    expect(response.status).toBe(415);
    expect((await response.json()).error.code).toMatch(/^0x[0-9a-f]{8}$/);
    expect(await exists("conf_415")).toBe(false);
  });

  it(`${E}: a body whose last line doesn't end with CRLF answers 400 0x80048d19 "Stream was not readable"`, async () => {
    const response = await send(batch([post("conf_crlf")]).replace(/\r\n$/, ""));
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(statuses(text)).toEqual([400]);
    expect(text).toMatch(/"code":"0x80048d19","message":"Error identified in Payload[^"]*Stream was not readable/);
    expect(await exists("conf_crlf")).toBe(false);
  });

  it(`${E}: two non-CRLF line endings at the end of the body make it readable`, async () => {
    const response = await send(`${batch([post("conf_lf")]).replace(/\r\n/g, "\n")}\n`);
    expect(response.status).toBe(200);
    expect(await exists("conf_lf")).toBe(true);
  });
});
