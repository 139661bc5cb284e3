/** Per-environment settings of the installer, kept per writer connection so every module sees the same ones. */
import type Database from "better-sqlite3";

export interface InstallerSettings {
  /**
   * Refuse a zip that breaks what Dataverse checks (strict.ts), as a real import does: the default. `false` imports it
   * anyway and logs each problem, for a zip built before the packer writes what real exports carry.
   */
  strictImport: boolean;
}

const registry = new WeakMap<Database.Database, InstallerSettings>();

export function installerSettings(db: Database.Database): InstallerSettings {
  let settings = registry.get(db);
  if (!settings) registry.set(db, (settings = { strictImport: true }));
  return settings;
}
