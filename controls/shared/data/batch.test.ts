/**
 * The $batch writer and reader on their own (Learn: data-platform/webapi/execute-batch-operations-using-web-api):
 * the exact body written, and responses read as Dataverse writes them.
 */
import { buildBatch, multipartBoundary, parseBatchResponse } from "./batch";

const root = "https://org.crm.dynamics.com/api/data/v9.2/";

describe("buildBatch", () => {
  it("writes a change set with CRLF line endings, numbered Content-IDs, headers and JSON bodies", () => {
    const { contentType, body } = buildBatch(
      [
        {
          changeSet: [
            { method: "POST", url: `${root}apm_appprofiles`, body: { apm_name: "A" } },
            {
              method: "PATCH",
              url: `${root}apm_appprofiles(1)`,
              headers: { "If-Match": 'W/"5"' },
              body: { apm_name: "B" },
            },
          ],
        },
      ],
      "x",
    );
    expect(contentType).toBe("multipart/mixed; boundary=batch_x");
    expect(body).toBe(
      [
        "--batch_x",
        "Content-Type: multipart/mixed; boundary=changeset_x_0",
        "",
        "--changeset_x_0",
        "Content-Type: application/http",
        "Content-Transfer-Encoding: binary",
        "Content-ID: 1",
        "",
        `POST ${root}apm_appprofiles HTTP/1.1`,
        "Content-Type: application/json; type=entry",
        "",
        '{"apm_name":"A"}',
        "--changeset_x_0",
        "Content-Type: application/http",
        "Content-Transfer-Encoding: binary",
        "Content-ID: 2",
        "",
        `PATCH ${root}apm_appprofiles(1) HTTP/1.1`,
        'If-Match: W/"5"',
        "Content-Type: application/json; type=entry",
        "",
        '{"apm_name":"B"}',
        "--changeset_x_0--",
        "--batch_x--",
        "",
      ].join("\r\n"),
    );
    // Every line break is CRLF, the last line included (Dataverse can't read a body without it).
    expect(body.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(body.endsWith("--batch_x--\r\n")).toBe(true);
  });

  it("numbers Content-IDs across change sets, keeps `$n` references as written, and leaves GETs outside", () => {
    const { body } = buildBatch(
      [
        { changeSet: [{ method: "POST", url: `${root}apm_appprofiles`, body: {} }] },
        {
          changeSet: [
            { method: "POST", url: `${root}apm_appprofiles`, body: {} },
            {
              method: "POST",
              url: "$2/apm_appprofile_systemuser/$ref",
              body: { "@odata.id": `${root}systemusers(u)` },
            },
          ],
        },
        { method: "GET", url: `${root}WhoAmI`, headers: { Accept: "application/json" } },
      ],
      "y",
    );
    expect(body.match(/Content-ID: \d+/g)).toEqual(["Content-ID: 1", "Content-ID: 2", "Content-ID: 3"]);
    expect(body).toContain("POST $2/apm_appprofile_systemuser/$ref HTTP/1.1");
    expect(body).toContain("boundary=changeset_y_1");
    // A request outside a change set is a part of its own, without a Content-ID or a body.
    const get = body.slice(body.indexOf("--batch_y\r\nContent-Type: application/http"));
    expect(get).toBe(
      `--batch_y\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nGET ${root}WhoAmI HTTP/1.1\r\nAccept: application/json\r\n\r\n\r\n--batch_y--\r\n`,
    );
  });

  it("uses a new boundary for every batch by default", () => {
    const a = buildBatch([{ method: "GET", url: `${root}WhoAmI` }]);
    const b = buildBatch([{ method: "GET", url: `${root}WhoAmI` }]);
    expect(a.contentType).not.toBe(b.contentType);
    expect(multipartBoundary(a.contentType)).toMatch(/^batch_[0-9a-z-]+$/);
  });
});

/** A response as Dataverse writes it: a change set's parts, then a GET. */
const okResponse = [
  "--batchresponse_1",
  "Content-Type: multipart/mixed; boundary=changesetresponse_2",
  "",
  "--changesetresponse_2",
  "Content-Type: application/http",
  "Content-Transfer-Encoding: binary",
  "Content-ID: 1",
  "",
  "HTTP/1.1 204 No Content",
  "OData-Version: 4.0",
  `Location: ${root}apm_appprofiles(11111111-1111-4111-8111-111111111111)`,
  `OData-EntityId: ${root}apm_appprofiles(11111111-1111-4111-8111-111111111111)`,
  "",
  "",
  "--changesetresponse_2",
  "Content-Type: application/http",
  "Content-Transfer-Encoding: binary",
  "Content-ID: 2",
  "",
  "HTTP/1.1 200 OK",
  "Content-Type: application/json; odata.metadata=minimal",
  "",
  '{"@odata.etag":"W/\\"7\\"","apm_appprofileid":"11111111-1111-4111-8111-111111111111"}',
  "--changesetresponse_2--",
  "--batchresponse_1",
  "Content-Type: application/http",
  "Content-Transfer-Encoding: binary",
  "",
  "HTTP/1.1 200 OK",
  "Content-Type: application/json; odata.metadata=minimal; odata.streaming=true",
  "",
  '{"UserId":"u"}',
  "--batchresponse_1--",
  "",
].join("\r\n");

describe("parseBatchResponse", () => {
  it("reads the parts in request order, change sets flattened: status, headers in lower case, JSON, Content-ID", () => {
    const parts = parseBatchResponse("multipart/mixed; boundary=batchresponse_1", okResponse);
    expect(parts.map((p) => [p.status, p.contentId])).toEqual([
      [204, "1"],
      [200, "2"],
      [200, undefined],
    ]);
    expect(parts[0].headers["odata-entityid"]).toBe(`${root}apm_appprofiles(11111111-1111-4111-8111-111111111111)`);
    expect(parts[0].body).toBeUndefined();
    expect(parts[1].body).toEqual({ "@odata.etag": 'W/"7"', apm_appprofileid: "11111111-1111-4111-8111-111111111111" });
    expect(parts[2].body).toEqual({ UserId: "u" });
    expect(Object.getPrototypeOf(parts[0].headers)).toBeNull();
  });

  it("reads a failed change set as its failing request alone, with the server's error", () => {
    const failed = [
      "--batchresponse_9",
      "Content-Type: application/http",
      "Content-Transfer-Encoding: binary",
      "Content-ID: 2",
      "",
      "HTTP/1.1 412 Precondition Failed",
      "Content-Type: application/json; odata.metadata=minimal",
      "",
      '{"error":{"code":"0x80060882","message":"The version of the existing record doesn\'t match."}}',
      "--batchresponse_9--",
      "",
    ].join("\r\n");
    expect(parseBatchResponse('multipart/mixed; boundary="batchresponse_9"', failed)).toEqual([
      {
        status: 412,
        contentId: "2",
        headers: expect.objectContaining({ "content-type": "application/json; odata.metadata=minimal" }),
        body: { error: { code: "0x80060882", message: "The version of the existing record doesn't match." } },
      },
    ]);
  });

  it("reads LF-only responses and a preamble too", () => {
    const lf = `preamble\n${okResponse.replace(/\r\n/g, "\n")}`;
    const parts = parseBatchResponse("multipart/mixed; boundary=batchresponse_1", lf);
    expect(parts.map((p) => p.status)).toEqual([204, 200, 200]);
    expect(parts[1].body).toMatchObject({ "@odata.etag": 'W/"7"' });
  });

  it("refuses what is not a multipart answer, or a part without a status line", () => {
    expect(() => parseBatchResponse("application/json", '{"error":{}}')).toThrow(/multipart\/mixed/);
    expect(() =>
      parseBatchResponse(
        "multipart/mixed; boundary=b",
        "--b\r\nContent-Type: application/http\r\n\r\nnonsense\r\n--b--\r\n",
      ),
    ).toThrow(/status line/);
  });
});
