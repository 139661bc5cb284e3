/** Prepared statements cached per connection and SQL text, shared by every reader and writer of a connection. */
import type Database from "better-sqlite3";

/** Different filters give different SQL texts; past this many, start the cache over rather than grow forever. */
const MAX_CACHED_STATEMENTS = 2000;
const statementCaches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepare(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCaches.get(db);
  if (!cache) statementCaches.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear();
    cache.set(sql, (statement = db.prepare(sql)));
  }
  return statement;
}
