/**
 * The profiles export file (issue 14): a versioned JSON document, described for other tools by
 * `profiles-export.schema.json` next to this file. Each profile is written by unique name with its columns; what it
 * links to is written by names that mean the same thing in every environment: session templates by unique name,
 * channel providers by their name (`apm_name`, the provider's stable key), roles and teams by name, users by
 * principal name. A built-in profile is only referenced (its unique name, and its users when they are exported):
 * the system writes built-ins, so an import never writes their columns. Pure: the CLI and the designer read files here.
 */
// The model, not the schema index: the designer reads files too (issue 14 Compare), and its bundle carries no labels.
import { AppProfile, PROFILE_RANK_MAX, PROFILE_RANK_MIN } from "../../../schema/model";
import type { ColumnModel } from "../../../schema/define";
import { validateUniqueName } from "../../../handlers/rules/uniqueName";
import { parseJsonWithLines, type JsonValue } from "./jsonLines";

export const PROFILES_FORMAT = "apm-app-profiles";
export const PROFILES_FORMAT_VERSION = 1;

/** The profile columns a file carries: the admin's own, not the key, the system's built-in flag, rank or default. */
export const PORTABLE_COLUMNS = Object.keys(AppProfile.columns).filter(
  (name) => !["apm_uniquename", "apm_isdefault", "apm_rank", "apm_iscustomdefault"].includes(name),
) as readonly (keyof typeof AppProfile.columns & string)[];

export type PortableColumns = Readonly<Record<string, string | number | boolean | null>>;
export type ProfileState = "Active" | "Inactive";

export interface CustomProfileEntry {
  /** The profile's id in the environment it came from; an import creates it with the same id. */
  readonly id?: string;
  readonly uniqueName: string;
  readonly builtIn: false;
  readonly columns: PortableColumns;
  readonly rank: number | null;
  readonly customDefault: boolean;
  readonly state: ProfileState;
  readonly sessionTemplates: readonly string[];
  readonly channelProviders: readonly string[];
  readonly roles: readonly string[];
  readonly teams: readonly string[];
  /** Principal names; present only when the file carries users. */
  readonly users?: readonly string[];
}

/** A built-in is referenced: it must exist in the target, and only its users (when exported) are imported. */
export interface BuiltInProfileEntry {
  readonly id?: string;
  readonly uniqueName: string;
  readonly builtIn: true;
  readonly users?: readonly string[];
}

export type ProfileEntry = CustomProfileEntry | BuiltInProfileEntry;

export interface ProfilesDocument {
  readonly format: typeof PROFILES_FORMAT;
  readonly version: typeof PROFILES_FORMAT_VERSION;
  readonly exportedAt: string;
  /** The environment's URL. */
  readonly source: string;
  readonly includesUsers: boolean;
  readonly profiles: readonly ProfileEntry[];
}

export interface DocumentProblem {
  readonly line?: number;
  /** The field's path, e.g. `profiles[2].columns.apm_app`. */
  readonly field?: string;
  readonly message: string;
}

export type ParsedDocument =
  | { readonly ok: true; readonly document: ProfilesDocument }
  | { readonly ok: false; readonly problems: readonly DocumentProblem[] };

/** `file.json:12: profiles[2].rank: message` */
export function describeProblem(problem: DocumentProblem, fileName: string): string {
  const where = problem.line === undefined ? fileName : `${fileName}:${problem.line}`;
  return `${where}: ${problem.field ? `${problem.field}: ` : ""}${problem.message}`;
}

