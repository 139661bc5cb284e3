/**
 * @jest-environment node
 *
 * The Web API repository against a recording HTTP server: the exact requests the editor makes to open and to save.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import { AppChoice, AppProfileSessionTemplate, AppProfileSystemUser, ChatLicenseVariable } from "../../../schema";
import { RepositoryError } from "./ProfileRepository";
import { createWebApi } from "../../../host/page/webApi";
import type { ThrottlePolicy } from "../../../runtime";
import { resolveProfileChain } from "../../../runtime/resolve";
import { WebApiProfileRepository } from "./webApiRepository";

interface Recorded {
  method: string;
  url: string;
  /** The URL as sent, before decoding. */
  rawUrl: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Reply = { status: number; headers?: Record<string, string>; body: string };

let server: http.Server;
let origin: string;
let recorded: Recorded[] = [];
let reply: (request: Recorded) => Reply;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const rawUrl = req.url ?? "";
      const request = { method: req.method ?? "", url: decodeURIComponent(rawUrl), rawUrl, headers: req.headers, body };
      recorded.push(request);
      const answer = reply(request);
      res.writeHead(answer.status, { "Content-Type": "application/json; odata.metadata=minimal", ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  recorded = [];
});

const profileId = "11111111-1111-4111-8111-111111111111";
const templateId = "33333333-0000-4000-8000-000000000001";
const userId = "55555555-0000-4000-8000-000000000003";
const otherProfileId = "22222222-2222-4222-8222-222222222222";

function batchResponse(parts: string[]): Reply {
  const changeset = parts
    .map(
      (part, i) =>
        `--changesetresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: ${i + 1}\r\n\r\n${part}\r\n`,
    )
    .join("");
  const body =
    `--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_1\r\n\r\n` +
    `${changeset}--changesetresponse_1--\r\n--batchresponse_1--\r\n`;
  return { status: 200, headers: { "Content-Type": "multipart/mixed; boundary=batchresponse_1" }, body };
}

/** The repository as a control builds it: the host page's context.webAPI (faithful to the platform's) and our fetch. */
function repositoryAt(clientUrl: string, throttle?: ThrottlePolicy) {
  return new WebApiProfileRepository({
    webAPI: createWebApi({ clientUrl }),
    clientUrl,
    throttle,
    resolveProfileChain,
  });
}

