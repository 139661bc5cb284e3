/**
 * The editor's state in one reducer: the profile as loaded, the admin's draft, and the save's outcome. Tabs only
 * render slices of it, so unsaved edits survive switching tabs.
 */
import type {
  EditableProfileColumn,
  ProfileFields,
  ProfileRecord,
  ProfileRef,
  ProviderItem,
  TemplateItem,
  UserItem,
} from "../shared/data/model";
import type { AccessItem, ProfileAccess } from "../shared/data/profileAccess";

export type EditorTab =
  | "general"
  | "sessionTemplates"
  | "productivityPane"
  | "channels"
  | "users"
  | "rolesAndTeams"
  | "whoGets"
  | "history";
export const editorTabs: readonly EditorTab[] = [
  "general",
  "sessionTemplates",
  "productivityPane",
  "channels",
  "users",
  "rolesAndTeams",
  "whoGets",
  "history",
];

export interface Draft {
  readonly fields: ProfileFields;
  readonly sessionTemplates: readonly TemplateItem[];
  readonly channelProviders: readonly ProviderItem[];
  readonly users: readonly UserItem[];
  /** Users being moved here, by user id: the profile they leave in the same save (rule 9). */
  readonly moves: Readonly<Record<string, ProfileRef>>;
  /** Issue 13: the rank, roles and teams being edited (absent when the editor has no access module). */
  readonly access?: ProfileAccess;
}

/** Messages by column name, or by `item:<id>` for a row in a list, or "form" for the rest. */
export type EditorErrors = Readonly<Record<string, string | undefined>>;

export type Outcome =
  | { readonly kind: "saved" }
  | { readonly kind: "invalid" }
  | { readonly kind: "conflict"; readonly message: string }
  | { readonly kind: "failed"; readonly message: string };

export type EditorState =
  | { readonly status: "loading" }
  | { readonly status: "missing" }
  /** The form's record isn't saved yet: there is nothing to edit here until it exists. */
  | { readonly status: "unsaved" }
  | { readonly status: "failed"; readonly message: string }
  | Loaded;

export interface Loaded {
  readonly status: "ready";
  readonly original: ProfileRecord;
  readonly draft: Draft;
  readonly chatLicenseValue: string | undefined;
  readonly tab: EditorTab;
  readonly errors: EditorErrors;
  readonly saving: boolean;
  readonly outcome?: Outcome;
}

export type EditorAction =
  | { type: "loading" }
  | { type: "loaded"; record: ProfileRecord; chatLicenseValue: string | undefined; keepTab?: EditorTab }
  | { type: "missing" }
  | { type: "unsaved" }
  | { type: "loadFailed"; message: string }
  | { type: "selectTab"; tab: EditorTab }
  | { type: "setField"; column: EditableProfileColumn; value: ProfileFields[EditableProfileColumn] }
  | { type: "addTemplate"; template: TemplateItem }
  | { type: "removeTemplate"; id: string }
  | { type: "addProvider"; provider: ProviderItem }
  | { type: "removeProvider"; id: string }
  | { type: "addUser"; user: UserItem; moveFrom?: ProfileRef }
  | { type: "removeUser"; id: string }
  | { type: "addAccess"; item: AccessItem }
  | { type: "removeAccess"; item: AccessItem }
  | { type: "setRank"; rank: number | null }
  | { type: "discard" }
  | { type: "saving" }
  | { type: "invalid"; errors: EditorErrors; tab: EditorTab }
  | { type: "saved"; etag: string }
  | { type: "conflict"; message: string }
  | { type: "saveFailed"; message: string }
  | { type: "dismissOutcome" };

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const without = <T extends { id: string }>(items: readonly T[], id: string) => items.filter((i) => !sameId(i.id, id));
const withItem = <T extends { id: string }>(items: readonly T[], item: T) =>
  items.some((i) => sameId(i.id, item.id)) ? items : [...items, item];

export function draftOf(record: ProfileRecord): Draft {
  return {
    fields: { ...record.fields },
    sessionTemplates: record.sessionTemplates,
    channelProviders: record.channelProviders,
    users: record.users,
    moves: {},
    ...(record.access ? { access: record.access } : {}),
  };
}

