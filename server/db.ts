/**
 * Opens the server's SQLite file twice: one connection for writes (serialized by a lock, because handlers are
 * async and a transaction spans awaits) and one for reads, which in WAL mode sees only committed rows.
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { serverTables } from "./platform";
import { createSchema } from "./storage/layout";

export interface Databases {
  readonly writer: Database.Database;
  readonly reader: Database.Database;
  readonly file: string;
  close(): void;
}

/** Local tables that Dataverse keeps outside the Web API surface we serve. */
const platformDdl = [`CREATE TABLE IF NOT EXISTS server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`];

export function openDatabases(dataDir: string): Databases {
  // Only the server's user may read the rows and tokens.json: the folder 0700, the SQLite file 0600 (SQLite
  // gives its -wal and -shm files the database file's mode). Folders from before this are tightened too.
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  tighten(dataDir, 0o700);
  const file = path.join(dataDir, "dataverse.sqlite");
  fs.closeSync(fs.openSync(file, "a", 0o600));
  for (const suffix of ["", "-wal", "-shm"]) if (fs.existsSync(file + suffix)) tighten(file + suffix, 0o600);
  const writer = new Database(file);
  writer.pragma("journal_mode = WAL");
  writer.pragma("synchronous = NORMAL");
  writer.pragma("foreign_keys = ON");
  writer.pragma("busy_timeout = 5000");
  // Platform tables only: the solution's tables come with ImportSolution (or the demo seed), see server/solution/.
  createSchema(
    writer,
    serverTables.filter((t) => t.platform),
  );
  for (const ddl of platformDdl) writer.exec(ddl);
  const reader = new Database(file, { readonly: true });
  reader.pragma("busy_timeout = 5000");
  return {
    writer,
    reader,
    file,
    close() {
      reader.close();
      writer.close();
    },
  };
}

/** chmod, except on a path this user doesn't own (a shared folder given as --data): that one stays as it is. */
function tighten(target: string, mode: number): void {
  try {
    fs.chmodSync(target, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") throw error;
  }
}

export function getMeta(db: Database.Database, key: string): string | undefined {
  const row = db.prepare("SELECT value FROM server_meta WHERE key = ?").get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Database.Database, key: string, value: string): void {
  db.prepare(
    "INSERT INTO server_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  ).run(key, value);
}

/** Dataverse's row version: one counter for the whole database, so every write gets a new, larger number. */
export function nextVersion(db: Database.Database): number {
  const current = Number(getMeta(db, "versionnumber") ?? "1000");
  const next = current + 1;
  setMeta(db, "versionnumber", String(next));
  return next;
}

/** A writer waited longer than the lock's timeout for the one before it to finish. */
export class WriteLockTimeout extends Error {
  constructor(readonly waitedMs: number) {
    super(`Waited ${waitedMs} ms for the write lock.`);
    this.name = "WriteLockTimeout";
  }
}

/**
 * Serializes writers: each task runs alone, in arrival order. A task that can't start within `timeoutMs` (the one
 * before it is still running) is never run: it rejects with WriteLockTimeout, and its place in the queue is passed
 * on as soon as the earlier task ends. Every task releases the lock when it settles, whether it resolves, rejects
 * or throws before returning a promise.
 */
export class WriteLock {
  private tail: Promise<void> = Promise.resolve();

  /** How long a task may wait for the one before it; tests lower it. */
  constructor(public timeoutMs = 30_000) {}

  run<T>(task: () => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    return new Promise<T>((resolve, reject) => {
      let gaveUp = false;
      const timer = setTimeout(() => {
        gaveUp = true;
        reject(new WriteLockTimeout(timeoutMs));
      }, timeoutMs);
      timer.unref();
      void previous.then(() => {
        clearTimeout(timer);
        if (gaveUp) return release();
        let running: Promise<T>;
        try {
          running = Promise.resolve(task());
        } catch (error) {
          running = Promise.reject(error);
        }
        running.then(
          (value) => {
            release();
            resolve(value);
          },
          (error: unknown) => {
            release();
            reject(error);
          },
        );
      });
    });
  }
}