describe("WebApiProfileRepository", () => {
  it("opens a profile with one GET that expands its three relationships", async () => {
    reply = () => ({
      status: 200,
      body: JSON.stringify({
        "@odata.etag": 'W/"5"',
        apm_appprofileid: profileId,
        apm_name: "Sales",
        apm_uniquename: "contoso_sales",
        apm_app: 192350000,
        apm_isdefault: false,
        apm_appprofile_sessiontemplate: [
          {
            apm_sessiontemplateid: templateId,
            apm_name: "Account",
            apm_entitylogicalname: "account",
            apm_type: 192350000,
          },
        ],
        apm_appprofile_channelprovider: [],
        apm_appprofile_systemuser: [{ systemuserid: userId, fullname: "Bob", domainname: "bob@contoso.com" }],
      }),
    });
    const repository = repositoryAt(origin);
    const record = await repository.getProfile(profileId);
    expect(recorded).toHaveLength(1);
    expect(recorded[0].method).toBe("GET");
    expect(recorded[0].url).toBe(
      `/api/data/v9.2/apm_appprofiles(${profileId})?$select=apm_appprofileid,apm_name,apm_uniquename,apm_description,apm_app,` +
        `apm_productivitypaneenabled,apm_productivitypanemode,apm_smartassistenabled,apm_callscriptenabled,apm_allactivechannels,apm_isdefault,statecode` +
        `&$expand=apm_appprofile_sessiontemplate($select=apm_sessiontemplateid,apm_name,apm_uniquename,apm_type,apm_entitylogicalname,statecode),` +
        `apm_appprofile_channelprovider($select=apm_channelproviderid,apm_name,apm_label,apm_channelurl,apm_sortorder,statecode),` +
        `apm_appprofile_systemuser($select=systemuserid,fullname,domainname)`,
    );
    expect(recorded[0].headers.authorization).toBeUndefined();
    expect(record).toMatchObject({ id: profileId, etag: 'W/"5"', fields: { apm_name: "Sales" } });
    expect(record?.sessionTemplates[0]).toMatchObject({ id: templateId, entityLogicalName: "account" });
    expect(record?.users[0]).toMatchObject({ id: userId, fullName: "Bob" });
  });

  it("opens a profile by its alternate key: quotes doubled, the value URL-encoded; a 404 is no profile", async () => {
    reply = () => ({
      status: 404,
      body: JSON.stringify({
        error: { code: "0x80060891", message: "A record with the specified key values does not exist" },
      }),
    });
    const repository = repositoryAt(origin);
    expect(await repository.getProfileByUniqueName("o'brien_a/b?c#d,e&f g")).toBeUndefined();
    expect(recorded).toHaveLength(1);
    const [path, query] = recorded[0].rawUrl.split("?$select=");
    expect(path).toBe("/api/data/v9.2/apm_appprofiles(apm_uniquename='o''brien_a%2Fb%3Fc%23d%2Ce%26f%20g')");
    expect(query).toMatch(/^apm_appprofileid,apm_name,apm_uniquename,.*&\$expand=apm_appprofile_sessiontemplate\(/);
  });

  it("reads the Chat license from the variable's value, else its default", async () => {
    reply = () => ({
      status: 200,
      body: JSON.stringify({
        value: [
          {
            schemaname: "apm_ChatLicenseAvailable",
            defaultvalue: "no",
            environmentvariabledefinition_environmentvariablevalue: [{ value: "yes" }],
          },
        ],
      }),
    });
    const repository = repositoryAt(origin);
    expect(await repository.getEnvironmentVariable(ChatLicenseVariable.schemaName)).toBe("yes");
    expect(recorded[0].url).toBe(
      "/api/data/v9.2/environmentvariabledefinitions?$select=schemaname,defaultvalue&$filter=schemaname eq 'apm_ChatLicenseAvailable'" +
        "&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)",
    );
  });

  it("escapes quotes in searches", async () => {
    reply = () => ({ status: 200, body: JSON.stringify({ value: [] }) });
    await repositoryAt(origin).searchUsers("O'Brien");
    expect(recorded[0].url).toContain(
      "$filter=(isdisabled eq false and applicationid eq null and accessmode ne 4) and " +
        "(contains(fullname,'O''Brien') or contains(domainname,'O''Brien'))",
    );
    expect(recorded[0].url).toContain("$expand=apm_appprofile_systemuser($select=apm_appprofileid,apm_name)");
  });

  it("deactivates with one PATCH of statecode and statuscode, with If-Match (rule 13)", async () => {
    reply = () => ({ status: 200, body: JSON.stringify({ "@odata.etag": 'W/"6"', apm_appprofileid: profileId }) });
    const result = await repositoryAt(origin).setProfileActive(profileId, 'W/"5"', false);
    expect(result).toEqual({ etag: 'W/"6"' });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ method: "PATCH", body: JSON.stringify({ statecode: 1, statuscode: 2 }) });
    expect(recorded[0].url).toContain(`/api/data/v9.2/apm_appprofiles(${profileId})`);
    expect(recorded[0].headers["if-match"]).toBe('W/"5"');
  });

  const throttledReply: Reply = {
    status: 429,
    headers: { "Retry-After": "1" },
    body: JSON.stringify({ error: { code: "0x80072322", message: "Number of requests exceeded the limit of 6000." } }),
  };

  it("waits Retry-After after a 429 and sends the request again (Learn: data-platform/api-limits)", async () => {
    reply = () => (recorded.length === 1 ? throttledReply : { status: 200, body: JSON.stringify({ value: [] }) });
    const started = Date.now();
    await expect(repositoryAt(origin).searchChannelProviders("x")).resolves.toEqual([]);
    expect(recorded).toHaveLength(2);
    expect(recorded[1].url).toBe(recorded[0].url);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("waits the Retry-After our fetch reads (an alternate-key read), not a fixed time", async () => {
    reply = () =>
      recorded.length === 1
        ? { ...throttledReply, headers: { "Retry-After": "7" } }
        : { status: 404, body: JSON.stringify({ error: { code: "0x80060891", message: "No such key" } }) };
    const waits: number[] = [];
    const repository = repositoryAt(origin, {
      maxAttempts: 3,
      maxTotalWaitMs: 10_000,
      sleep: async (ms) => void waits.push(ms),
    });
    await expect(repository.getProfileByUniqueName("contoso_x")).resolves.toBeUndefined();
    expect(waits).toEqual([7000]);
    expect(recorded).toHaveLength(2);
  });

  it("retries context.webAPI's throttling by its code: the platform's error has no Retry-After, so the fallback second", async () => {
    reply = () =>
      recorded.length < 3
        ? { ...throttledReply, headers: { "Retry-After": "7" } }
        : { status: 200, body: JSON.stringify({ value: [] }) };
    const waits: number[] = [];
    const repository = repositoryAt(origin, {
      maxAttempts: 3,
      maxTotalWaitMs: 10_000,
      sleep: async (ms) => void waits.push(ms),
    });
    await expect(repository.searchSessionTemplates("x")).resolves.toEqual([]);
    expect(waits).toEqual([1000, 1000]);
  });

  it("reads every page of a handler's query: context.webAPI's nextLink query is the next call's options", async () => {
    reply = (request) =>
      request.url.includes("$skiptoken")
        ? { status: 200, body: JSON.stringify({ value: [{ apm_appprofileid: otherProfileId }] }) }
        : {
            status: 200,
            body: JSON.stringify({
              value: [{ apm_appprofileid: profileId }],
              "@odata.nextLink": `${origin}/api/data/v9.2/apm_appprofiles?$filter=apm_isdefault%20eq%20false&$skiptoken=page2`,
            }),
          };
    const rows = await repositoryAt(origin).retrieveMultiple("apm_appprofile", [
      { attribute: "apm_isdefault", operator: "eq", value: false },
    ]);
    expect(rows.map((r) => r.id)).toEqual([profileId, otherProfileId]);
    expect(recorded.map((r) => r.url)).toEqual([
      "/api/data/v9.2/apm_appprofiles?$filter=apm_isdefault eq false",
      "/api/data/v9.2/apm_appprofiles?$filter=apm_isdefault eq false&$skiptoken=page2",
    ]);
  });

  it("reads context.webAPI's decimal errorCode: a missing id (0x80040217) is no profile, a refusal keeps its code", async () => {
    reply = () => ({
      status: 404,
      body: JSON.stringify({ error: { code: "0x80040217", message: "apm_appprofile With Id = x Does Not Exist" } }),
    });
    expect(await repositoryAt(origin).getProfile(profileId)).toBeUndefined();
    reply = () => ({
      status: 403,
      body: JSON.stringify({ error: { code: "0x80040220", message: "Missing prvRead" } }),
    });
    await expect(repositoryAt(origin).getProfile(profileId)).rejects.toMatchObject({
      kind: "refused",
      code: "0x80040220",
      message: "Missing prvRead",
    });
  });

  it("sends a throttled $batch save again as a whole new batch", async () => {
    reply = () =>
      recorded.length === 1
        ? throttledReply
        : batchResponse([`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"@odata.etag":"W/\\"9\\""}`]);
    const save = { profileId, etag: 'W/"8"', changedFields: { apm_name: "x" }, disassociate: [], associate: [] };
    const waits: number[] = [];
    const repository = repositoryAt(origin, {
      maxAttempts: 3,
      maxTotalWaitMs: 10_000,
      sleep: async (ms) => void waits.push(ms),
    });
    await expect(repository.saveProfile(save)).resolves.toEqual({ etag: 'W/"9"' });
    expect(waits).toEqual([1000]);
    expect(recorded.map((r) => r.url)).toEqual(["/api/data/v9.2/$batch", "/api/data/v9.2/$batch"]);
    expect(recorded[1].body).toContain("PATCH");
  });

  it("gives up after 3 attempts and says when to try again", async () => {
    reply = () => throttledReply;
    const repository = repositoryAt(origin, {
      maxAttempts: 3,
      maxTotalWaitMs: 10_000,
      sleep: async () => undefined,
    });
    await expect(repository.searchUsers("x")).rejects.toMatchObject({
      kind: "throttled",
      status: 429,
      message: "Dataverse is limiting requests right now (service protection). Try again in 1 second.",
    });
    expect(recorded).toHaveLength(3);
  });

  it("saves as one $batch change set: PATCH with If-Match, then disassociations, then associations", async () => {
    reply = () =>
      batchResponse([
        `HTTP/1.1 200 OK\r\nContent-Type: application/json; odata.metadata=minimal\r\nOData-Version: 4.0\r\n\r\n{"@odata.etag":"W/\\"6\\"","apm_appprofileid":"${profileId}"}`,
        "HTTP/1.1 204 No Content\r\nOData-Version: 4.0\r\n\r\n",
        "HTTP/1.1 204 No Content\r\nOData-Version: 4.0\r\n\r\n",
      ]);
    const result = await repositoryAt(origin).saveProfile({
      profileId,
      etag: 'W/"5"',
      changedFields: { apm_productivitypaneenabled: true },
      disassociate: [{ relationship: AppProfileSystemUser.schemaName, profileId: otherProfileId, relatedId: userId }],
      associate: [
        { relationship: AppProfileSystemUser.schemaName, profileId, relatedId: userId },
        { relationship: AppProfileSessionTemplate.schemaName, profileId, relatedId: templateId },
      ],
    });
    expect(result.etag).toBe('W/"6"');
    expect(recorded).toHaveLength(1);
    const [batch] = recorded;
    expect(batch.method).toBe("POST");
    expect(batch.url).toBe("/api/data/v9.2/$batch");
    const lines = batch.body.split(/\r?\n/);
    const requests = lines.filter((l) => /^(GET|POST|PATCH|DELETE) /.test(l));
    expect(requests).toEqual([
      `PATCH ${origin}/api/data/v9.2/apm_appprofiles(${profileId})?$select=apm_appprofileid HTTP/1.1`,
      `DELETE ${origin}/api/data/v9.2/apm_appprofiles(${otherProfileId})/apm_appprofile_systemuser(${userId})/$ref HTTP/1.1`,
      `POST ${origin}/api/data/v9.2/apm_appprofiles(${profileId})/apm_appprofile_systemuser/$ref HTTP/1.1`,
      `POST ${origin}/api/data/v9.2/apm_appprofiles(${profileId})/apm_appprofile_sessiontemplate/$ref HTTP/1.1`,
    ]);
    expect(batch.body).toContain('If-Match: W/"5"');
    expect(batch.body).toContain('{"apm_productivitypaneenabled":true}');
    expect(batch.body).toContain(`"@odata.id":"${origin}/api/data/v9.2/systemusers(${userId})"`);
    expect(batch.body).toMatch(/changeset_/);
  });

  it("saves a built-in profile's users without a PATCH: only $ref changes, and the ETag stays", async () => {
    reply = () => batchResponse(["HTTP/1.1 204 No Content\r\nOData-Version: 4.0\r\n\r\n"]);
    const result = await repositoryAt(origin).saveProfile({
      profileId,
      etag: 'W/"5"',
      changedFields: {},
      relationshipsOnly: true,
      disassociate: [],
      associate: [{ relationship: AppProfileSystemUser.schemaName, profileId, relatedId: userId }],
    });
    expect(result.etag).toBe('W/"5"');
    expect(recorded).toHaveLength(1);
    const requests = recorded[0].body.split(/\r?\n/).filter((l) => /^(GET|POST|PATCH|DELETE) /.test(l));
    expect(requests).toEqual([
      `POST ${origin}/api/data/v9.2/apm_appprofiles(${profileId})/apm_appprofile_systemuser/$ref HTTP/1.1`,
    ]);
    expect(recorded[0].body).not.toContain("If-Match");
  });

  it("reads a user's effective profiles through the runtime: one same-origin GET per app, no token", async () => {
    const builtIn = "e5f3c1a0-0000-4000-8000-000000000002";
    const workspace = AppChoice.CustomerServiceWorkspace.value;
    const omnichannelApp = AppChoice.OmnichannelForCustomerService.value;
    reply = (request) => {
      const omnichannel = request.url.includes(`apm_app eq ${omnichannelApp} `);
      const row = (id: string, name: string, isDefault: boolean, assigned: boolean) => ({
        apm_appprofileid: id,
        apm_name: name,
        apm_uniquename: isDefault ? "msdyn_default" : "contoso_sales",
        apm_app: omnichannel ? omnichannelApp : workspace,
        apm_isdefault: isDefault,
        apm_appprofile_sessiontemplate: [],
        apm_appprofile_channelprovider: [],
        apm_appprofile_systemuser: assigned ? [{ systemuserid: userId }] : [],
      });
      const value = omnichannel
        ? [row(builtIn, "Default profile for Omnichannel", true, false)]
        : [row(profileId, "Sales", false, true), row(builtIn, "Default profile", true, false)];
      return { status: 200, body: JSON.stringify({ value }) };
    };
    const items = await repositoryAt(origin).effectiveProfiles(`{${userId.toUpperCase()}}`);
    expect(items).toEqual([
      {
        app: workspace,
        reason: "Direct",
        profile: { id: profileId, name: "Sales", uniqueName: "contoso_sales", isDefault: false },
        // Issue 13: the profile that would apply if the direct one went away.
        next: {
          reason: "Default",
          profile: { id: builtIn, name: "Default profile", uniqueName: "msdyn_default", isDefault: true },
        },
      },
      {
        app: omnichannelApp,
        reason: "Default",
        profile: { id: builtIn, name: "Default profile for Omnichannel", uniqueName: "msdyn_default", isDefault: true },
      },
    ]);
    expect(recorded).toHaveLength(2);
    for (const request of recorded) {
      expect(request.method).toBe("GET");
      expect(request.url).toMatch(/^\/api\/data\/v9\.2\/apm_appprofiles\?\$select=/);
      expect(request.url).toContain(`u/systemuserid eq ${userId}`);
      expect(request.headers.authorization).toBeUndefined();
    }
  });

  it("asks for the runtime's resolver when built without it (only the designer passes it), sending nothing", async () => {
    const bare = new WebApiProfileRepository({ webAPI: createWebApi({ clientUrl: origin }), clientUrl: origin });
    await expect(bare.effectiveProfiles(userId)).rejects.toThrow(/resolveProfileChain/);
    expect(recorded).toEqual([]);
  });

  it("reports a failed effective-profile read with the server's message", async () => {
    reply = () => ({
      status: 403,
      body: JSON.stringify({
        error: { code: "0x80040220", message: "Principal user is missing prvReadapm_appprofile" },
      }),
    });
    await expect(repositoryAt(origin).effectiveProfiles(userId)).rejects.toMatchObject({
      kind: "refused",
      status: 403,
      message: expect.stringContaining("missing prvReadapm_appprofile"),
    });
  });

  // Dataverse fails the whole $batch with 4xx around the failing part (fidelity #74); older local servers answered
  // 200 with the failing part inside. Both must give the same RepositoryError.
  it.each([400, 200])(
    "turns a 412 in the change set into a conflict, and a duplicate key into a duplicate (batch answered %i)",
    async (batchStatus) => {
      const failing = (code: string) => () => ({
        ...batchResponse([
          `HTTP/1.1 412 Precondition Failed\r\nContent-Type: application/json; odata.metadata=minimal\r\nOData-Version: 4.0\r\n\r\n{"error":{"code":"${code}","message":"The version of the existing record doesn't match."}}`,
        ]),
        status: batchStatus,
      });
      const save = { profileId, etag: 'W/"4"', changedFields: {}, disassociate: [], associate: [] };
      reply = failing("0x80060882");
      const conflict = await repositoryAt(origin)
        .saveProfile(save)
        .catch((e: unknown) => e);
      expect(conflict).toBeInstanceOf(RepositoryError);
      expect(conflict).toMatchObject({
        kind: "conflict",
        status: 412,
        message: "The version of the existing record doesn't match.",
      });
      for (const code of ["0x80060892", "0x80040237"]) {
        reply = failing(code);
        await expect(repositoryAt(origin).saveProfile(save)).rejects.toMatchObject({
          kind: "duplicate",
          code,
          message: "The version of the existing record doesn't match.",
        });
      }
    },
  );

  it("passes the server's own message on when it refuses a create", async () => {
    reply = () => ({
      status: 400,
      body: JSON.stringify({ error: { code: "0x80040265", message: 'The prefix "ab" is 2 characters long' } }),
    });
    await expect(
      repositoryAt(origin).createProfile({
        apm_name: "x",
        apm_uniquename: "ab_x",
        apm_description: "",
        apm_app: 192350000,
      }),
    ).rejects.toMatchObject({ kind: "refused", message: 'The prefix "ab" is 2 characters long', code: "0x80040265" });
  });

  it("answers the handlers' reads: related rows through the navigation property, conditions as a filter", async () => {
    reply = () => ({
      status: 200,
      body: JSON.stringify({ value: [{ apm_appprofileid: otherProfileId, apm_name: "Support" }] }),
    });
    const repository = repositoryAt(origin);
    const related = await repository.retrieveRelated(
      AppProfileSystemUser.schemaName,
      { logicalName: "systemuser", id: userId },
      "apm_appprofile",
      ["apm_name"],
    );
    expect(recorded[0].url).toBe(
      `/api/data/v9.2/systemusers(${userId})/apm_appprofile_systemuser?$select=apm_appprofileid,apm_name`,
    );
    expect(related).toEqual([
      {
        logicalName: "apm_appprofile",
        id: otherProfileId,
        attributes: { apm_appprofileid: otherProfileId, apm_name: "Support" },
      },
    ]);
    await repository.retrieveMultiple("apm_appprofile", [
      { attribute: "apm_uniquename", operator: "eq", value: "it's_x" },
      { attribute: "apm_appprofileid", operator: "ne", value: profileId },
    ]);
    expect(recorded[1].url).toBe(
      `/api/data/v9.2/apm_appprofiles?$filter=(apm_uniquename eq 'it''s_x') and (apm_appprofileid ne ${profileId})`,
    );
  });
});
