/**
 * The environment variable's definition carries the zip's default value, as Dataverse imports it, so a deploy
 * without `--chat-license` leaves a defined state ("no") that the product reads: the value row wins, else the
 * default. Learn: power-apps/maker/data-platform/environmentvariables
 */
import { ChatLicenseVariable, EnvironmentVariableDefinition, EnvironmentVariableValue } from "../../schema";
import { deploy } from "../../Solutions/deploy/deploy";
import { connectToDataverse } from "../../handlers/webhook/webApiService";
import { readEnvironmentVariable } from "../../server/orgService";
import { solutionZips } from "./deployed";
import { startHarness, type Harness } from "./harness";

jest.setTimeout(120_000);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed: "empty" });
});
afterAll(() => h.stop());

const deployWith = async (chatLicense: boolean | undefined) =>
  deploy({
    url: h.server.url,
    auth: { kind: "token", token: h.token("sysadmin") },
    zipPath: (await solutionZips()).unmanaged,
    chatLicense,
    log: () => undefined,
    keyWait: { timeoutMs: 30_000, intervalMs: 50 },
  });

const definition = async () =>
  (
    await h.client("admin").retrieveMultiple({
      collection: EnvironmentVariableDefinition.entitySetName,
      select: ["schemaname", "defaultvalue"],
    })
  ).value;
const valueRows = async () =>
  (await h.client("sysadmin").retrieveMultiple({ collection: EnvironmentVariableValue.entitySetName })).value;
const productReads = () =>
  connectToDataverse({ serverUrl: h.server.url, getToken: async () => h.token("admin") }).getEnvironmentVariable(
    ChatLicenseVariable.schemaName,
  );

it("after an import without --chat-license, the definition's defaultvalue is the zip's 'no' and there is no value", async () => {
  await deployWith(undefined);
  expect(await definition()).toMatchObject([{ schemaname: ChatLicenseVariable.schemaName, defaultvalue: "no" }]);
  expect(await valueRows()).toEqual([]);
  expect(await productReads()).toBe("no");
  expect(readEnvironmentVariable(h.server.api.dbs.reader, ChatLicenseVariable.schemaName)).toBe("no");
});

it("--chat-license yes sets the value, which wins over the default it leaves in place", async () => {
  await deployWith(true);
  expect(await definition()).toMatchObject([{ defaultvalue: "no" }]);
  expect(await valueRows()).toMatchObject([{ value: "yes" }]);
  expect(await productReads()).toBe("yes");
});
