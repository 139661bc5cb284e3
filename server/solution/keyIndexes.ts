/**
 * Alternate keys' index status. Dataverse builds a new key's index in a system job after the key is created, so
 * its EntityKeyIndexStatus goes Pending -> InProgress -> Active (or Failed), and the key can't be used until it is
 * Active. Learn: data-platform/define-alternate-keys-entity ("the system job ... creates the database indexes"),
 * webapi/reference/entitykeyindexstatus. A local environment models that job as a delay from the key's import
 * (`keyIndexDelayMs`); keys the demo seed installs, or that predate this record, are Active.
 */
import type Database from "better-sqlite3";

export type KeyIndexStatus = "Pending" | "InProgress" | "Active" | "Failed";

export const DEFAULT_KEY_INDEX_DELAY_MS = 1500;

const DDL = `CREATE TABLE IF NOT EXISTS server_entitykeys (entity TEXT NOT NULL, logicalname TEXT NOT NULL, createdon INTEGER NOT NULL, PRIMARY KEY (entity, logicalname))`;

const registry = new WeakMap<Database.Database, KeyIndexes>();

export class KeyIndexes {
  /** How long the simulated system job takes to build an index: Pending for the first half, InProgress for the rest. */
  delayMs = DEFAULT_KEY_INDEX_DELAY_MS;

  static of(db: Database.Database): KeyIndexes {
    let indexes = registry.get(db);
    if (!indexes) registry.set(db, (indexes = new KeyIndexes(db)));
    return indexes;
  }

  private constructor(private readonly db: Database.Database) {
    db.exec(DDL);
  }

  /** Records keys created now (inside the import's transaction); a key already recorded keeps its first time. */
  recordCreated(entity: string, keys: readonly string[], now = Date.now()): void {
    const insert = this.db.prepare(
      "INSERT INTO server_entitykeys (entity, logicalname, createdon) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    );
    for (const key of keys) insert.run(entity, key, now);
  }

  status(entity: string, key: string, now = Date.now()): KeyIndexStatus {
    const row = this.db
      .prepare("SELECT createdon FROM server_entitykeys WHERE entity = ? AND logicalname = ?")
      .get(entity, key) as { createdon: number } | undefined;
    if (!row) return "Active";
    const elapsed = now - row.createdon;
    if (elapsed >= this.delayMs) return "Active";
    return elapsed < this.delayMs / 2 ? "Pending" : "InProgress";
  }
}
