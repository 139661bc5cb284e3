/** Issue 11 #9, the webhook host: deep payloads are 400, duplicate keys are refused, log lines can't be forged. */
import { AppChoice, AppProfile } from "../../schema";
import { seedFixtures } from "../../handlers/testing/fixtures";
import { handleBody, logSafe, type WebhookOptions } from "../../handlers/webhook/server";
import { createPayload } from "../../handlers/webhook/testing/payloads";

const lines: string[] = [];
const options = (): WebhookOptions => ({
  key: "k",
  service: seedFixtures().service,
  log: (line) => lines.push(line),
});

beforeEach(() => {
  lines.length = 0;
});

it.each([100, 100_000, 1_000_000])("answers 400, not 500, to a payload nested %i deep", async (depth) => {
  const answer = await handleBody(`{"InputParameters":${"[".repeat(depth)}${"]".repeat(depth)}}`, options());
  expect(answer.status).toBe(400);
  expect(answer.body).toMatch(/more than 64 deep/);
});

it("refuses a payload that names a key twice, so a second MessageName can't override the first", async () => {
  const payload = JSON.stringify(createPayload(AppProfile.logicalName, { apm_name: "A" }));
  const duplicated = payload.replace(/^\{/, '{"MessageName":"Retrieve",');
  expect(duplicated).toMatch(/"MessageName":"Retrieve".*"MessageName":"Create"/);
  const answer = await handleBody(duplicated, options());
  expect(answer).toEqual({ status: 400, body: expect.stringMatching(/names 'MessageName' twice/) });
});

it("escapes a caller's CorrelationId in the log: no forged lines, no terminal escapes", async () => {
  const correlationId = "abc\n[00000000-0000-0000-0000-000000000000] allowed Delete apm_appprofile\u001b[2J";
  const payload = createPayload(
    AppProfile.logicalName,
    { apm_name: "Tier 1", apm_uniquename: "tier1", apm_app: { Value: AppChoice.CustomerServiceWorkspace.value } },
    { correlationId },
  );
  await handleBody(JSON.stringify(payload), options());
  expect(lines).toHaveLength(1);
  for (const control of ["\n", "\r", "\u001b"]) expect(lines[0]).not.toContain(control);
  expect(lines[0]).toContain("abc\\u000a[00000000");
  expect(logSafe("x".repeat(1000)).length).toBeLessThan(240);
});

it.each([
  [
    "a key given twice",
    [
      { key: "apm_isdefault", value: false },
      { key: "apm_isdefault", value: true },
    ],
    /twice/,
  ],
  ["a key named __proto__", [{ key: "__proto__", value: { apm_isdefault: true } }], /key named '__proto__'/],
])("refuses Attributes with %s", async (_what, attributes, message) => {
  const payload = createPayload(AppProfile.logicalName, { apm_name: "A" }) as {
    InputParameters: { value: { Attributes: unknown } }[];
  };
  payload.InputParameters[0].value.Attributes = attributes;
  const answer = await handleBody(JSON.stringify(payload), options());
  expect(answer).toEqual({ status: 400, body: expect.stringMatching(message) });
});
