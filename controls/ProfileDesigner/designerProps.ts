/** The adapter's one job: turn the PCF context into the designer's plain props. */
import type { ITheme } from "@fluentui/react";
import { DesignerStrings, type DesignerStringKey } from "../shared/manifest";
import { createTranslate, type Translate } from "../shared/strings";
import { readPermissions, type Permissions } from "../shared/privileges";
import { hostTheme } from "../shared/theme";
import type { ProfileRepository } from "../shared/data/ProfileRepository";

export interface ProfileDesignerProps {
  repository: ProfileRepository;
  strings: Translate<DesignerStringKey>;
  permissions: Permissions;
  /** The signed-in user, as the handlers' initiating user. */
  userId: string;
  theme?: ITheme;
  /** The admin opened a profile: the host shows the editor. */
  onSelectProfile: (profileId: string) => void;
}

export function designerProps(
  context: ComponentFramework.Context<unknown>,
  services: { repository: ProfileRepository; onSelectProfile: (profileId: string) => void },
): ProfileDesignerProps {
  return {
    repository: services.repository,
    strings: createTranslate(DesignerStrings, (key) => context.resources.getString(key)),
    permissions: readPermissions(context.utils),
    userId: context.userSettings.userId,
    theme: hostTheme(context.fluentDesignLanguage),
    onSelectProfile: services.onSelectProfile,
  };
}
