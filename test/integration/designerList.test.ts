/**
 * The designer's list commands through WebApiProfileRepository against the real local server: several profiles
 * deleted in one $batch change set, all or nothing (Learn: webapi/execute-batch-operations-using-web-api, "Change
 * sets"); the New pane's unique-name check as one GET by the alternate key (Learn:
 * webapi/retrieve-entity-using-web-api#retrieve-using-an-alternate-key); the search also matching the app.
 */
import { AppChoice, AppProfile } from "../../schema";
import type { WebApiProfileRepository } from "../../controls/shared/data/webApiRepository";
import { RepositoryError } from "../../controls/shared/data/ProfileRepository";
import { startHarness, type Harness } from "./harness";
import { profileRepository } from "./repository";

let h: Harness;
let repository: WebApiProfileRepository;
const sent: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  repository = profileRepository(h, "admin", {
    wrapFetch: (send) => (path, init) => {
      sent.push(`${init.method} ${decodeURIComponent(path)}`);
      return send(path, init);
    },
  });
});
afterAll(() => h.stop());
beforeEach(() => {
  sent.length = 0;
});

async function create(uniqueName: string, app = AppChoice.CustomerServiceWorkspace.value) {
  const id = await h.client("admin").create<unknown, string>({
    collection: AppProfile.entitySetName,
    data: { apm_name: uniqueName, apm_uniquename: uniqueName, apm_app: app },
  });
  const row = await h.client("admin").retrieve<Record<string, string>>({
    collection: AppProfile.entitySetName,
    key: id,
    select: ["apm_name"],
  });
  return { id, etag: row["@odata.etag"] };
}

const exists = async (id: string) =>
  (
    await h.client("admin").retrieveMultiple({
      collection: AppProfile.entitySetName,
      filter: `apm_appprofileid eq ${id}`,
      select: ["apm_name"],
    })
  ).value.length === 1;

describe("the designer's list", () => {
  it("deletes several profiles in one $batch change set", async () => {
    const rows = [await create("dlist_one"), await create("dlist_two"), await create("dlist_three")];
    await repository.deleteProfiles(rows);
    for (const row of rows) await expect(exists(row.id)).resolves.toBe(false);
  });

  it("deletes none when one of the selection changed since the list read it (412 rolls the change set back)", async () => {
    const fresh = await create("dlist_fresh");
    const stale = await create("dlist_stale");
    await h.client("admin").update({
      collection: AppProfile.entitySetName,
      key: stale.id,
      data: { apm_description: "changed elsewhere" },
    });
    const failure = await repository.deleteProfiles([fresh, stale]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RepositoryError);
    expect((failure as RepositoryError).kind).toBe("conflict");
    await expect(exists(fresh.id)).resolves.toBe(true);
    await expect(exists(stale.id)).resolves.toBe(true);
  });

  it("asks the server whether a unique name is taken: one keyed GET, the value escaped", async () => {
    await create("dlist_o_brien");
    await expect(repository.uniqueNameInUse("DLIST_O_BRIEN")).resolves.toBe("dlist_o_brien");
    await expect(repository.uniqueNameInUse("dlist_nobody")).resolves.toBeUndefined();
    // A quote and a slash can't change the address: still one keyed GET, answered "not found".
    await expect(repository.uniqueNameInUse("x'/../apm_appprofiles?")).resolves.toBeUndefined();
    expect(sent).toEqual([
      "GET apm_appprofiles(apm_uniquename='DLIST_O_BRIEN')?$select=apm_uniquename",
      "GET apm_appprofiles(apm_uniquename='dlist_nobody')?$select=apm_uniquename",
      "GET apm_appprofiles(apm_uniquename='x''/../apm_appprofiles?')?$select=apm_uniquename",
    ]);
  });

  it("finds profiles by their app's label on the server", async () => {
    await create("dlist_omni_team", AppChoice.OmnichannelForCustomerService.value);
    const page = await repository.listProfilePage({
      search: "omnichannel",
      searchApps: [AppChoice.OmnichannelForCustomerService.value],
      sort: { column: "name", descending: false },
      status: "all",
    });
    const names = page.rows.map((r) => r.uniqueName);
    expect(names).toContain("dlist_omni_team");
    expect(page.rows.every((r) => r.app === AppChoice.OmnichannelForCustomerService.value)).toBe(true);
    expect(page.rows.every((r) => typeof r.etag === "string")).toBe(true);
  });
});