type Obj = { readonly [key: string]: JsonValue };
const isObject = (v: JsonValue | undefined): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const has = (o: Obj, key: string) => Object.prototype.hasOwnProperty.call(o, key);
const MAX_PROBLEMS = 50;
const CUSTOM_KEYS = new Set([
  "id",
  "uniqueName",
  "builtIn",
  "columns",
  "rank",
  "customDefault",
  "state",
  "sessionTemplates",
  "channelProviders",
  "roles",
  "teams",
  "users",
]);
const BUILT_IN_KEYS = new Set(["id", "uniqueName", "builtIn", "users"]);
const TOP_KEYS = new Set(["$schema", "format", "version", "exportedAt", "source", "includesUsers", "profiles"]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads and checks a file's text. Every problem names its line and field; a foreign file is told apart first. */
export function parseProfilesDocument(text: string): ParsedDocument {
  const parsed = parseJsonWithLines(text);
  if (!parsed.ok) {
    return {
      ok: false,
      problems: [
        {
          line: parsed.line,
          message: `this is not valid JSON (column ${parsed.column}: ${parsed.message}); export the file again, or fix it there.`,
        },
      ],
    };
  }
  const problems: DocumentProblem[] = [];
  const add = (field: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ line: parsed.lineOf(field), field, message });
  };
  const root = parsed.value;
  if (!isObject(root) || root.format !== PROFILES_FORMAT) {
    const field = isObject(root) && has(root, "format") ? "format" : undefined;
    return {
      ok: false,
      problems: [
        {
          line: field ? parsed.lineOf(field) : 1,
          ...(field ? { field } : {}),
          message: `this is not an app profiles export (it has no "format": "${PROFILES_FORMAT}"): choose a file written by npm run profiles -- export or the designer's Export.`,
        },
      ],
    };
  }
  if (root.version !== PROFILES_FORMAT_VERSION) {
    const newer = typeof root.version === "number" && root.version > PROFILES_FORMAT_VERSION;
    add(
      "version",
      newer
        ? `the file is version ${String(root.version)}, written by a newer App Profile Manager; this one reads version ${PROFILES_FORMAT_VERSION}: update it first.`
        : `must be ${PROFILES_FORMAT_VERSION}, the format version this App Profile Manager reads.`,
    );
    return { ok: false, problems };
  }
  for (const key of Object.keys(root)) if (!TOP_KEYS.has(key)) add(key, "is not a field of an app profiles export.");
  if (typeof root.exportedAt !== "string") add("exportedAt", "must be the export's date and time (text).");
  if (typeof root.source !== "string") add("source", "must be the URL of the environment the file came from.");
  if (typeof root.includesUsers !== "boolean") add("includesUsers", "must be true or false.");
  if (!Array.isArray(root.profiles)) {
    add("profiles", "must be a list of profiles.");
    return { ok: false, problems };
  }
  const includesUsers = root.includesUsers === true;
  const profiles: ProfileEntry[] = [];
  const seenNames = new Map<string, string>();
  const seenIds = new Map<string, string>();
  const userOwner = new Map<string, string>();
  root.profiles.forEach((item, index) => {
    const path = `profiles[${index}]`;
    const entry = readProfile(item, path, includesUsers, add);
    if (!entry) return;
    const name = entry.uniqueName.toLowerCase();
    const earlier = seenNames.get(name);
    if (earlier) add(`${path}.uniqueName`, `"${entry.uniqueName}" is in the file twice (also ${earlier}): keep one.`);
    seenNames.set(name, path);
    if (entry.id) {
      const sameId = seenIds.get(entry.id.toLowerCase());
      if (sameId) add(`${path}.id`, `the id ${entry.id} is in the file twice (also ${sameId}): keep one.`);
      seenIds.set(entry.id.toLowerCase(), path);
    }
    (entry.users ?? []).forEach((user, u) => {
      const owner = userOwner.get(user.toLowerCase());
      if (owner)
        add(`${path}.users[${u}]`, `"${user}" is also a user of ${owner}, and a user can have only one profile.`);
      else userOwner.set(user.toLowerCase(), entry.uniqueName);
    });
    profiles.push(entry);
  });
  checkRanksAndDefaults(profiles, add);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    document: {
      format: PROFILES_FORMAT,
      version: PROFILES_FORMAT_VERSION,
      exportedAt: root.exportedAt as string,
      source: root.source as string,
      includesUsers,
      profiles,
    },
  };
}

