/**
 * The profile form's Clone and Delete through WebApiProfileRepository against the real local server: a clone is one
 * request (templates and providers bound on create; Learn: data-platform/webapi/create-entity-web-api "Associate
 * table rows on create"), and a DELETE with a stale ETag is a conflict (Learn:
 * data-platform/webapi/perform-conditional-operations-using-web-api).
 */
import { AppChoice, AppProfile, ChannelProvider, SessionTemplate, SessionTemplateTypeChoice } from "../../schema";
import { profileRepository } from "./repository";
import { RepositoryError } from "../../controls/shared/data/ProfileRepository";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

/** A repository whose every HTTP request is counted (each client asks for a token once per request). */
function countingRepository() {
  const counter = { requests: 0 };
  const repository = profileRepository(h, "admin", { onRequest: () => counter.requests++ });
  return { repository, counter };
}

async function sourceProfile(uniqueName: string, withUser: boolean): Promise<string> {
  const admin = h.client("admin");
  const id = await admin.create<unknown, string>({
    collection: AppProfile.entitySetName,
    data: { apm_name: "Clone source", apm_uniquename: uniqueName, apm_app: AppChoice.CustomerServiceWorkspace.value },
  });
  const template = (
    await admin.retrieveMultiple<Record<string, string>>({
      collection: SessionTemplate.entitySetName,
      filter: `apm_type eq ${SessionTemplateTypeChoice.Entity.value}`,
      select: ["apm_name"],
      top: 1,
    })
  ).value[0].apm_sessiontemplateid;
  const providers = (
    await admin.retrieveMultiple<Record<string, string>>({
      collection: ChannelProvider.entitySetName,
      select: ["apm_name"],
      top: 2,
    })
  ).value.map((p) => p.apm_channelproviderid);
  const link = (relationshipName: string, relatedCollection: string, relatedKey: string) =>
    admin.associate({
      collection: AppProfile.entitySetName,
      primaryKey: id,
      relationshipName,
      relatedCollection,
      relatedKey,
    });
  await link("apm_appprofile_sessiontemplate", SessionTemplate.entitySetName, template);
  for (const provider of providers)
    await link("apm_appprofile_channelprovider", ChannelProvider.entitySetName, provider);
  if (withUser) await link("apm_appprofile_systemuser", "systemusers", h.userId("agent2"));
  return id;
}

const ids = (items: readonly { id: string }[]) => items.map((i) => i.id.toLowerCase()).sort();

describe("Clone and Delete on the profile form, against the local server", () => {
  it("clones a profile with its templates and providers in one request; the clone is custom and has no users", async () => {
    const source = await profileRepository(h, "admin").getProfile(await sourceProfile("edcmd_source", true));
    if (!source) throw new Error("source missing");
    expect(source.sessionTemplates.length).toBe(1);
    expect(source.channelProviders.length).toBeGreaterThan(0);
    const { repository, counter } = countingRepository();
    const id = await repository.cloneProfile({
      source,
      name: "Clone one",
      uniqueName: "edcmd_clone",
      moveUsers: false,
    });
    expect(counter.requests).toBe(1);
    const clone = await repository.getProfile(id);
    expect(clone).toMatchObject({ isDefault: false, fields: { apm_name: "Clone one", apm_uniquename: "edcmd_clone" } });
    expect(ids(clone?.sessionTemplates ?? [])).toEqual(ids(source.sessionTemplates));
    expect(ids(clone?.channelProviders ?? [])).toEqual(ids(source.channelProviders));
    expect(clone?.users).toEqual([]);
    expect((await repository.getProfile(source.id))?.users.length).toBe(1);
  });

  it("moves the users to the clone in the same request (one $batch change set), so rule 9 holds", async () => {
    const plain = profileRepository(h, "admin");
    // The first test's source still holds agent2: moving them is what rule 9 allows only in one change set.
    const source = await plain.getProfileByUniqueName("edcmd_source");
    if (!source) throw new Error("source missing");
    const { repository, counter } = countingRepository();
    const id = await repository.cloneProfile({
      source,
      name: "Clone moved",
      uniqueName: "edcmd_moved",
      moveUsers: true,
    });
    expect(counter.requests).toBe(1);
    expect(ids((await plain.getProfile(id))?.users ?? [])).toEqual(ids(source.users));
    expect((await plain.getProfile(source.id))?.users).toEqual([]);
    expect((await plain.getProfile(id))?.sessionTemplates.length).toBe(1);
  });

  it("clones a built-in profile as a custom one", async () => {
    const plain = profileRepository(h, "admin");
    const [builtIn] = await plain.retrieveMultiple(AppProfile.logicalName, [
      { attribute: "apm_isdefault", operator: "eq", value: true },
    ]);
    const source = builtIn?.id ? await plain.getProfile(builtIn.id) : undefined;
    if (!source) throw new Error("no built-in");
    const id = await plain.cloneProfile({
      source,
      name: "From built-in",
      uniqueName: "edcmd_frombuiltin",
      moveUsers: false,
    });
    expect(await plain.getProfile(id)).toMatchObject({ isDefault: false, fields: { apm_app: source.fields.apm_app } });
  });

  it("refuses a delete with a stale ETag as a conflict, deletes with the current one in one request", async () => {
    const plain = profileRepository(h, "admin");
    const id = await sourceProfile("edcmd_delete", false);
    const stale = (await plain.getProfile(id))?.etag as string;
    await h
      .client("admin")
      .update({ collection: AppProfile.entitySetName, key: id, data: { apm_description: "changed" } });
    const refused = await plain.deleteProfile(id, stale).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RepositoryError);
    expect(refused).toMatchObject({ kind: "conflict", status: 412 });
    expect(await plain.getProfile(id)).toBeDefined();
    const { repository, counter } = countingRepository();
    await repository.deleteProfile(id, (await plain.getProfile(id))?.etag as string);
    expect(counter.requests).toBe(1);
    expect(await plain.getProfile(id)).toBeUndefined();
  });

  it("deletes a profile that holds users: its assignments go with it, so the users fall back to the default", async () => {
    const plain = profileRepository(h, "admin");
    const moved = await plain.getProfileByUniqueName("edcmd_moved");
    expect(moved?.users.length).toBe(1);
    await plain.deleteProfile(moved?.id as string, moved?.etag as string);
    expect(await plain.getProfile(moved?.id as string)).toBeUndefined();
    const profilesOfUser = await plain.retrieveRelated(
      "apm_appprofile_systemuser",
      { logicalName: "systemuser", id: h.userId("agent2") },
      AppProfile.logicalName,
    );
    expect(profilesOfUser).toEqual([]);
  });
});
