/**
 * The preview of a bulk assignment: what each CSV row will do, decided before anything is written, from the users
 * and profiles the environment holds. Pure: the designer's import panel and `npm run assign` show the same plan.
 * Rule 9 holds across the file: a user gets one direct profile, so a user listed twice is refused on the later line.
 */
import { normalizeId } from "../ids";
import type { AssignmentCsvRow } from "./csv";

export interface DirectoryProfileRef {
  readonly id: string;
  readonly uniqueName: string;
  readonly name: string;
}

export interface DirectoryUser {
  readonly id: string;
  readonly fullName: string;
  /** The principal name (systemuser.domainname). */
  readonly domainName: string;
  readonly email: string;
  readonly isDisabled: boolean;
  /** False for application and non-interactive users: they never open an agent's app. */
  readonly isInteractive: boolean;
  /** The profile the user is assigned to directly, if any (at most one by rule 9). */
  readonly profile?: DirectoryProfileRef;
}

export type DirectoryProfile = DirectoryProfileRef;

/** How a CSV user cell is looked up: an id, or a principal name or email (compared without case). */
export type UserKey = { readonly kind: "id"; readonly id: string } | { readonly kind: "name"; readonly text: string };

export function userKey(cell: string): UserKey {
  const id = normalizeId(cell);
  return id ? { kind: "id", id } : { kind: "name", text: cell.trim().toLowerCase() };
}

export type RowStatus =
  | { readonly kind: "assign" }
  | { readonly kind: "move"; readonly from: DirectoryProfileRef }
  | { readonly kind: "already" }
  /** Action remove: the user leaves the profile; `notAssigned` when they are not on it (nothing to do). */
  | { readonly kind: "remove" }
  | { readonly kind: "notAssigned" }
  | { readonly kind: "unknownUser" }
  | { readonly kind: "ambiguousUser"; readonly matches: number }
  | { readonly kind: "disabledUser" }
  | { readonly kind: "nonInteractiveUser" }
  | { readonly kind: "profileMissing" }
  | { readonly kind: "duplicateUser"; readonly firstLine: number };

export type RowStatusKind = RowStatus["kind"];

export interface PlannedRow {
  readonly row: AssignmentCsvRow;
  readonly status: RowStatus;
  readonly user?: DirectoryUser;
  readonly profile?: DirectoryProfile;
}

export interface AssignmentPlan {
  readonly rows: readonly PlannedRow[];
  readonly counts: Readonly<Record<RowStatusKind, number>>;
  /** Rows that write something (assign, move and remove). */
  readonly changes: number;
  /** Rows that can't be applied; the import applies the rest only when the admin says so. */
  readonly problems: number;
}

export const WRITING_STATUSES: ReadonlySet<RowStatusKind> = new Set<RowStatusKind>(["assign", "move", "remove"]);
/** Rows that are fine as they are: they write, or there is nothing to write. */
export const HARMLESS_STATUSES: ReadonlySet<RowStatusKind> = new Set<RowStatusKind>([
  ...WRITING_STATUSES,
  "already",
  "notAssigned",
]);

/** Indexes the directory once: ids, principal names and emails, each to the users that carry it. */
class UserIndex {
  private readonly byId = new Map<string, DirectoryUser>();
  private readonly byDomainName = new Map<string, DirectoryUser[]>();
  private readonly byEmail = new Map<string, DirectoryUser[]>();

  constructor(users: readonly DirectoryUser[]) {
    for (const user of users) {
      this.byId.set(user.id.toLowerCase(), user);
      push(this.byDomainName, user.domainName.toLowerCase(), user);
      if (user.email) push(this.byEmail, user.email.toLowerCase(), user);
    }
  }

