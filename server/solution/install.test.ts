import Database from "better-sqlite3";
import {
  AppProfile,
  ChannelProvider,
  manyToManyRelationships,
  solutionTables,
  type TableDefinition,
} from "../../schema";
import { KeyIndexes } from "./keyIndexes";
import { applyInstall, planInstall } from "./install";
import { SolutionStore } from "./store";

const columnsOf = (db: Database.Database, table: string) =>
  (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name);

describe("installing a solution's tables", () => {
  it("creates tables and intersect tables, records them, and upgrades by adding columns", () => {
    const db = new Database(":memory:");
    const store = SolutionStore.of(db);
    expect(store.hasTable(AppProfile.logicalName)).toBe(false);
    expect(store.hasTable("systemuser")).toBe(true);

    const plan = planInstall(db, solutionTables, manyToManyRelationships);
    expect(plan.warnings).toEqual([]);
    db.transaction(() => applyInstall(db, store, plan, "AppProfileManager"))();
    expect(store.hasTable(AppProfile.logicalName)).toBe(false); // not until the transaction is settled
    store.settle(true);
    expect(store.complete).toBe(true);
    expect(store.hasTable("apm_appprofile_systemuser")).toBe(true);
    expect(columnsOf(db, AppProfile.logicalName)).toContain("apm_uniquename");

    const newer: TableDefinition = {
      ...AppProfile,
      columns: { ...AppProfile.columns, apm_color: { type: "string", displayName: "Color", maxLength: 20 } },
    };
    const upgrade = planInstall(db, [newer], []);
    expect(upgrade.statements[0]).toBe(`ALTER TABLE "apm_appprofile" ADD COLUMN "apm_color" TEXT COLLATE NOCASE`);
    db.transaction(() => applyInstall(db, store, upgrade, "AppProfileManager"))();
    expect(columnsOf(db, AppProfile.logicalName)).toContain("apm_color");
  });

  it("warns about what the server's code can't serve as the zip says", () => {
    const db = new Database(":memory:");
    const { apm_name: _dropped, ...columns } = AppProfile.columns;
    const plan = planInstall(
      db,
      [
        { ...AppProfile, columns },
        { ...AppProfile, logicalName: "apm_other" },
      ],
      [{ schemaName: "apm_x", intersectEntityName: "apm_x", entity1: "apm_other", entity2: "systemuser" }],
    );
    expect(plan.warnings).toEqual([
      "table apm_appprofile lacks column(s) apm_name that this server's code writes",
      "table apm_other is not in this server's schema: created, but not served",
      "relationship apm_x relates a table this server does not know: skipped",
    ]);
  });

  it("leaves a new key Failed, not the import, when rows repeat its values (Learn: define-alternate-keys-entity)", () => {
    const db = new Database(":memory:");
    const store = SolutionStore.of(db);
    const plan = planInstall(db, solutionTables, manyToManyRelationships);
    db.transaction(() => applyInstall(db, store, plan, "AppProfileManager"))();
    store.settle(true);
    const insert = db.prepare(
      `INSERT INTO apm_channelprovider (apm_channelproviderid, apm_name, createdon, modifiedon, versionnumber) VALUES (?, 'same', 'x', 'x', 1)`,
    );
    insert.run("a");
    insert.run("b");
    const keyed: TableDefinition = {
      ...ChannelProvider,
      alternateKeys: [{ logicalName: "apm_name_key", displayName: "Name", columns: ["apm_name"] }],
    };
    const upgrade = planInstall(db, [keyed], []);
    db.transaction(() => applyInstall(db, store, upgrade, "AppProfileManager"))();
    expect(KeyIndexes.of(db).status("apm_channelprovider", "apm_name_key")).toBe("Failed");
    expect(KeyIndexes.of(db).status("apm_appprofile", "apm_uniquename_key")).toBe("Active");
  });
});
