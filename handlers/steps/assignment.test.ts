/** Issue 13's rules through the whole in-memory pipeline: rank, custom default, teams and roles. */
import { AppChoice, AppProfile, AppProfileRole, AppProfileTeam, Role, Team } from "../../schema";
import { InvalidPluginExecutionError } from "../errors";
import { validateRank } from "../rules";
import { createContext, relationshipContext, updateContext } from "../testing/contexts";
import { seedFixtures } from "../testing/fixtures";
import { executeInMemory } from "../testing/pipeline";

async function refusal(run: Promise<unknown>): Promise<InvalidPluginExecutionError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof InvalidPluginExecutionError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

function setup() {
  const fixtures = seedFixtures();
  const { service } = fixtures;
  const csr = service.add(Role, { name: "Customer Service Representative" });
  const tier1 = service.add(Team, { name: "Tier 1" });
  const rank = (profile: { id: string }, value: number | null) =>
    executeInMemory(updateContext(AppProfile, profile.id, { apm_rank: value }), service);
  const giveRole = (profile: { logicalName: string; id: string }, role = csr) =>
    executeInMemory(relationshipContext("Associate", AppProfileRole, profile, [role]), service);
  const giveTeam = (profile: { logicalName: string; id: string }, team = tier1) =>
    executeInMemory(relationshipContext("Associate", AppProfileTeam, profile, [team]), service);
  return { ...fixtures, csr, tier1, rank, giveRole, giveTeam };
}

describe("rank (pure rule)", () => {
  it.each([1, 500, 1000, null, undefined])("accepts %p", (value) => expect(validateRank(value)).toBeUndefined());
  it.each([0, 1001, -3, 2.5, "5", true])("refuses %p, naming the range", (value) =>
    expect(validateRank(value)?.message).toMatch(/whole number from 1 to 1000/),
  );
});

describe("rank through the pipeline", () => {
  it("refuses a rank out of range on create and on update", async () => {
    const { service, sales } = setup();
    const created = createContext(AppProfile, {
      apm_name: "X",
      apm_uniquename: "contoso_x",
      apm_app: AppChoice.CustomerServiceWorkspace.value,
      apm_rank: 0,
    });
    expect((await refusal(executeInMemory(created, service))).attribute).toBe("apm_rank");
    await refusal(executeInMemory(updateContext(AppProfile, sales.id, { apm_rank: 1001 }), service));
    expect(service.row(AppProfile.logicalName, sales.id)?.apm_rank).toBeUndefined();
  });

  it("needs a rank before a profile gets a role or a team, and says so", async () => {
    const { service, sales, giveRole, giveTeam, csr } = setup();
    const error = await refusal(giveRole(sales));
    expect(error.message).toBe(
      '"Sales agents" (contoso_sales) is given to teams or roles, so it needs a rank (1-1000, the lowest wins): set the rank first (in the same change is fine), or remove its teams and roles.',
    );
    await refusal(giveTeam(sales));
    expect(service.isAssociated(AppProfileRole.schemaName, sales.id, csr.id)).toBe(false);
  });

  it("keeps the rank once a profile has a role: clearing it is refused", async () => {
    const { sales, rank, giveRole } = setup();
    await rank(sales, 5);
    await giveRole(sales);
    expect((await refusal(rank(sales, null))).attribute).toBe("apm_rank");
  });

  it("refuses a rank another active profile of the app with teams or roles holds, naming it and the fix", async () => {
    const { sales, support, rank, giveRole, giveTeam } = setup();
    await rank(sales, 5);
    await giveRole(sales);
    await rank(support, 5); // no teams or roles yet: allowed
    const error = await refusal(giveTeam(support));
    expect(error.message).toBe(
      'The rank 5 is already held by "Sales agents" (contoso_sales), another active profile of Customer Service workspace given to teams or roles, and ranks decide which one a user gets: choose another rank, or change the rank of "Sales agents" (contoso_sales) first (both in one change is fine).',
    );
    await rank(support, 6);
    await giveTeam(support);
    expect((await refusal(rank(support, 5))).message).toMatch(/already held by "Sales agents"/);
  });

  it("lets a rank repeat across apps and between an inactive profile and an active one", async () => {
    const { service, sales, support, rank, giveRole } = setup();
    await rank(sales, 5);
    await giveRole(sales);
    await executeInMemory(updateContext(AppProfile, sales.id, { statecode: 1, statuscode: 2 }), service);
    await rank(support, 5);
    await giveRole(support);
    // Reactivating the first would make two active profiles share rank 5.
    const error = await refusal(
      executeInMemory(updateContext(AppProfile, sales.id, { statecode: 0, statuscode: 1 }), service),
    );
    expect(error.message).toMatch(/rank 5 is already held by "Support agents"/);
    const oc = service.add(AppProfile, {
      apm_name: "OC agents",
      apm_uniquename: "contoso_oc",
      apm_app: AppChoice.OmnichannelForCustomerService.value,
      apm_isdefault: false,
      apm_rank: 5,
    });
    await giveRole(oc);
  });
});