/** Edits clear the message of what they touch and any earlier outcome. */
function edit(state: Loaded, draft: Draft, clears: string): Loaded {
  return { ...state, draft, errors: { ...state.errors, [clears]: undefined, form: undefined }, outcome: undefined };
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case "loading":
      return { status: "loading" };
    case "loaded":
      return {
        status: "ready",
        original: action.record,
        draft: draftOf(action.record),
        chatLicenseValue: action.chatLicenseValue,
        tab: action.keepTab ?? "general",
        errors: {},
        saving: false,
      };
    case "missing":
      return { status: "missing" };
    case "unsaved":
      return { status: "unsaved" };
    case "loadFailed":
      return { status: "failed", message: action.message };
  }
  if (state.status !== "ready") return state;
  const { draft } = state;
  switch (action.type) {
    case "selectTab":
      return { ...state, tab: action.tab };
    case "setField":
      return edit(state, { ...draft, fields: { ...draft.fields, [action.column]: action.value } }, action.column);
    case "addTemplate":
      return edit(
        state,
        { ...draft, sessionTemplates: withItem(draft.sessionTemplates, action.template) },
        `item:${action.template.id}`,
      );
    case "removeTemplate":
      return edit(
        state,
        { ...draft, sessionTemplates: without(draft.sessionTemplates, action.id) },
        `item:${action.id}`,
      );
    case "addProvider":
      return edit(
        state,
        { ...draft, channelProviders: withItem(draft.channelProviders, action.provider) },
        `item:${action.provider.id}`,
      );
    case "removeProvider":
      return edit(
        state,
        { ...draft, channelProviders: without(draft.channelProviders, action.id) },
        `item:${action.id}`,
      );
    case "addUser": {
      const moves = action.moveFrom ? { ...draft.moves, [action.user.id]: action.moveFrom } : draft.moves;
      return edit(state, { ...draft, users: withItem(draft.users, action.user), moves }, `item:${action.user.id}`);
    }
    case "removeUser": {
      // The same moves object unless this user was being moved: the Users tab's columns depend on it, and new
      // columns render every row in view again (a removal from 2,000 users must stay under 50 ms).
      const moving = Object.keys(draft.moves).some((id) => sameId(id, action.id));
      const moves = moving
        ? Object.fromEntries(Object.entries(draft.moves).filter(([id]) => !sameId(id, action.id)))
        : draft.moves;
      return edit(state, { ...draft, users: without(draft.users, action.id), moves }, `item:${action.id}`);
    }
    case "addAccess":
    case "removeAccess":
    case "setRank": {
      if (!draft.access) return state;
      return edit(state, { ...draft, access: accessEdit(draft.access, action) }, accessErrorKey(action));
    }
    case "discard":
      return { ...state, draft: draftOf(state.original), errors: {}, outcome: undefined };
    case "saving":
      return { ...state, saving: true, outcome: undefined };
    case "invalid":
      return { ...state, saving: false, errors: action.errors, tab: action.tab, outcome: { kind: "invalid" } };
    case "saved":
      return {
        ...state,
        saving: false,
        errors: {},
        outcome: { kind: "saved" },
        original: { ...state.original, ...draft, etag: action.etag },
        draft: { ...draft, moves: {} },
      };
    case "conflict":
      return { ...state, saving: false, outcome: { kind: "conflict", message: action.message } };
    case "saveFailed":
      return { ...state, saving: false, outcome: { kind: "failed", message: action.message } };
    case "dismissOutcome":
      return { ...state, outcome: undefined };
  }
  return state;
}

type AccessAction = Extract<EditorAction, { type: "addAccess" | "removeAccess" | "setRank" }>;
const listOf = (kind: AccessItem["kind"]) => (kind === "role" ? "roles" : "teams");

/** Issue 13: one edit of the draft's rank, roles or teams. */
function accessEdit(access: ProfileAccess, action: AccessAction): ProfileAccess {
  if (action.type === "setRank") return { ...access, rank: action.rank };
  const list = listOf(action.item.kind);
  const items =
    action.type === "addAccess" ? withItem(access[list], action.item) : without(access[list], action.item.id);
  return { ...access, [list]: items };
}

const accessErrorKey = (action: AccessAction) => (action.type === "setRank" ? "apm_rank" : `item:${action.item.id}`);
