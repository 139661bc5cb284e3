import { AppChoice, AppProfile, builtInProfiles, SessionTemplate } from "../../schema";
import { profileRepository } from "./repository";
import { rejection, type Harness } from "./harness";
import { harnessKinds } from "./deployed";

// Each suite runs against a demo-seeded server and against an empty one provisioned by `npm run deploy`.
let h: Harness;

const set = AppProfile.entitySetName;
const newProfile = (suffix: string) => ({
  apm_name: `Tier ${suffix}`,
  apm_uniquename: `crud_tier${suffix}`,
  apm_app: AppChoice.CustomerServiceWorkspace.value,
});

describe.each(harnessKinds)("against the %s server", (_kind, start) => {
  beforeAll(async () => {
    h = await start();
  });
  afterAll(() => h.stop());

  describe("create, retrieve, update, delete", () => {
    it("creates a row, returns its id and OData-EntityId, and reads it back by id and by alternate key", async () => {
      const admin = h.client("admin");
      const id = await admin.create<unknown, string>({ collection: set, data: newProfile("1") });
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const byId = await admin.retrieve({ collection: set, key: id, select: ["apm_name", "apm_uniquename"] });
      expect(byId).toMatchObject({ apm_appprofileid: id, apm_name: "Tier 1", apm_uniquename: "crud_tier1" });
      expect(byId["@odata.etag"]).toMatch(/^W\/"\d+"$/);
      const byKey = await admin.retrieve({ collection: set, key: "apm_uniquename='CRUD_TIER1'", select: ["apm_name"] });
      expect(byKey.apm_appprofileid).toBe(id);

      const response = await h.raw(set, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(newProfile("1b")),
      });
      expect(response.status).toBe(204);
      expect(response.headers.get("OData-EntityId")).toMatch(new RegExp(`/api/data/v9\\.2/${set}\\([0-9a-f-]{36}\\)$`));
    });

    it("returns the row with Prefer: return=representation, with defaults from the schema", async () => {
      const created = await h
        .client("admin")
        .create<
          unknown,
          Record<string, unknown>
        >({ collection: set, data: newProfile("2"), returnRepresentation: true });
      expect(created).toMatchObject({ apm_name: "Tier 2", apm_isdefault: false, apm_productivitypaneenabled: false });
      expect(created["@odata.etag"]).toBeDefined();
    });

    it("updates with PATCH and deletes, then answers 404 in Dataverse's shape", async () => {
      const admin = h.client("admin");
      const id = await admin.create<unknown, string>({ collection: set, data: newProfile("3") });
      await admin.update<unknown, unknown>({ collection: set, key: id, data: { apm_description: "Agents on tier 3" } });
      expect((await admin.retrieve({ collection: set, key: id, select: ["apm_description"] })).apm_description).toBe(
        "Agents on tier 3",
      );
      await admin.deleteRecord({ collection: set, key: id });
      const missing = await h.raw(`${set}(${id})`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({
        error: { code: "0x80040217", message: `apm_appprofile With Id = ${id} Does Not Exist` },
      });
    });

    it("upserts by alternate key: creates when missing, updates when present", async () => {
      const admin = h.client("admin");
      const key = "apm_uniquename='crud_upsert'";
      await admin.upsert<unknown, unknown>({
        collection: set,
        key,
        data: { apm_name: "Upserted", apm_app: AppChoice.CustomerServiceWorkspace.value },
      });
      const first = await admin.retrieve({ collection: set, key, select: ["apm_name"] });
      await admin.upsert<unknown, unknown>({ collection: set, key, data: { apm_name: "Upserted again" } });
      const second = await admin.retrieve({ collection: set, key, select: ["apm_name"] });
      expect(second.apm_appprofileid).toBe(first.apm_appprofileid);
      expect(second.apm_name).toBe("Upserted again");
    });

    it("honours If-None-Match: * (create only) and If-Match: * (update only) on upsert", async () => {
      const admin = h.client("admin");
      const key = "apm_uniquename='crud_upsertonly'";
      await admin.upsert<unknown, unknown>({ collection: set, key, data: { apm_name: "Once" }, ifnonematch: "*" });
      expect(
        (
          await rejection(
            admin.upsert<unknown, unknown>({ collection: set, key, data: { apm_name: "Twice" }, ifnonematch: "*" }),
          )
        ).status,
      ).toBe(412);
      const missing = await rejection(
        admin.upsert<unknown, unknown>({
          collection: set,
          key: "apm_uniquename='crud_nothere'",
          data: { apm_name: "X" },
          ifmatch: "*",
        }),
      );
      expect(missing.status).toBe(404);
      expect(
        (await admin.retrieveMultiple({ collection: set, filter: "apm_uniquename eq 'crud_nothere'" })).value,
      ).toHaveLength(0);
    });
  });

  describe("ETags", () => {
    it("returns 304 for If-None-Match with the current ETag, and 412 for a stale If-Match", async () => {
      const admin = h.client("admin");
      const id = await admin.create<unknown, string>({ collection: set, data: newProfile("4") });
      const row = await admin.retrieve({ collection: set, key: id, select: ["apm_name"] });
      const notModified = await h.raw(`${set}(${id})?$select=apm_name`, {
        headers: { "If-None-Match": row["@odata.etag"] },
      });
      expect(notModified.status).toBe(304);
      await admin.update<unknown, unknown>({
        collection: set,
        key: id,
        data: { apm_name: "Tier 4b" },
        ifmatch: row["@odata.etag"],
      });
      const stale = await rejection(
        admin.update<unknown, unknown>({
          collection: set,
          key: id,
          data: { apm_name: "Tier 4c" },
          ifmatch: row["@odata.etag"],
        }),
      );
      expect(stale).toMatchObject({ status: 412, code: "0x80060882" });
      expect((await admin.retrieve({ collection: set, key: id, select: ["apm_name"] })).apm_name).toBe("Tier 4b");
    });

    it("lets exactly one of two writers racing on one ETag win", async () => {
      const id = await h.client("admin").create<unknown, string>({ collection: set, data: newProfile("race") });
      const { "@odata.etag": etag } = await h
        .client("admin")
        .retrieve({ collection: set, key: id, select: ["apm_name"] });
      const attempts = await Promise.allSettled(
        ["A", "B"].map((who) =>
          h
            .client("admin")
            .update<unknown, unknown>({ collection: set, key: id, data: { apm_description: who }, ifmatch: etag }),
        ),
      );
      expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
      const loser = attempts.find((a) => a.status === "rejected") as PromiseRejectedResult;
      expect(loser.reason.status).toBe(412);
    });
  });

  describe("paths under a record", () => {
    it("serves entity(id)/nav, so WebApiProfileRepository.retrieveRelated works against the server", async () => {
      const admin = h.client("admin");
      const id = await admin.create<unknown, string>({ collection: set, data: newProfile("nav") });
      const template = await admin.retrieve({
        collection: SessionTemplate.entitySetName,
        key: "apm_uniquename='msdyn_case_session'",
        select: ["apm_name"],
      });
      await admin.associate({
        collection: set,
        primaryKey: id,
        relationshipName: "apm_appprofile_sessiontemplate",
        relatedCollection: SessionTemplate.entitySetName,
        relatedKey: template.apm_sessiontemplateid,
      });
      const repository = profileRepository(h, "admin");
      const related = await repository.retrieveRelated(
        "apm_appprofile_sessiontemplate",
        { logicalName: AppProfile.logicalName, id },
        SessionTemplate.logicalName,
        ["apm_name"],
      );
      expect(related).toEqual([
        expect.objectContaining({
          id: template.apm_sessiontemplateid,
          attributes: expect.objectContaining({ apm_name: "Case session" }),
        }),
      ]);
      // And from the other side of the N:N, with a filter on the related rows.
      const profiles = await repository.retrieveRelated(
        "apm_appprofile_sessiontemplate",
        { logicalName: SessionTemplate.logicalName, id: template.apm_sessiontemplateid },
        AppProfile.logicalName,
        ["apm_uniquename"],
      );
      expect(profiles.map((p) => p.id)).toContain(id);
    });

    it("answers set/$count and entity(id)/property as Dataverse does", async () => {
      const count = await h.raw(`${set}/$count`);
      expect(count.headers.get("content-type")).toBe("text/plain");
      expect(Number(await count.text())).toBeGreaterThanOrEqual(builtInProfiles.length);
      const builtIn = await h.raw(`${set}(apm_uniquename='${builtInProfiles[0].apm_uniquename}')/apm_uniquename`);
      expect((await builtIn.json()).value).toBe(builtInProfiles[0].apm_uniquename);
    });
  });

  describe("functions and metadata", () => {
    it("answers WhoAmI with the caller's user id", async () => {
      const who = await h.client("agent").callFunction<{ UserId: string }>("WhoAmI");
      expect(who.UserId).toBe(h.userId("agent"));
    });

    it("lists EntityDefinitions so a client can find entity set names", async () => {
      const client = h.client("admin", { useEntityNames: true });
      const rows = await client.retrieveMultiple({
        collection: SessionTemplate.logicalName,
        select: ["apm_name"],
        top: 2,
      });
      expect(rows.value).toHaveLength(2);
    });

    it("has both built-in profiles from the start", async () => {
      const rows = await h
        .client("agent")
        .retrieveMultiple({ collection: set, filter: "apm_isdefault eq true", select: ["apm_uniquename"] });
      expect(rows.value.map((r: { apm_uniquename: string }) => r.apm_uniquename).sort()).toEqual(
        builtInProfiles.map((p) => p.apm_uniquename).sort(),
      );
    });
  });

  describe("bad requests get Dataverse errors, never a stack trace", () => {
    const post = (body: string, headers: Record<string, string> = { "Content-Type": "application/json" }) =>
      h.raw(set, { method: "POST", headers, body });

    it.each([
      ["an unknown column", JSON.stringify({ apm_nme: "x" }), /Invalid property 'apm_nme'/],
      ["a wrong type", JSON.stringify({ apm_name: 5 }), /Edm\.String/],
      [
        "a value too long",
        JSON.stringify({ apm_name: "x".repeat(101), apm_uniquename: "abc_x" }),
        /maximum allowed length of '100'/,
      ],
      [
        "an unknown choice value",
        JSON.stringify({ apm_name: "x", apm_uniquename: "abc_x", apm_app: 7 }),
        /outside the valid range/,
      ],
      ["malformed JSON", "{ not json", /not valid JSON/],
      ["an array body", "[]", /JSON object/],
    ])("refuses %s with 400 and a message", async (_what, body, message) => {
      const response = await post(body);
      expect(response.status).toBe(400);
      const json = await response.json();
      expect(json.error.code).toMatch(/^0x[0-9a-f]{8}$/);
      expect(json.error.message).toMatch(message);
      expect(JSON.stringify(json)).not.toMatch(/at .*\.ts:\d+/);
    });

    it("refuses an unknown entity set, a bad key and a filter syntax error", async () => {
      expect((await h.raw("apm_nothings")).status).toBe(404);
      expect((await h.raw(`${set}(not-a-guid)`)).status).toBe(400);
      const badFilter = await h.raw(`${set}?$filter=apm_name eq`);
      expect(badFilter.status).toBe(400);
      expect((await badFilter.json()).error.message).toBeTruthy();
    });

    it("answers 401 without a token or with an unknown one", async () => {
      const none = await h.raw(set, { user: null });
      expect(none.status).toBe(401);
      expect((await none.json()).error.message).toMatch(/Authorization: Bearer/);
      const wrong = await h.raw(set, { user: null, headers: { Authorization: "Bearer nope" } });
      expect(wrong.status).toBe(401);
    });

    it("grants CORS to no origin it wasn't told to (--cors-origin) and refuses bodies over the limit with 413", async () => {
      const preflight = await fetch(`${h.server.apiUrl}${set}`, {
        method: "OPTIONS",
        headers: { Origin: "http://localhost:8080", "Access-Control-Request-Method": "PATCH" },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
      const huge = await post(JSON.stringify({ apm_name: "x".repeat(33 * 1024 * 1024) }));
      expect(huge.status).toBe(413);
    });
  });
});
