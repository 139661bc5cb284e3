/**
 * Issue 14: *Preview* on the editor's command bar, and the pane it opens: the profile as edited (unsaved changes
 * included, and said so) drawn as an agent's workspace. Built from the editor's state: no request.
 */
import * as React from "react";
import { Panel, PanelType } from "@fluentui/react";
import type { EditorStringKey } from "../../shared/manifest";
import type { Translate } from "../../shared/strings";
import { AgentPreview } from "../../shared/preview/AgentPreview";
import { toPreviewModel } from "../../shared/preview/previewModel";
import type { EditorCommand } from "../EditorCommands";
import type { Loaded } from "../editorState";
import { draftContent } from "./draftContent";

/** Preview reads nothing and writes nothing: it is there for everyone who can open the profile, edits or not. */
export function previewCommand(strings: Translate<EditorStringKey>, open: () => void): EditorCommand {
  return { key: "preview", text: strings("previewCommand"), iconName: "View", disabled: false, onClick: open };
}

export function EditorPreviewPanel(props: {
  state: Loaded;
  /** The draft differs from the saved profile. */
  dirty: boolean;
  strings: Translate<EditorStringKey>;
  onDismiss: () => void;
}): React.ReactElement {
  const { state, strings } = props;
  const { model, inactive } = React.useMemo(() => {
    const preview = draftContent(state.original, state.draft);
    return { model: toPreviewModel(preview.content), inactive: preview.inactive };
  }, [state]);
  // The runtime leaves inactive links out; say so, or a linked row missing from the picture looks like a bug.
  const count = (n: number, one: EditorStringKey, many: EditorStringKey) =>
    n === 1 ? [strings(one)] : n > 1 ? [strings(many, n)] : [];
  const notes = [
    ...count(inactive.sessionTemplates, "previewInactiveTemplatesOne", "previewInactiveTemplates"),
    ...count(inactive.channelProviders, "previewInactiveProvidersOne", "previewInactiveProviders"),
  ];
  return (
    <Panel
      isOpen
      type={PanelType.medium}
      headerText={strings("previewTitle")}
      closeButtonAriaLabel={strings("previewClose")}
      onDismiss={props.onDismiss}
      isLightDismiss
    >
      <AgentPreview
        model={model}
        strings={strings}
        source={strings(props.dirty ? "previewSourceUnsaved" : "previewSourceSaved")}
        notes={notes}
      />
    </Panel>
  );
}
