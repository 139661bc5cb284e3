/**
 * The designer's list sorted by Users through WebApiProfileRepository against the real local server: every page comes
 * from one aggregate FetchXML ordered by the user count and paged with count and page (Learn: fetchxml/aggregate-data,
 * fetchxml/page-results), the page's rows by id and the total by $count; pages of 50, a payload that doesn't grow
 * with the number of profiles.
 */
import { randomUUID } from "node:crypto";
import { AppChoice, AppProfile, AppProfileSystemUser, SystemUser } from "../../schema";
import type { WebApiProfileRepository } from "../../controls/shared/data/webApiRepository";
import type { ProfilePageQuery } from "../../controls/shared/data/profilePage";
import { startHarness, type Harness } from "./harness";
import { profileRepository } from "./repository";

let h: Harness;
let repository: WebApiProfileRepository;
/** Each request of the controls' own fetch: its path and the bytes of its answer. */
const sent: { path: string; bytes: number }[] = [];
const name = (i: number) => `usort_p${String(i).padStart(3, "0")}`;
/** Profile number → its users. p030 and p040 tie, as do p001, p005 and p055. */
const assigned: ReadonlyArray<[number, number]> = [
  [10, 5],
  [20, 4],
  [30, 3],
  [40, 3],
  [50, 2],
  [55, 1],
  [5, 1],
  [1, 1],
];
const byUsers: ProfilePageQuery = { search: "usort_", sort: { column: "userCount", descending: true }, status: "all" };

beforeAll(async () => {
  h = await startHarness();
  const admin = h.client("admin");
  const ids: string[] = [];
  for (let i = 0; i < 60; i++) {
    ids.push(
      await admin.create<unknown, string>({
        collection: AppProfile.entitySetName,
        data: { apm_name: name(i), apm_uniquename: name(i), apm_app: AppChoice.CustomerServiceWorkspace.value },
      }),
    );
  }
  let user = 0;
  for (const [profile, count] of assigned) {
    for (let n = 0; n < count; n++) {
      const userId = await h.client("sysadmin").create<unknown, string>({
        collection: SystemUser.entitySetName,
        data: { fullname: `Sort User ${++user}`, domainname: `usort.${user}@contoso.example` },
      });
      await admin.associate({
        collection: AppProfile.entitySetName,
        primaryKey: ids[profile],
        relationshipName: AppProfileSystemUser.schemaName,
        relatedCollection: SystemUser.entitySetName,
        relatedKey: userId,
      });
    }
  }
  repository = profileRepository(h, "admin", {
    wrapFetch: (send) => async (path, init) => {
      const response = await send(path, init);
      const text = await response.text();
      sent.push({ path: decodeURIComponent(path), bytes: Buffer.byteLength(text) });
      return {
        status: response.status,
        ok: response.ok,
        headers: response.headers,
        text: async () => text,
        json: async () => JSON.parse(text) as unknown,
      };
    },
  });
});
afterAll(() => h.stop());
beforeEach(() => {
  sent.length = 0;
});

const shown = (rows: readonly { name: string; userCount: number }[]) => rows.map((r) => `${r.name} ${r.userCount}`);