type Add = (field: string, message: string) => void;

function readProfile(item: JsonValue, path: string, includesUsers: boolean, add: Add): ProfileEntry | undefined {
  if (!isObject(item)) {
    add(path, "must be a profile (an object with uniqueName, columns and links).");
    return undefined;
  }
  const before = { count: 0 };
  const counted: Add = (field, message) => {
    before.count++;
    add(field, message);
  };
  const uniqueName = typeof item.uniqueName === "string" ? item.uniqueName : undefined;
  if (uniqueName === undefined) counted(`${path}.uniqueName`, "must be the profile's unique name (text).");
  else {
    const problem = validateUniqueName(uniqueName);
    if (problem) counted(`${path}.uniqueName`, problem.message);
  }
  if (has(item, "id") && !(typeof item.id === "string" && GUID.test(item.id)))
    counted(`${path}.id`, "must be a GUID such as 00000000-0000-0000-0000-000000000000.");
  if (typeof item.builtIn !== "boolean") counted(`${path}.builtIn`, "must be true or false.");
  const builtIn = item.builtIn === true;
  for (const key of Object.keys(item)) {
    if (!(builtIn ? BUILT_IN_KEYS : CUSTOM_KEYS).has(key))
      counted(
        `${path}.${key}`,
        builtIn
          ? "is not imported for a built-in profile (the system writes built-ins; only their users move)."
          : "is not a field of an exported profile.",
      );
  }
  const users = readUsers(item, path, includesUsers, counted);
  const id = typeof item.id === "string" ? item.id.toLowerCase() : undefined;
  if (builtIn) {
    if (before.count > 0 || uniqueName === undefined) return undefined;
    return { ...(id ? { id } : {}), uniqueName, builtIn: true, ...(users ? { users } : {}) };
  }
  const columns = readColumns(item.columns, `${path}.columns`, counted);
  const rank = item.rank;
  if (
    !(
      rank === null ||
      (typeof rank === "number" && Number.isInteger(rank) && rank >= PROFILE_RANK_MIN && rank <= PROFILE_RANK_MAX)
    )
  )
    counted(`${path}.rank`, `must be null or a whole number from ${PROFILE_RANK_MIN} to ${PROFILE_RANK_MAX}.`);
  if (typeof item.customDefault !== "boolean") counted(`${path}.customDefault`, "must be true or false.");
  if (item.state !== "Active" && item.state !== "Inactive") counted(`${path}.state`, 'must be "Active" or "Inactive".');
  const lists = {
    sessionTemplates: readNames(item, "sessionTemplates", path, counted),
    channelProviders: readNames(item, "channelProviders", path, counted),
    roles: readNames(item, "roles", path, counted),
    teams: readNames(item, "teams", path, counted),
  };
  if (before.count > 0 || uniqueName === undefined || !columns) return undefined;
  const entry: CustomProfileEntry = {
    ...(id ? { id } : {}),
    uniqueName,
    builtIn: false,
    columns,
    rank: rank as number | null,
    customDefault: item.customDefault as boolean,
    state: item.state as ProfileState,
    sessionTemplates: lists.sessionTemplates ?? [],
    channelProviders: lists.channelProviders ?? [],
    roles: lists.roles ?? [],
    teams: lists.teams ?? [],
    ...(users ? { users } : {}),
  };
  if ((entry.roles.length > 0 || entry.teams.length > 0) && entry.rank === null)
    add(`${path}.rank`, "is needed: the profile is given to roles or teams, and those need a rank (the lowest wins).");
  if (entry.customDefault && entry.state === "Inactive")
    add(
      `${path}.customDefault`,
      "can't be true on an inactive profile: only an active profile can be the custom default.",
    );
  return entry;
}

