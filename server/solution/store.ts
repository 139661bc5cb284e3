/**
 * What an environment has installed: the solutions (unique name, version, managed) and the tables and intersect
 * tables they brought. Kept in SQLite beside the rows, so a restart serves exactly what was imported.
 */
import type Database from "better-sqlite3";
import { serverRelationships, serverTables } from "../platform";

export const solutionStoreDdl = [
  `CREATE TABLE IF NOT EXISTS server_solutions (uniquename TEXT PRIMARY KEY COLLATE NOCASE, version TEXT NOT NULL, managed INTEGER NOT NULL, installedon TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS server_tables (logicalname TEXT PRIMARY KEY, solution TEXT NOT NULL)`,
];

export interface InstalledSolution {
  readonly uniqueName: string;
  readonly version: string;
  readonly managed: boolean;
}

/** Platform tables exist in every environment; every other table exists once a solution (or the demo seed) brings it. */
const platformTables = new Set<string>(serverTables.filter((t) => t.platform).map((t) => t.logicalName));
// The N:N relationships between platform tables (users, teams, roles) are the platform's too.
for (const r of serverRelationships) {
  if (platformTables.has(r.entity1) && platformTables.has(r.entity2)) platformTables.add(r.intersectEntityName);
}

const allTables = [...serverTables.map((t) => t.logicalName), ...serverRelationships.map((r) => r.intersectEntityName)];
const stores = new WeakMap<Database.Database, SolutionStore>();

export class SolutionStore {
  private readonly installed = new Set<string>();
  private pending: string[] = [];
  private completeCache?: boolean;
  private navigationCache?: ReadonlySet<string>;

  /** The one store of a writer connection, so every part of the server sees the same installed set. */
  static of(db: Database.Database): SolutionStore {
    let store = stores.get(db);
    if (!store) stores.set(db, (store = new SolutionStore(db)));
    return store;
  }

  private constructor(private readonly db: Database.Database) {
    for (const ddl of solutionStoreDdl) db.exec(ddl);
    const rows = db.prepare("SELECT logicalname FROM server_tables").all() as { logicalname: string }[];
    for (const row of rows) this.installed.add(row.logicalname);
  }

  /** A table or intersect table (by logical name) that requests may use. */
  hasTable(logicalName: string): boolean {
    return platformTables.has(logicalName) || this.installed.has(logicalName);
  }

  /** A table every environment has, whatever is installed. */
  isPlatformTable(logicalName: string): boolean {
    return platformTables.has(logicalName);
  }

  /** Every table of the schema module is installed: requests need no check (the demo seed's case). */
  get complete(): boolean {
    return (this.completeCache ??= allTables.every((name) => this.hasTable(name)));
  }

  /** Navigation properties of N:N relationships whose intersect table is not installed yet. */
  missingNavigations(): ReadonlySet<string> {
    if (this.navigationCache) return this.navigationCache;
    const missing = new Set<string>();
    for (const r of serverRelationships) {
      if (this.hasTable(r.intersectEntityName)) continue;
      missing.add(r.entity1NavigationProperty).add(r.entity2NavigationProperty);
    }
    return (this.navigationCache = missing);
  }

  /** Records tables as installed by `solution`; the caller has created them in the same transaction. */
  recordTables(logicalNames: readonly string[], solution: string): void {
    const insert = this.db.prepare(
      "INSERT INTO server_tables (logicalname, solution) VALUES (?, ?) ON CONFLICT(logicalname) DO UPDATE SET solution = excluded.solution",
    );
    for (const name of logicalNames) insert.run(name, solution);
    // Only after the transaction commits may requests see them; a rollback must leave the set as it was.
    this.pending.push(...logicalNames);
  }

  /** Call after the transaction that recorded tables commits (or rolls back, with `committed` false). */
  settle(committed: boolean): void {
    if (committed) for (const name of this.pending) this.installed.add(name);
    this.pending = [];
    this.completeCache = undefined;
    this.navigationCache = undefined;
  }

  /** Whether a table came with a managed solution (its definition is then managed, as `IsManaged` reports). */
  installedManaged(logicalName: string): boolean {
    const row = this.db
      .prepare(
        "SELECT s.managed FROM server_tables t JOIN server_solutions s ON s.uniquename = t.solution WHERE t.logicalname = ?",
      )
      .get(logicalName) as { managed: number } | undefined;
    return row?.managed === 1;
  }

  solution(uniqueName: string): InstalledSolution | undefined {
    const row = this.db
      .prepare("SELECT uniquename, version, managed FROM server_solutions WHERE uniquename = ?")
      .get(uniqueName) as { uniquename: string; version: string; managed: number } | undefined;
    return row && { uniqueName: row.uniquename, version: row.version, managed: row.managed === 1 };
  }

  recordSolution(solution: InstalledSolution): void {
    this.db
      .prepare(
        "INSERT INTO server_solutions (uniquename, version, managed, installedon) VALUES (?, ?, ?, ?) " +
          "ON CONFLICT(uniquename) DO UPDATE SET version = excluded.version, managed = excluded.managed, installedon = excluded.installedon",
      )
      .run(solution.uniqueName, solution.version, solution.managed ? 1 : 0, new Date().toISOString());
  }
}
