/**
 * Issue 14: Search by user's *Preview*: one button per app; the one pressed reads what the user gets there (one GET,
 * the runtime's own request) and draws it as the agent's workspace, with the reason (directly, through team X…).
 */
import * as React from "react";
import { ActionButton, MessageBar, MessageBarType, Spinner, Stack, Text } from "@fluentui/react";
import type { EffectiveProfile } from "../../../runtime/types";
import type { DesignerStringKey } from "../../shared/manifest";
import type { Translate } from "../../shared/strings";
import { AgentPreview } from "../../shared/preview/AgentPreview";
import { toPreviewModel } from "../../shared/preview/previewModel";
import type { UserPreviewSource } from "./userPreviewSource";

type PreviewState =
  | { status: "loading" }
  | { status: "done"; answer: EffectiveProfile }
  | { status: "failed"; message: string };

/** Reads the user's answer in the app; an answer for an earlier pick never replaces a later one. */
function usePreview(source: UserPreviewSource, userId: string, app: number | undefined): PreviewState | undefined {
  const [state, setState] = React.useState<PreviewState>();
  React.useEffect(() => {
    if (app === undefined) {
      setState(undefined);
      return undefined;
    }
    let current = true;
    setState({ status: "loading" });
    source.effectiveProfile(userId, app).then(
      (answer) => current && setState({ status: "done", answer }),
      (error: Error) => current && setState({ status: "failed", message: error.message }),
    );
    return () => {
      current = false;
    };
  }, [source, userId, app]);
  return state;
}

export function UserPreview(props: {
  source: UserPreviewSource;
  userId: string;
  userName: string;
  apps: readonly number[];
  strings: Translate<DesignerStringKey>;
  appLabel: (app: number | null) => string;
}): React.ReactElement {
  const { strings, appLabel, userName } = props;
  const [app, setApp] = React.useState<number>();
  // Another user: the preview closes (the panel keeps this component for the next pick).
  React.useEffect(() => setApp(undefined), [props.userId]);
  const state = usePreview(props.source, props.userId, app);
  const model = React.useMemo(() => (state?.status === "done" ? toPreviewModel(state.answer) : undefined), [state]);
  return (
    <Stack tokens={{ childrenGap: 8 }} styles={{ root: { marginTop: 12 } }}>
      <Stack horizontal wrap role="group" aria-label={strings("previewTitle")}>
        {props.apps.map((a) => (
          <ActionButton
            key={a}
            iconProps={{ iconName: "View" }}
            toggle
            checked={a === app}
            onClick={() => setApp(a === app ? undefined : a)}
          >
            {strings("previewForApp", appLabel(a))}
          </ActionButton>
        ))}
      </Stack>
      {app !== undefined && (
        <Text variant="small" role="status" aria-live="polite">
          {state?.status === "loading" ? strings("previewLoading", userName, appLabel(app)) : ""}
        </Text>
      )}
      {state?.status === "loading" && <Spinner />}
      {state?.status === "failed" && (
        <MessageBar messageBarType={MessageBarType.error} isMultiline>
          {strings("previewError", state.message)}
        </MessageBar>
      )}
      {state?.status === "done" && model && app !== undefined && (
        <AgentPreview
          model={model}
          strings={strings}
          source={strings("previewSourceUser", userName, appLabel(app), model.profileName)}
        />
      )}
    </Stack>
  );
}
