import {
  AppProfile,
  AppProfileChannelProvider,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  SessionTemplate,
  SessionTemplateTypeChoice,
  SystemUser,
} from "../../schema";
import { InvalidPluginExecutionError } from "../errors";
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

const templates = AppProfileSessionTemplate;
const users = AppProfileSystemUser;

describe("session templates in a profile (rule 6)", () => {
  it("adds entity templates for different entities", async () => {
    const { service, sales, templates: t } = seedFixtures();
    await executeInMemory(relationshipContext("Associate", templates, sales, [t.account, t.contact]), service);
    expect(service.isAssociated(templates.schemaName, sales.id, t.contact.id)).toBe(true);
  });

  it("refuses a generic template", async () => {
    const { service, sales, templates: t } = seedFixtures();
    const error = await refusal(executeInMemory(relationshipContext("Associate", templates, sales, [t.home]), service));
    expect(error.attribute).toBe("apm_type");
    expect(error.message).toBe(
      'The session template "Home" is a generic template: only entity templates can be added to a profile. Choose an entity template.',
    );
  });

  it("refuses a second template for an entity, naming the entity and the template already there", async () => {
    const { service, sales, templates: t } = seedFixtures();
    await executeInMemory(relationshipContext("Associate", templates, sales, [t.account]), service);
    const error = await refusal(
      executeInMemory(relationshipContext("Associate", templates, sales, [t.accountAlt]), service),
    );
    expect(error.attribute).toBe("apm_entitylogicalname");
    expect(error.message).toBe(
      'The profile already has the session template "Account session" for the entity "account", and a profile can have only one template per entity: remove "Account session" from the profile first, or choose a template for another entity.',
    );
  });

  it("refuses two templates for one entity in the same request, and writes neither", async () => {
    const { service, sales, templates: t } = seedFixtures();
    await refusal(
      executeInMemory(relationshipContext("Associate", templates, sales, [t.account, t.accountAlt]), service),
    );
    expect(service.isAssociated(templates.schemaName, sales.id, t.account.id)).toBe(false);
  });

  it("refuses adding a template that is already in the profile", async () => {
    const { service, sales, templates: t } = seedFixtures();
    await executeInMemory(relationshipContext("Associate", templates, sales, [t.account]), service);
    const error = await refusal(
      executeInMemory(relationshipContext("Associate", templates, sales, [t.account]), service),
    );
    expect(error.message).toMatch(/already in this profile/);
  });

  it("allows swapping templates for one entity: remove, then add, in one change", async () => {
    const { service, sales, templates: t } = seedFixtures();
    await executeInMemory(relationshipContext("Associate", templates, sales, [t.account]), service);
    await executeInMemory(relationshipContext("Disassociate", templates, sales, [t.account]), service);
    await executeInMemory(relationshipContext("Associate", templates, sales, [t.accountAlt]), service);
  });

  it("accepts the request from the template's side", async () => {
    const { service, sales, support, templates: t } = seedFixtures();
    await executeInMemory(relationshipContext("Associate", templates, t.account, [sales, support]), service);
    expect(service.isAssociated(templates.schemaName, support.id, t.account.id)).toBe(true);
    await refusal(executeInMemory(relationshipContext("Associate", templates, t.home, [sales]), service));
  });

  it("refuses an entity template without an entity, on create and update", async () => {
    const { service, templates: t } = seedFixtures();
    const entity = SessionTemplateTypeChoice.Entity.value;
    const error = await refusal(
      executeInMemory(
        createContext(SessionTemplate, { apm_name: "Empty", apm_uniquename: "x_y", apm_type: entity }),
        service,
      ),
    );
    expect(error.attribute).toBe("apm_entitylogicalname");
    expect(error.message).toMatch(/^The entity session template "Empty" needs an entity/);
    await refusal(executeInMemory(updateContext(SessionTemplate, t.home.id, { apm_type: entity }), service));
    await executeInMemory(
      updateContext(SessionTemplate, t.home.id, { apm_type: entity, apm_entitylogicalname: "case" }),
      service,
    );
  });

  it("keeps profiles valid when a template they hold changes", async () => {
    const { service, sales, templates: t } = seedFixtures();
    await executeInMemory(relationshipContext("Associate", templates, sales, [t.account, t.contact]), service);
    const generic = await refusal(
      executeInMemory(
        updateContext(SessionTemplate, t.account.id, { apm_type: SessionTemplateTypeChoice.Generic.value }),
        service,
      ),
    );
    expect(generic.message).toMatch(/is in the app profile "Sales agents".*before making it generic/);
    const clash = await refusal(
      executeInMemory(updateContext(SessionTemplate, t.contact.id, { apm_entitylogicalname: "ACCOUNT" }), service),
    );
    expect(clash.message).toMatch(/already has the session template "Account session" for the entity "account"/);
    await executeInMemory(updateContext(SessionTemplate, t.contact.id, { apm_entitylogicalname: "incident" }), service);
  });

  it("refuses adding or removing templates and providers of a built-in profile, unless the system does it", async () => {
    const { service, cswDefault, templates: t, provider } = seedFixtures();
    const add = await refusal(
      executeInMemory(relationshipContext("Associate", templates, cswDefault, [t.account]), service),
    );
    expect(add.message).toMatch(/is a built-in profile and can't have session templates or channel providers added/);
    await refusal(
      executeInMemory(relationshipContext("Associate", AppProfileChannelProvider, cswDefault, [provider]), service),
    );
    await executeInMemory(
      relationshipContext("Associate", templates, cswDefault, [t.account], { isSystem: true }),
      service,
    );
    const remove = await refusal(
      executeInMemory(relationshipContext("Disassociate", templates, cswDefault, [t.account]), service),
    );
    expect(remove.message).toMatch(/removed/);
  });
});

describe("one profile per user (rule 9)", () => {
  it("assigns users, including to a built-in profile", async () => {
    const { service, sales, ocDefault, alice, bob } = seedFixtures();
    await executeInMemory(relationshipContext("Associate", users, sales, [alice]), service);
    await executeInMemory(relationshipContext("Associate", users, ocDefault, [bob]), service);
    await executeInMemory(relationshipContext("Disassociate", users, ocDefault, [bob]), service);
    expect(service.isAssociated(users.schemaName, ocDefault.id, bob.id)).toBe(false);
  });

  it("refuses a user who has another profile, naming it, and says how to move", async () => {
    const { service, sales, support, alice } = seedFixtures();
    await executeInMemory(relationshipContext("Associate", users, sales, [alice]), service);
    const error = await refusal(executeInMemory(relationshipContext("Associate", users, support, [alice]), service));
    expect(error.attribute).toBe("apm_appprofile_systemuser");
    expect(error.message).toBe(
      '"Alice Agent" is already assigned to the app profile "Sales agents" (contoso_sales), and a user can have only one profile. To move the user, remove them from "Sales agents" (contoso_sales) and add them here in the same change.',
    );
  });

  it("refuses assigning a user to the profile they already have", async () => {
    const { service, sales, alice } = seedFixtures();
    await executeInMemory(relationshipContext("Associate", users, sales, [alice]), service);
    const error = await refusal(executeInMemory(relationshipContext("Associate", users, sales, [alice]), service));
    expect(error.message).toBe(
      '"Alice Agent" is already assigned to the app profile "Sales agents" (contoso_sales): there is nothing to add.',
    );
  });

  it("moves a user: remove from the old profile, then add to the new one", async () => {
    const { service, sales, support, alice } = seedFixtures();
    await executeInMemory(relationshipContext("Associate", users, sales, [alice]), service);
    await executeInMemory(relationshipContext("Disassociate", users, sales, [alice]), service);
    await executeInMemory(relationshipContext("Associate", users, support, [alice]), service);
    expect(service.isAssociated(users.schemaName, support.id, alice.id)).toBe(true);
  });

  it("refuses a user listed twice in one request, and one request assigning a user to two profiles", async () => {
    const { service, sales, support, alice } = seedFixtures();
    const twice = await refusal(
      executeInMemory(relationshipContext("Associate", users, sales, [alice, alice]), service),
    );
    expect(twice.message).toBe('"Alice Agent" is listed twice in this assignment: list each user once.');
    const fromUser = relationshipContext("Associate", users, alice, [sales, support]);
    const several = await refusal(executeInMemory(fromUser, service));
    expect(several.message).toMatch(/assigns "Alice Agent" to 2 app profiles/);
    expect(service.isAssociated(users.schemaName, sales.id, alice.id)).toBe(false);
  });

  it("handles the request from the user's side (systemusers(id)/apm_appprofile_systemuser/$ref)", async () => {
    const { service, sales, support, alice } = seedFixtures();
    await executeInMemory(relationshipContext("Associate", users, alice, [sales]), service);
    const error = await refusal(executeInMemory(relationshipContext("Associate", users, alice, [support]), service));
    expect(error.message).toMatch(/"Sales agents"/);
  });

  it("names a user without a full name by user name, then by id", async () => {
    const { service, sales, support } = seedFixtures();
    const carol = service.add(SystemUser, { domainname: "carol@contoso.com" });
    await executeInMemory(relationshipContext("Associate", users, sales, [carol]), service);
    const error = await refusal(executeInMemory(relationshipContext("Associate", users, support, [carol]), service));
    expect(error.message).toMatch(/^"carol@contoso.com" is already assigned/);
    expect(service.rows(AppProfile.logicalName)).toHaveLength(4);
  });
});