function readUsers(item: Obj, path: string, includesUsers: boolean, add: Add): string[] | undefined {
  if (!has(item, "users")) return undefined;
  if (!includesUsers) {
    add(`${path}.users`, 'is there although "includesUsers" is false: set it to true, or remove the users.');
    return undefined;
  }
  return readNames(item, "users", path, add);
}

function readNames(item: Obj, key: string, path: string, add: Add): string[] | undefined {
  const list = item[key];
  if (!Array.isArray(list)) {
    add(`${path}.${key}`, "must be a list of names (text).");
    return undefined;
  }
  const seen = new Set<string>();
  const names: string[] = [];
  list.forEach((name, i) => {
    if (typeof name !== "string" || name.trim() === "") add(`${path}.${key}[${i}]`, "must be a name (text).");
    else if (seen.has(name.toLowerCase())) add(`${path}.${key}[${i}]`, `"${name}" is listed twice.`);
    else {
      seen.add(name.toLowerCase());
      names.push(name);
    }
  });
  return names;
}

function readColumns(value: JsonValue | undefined, path: string, add: Add): PortableColumns | undefined {
  if (!isObject(value)) {
    add(path, `must be an object with the profile's columns (${PORTABLE_COLUMNS.join(", ")}).`);
    return undefined;
  }
  const columns: Record<string, string | number | boolean | null> = Object.create(null);
  let fine = true;
  for (const key of Object.keys(value)) {
    if (!(PORTABLE_COLUMNS as readonly string[]).includes(key)) {
      add(`${path}.${key}`, `is not a column an export carries (${PORTABLE_COLUMNS.join(", ")}).`);
      fine = false;
    }
  }
  for (const name of PORTABLE_COLUMNS) {
    const column = AppProfile.columns[name] as ColumnModel;
    const problem = has(value, name) ? columnProblem(column, value[name]) : "is missing.";
    if (problem) {
      add(`${path}.${name}`, problem);
      fine = false;
    } else columns[name] = value[name] as string | number | boolean | null;
  }
  return fine ? columns : undefined;
}

function columnProblem(column: ColumnModel, value: JsonValue): string | undefined {
  if (value === null) return column.required ? "is required." : undefined;
  switch (column.type) {
    case "string":
    case "memo":
      if (typeof value !== "string") return "must be text.";
      if (value.length > column.maxLength) return `is longer than ${column.maxLength} characters.`;
      if (column.required && value.trim() === "") return "is required.";
      return undefined;
    case "boolean":
      return typeof value === "boolean" ? undefined : "must be true or false.";
    case "choice":
      return column.options.some((o) => o.value === value)
        ? undefined
        : `must be one of ${column.options.map((o) => `${o.value} (${o.label})`).join(", ")}.`;
    case "integer":
      return typeof value === "number" && Number.isInteger(value) && value >= column.min && value <= column.max
        ? undefined
        : `must be a whole number from ${column.min} to ${column.max}.`;
    default:
      return "is not a column an export carries.";
  }
}

/** Within the file: one custom default per app, and no two active profiles of an app with roles or teams share a rank. */
function checkRanksAndDefaults(profiles: readonly ProfileEntry[], add: Add) {
  const defaults = new Map<unknown, string>();
  const ranks = new Map<string, string>();
  profiles.forEach((entry, index) => {
    if (entry.builtIn || entry.state !== "Active") return;
    const app = entry.columns.apm_app;
    if (entry.customDefault) {
      const holder = defaults.get(app);
      if (holder)
        add(`profiles[${index}].customDefault`, `${holder} is already the custom default of this app in the file.`);
      else defaults.set(app, entry.uniqueName);
    }
    if (entry.rank !== null && (entry.roles.length > 0 || entry.teams.length > 0)) {
      const key = `${String(app)}:${entry.rank}`;
      const holder = ranks.get(key);
      if (holder) add(`profiles[${index}].rank`, `${holder} has the rank ${entry.rank} in the same app in the file.`);
      else ranks.set(key, entry.uniqueName);
    }
  });
}
