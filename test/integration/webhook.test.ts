/**
 * The webhook host over HTTP, with recorded-shape RemoteExecutionContext bodies and an in-memory environment:
 * every rule refused (400, the handler's message, logged with the correlation id) and allowed (200), and the
 * guards in front of the handlers (401, 405, 413, malformed 400).
 */
import {
  AppChoice,
  AppProfile,
  AppProfileChannelProvider,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  ChannelProvider,
  ChatLicenseVariable,
  SessionTemplate,
  SessionTemplateTypeChoice,
} from "../../schema";
import { seedFixtures } from "../../handlers/testing/fixtures";
import type { OrganizationService } from "../../handlers/context";
import { startWebhookHost, type WebhookHost } from "../../handlers/webhook/server";
import {
  createPayload,
  deletePayload,
  fixtures,
  optionSet,
  relationshipPayload,
  updatePayload,
} from "../../handlers/webhook/testing/payloads";

const KEY = "s3cret-webhook-key";
const SYSTEM_ID = "3f2a1b0c-0000-4000-8000-00000000fa01";
const csw = AppChoice.CustomerServiceWorkspace.value;
const oc = AppChoice.OmnichannelForCustomerService.value;

let world: ReturnType<typeof seedFixtures>;
let service: OrganizationService;
let host: WebhookHost;
const log: string[] = [];

beforeAll(async () => {
  // Handlers read through `service`, which each test points at a fresh in-memory environment.
  const proxy = new Proxy({} as OrganizationService, {
    get:
      (_target, name: keyof OrganizationService) =>
      (...args: never[]) =>
        (service[name] as (...a: never[]) => unknown)(...args),
  });
  host = await startWebhookHost({
    key: KEY,
    service: proxy,
    maxBodyBytes: 64 * 1024,
    systemUserIds: [SYSTEM_ID],
    log: (line) => log.push(line),
  });
});
afterAll(() => host.close());
beforeEach(() => {
  world = seedFixtures();
  service = world.service;
  log.length = 0;
});

