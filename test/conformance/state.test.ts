/**
 * statecode/statuscode on every table, as Dataverse has them, and activate/deactivate by PATCH, over HTTP.
 * Sources: Learn data-platform/define-custom-state-model-transitions (M: custom tables are Active/Inactive, each state
 * with its status reasons), Learn webapi/update-delete-entities-using-web-api (U: pair statecode with statuscode; a
 * statecode alone gets the state's first status), and the platform's 0x80048408 answer recorded live (R: "n is not a
 * valid status code for state code XState.Active", a create is always Active: statecode is not valid for create).
 */
import { AppChoice, AppProfile, builtInProfiles, SessionTemplate, SystemUser } from "../../schema";
import { rejection, type Harness } from "../integration/harness";
import { harnessKinds } from "../integration/deployed";

const M = "Learn data-platform/define-custom-state-model-transitions";
const U = "Learn webapi/update-delete-entities-using-web-api";
const R = "the platform's recorded 0x80048408 answer";

let h: Harness;
const set = AppProfile.entitySetName;
const FORMATTED = "@OData.Community.Display.V1.FormattedValue";

describe.each(harnessKinds)("state against the %s server", (_kind, start) => {
  beforeAll(async () => {
    h = await start();
  });
  afterAll(() => h.stop());

  const create = (suffix: string) =>
    h.client("admin").create<unknown, string>({
      collection: set,
      data: {
        apm_name: `State ${suffix}`,
        apm_uniquename: `state_${suffix}`,
        apm_app: AppChoice.CustomerServiceWorkspace.value,
      },
    });
  const stateOf = async (id: string) => {
    const response = await h.raw(`${set}(${id})?$select=statecode,statuscode`, {
      headers: { Prefer: 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"' },
    });
    return (await response.json()) as Record<string, unknown>;
  };
  const patch = (id: string, body: unknown) =>
    h.raw(`${set}(${id})`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });

  it(`every table has statecode/statuscode, rows start Active with formatted values (${M})`, async () => {
    const id = await create("one");
    expect(await stateOf(id)).toMatchObject({
      statecode: 0,
      [`statecode${FORMATTED}`]: "Active",
      statuscode: 1,
      [`statuscode${FORMATTED}`]: "Active",
    });
    for (const table of [SessionTemplate, SystemUser]) {
      const rows = await h.client("admin").retrieveMultiple<Record<string, unknown>>({
        collection: table.entitySetName,
        select: ["statecode", "statuscode"],
        top: 1,
      });
      expect(rows.value[0]).toMatchObject({ statecode: 0, statuscode: 1 });
    }
  });

  it(`deactivates and activates by PATCH of statecode and statuscode, and filters on statecode (${U})`, async () => {
    const inactiveIds = async () =>
      (await h.client("admin").retrieveMultiple({ collection: set, filter: "statecode eq 1" })).value
        .map((r) => r.apm_appprofileid as string)
        .sort();
    // The demo environment has an inactive profile of its own: the filter finds it and the one deactivated here.
    const inactiveBefore = await inactiveIds();
    const id = await create("two");
    expect((await patch(id, { statecode: 1, statuscode: 2 })).status).toBe(204);
    expect(await stateOf(id)).toMatchObject({ statecode: 1, statuscode: 2, [`statuscode${FORMATTED}`]: "Inactive" });
    const active = await h
      .client("admin")
      .retrieveMultiple({ collection: set, select: ["apm_name"], filter: "statecode eq 0" });
    expect(active.value.map((r) => r.apm_appprofileid)).not.toContain(id);
    expect(await inactiveIds()).toEqual([...inactiveBefore, id].sort());
    expect((await patch(id, { statecode: 0, statuscode: 1 })).status).toBe(204);
    expect(await stateOf(id)).toMatchObject({ statecode: 0, statuscode: 1 });
  });

  it(`a statecode sent alone gets that state's default statuscode (${U})`, async () => {
    const id = await create("three");
    expect((await patch(id, { statecode: 1 })).status).toBe(204);
    expect(await stateOf(id)).toMatchObject({ statecode: 1, statuscode: 2 });
  });

  it(`refuses a status that does not belong to the state with 0x80048408, and changes nothing (${R})`, async () => {
    const id = await create("four");
    for (const body of [{ statecode: 1, statuscode: 1 }, { statuscode: 2 }]) {
      const response = await patch(id, body);
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe("0x80048408");
      expect(error.message).toMatch(/is not a valid status code for state code apm_appprofileState\.(Active|Inactive)/);
    }
    expect(await stateOf(id)).toMatchObject({ statecode: 0, statuscode: 1 });
    const outOfRange = await rejection(h.client("admin").update({ collection: set, key: id, data: { statecode: 7 } }));
    expect(outOfRange.status).toBe(400);
  });

  it(`a create is Active whatever statecode it sends, so an inactive status on create is refused (${R})`, async () => {
    const response = await h.raw(set, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ apm_name: "X", apm_uniquename: "state_five", statecode: 1, statuscode: 2 }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("0x80048408");
  });

  it("refuses deactivating a built-in profile, for the admin and the system alike (rule 13)", async () => {
    for (const user of ["admin", "sysadmin"] as const) {
      const refused = await rejection(
        h
          .client(user)
          .update({ collection: set, key: builtInProfiles[0].apm_appprofileid, data: { statecode: 1, statuscode: 2 } }),
      );
      expect(refused.status).toBe(400);
      expect(refused.message).toMatch(/built-in profile and can't be deactivated/);
    }
  });
});
