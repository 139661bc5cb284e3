/** The adapter's one job: turn the PCF context into the editor's plain props. */
import type { ITheme } from "@fluentui/react";
import { AppProfile } from "../../schema/model";
import {
  DEFAULT_CHANNEL_PROVIDER_CONFIG_URL,
  type EditorStringKey,
  type ProfileEditorInputs,
} from "../shared/manifest";
import { readPermissions, type Permissions } from "../shared/privileges";
import { createTranslate, type Translate } from "../shared/strings";
import { hostTheme } from "../shared/theme";
import { allocatedWidth } from "../shared/useWidth";
import type { EditorRepository } from "../shared/data/ProfileRepository";
import type { ProfileAccessRepository } from "../shared/data/profileAccess";
import type { ProfileHistorySource } from "../shared/history/historySource";

export interface ProfileEditorProps {
  repository: EditorRepository;
  /** Issue 13: roles, teams, rank and custom default; without it the editor shows none of them. */
  access?: ProfileAccessRepository;
  /** Issue 14: the History tab reads through it; without it the editor has no History tab. */
  history?: ProfileHistorySource;
  /** A change's date and time as the user reads dates (the History tab). */
  formatDateTime?: (iso: string) => string;
  strings: Translate<EditorStringKey>;
  permissions: Permissions;
  userId: string;
  theme?: ITheme;
  /** The bound value: the profile's unique name (on the form) or id; undefined on a New form. */
  profileKey: string | undefined;
  /** Opens a page in a new tab through the host (context.navigation.openUrl). */
  openUrl: (url: string) => void;
  /** Opens another profile's form (context.navigation.openForm): the clone, once created. */
  openProfile: (profileId: string) => void;
  /** Leaves the form for the page before it (the list), as a model-driven form does after Delete. */
  goBack: () => void;
  /** Absolute URL of the channel provider configuration page. */
  channelProviderConfigUrl: string;
  /** The width the platform allocates to the control (`mode.allocatedWidth`); without it the editor measures. */
  width?: number;
}

export function editorProps(
  context: ComponentFramework.Context<ProfileEditorInputs>,
  services: {
    repository: EditorRepository;
    access?: ProfileAccessRepository;
    pageOrigin: string;
    goBack?: () => void;
  },
): ProfileEditorProps {
  const configured = context.parameters.channelProviderConfigUrl?.raw || DEFAULT_CHANNEL_PROVIDER_CONFIG_URL;
  return {
    repository: services.repository,
    ...(services.access ? { access: services.access } : {}),
    strings: createTranslate<EditorStringKey>((key) => context.resources.getString(key)),
    permissions: readPermissions(context.utils),
    userId: context.userSettings.userId,
    theme: hostTheme(context.fluentDesignLanguage),
    // Only the bound value: the record id a form hosts the control on (mode.contextInfo) is not documented.
    profileKey: context.parameters.profileKey?.raw?.trim() || undefined,
    openUrl: (url) => context.navigation.openUrl(url),
    openProfile: (profileId) =>
      void context.navigation.openForm({ entityName: AppProfile.logicalName, entityId: profileId }),
    goBack: services.goBack ?? (() => window.history.back()),
    channelProviderConfigUrl: new URL(configured, services.pageOrigin).toString(),
    width: allocatedWidth(context.mode),
  };
}
