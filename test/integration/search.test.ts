/**
 * The controls' search boxes against the real server: Dataverse reads contains() as a LIKE pattern
 * (Learn: webapi/query/filter-rows "Use wildcard characters"), so the product's searches must match the typed text
 * literally, wildcards included.
 */
import { ChannelProvider } from "../../schema";
import type { WebApiProfileRepository } from "../../controls/shared/data/webApiRepository";
import { profileRepository } from "./repository";
import { startHarness, type Harness } from "./harness";

let h: Harness;
let repository: WebApiProfileRepository;
const names = ["srch_a_1", "srch_aX1", "srch 50% off", "srch 500 off", "srch [b] chat", "srch b chat"];

beforeAll(async () => {
  h = await startHarness();
  const admin = h.client("admin");
  for (const name of names) {
    await admin.create({
      collection: ChannelProvider.entitySetName,
      data: {
        apm_name: name,
        apm_label: name,
        apm_channelurl: "https://cti.contoso.com/x",
        apm_trusteddomain: "https://contoso.com",
      },
    });
  }
  repository = profileRepository(h, "admin");
});
afterAll(() => h.stop());

const found = async (text: string) => (await repository.searchChannelProviders(text)).map((p) => p.name).sort();

describe("search boxes take the typed text literally", () => {
  it.each([
    ["an underscore", "srch_a_", ["srch_a_1"]],
    ["a percent sign", "50%", ["srch 50% off"]],
    ["a bracket", "[b]", ["srch [b] chat"]],
    ["no wildcard", "b chat", ["srch b chat"]],
  ])("with %s", async (_what, text, expected) => {
    expect(await found(text)).toEqual(expected);
  });
});
