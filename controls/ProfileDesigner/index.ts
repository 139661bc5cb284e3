/**
 * PCF adapter: context in, plain props out. Everything else lives in the component and its modules.
 *
 * A dataset control (so Dataverse can show it on the App Profiles public view), but it ignores the view's records in
 * `context.parameters.profiles`: the list needs user counts, built-in flags and app names, which the designer loads
 * through its repository, and it refreshes itself after creating a profile.
 */
import * as React from "react";
import { AppProfile } from "../../schema/model";
import { profileColumnSteps } from "../../handlers/registrations";
import { resolveProfileChain } from "../../runtime/resolve";
import { setCheckSteps } from "../shared/data/checks";
import { DesignerWebApiRepository } from "../shared/data/designerWebApi";
import { createWebApiFetch } from "../shared/data/webApiFetch";
import { webApiBulkAssignment, type BulkAssignmentService } from "../shared/assignment/webApiAssignment";
import type { DesignerRepository } from "../shared/data/ProfileRepository";
import { dateTimeFormatter } from "../shared/history/dateTime";
import { webApiAssignmentSource } from "../shared/history/historySource";
import type { AssignmentHistory } from "./AssignedBy";
import type { ProfileDesignerInputs, ProfileDesignerOutputs } from "../shared/manifest";
import { ProfileDesignerApp } from "./ProfileDesignerApp";
import { runtimePreviewSource, type UserPreviewSource } from "./preview/userPreviewSource";
import { canReadProfiles, designerProps, designerStrings } from "./designerProps";
import { appChoiceLabels, prefetchFirstPage, type PrefetchedPage } from "./useProfileList";
import { sessionViewStorage } from "./listViewState";
import { webApiCompareSource, type CompareSource } from "./compare/compareSource";
import { webApiPortabilitySource, type PortabilitySource } from "./portability/portabilitySource";

// The designer only creates profiles: it checks a profile's Create steps before save, and its bundle carries no others.
setCheckSteps(profileColumnSteps);

export class ProfileDesigner implements ComponentFramework.ReactControl<ProfileDesignerInputs, ProfileDesignerOutputs> {
  private notifyOutputChanged: () => void = () => undefined;
  private repository?: DesignerRepository;
  private bulkAssignment?: BulkAssignmentService;
  private compare?: CompareSource;
  private assignmentHistory?: AssignmentHistory;
  private userPreview?: UserPreviewSource;
  private portability?: PortabilitySource;
  private selectedProfileId?: string;
  private navigation?: ComponentFramework.Navigation;
  private firstPage?: PrefetchedPage;

  public init(context: ComponentFramework.Context<ProfileDesignerInputs>, notifyOutputChanged: () => void): void {
    this.notifyOutputChanged = notifyOutputChanged;
    // The list's layout follows the control's width: the platform then gives it in mode.allocatedWidth, and renders
    // again when it changes (Learn: component-framework/reference/mode/trackcontainerresize).
    context.mode.trackContainerResize(true);
    // context.webAPI where it suffices; the rest same-origin (Dataverse, and the local host page's proxy).
    this.repository = new DesignerWebApiRepository({
      webAPI: context.webAPI,
      clientUrl: window.location.origin,
      resolveProfileChain,
    });
    // The first page travels while the designer renders; a user who can't read profiles gets a notice, no request.
    if (canReadProfiles(context.utils))
      this.firstPage = prefetchFirstPage(
        this.repository,
        sessionViewStorage(),
        appChoiceLabels(designerStrings(context)),
      );
    const clientUrl = window.location.origin;
    const send = createWebApiFetch({ clientUrl });
    this.bulkAssignment = webApiBulkAssignment(send, clientUrl);
    this.compare = webApiCompareSource(send, clientUrl);
    this.assignmentHistory = {
      source: webApiAssignmentSource(send, clientUrl),
      formatDateTime: dateTimeFormatter(context.formatting),
    };
    this.userPreview = runtimePreviewSource(send);
    this.portability = webApiPortabilitySource(send, clientUrl);
    this.navigation = context.navigation;
  }

  public updateView(context: ComponentFramework.Context<ProfileDesignerInputs>): React.ReactElement {
    this.navigation = context.navigation;
    const props = designerProps(context, {
      repository: this.repository as DesignerRepository,
      onSelectProfile: this.selectProfile,
      bulkAssignment: this.bulkAssignment,
      compare: this.compare,
      assignmentHistory: this.assignmentHistory,
      userPreview: this.userPreview,
      portability: this.portability,
      firstPage: this.firstPage,
    });
    return React.createElement(ProfileDesignerApp, props);
  }

  /** Tells the host which profile the admin opened, and opens its form. */
  private readonly selectProfile = (profileId: string): void => {
    this.selectedProfileId = profileId;
    this.notifyOutputChanged();
    void this.navigation?.openForm({ entityName: AppProfile.logicalName, entityId: profileId });
  };

  public getOutputs(): ProfileDesignerOutputs {
    return { selectedProfileId: this.selectedProfileId };
  }

  public destroy(): void {
    this.repository = undefined;
    this.bulkAssignment = undefined;
    this.compare = undefined;
    this.assignmentHistory = undefined;
    this.userPreview = undefined;
    this.portability = undefined;
  }
}