describe("roles and teams", () => {
  it("refuses a role or a team that doesn't exist", async () => {
    const { sales, rank, giveRole, giveTeam } = setup();
    await rank(sales, 3);
    const ghost = { logicalName: Role.logicalName, id: "00000000-0000-4000-8000-00000000dead" };
    expect((await refusal(giveRole(sales, ghost))).message).toBe(
      'There is no security role with the id "00000000-0000-4000-8000-00000000dead": pick an existing one.',
    );
    await refusal(giveTeam(sales, { logicalName: Team.logicalName, id: ghost.id }));
  });

  it("gives built-ins no roles or teams, even from the system", async () => {
    const { service, cswDefault, csr } = setup();
    const context = relationshipContext("Associate", AppProfileRole, cswDefault, [csr], { isSystem: true });
    expect((await refusal(executeInMemory(context, service))).message).toMatch(
      /built-in profile.*can't be given to a role/,
    );
  });

  it("accepts the request from the role's side too", async () => {
    const { service, sales, csr, rank } = setup();
    await rank(sales, 2);
    await executeInMemory(relationshipContext("Associate", AppProfileRole, csr, [sales]), service);
    expect(service.isAssociated(AppProfileRole.schemaName, sales.id, csr.id)).toBe(true);
  });
});

describe("custom default", () => {
  const set = (id: string, value: boolean, extra = {}) =>
    updateContext(AppProfile, id, { apm_iscustomdefault: value, ...extra });

  it("allows one per app and refuses a second, naming the holder and the one-change move", async () => {
    const { service, sales, support } = setup();
    await executeInMemory(set(sales.id, true), service);
    const error = await refusal(executeInMemory(set(support.id, true), service));
    expect(error.attribute).toBe("apm_iscustomdefault");
    expect(error.message).toBe(
      '"Sales agents" (contoso_sales) is already the custom default of Customer Service workspace, and an app has one: clear it on "Sales agents" (contoso_sales) first, or move it in one change (clear it there and set it here in the same change set).',
    );
  });

  it("moves in one change: clearing the old, then setting the new", async () => {
    const { service, sales, support } = setup();
    await executeInMemory(set(sales.id, true), service);
    await executeInMemory(set(sales.id, false), service);
    await executeInMemory(set(support.id, true), service);
    expect(service.row(AppProfile.logicalName, support.id)?.apm_iscustomdefault).toBe(true);
  });

  it("refuses it on an inactive profile, and refuses deactivating the custom default", async () => {
    const { service, sales, support } = setup();
    await executeInMemory(updateContext(AppProfile, sales.id, { statecode: 1, statuscode: 2 }), service);
    expect((await refusal(executeInMemory(set(sales.id, true), service))).message).toMatch(/is inactive/);
    await executeInMemory(set(support.id, true), service);
    const error = await refusal(
      executeInMemory(updateContext(AppProfile, support.id, { statecode: 1, statuscode: 2 }), service),
    );
    expect(error.attribute).toBe("statecode");
  });

  it("ignores an inactive holder's flag, so only active profiles count", async () => {
    const { service, sales, support } = setup();
    service.update(AppProfile.logicalName, sales.id, { apm_iscustomdefault: true, statecode: 1 });
    await executeInMemory(set(support.id, true), service);
  });

  it("is never a built-in", async () => {
    const { service, cswDefault } = setup();
    const error = await refusal(executeInMemory(set(cswDefault.id, true, {}), service));
    expect(error.message).toMatch(/built-in/);
    const system = updateContext(AppProfile, cswDefault.id, { apm_iscustomdefault: true }, { isSystem: true });
    expect((await refusal(executeInMemory(system, service))).message).toMatch(/can't be the custom default/);
  });

  it("refuses moving the custom default to an app that has one", async () => {
    const { service, sales } = setup();
    const oc = service.add(AppProfile, {
      apm_name: "OC agents",
      apm_uniquename: "contoso_oc",
      apm_app: AppChoice.OmnichannelForCustomerService.value,
      apm_isdefault: false,
      apm_iscustomdefault: true,
    });
    await executeInMemory(set(sales.id, true), service);
    const move = updateContext(AppProfile, oc.id, { apm_app: AppChoice.CustomerServiceWorkspace.value });
    expect((await refusal(executeInMemory(move, service))).message).toMatch(/already the custom default/);
  });
});
