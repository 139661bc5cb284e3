/** The adapter's one job: turn the PCF context into the designer's plain props. */
import type { ITheme } from "@fluentui/react";
import { AppProfile } from "../../schema/model";
import type { DesignerStringKey } from "../shared/manifest";
import { createTranslate, type Translate } from "../shared/strings";
import { readPermissions, type Permissions } from "../shared/privileges";
import { hostTheme } from "../shared/theme";
import { allocatedWidth } from "../shared/useWidth";
import type { PrefetchedPage } from "./useProfileList";
import type { DesignerRepository } from "../shared/data/ProfileRepository";
import type { BulkAssignmentService } from "../shared/assignment/webApiAssignment";
import type { CompareSource } from "./compare/compareSource";
import type { AssignmentHistory } from "./AssignedBy";
import type { UserPreviewSource } from "./preview/userPreviewSource";
import type { PortabilitySource } from "./portability/portabilitySource";

export interface ProfileDesignerProps {
  repository: DesignerRepository;
  strings: Translate<DesignerStringKey>;
  permissions: Permissions;
  /** Read on app profiles: without it (no role) the designer shows one notice and no commands. Default true. */
  canRead?: boolean;
  /** The signed-in user, as the handlers' initiating user. */
  userId: string;
  theme?: ITheme;
  /** The admin opened a profile: the host shows the editor. */
  onSelectProfile: (profileId: string) => void;
  /** Issue 13: *Assign from CSV* reads and writes through it; without it the command is not offered. */
  bulkAssignment?: BulkAssignmentService;
  /** Issue 14: *Compare* and *Compare with file…* read profiles through it; without it they are not offered. */
  compare?: CompareSource;
  /** Issue 14: Search by user says who assigned a Direct user, and when; without it, it doesn't. */
  assignmentHistory?: AssignmentHistory;
  /** Issue 14: Search by user's *Preview* reads through it; without it the preview is not offered. */
  userPreview?: UserPreviewSource;
  /** Issue 14: *Export* and *Import profiles* read and write through it; without it they are not offered. */
  portability?: PortabilitySource;
  /** The list's first page, asked for by the control's init (useProfileList.ts: prefetchFirstPage). */
  firstPage?: PrefetchedPage;
  /** The width the platform allocates to the control (`mode.allocatedWidth`); without it the designer measures. */
  width?: number;
}

export function designerStrings(context: ComponentFramework.Context<unknown>): Translate<DesignerStringKey> {
  return createTranslate<DesignerStringKey>((key) => context.resources.getString(key));
}

/** PrivilegeType.Read is 2; Basic depth (0) is met by any depth the user holds. */
export function canReadProfiles(utils: ComponentFramework.Utility): boolean {
  return utils.hasEntityPrivilege(AppProfile.logicalName, 2, 0) === true;
}

export function designerProps(
  context: ComponentFramework.Context<unknown>,
  services: {
    repository: DesignerRepository;
    onSelectProfile: (profileId: string) => void;
    bulkAssignment?: BulkAssignmentService;
    compare?: CompareSource;
    assignmentHistory?: AssignmentHistory;
    userPreview?: UserPreviewSource;
    portability?: PortabilitySource;
    firstPage?: PrefetchedPage;
  },
): ProfileDesignerProps {
  return {
    repository: services.repository,
    strings: designerStrings(context),
    permissions: readPermissions(context.utils),
    canRead: canReadProfiles(context.utils),
    userId: context.userSettings.userId,
    width: allocatedWidth(context.mode),
    theme: hostTheme(context.fluentDesignLanguage),
    onSelectProfile: services.onSelectProfile,
    bulkAssignment: services.bulkAssignment,
    compare: services.compare,
    assignmentHistory: services.assignmentHistory,
    userPreview: services.userPreview,
    portability: services.portability,
    firstPage: services.firstPage,
  };
}