describe("the profile list sorted by Users", () => {
  it("reads the first page of 50 ordered by user count on the server, ties by name, with the total", async () => {
    const page = await repository.listProfilePage(byUsers);
    expect(shown(page.rows.slice(0, 9))).toEqual([
      "usort_p010 5",
      "usort_p020 4",
      "usort_p040 3",
      "usort_p030 3",
      "usort_p050 2",
      "usort_p055 1",
      "usort_p005 1",
      "usort_p001 1",
      "usort_p059 0",
    ]);
    expect(page.rows).toHaveLength(50);
    expect(page.totalCount).toBe(60);
    expect(page.nextPage).toEqual(expect.any(String));
    expect(page.rows.every((r) => typeof r.etag === "string")).toBe(true);
    // The aggregate ordered by the count's alias, the count, the page's rows by id and their roles/teams counts.
    expect(sent).toHaveLength(4);
    expect(sent[0].path).toContain('<order alias="users" descending="true" />');
    expect(sent[0].path).toContain('count="50" page="1"');
    expect(sent[1].path).toContain("$count=true");
    expect(
      sent.map((s) => s.path).filter((p) => p.includes("Microsoft.Dynamics.CRM.In(PropertyName='apm_appprofileid'")),
    ).toHaveLength(1);
    expect(page.rows.every((r) => r.roleCount === 0 && r.teamCount === 0)).toBe(true);
    expect(sent.map((s) => s.path).join(" ")).not.toContain("$expand");
  });

  it("follows the next page to the last rows, none repeated or skipped", async () => {
    const first = await repository.listProfilePage(byUsers);
    const second = await repository.listProfilePage({ ...byUsers, page: first.nextPage });
    expect(second.rows).toHaveLength(10);
    expect(second.nextPage).toBeUndefined();
    expect(second.totalCount).toBe(60);
    const all = [...first.rows, ...second.rows].map((r) => r.name);
    expect(new Set(all).size).toBe(60);
    expect(all.slice(-3)).toEqual([name(3), name(2), name(0)]);
  });

  it("sorts ascending: profiles without users first, by name", async () => {
    const page = await repository.listProfilePage({ ...byUsers, sort: { column: "userCount", descending: false } });
    expect(shown(page.rows.slice(0, 3))).toEqual(["usort_p000 0", "usort_p002 0", "usort_p003 0"]);
    const last = await repository.listProfilePage({
      ...byUsers,
      sort: { column: "userCount", descending: false },
      page: page.nextPage,
    });
    expect(shown(last.rows.slice(-3))).toEqual(["usort_p040 3", "usort_p020 4", "usort_p010 5"]);
  });

  it("keeps the search and the status on the server", async () => {
    const searched = await repository.listProfilePage({ ...byUsers, search: "usort_p01" });
    expect(shown(searched.rows.slice(0, 2))).toEqual(["usort_p010 5", "usort_p019 0"]);
    expect(searched.rows).toHaveLength(10);
    expect(searched.totalCount).toBe(10);
    const inactive = await repository.listProfilePage({ ...byUsers, status: "inactive" });
    expect(inactive.rows).toEqual([]);
    expect(inactive.totalCount).toBe(0);
    expect(inactive.nextPage).toBeUndefined();
  });

  it("answers pages of the same size whatever the number of profiles", async () => {
    await repository.listProfilePage(byUsers);
    const small = sent.reduce((sum, s) => sum + s.bytes, 0);
    // 1,000 more matching profiles without users, written straight to the table (the read is what is measured).
    const db = h.server.api.dbs.writer;
    const insert = db.prepare(
      `INSERT INTO apm_appprofile (apm_appprofileid, apm_name, apm_uniquename, apm_app, createdon, modifiedon, versionnumber) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const now = new Date().toISOString();
    db.transaction(() => {
      for (let i = 0; i < 1000; i++)
        insert.run(randomUUID(), `usort_q${i}`, `usort_q${i}`, AppChoice.CustomerServiceWorkspace.value, now, now, 1);
    })();
    try {
      sent.length = 0;
      const page = await repository.listProfilePage(byUsers);
      expect(page.totalCount).toBe(1060);
      expect(page.rows).toHaveLength(50);
      expect(shown(page.rows.slice(0, 1))).toEqual(["usort_p010 5"]);
      const large = sent.reduce((sum, s) => sum + s.bytes, 0);
      expect(sent).toHaveLength(4);
      expect(Math.abs(large - small) / small).toBeLessThan(0.1);
    } finally {
      db.prepare(`DELETE FROM apm_appprofile WHERE apm_uniquename LIKE 'usort\\_q%' ESCAPE '\\'`).run();
    }
  });

  it("refuses a page cookie that isn't one of its own", async () => {
    await expect(repository.listProfilePage({ ...byUsers, page: "apm-users-page:0" })).rejects.toThrow(
      "The page link is not a profile list page.",
    );
  });
});
