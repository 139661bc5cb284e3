/**
 * The editor's provider picker offers active providers only (issue 12, item 4: a provider deactivated on the provider
 * page is no longer offered), as a Dataverse lookup offers the active rows of its table.
 */
import { ChannelProvider } from "../../schema";
import { profileRepository } from "./repository";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

it("leaves a deactivated provider out of the picker, and offers it again once activated", async () => {
  const admin = h.client("admin");
  const create = (name: string) =>
    admin.create({
      collection: ChannelProvider.entitySetName,
      data: {
        apm_name: name,
        apm_label: name,
        apm_channelurl: "https://cti.contoso.com/x",
        apm_trusteddomain: "contoso.com",
      },
    });
  await create("pick_kept");
  const retiredId = (await create("pick_retired")) as unknown as string;
  const setState = (state: 0 | 1) =>
    admin.update({
      collection: ChannelProvider.entitySetName,
      key: retiredId,
      data: state === 1 ? { statecode: 1, statuscode: 2 } : { statecode: 0, statuscode: 1 },
    });
  const repository = profileRepository(h, "admin");
  const offered = async () => (await repository.searchChannelProviders("pick_")).map((p) => p.name).sort();

  expect(await offered()).toEqual(["pick_kept", "pick_retired"]);
  await setState(1);
  expect(await offered()).toEqual(["pick_kept"]);
  await setState(0);
  expect(await offered()).toEqual(["pick_kept", "pick_retired"]);
});