  /** A principal name wins over an email: it is unique in Dataverse, an email need not be. */
  find(key: UserKey): DirectoryUser[] {
    if (key.kind === "id") {
      const user = this.byId.get(key.id);
      return user ? [user] : [];
    }
    return this.byDomainName.get(key.text) ?? this.byEmail.get(key.text) ?? [];
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function emptyCounts(): Record<RowStatusKind, number> {
  return {
    assign: 0,
    move: 0,
    already: 0,
    remove: 0,
    notAssigned: 0,
    unknownUser: 0,
    ambiguousUser: 0,
    disabledUser: 0,
    nonInteractiveUser: 0,
    profileMissing: 0,
    duplicateUser: 0,
  };
}

/** O(rows + users + profiles): one pass over the rows against the indexed directory. */
export function planAssignments(
  rows: readonly AssignmentCsvRow[],
  users: readonly DirectoryUser[],
  profiles: readonly DirectoryProfile[],
): AssignmentPlan {
  const index = new UserIndex(users);
  const profileByName = new Map(profiles.map((p) => [p.uniqueName.toLowerCase(), p]));
  const firstLineOfUser = new Map<string, number>();
  const counts = emptyCounts();
  const planned = rows.map((row): PlannedRow => {
    const profile = profileByName.get(row.profile.toLowerCase());
    const matches = index.find(userKey(row.user));
    const user = matches.length === 1 ? matches[0] : undefined;
    const status = rowStatus(row, matches, user, profile, firstLineOfUser);
    counts[status.kind]++;
    return { row, status, ...(user ? { user } : {}), ...(profile ? { profile } : {}) };
  });
  const changes = counts.assign + counts.move + counts.remove;
  const problems = planned.filter((p) => !HARMLESS_STATUSES.has(p.status.kind)).length;
  return { rows: planned, counts, changes, problems };
}

function rowStatus(
  row: AssignmentCsvRow,
  matches: readonly DirectoryUser[],
  user: DirectoryUser | undefined,
  profile: DirectoryProfile | undefined,
  firstLineOfUser: Map<string, number>,
): RowStatus {
  if (matches.length > 1) return { kind: "ambiguousUser", matches: matches.length };
  if (!user) return { kind: "unknownUser" };
  const firstLine = firstLineOfUser.get(user.id);
  if (firstLine !== undefined) return { kind: "duplicateUser", firstLine };
  firstLineOfUser.set(user.id, row.line);
  // A disabled or application user may leave a profile (cleaning up), never join one.
  if (row.action === "remove") {
    if (!profile) return { kind: "profileMissing" };
    return user.profile?.id === profile.id ? { kind: "remove" } : { kind: "notAssigned" };
  }
  if (user.isDisabled) return { kind: "disabledUser" };
  if (!user.isInteractive) return { kind: "nonInteractiveUser" };
  if (!profile) return { kind: "profileMissing" };
  if (!user.profile) return { kind: "assign" };
  if (user.profile.id === profile.id) return { kind: "already" };
  return { kind: "move", from: user.profile };
}

/** One sentence per status, for the preview, the CLI and the result file. */
export function describeStatus(planned: PlannedRow): string {
  const { status, row } = planned;
  const profileName = planned.profile?.name ?? row.profile;
  switch (status.kind) {
    case "assign":
      return `Will assign to ${profileName}.`;
    case "move":
      return `Will move from ${status.from.name} to ${profileName}.`;
    case "already":
      return `Already assigned to ${profileName}.`;
    case "remove":
      return `Will remove from ${profileName}.`;
    case "notAssigned":
      return `Not assigned to ${profileName}: nothing to remove.`;
    case "unknownUser":
      return `No user has the principal name, email or id '${row.user}': check the spelling.`;
    case "ambiguousUser":
      return `${status.matches} users have the email '${row.user}': use the principal name or the user id instead.`;
    case "disabledUser":
      return `${planned.user?.fullName ?? row.user} is disabled: enable the user first or remove the line.`;
    case "nonInteractiveUser":
      return `${planned.user?.fullName ?? row.user} is an application or non-interactive user and never opens the app.`;
    case "profileMissing":
      return `No profile has the unique name '${row.profile}': check the spelling or create it first.`;
    case "duplicateUser":
      return `This user is already on line ${status.firstLine}: a user gets one profile, so remove one of the lines.`;
  }
}
