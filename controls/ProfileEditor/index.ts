/** PCF adapter: context in, plain props out. Everything else lives in the component and its modules. */
import * as React from "react";
import { profileSteps } from "../../handlers/registrations";
import { setCheckSteps } from "../shared/data/checks";
import { EditorWebApiRepository } from "../shared/data/editorWebApi";
import type { EditorRepository } from "../shared/data/ProfileRepository";
import { WebApiProfileAccess, type ProfileAccessRepository } from "../shared/data/profileAccess";
import { createWebApiFetch } from "../shared/data/webApiFetch";
import { dateTimeFormatter } from "../shared/history/dateTime";
import { webApiHistorySource, type ProfileHistorySource } from "../shared/history/historySource";
import type { ProfileEditorInputs, ProfileEditorOutputs } from "../shared/manifest";
import { ProfileEditorApp } from "./ProfileEditorApp";
import { editorProps } from "./editorProps";
import { editorKey } from "./profileAddress";

// The editor changes one profile and its relationships: it checks those steps before save, and carries no others.
setCheckSteps(profileSteps);

export class ProfileEditor implements ComponentFramework.ReactControl<ProfileEditorInputs, ProfileEditorOutputs> {
  private repository?: EditorRepository;
  private access?: ProfileAccessRepository;
  private history?: ProfileHistorySource;
  private formatDateTime?: (iso: string) => string;

  public init(context: ComponentFramework.Context<ProfileEditorInputs>): void {
    // Narrow forms fold the tabs: the platform gives the width in mode.allocatedWidth (Learn: mode/trackcontainerresize).
    context.mode.trackContainerResize(true);
    // context.webAPI where it suffices; the rest same-origin (Dataverse, and the local host page's proxy).
    this.repository = new EditorWebApiRepository({ webAPI: context.webAPI, clientUrl: window.location.origin });
    const clientUrl = window.location.origin;
    this.access = new WebApiProfileAccess(createWebApiFetch({ clientUrl }), clientUrl);
    this.history = webApiHistorySource(createWebApiFetch({ clientUrl }), clientUrl);
    this.formatDateTime = dateTimeFormatter(context.formatting);
  }

  public updateView(context: ComponentFramework.Context<ProfileEditorInputs>): React.ReactElement {
    const props = editorProps(context, {
      repository: this.repository as EditorRepository,
      access: this.access,
      pageOrigin: window.location.origin,
    });
    return React.createElement(ProfileEditorApp, {
      ...props,
      history: this.history,
      formatDateTime: this.formatDateTime,
      key: editorKey(props.profileKey),
    });
  }

  public getOutputs(): ProfileEditorOutputs {
    return {};
  }

  public destroy(): void {
    this.repository = undefined;
  }
}
