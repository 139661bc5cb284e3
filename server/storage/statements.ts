/** Prepared statements cached per connection and SQL text, shared by every reader and writer of a connection. */
import type Database from "better-sqlite3";
import { BoundedCache } from "../odata/bounded-cache";

/**
 * Different filters give different SQL texts: keep 4 MB of SQL text per connection, and prepare statements longer
 * than 16 KB (large OR chains) every time rather than keep them.
 */
const MAX_CACHED_SQL_LENGTH = 4 << 20;
const MAX_CACHED_STATEMENT_LENGTH = 16 * 1024;
const statementCaches = new WeakMap<Database.Database, BoundedCache<Database.Statement>>();

export function prepare(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCaches.get(db);
  if (!cache) statementCaches.set(db, (cache = new BoundedCache(MAX_CACHED_SQL_LENGTH, MAX_CACHED_STATEMENT_LENGTH)));
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