async function post(body: unknown, init: { query?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${host.url}${init.query ?? `?code=${KEY}`}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...init.headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

async function refused(body: unknown, message: RegExp) {
  const { status, text } = await post(body);
  expect({ status, text }).toEqual({ status: 400, text: expect.stringMatching(message) });
  expect(text).not.toMatch(/\n\s+at /);
  return text;
}

async function allowed(body: unknown) {
  const answer = await post(body);
  expect(answer).toEqual({ status: 200, text: expect.stringMatching(/^Allowed/) });
}

const profile = (extra: Record<string, unknown> = {}) => ({
  apm_name: "Escalations",
  apm_uniquename: "contoso_escalations",
  apm_app: optionSet(csw),
  ...extra,
});
const ref = (logicalName: string, id: string) => ({ logicalName, id });

describe("the recorded payloads as Dataverse sends them", () => {
  it("allows the recorded Create of a valid profile", async () => {
    await allowed(fixtures.create);
    expect(log).toEqual(["[7d0f4f2e-2a61-4b77-9a3c-1f6b9e0c5a11] allowed Create apm_appprofile (stage 10)"]);
  });

  it("refuses the recorded Update and Delete of the built-in profiles, and logs the correlation id", async () => {
    await refused(fixtures.update, /"Default profile for Customer Service workspace" is a built-in profile/);
    await refused(fixtures.delete, /can't be deleted/);
    expect(log[0]).toMatch(/^\[1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c62\] refused Update apm_appprofile \(stage 10\): /);
    expect(log[1]).toMatch(/^\[9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c93\] refused Delete apm_appprofile/);
  });

  it("runs the recorded Associate (customizer's casing of the relationship) against the environment", async () => {
    // The recorded profile id does not exist here: the user-assignment rule still runs and finds no conflict.
    await allowed(fixtures.associate);
    expect(log[0]).toMatch(/allowed Associate apm_appprofile \(stage 10\)$/);
  });
});

describe("rule 1 and 2: names", () => {
  it("refuses a unique name another profile has, ignoring case, naming that profile", async () => {
    await refused(
      createPayload(AppProfile.logicalName, profile({ apm_uniquename: "CONTOSO_Sales" })),
      /"CONTOSO_Sales" is already used by the app profile "Sales agents"/,
    );
  });

  it("refuses a malformed unique name and a missing name with what to fix", async () => {
    await refused(createPayload(AppProfile.logicalName, profile({ apm_uniquename: "contoso-x" })), /no underscore/);
    await refused(createPayload(AppProfile.logicalName, profile({ apm_name: "" })), /^Enter a name/);
  });

  it("allows renaming a profile onto its own name in another case", async () => {
    await allowed(
      updatePayload(
        AppProfile.logicalName,
        world.sales.id,
        { apm_uniquename: "Contoso_SALES" },
        {
          apm_name: "Sales agents",
          apm_uniquename: "contoso_sales",
          apm_app: optionSet(csw),
          apm_isdefault: false,
        },
      ),
    );
  });
});

describe("rule 3: built-in profiles", () => {
  const { cswDefault } = seedFixtures();

  it("refuses changes without a pre-image too (reads the row)", async () => {
    await refused(updatePayload(AppProfile.logicalName, cswDefault.id, { apm_name: "Mine" }), /built-in profile/);
    await refused(deletePayload(AppProfile.logicalName, cswDefault.id), /can't be deleted/);
  });

  it("refuses linking templates or providers to a built-in profile, and a user setting apm_isdefault", async () => {
    await refused(
      relationshipPayload("Associate", AppProfileSessionTemplate.schemaName, cswDefault, [world.templates.account]),
      /built-in profile/,
    );
    await refused(
      relationshipPayload("Disassociate", AppProfileChannelProvider.schemaName, cswDefault, [world.provider]),
      /built-in profile/,
    );
    await refused(createPayload(AppProfile.logicalName, profile({ apm_isdefault: true })), /Only the system/);
  });

  it("lets the system's application user change them, and anyone assign users to them", async () => {
    await allowed(
      updatePayload(AppProfile.logicalName, cswDefault.id, { apm_description: "Upgraded" }, undefined, {
        userId: SYSTEM_ID,
      }),
    );
    await allowed(relationshipPayload("Associate", AppProfileSystemUser.schemaName, cswDefault, [world.alice]));
  });
});

describe("rule 5: Chat license", () => {
  it("refuses an Omnichannel profile without the license and allows it with", async () => {
    world.service.setEnvironmentVariable(ChatLicenseVariable.schemaName, "no");
    await refused(
      createPayload(AppProfile.logicalName, profile({ apm_app: optionSet(oc) })),
      /need the Dynamics 365 Chat license/,
    );
    world.service.setEnvironmentVariable(ChatLicenseVariable.schemaName, "yes");
    await allowed(createPayload(AppProfile.logicalName, profile({ apm_app: optionSet(oc) })));
  });
});

describe("rule 6: session templates", () => {
  it("refuses a generic template and two templates for one entity", async () => {
    const { sales, templates } = world;
    await refused(
      relationshipPayload("Associate", AppProfileSessionTemplate.schemaName, sales, [templates.home]),
      /generic/i,
    );
    await refused(
      relationshipPayload("Associate", AppProfileSessionTemplate.schemaName, sales, [
        templates.account,
        templates.accountAlt,
      ]),
      /account/,
    );
  });

  it("refuses a template for an entity the profile already has one for, and allows another entity", async () => {
    const { sales, templates } = world;
    world.service.associate(AppProfileSessionTemplate.schemaName, sales.id, templates.account.id);
    await refused(
      relationshipPayload("Associate", AppProfileSessionTemplate.schemaName, sales, [templates.accountAlt]),
      /account/,
    );
    await allowed(relationshipPayload("Associate", AppProfileSessionTemplate.schemaName, sales, [templates.contact]));
  });

  it("refuses an entity template without its entity", async () => {
    await refused(
      createPayload(SessionTemplate.logicalName, {
        apm_name: "Orphan",
        apm_uniquename: "contoso_orphan",
        apm_type: optionSet(SessionTemplateTypeChoice.Entity.value),
      }),
      /entity/i,
    );
  });
});

describe("rule 8: channel provider URL", () => {
  const provider = (url: string) => ({
    apm_name: "Fabrikam",
    apm_label: "Fabrikam",
    apm_channelurl: url,
    apm_trusteddomain: "fabrikam.com",
  });

  it("refuses http:// and a host outside the trusted domain; allows https:// inside it", async () => {
    await refused(createPayload(ChannelProvider.logicalName, provider("http://fabrikam.com/w")), /https:\/\//);
    await refused(createPayload(ChannelProvider.logicalName, provider("https://evil.com/w")), /outside the trusted/);
    await allowed(createPayload(ChannelProvider.logicalName, provider("https://cti.fabrikam.com/w")));
  });

  it("checks an Update against its pre-image", async () => {
    await refused(
      updatePayload(
        ChannelProvider.logicalName,
        world.provider.id,
        { apm_channelurl: "https://voice.fabrikam.com" },
        {
          apm_channelurl: "https://voice.contoso.com/widget",
          apm_trusteddomain: "contoso.com",
        },
      ),
      /outside the trusted domain "contoso.com"/,
    );
  });
});

describe("rule 9: one profile per user", () => {
  it("refuses a user who already has a profile, naming it, from either side of the relationship", async () => {
    const { sales, support, alice, bob } = world;
    world.service.associate(AppProfileSystemUser.schemaName, sales.id, alice.id);
    await refused(
      relationshipPayload("Associate", AppProfileSystemUser.schemaName, support, [alice]),
      /Alice Agent.*"Sales agents"/,
    );
    await refused(
      relationshipPayload("Associate", "apm_appprofile_systemuser", alice, [ref(AppProfile.logicalName, support.id)]),
      /"Sales agents"/,
    );
    await refused(relationshipPayload("Associate", AppProfileSystemUser.schemaName, support, [bob, bob]), /Bob Agent/);
    await allowed(relationshipPayload("Associate", AppProfileSystemUser.schemaName, support, [bob]));
    await allowed(relationshipPayload("Disassociate", AppProfileSystemUser.schemaName, sales, [alice]));
  });
});

describe("what is not the product's", () => {
  it("lets other relationships, tables, messages and stages through without reading anything", async () => {
    const spy = jest.spyOn(world.service, "retrieve");
    await allowed(
      relationshipPayload("Associate", "systemuserroles_association", world.alice, [ref("role", world.alice.id)]),
    );
    await allowed(createPayload("account", { name: "Contoso" }));
    await allowed({ ...fixtures.create, MessageName: "Assign" });
    await allowed({ ...fixtures.update, Stage: 40 });
    expect(spy).not.toHaveBeenCalled();
  });

  it("runs only the PreOperation steps when registered in PreOperation", async () => {
    // Uniqueness is a PreOperation step; the unique name's format is checked in PreValidation only.
    await refused(
      createPayload(AppProfile.logicalName, profile({ apm_uniquename: "contoso_sales" }), { stage: 20 }),
      /already used/,
    );
    await allowed(createPayload(AppProfile.logicalName, profile({ apm_uniquename: "bad-name_x" }), { stage: 20 }));
  });
});

describe("in front of the handlers", () => {
  it("refuses a missing or wrong key with 401, and takes the key as ?code= or either header", async () => {
    for (const init of [{ query: "" }, { query: "?code=wrong" }, { query: "", headers: { "x-functions-key": "s3" } }])
      expect(await post(fixtures.create, init)).toEqual({ status: 401, text: expect.stringMatching(/^Unauthorized/) });
    expect(log).toEqual([]);
    for (const header of ["x-functions-key", "x-apm-webhook-key"])
      expect((await post(fixtures.create, { query: "", headers: { [header]: KEY } })).status).toBe(200);
  });

  it("answers 405 to anything but POST", async () => {
    const response = await fetch(`${host.url}?code=${KEY}`);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("answers 413 to a body over the limit, declared or streamed, and keeps serving", async () => {
    const big = createPayload(AppProfile.logicalName, profile({ apm_description: "x".repeat(70 * 1024) }));
    expect(await post(big)).toEqual({ status: 413, text: expect.stringMatching(/larger than 65536 bytes/) });
    const chunks = [JSON.stringify(big).slice(0, 40_000), JSON.stringify(big).slice(40_000)];
    const stream = new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    const streamed = await fetch(`${host.url}?code=${KEY}`, {
      method: "POST",
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    await allowed(fixtures.create);
  });

  it.each([
    ["not JSON", "{ MessageName: Create", /^The body is not JSON/],
    ["a JSON array", "[]", /^Not a RemoteExecutionContext: The body must be/],
    ["no MessageName", { ...fixtures.create, MessageName: undefined }, /MessageName is missing/],
    ["a wrong Stage", { ...fixtures.create, Stage: "10" }, /Stage must be 10, 20 or 40/],
    ["no InputParameters list", { ...fixtures.create, InputParameters: {} }, /InputParameters must be a list/],
    ["no Target", { ...fixtures.create, InputParameters: [] }, /InputParameters has no Target/],
    [
      "a Target that is not an Entity",
      { ...fixtures.create, InputParameters: [{ key: "Target", value: "apm_appprofile" }] },
      /InputParameters.Target must be an Entity/,
    ],
    [
      "a bad user id",
      { ...fixtures.create, InitiatingUserId: "admin", UserId: "admin" },
      /InitiatingUserId is not a GUID/,
    ],
    [
      "a Delete target without an id",
      updateTarget(fixtures.delete, { LogicalName: "apm_appprofile", Id: null }),
      /InputParameters.Target.Id is missing/,
    ],
    [
      "RelatedEntities that are not a list",
      {
        ...fixtures.associate,
        InputParameters: fixtures.associate.InputParameters.map((p) =>
          p.key === "RelatedEntities" ? { key: p.key, value: {} } : p,
        ),
      },
      /RelatedEntities must be a non-empty list/,
    ],
  ])("answers 400 to %s, without a stack, and keeps serving", async (_what, body, message) => {
    const { status, text } = await post(body);
    expect(status).toBe(400);
    expect(text).toMatch(message);
    expect(text).not.toMatch(/\bat .*\.ts:\d+/);
    await allowed(fixtures.create);
  });

  it("refuses with 500 and logs the correlation id when it cannot read the environment", async () => {
    service = {
      ...world.service,
      retrieveMultiple: () => Promise.reject(new Error("connect ECONNREFUSED 10.0.0.1:443")),
      retrieve: () => Promise.reject(new Error("connect ECONNREFUSED 10.0.0.1:443")),
      retrieveRelated: () => Promise.reject(new Error("connect ECONNREFUSED 10.0.0.1:443")),
      getEnvironmentVariable: () => Promise.reject(new Error("connect ECONNREFUSED 10.0.0.1:443")),
    };
    const { status, text } = await post(fixtures.create);
    expect(status).toBe(500);
    expect(text).toBe(
      "The webhook host could not check this operation (correlation id 7d0f4f2e-2a61-4b77-9a3c-1f6b9e0c5a11).",
    );
    expect(log).toEqual([
      "[7d0f4f2e-2a61-4b77-9a3c-1f6b9e0c5a11] could not check the operation: connect ECONNREFUSED 10.0.0.1:443",
    ]);
  });
});

function updateTarget(payload: typeof fixtures.delete, target: Record<string, unknown>) {
  return {
    ...payload,
    InputParameters: payload.InputParameters.map((p) => (p.key === "Target" ? { key: "Target", value: target } : p)),
  };
}
