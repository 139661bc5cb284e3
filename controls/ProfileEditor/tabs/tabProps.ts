import type * as React from "react";
import type { EditorRepository } from "../../shared/data/ProfileRepository";
import type { ProfileAccessRepository } from "../../shared/data/profileAccess";
import type { EditorStringKey } from "../../shared/manifest";
import type { Translate } from "../../shared/strings";
import type { EditorAction, Loaded } from "../editorState";

/** What every tab gets: its slice of the one editor state, and the way to change it. */
export interface TabProps {
  state: Loaded;
  dispatch: React.Dispatch<EditorAction>;
  strings: Translate<EditorStringKey>;
  /**
   * No write privilege, or a built-in profile: every input disabled. The Users tab of a built-in profile stays
   * writable for admins (rule 3: users may still be assigned to it).
   */
  readOnly: boolean;
  repository: EditorRepository;
  /** Issue 13: roles, teams and the users they reach (absent: the editor shows none of it). */
  access?: ProfileAccessRepository;
}
