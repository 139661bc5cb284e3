/**
 * Issue 14: a small, labelled picture of the agent workspace (Copilot Service workspace's layout: session tabs on
 * top, channels on the left, the productivity pane on the right) drawn from a PreviewModel. Nothing in it is a
 * control: lists and text with their names, so a screen reader reads it as lists, and every icon has its words
 * next to it. Colours and fonts come from the control's theme (controls/shared/theme.ts through ControlRoot).
 */
import * as React from "react";
import { Icon, mergeStyles, useTheme, type ITheme } from "@fluentui/react";
import type { PreviewStringKey } from "../stringKeys";
import type { Translate } from "../strings";
import { useStableId } from "../components/useStableId";
import type { PaneTool, PreviewModel } from "./previewModel";

export interface AgentPreviewProps {
  readonly model: PreviewModel;
  readonly strings: Translate<PreviewStringKey>;
  /** One sentence saying what is previewed: the saved profile, the edited one, or what a user gets. */
  readonly source: string;
}

const TOOL_TEXT: Readonly<Record<PaneTool, PreviewStringKey>> = {
  smartAssist: "previewToolSmartAssist",
  callScript: "previewToolCallScript",
};
const TOOL_ICON: Readonly<Record<PaneTool, string>> = { smartAssist: "Lightbulb", callScript: "ClipboardList" };

/** Why a user gets the profile, in words (the team or role named). */
export function reasonText(why: NonNullable<PreviewModel["why"]>, strings: Translate<PreviewStringKey>): string {
  switch (why.reason) {
    case "Direct":
      return strings("previewReasonDirect");
    case "Team":
      return strings("previewReasonTeam", why.via?.name ?? "");
    case "Role":
      return strings("previewReasonRole", why.via?.name ?? "");
    case "CustomDefault":
      return strings("previewReasonCustomDefault");
    case "Default":
      return strings("previewReasonDefault");
  }
}

const list = mergeStyles({ listStyle: "none", margin: 0, padding: 0 });

function styles(theme: ITheme) {
  const { palette, fonts } = theme;
  const small = { ...fonts.small, color: palette.neutralSecondary };
  return {
    frame: mergeStyles({ margin: 0, border: `1px solid ${palette.neutralQuaternaryAlt}`, borderRadius: 4 }),
    caption: mergeStyles({ padding: 8, background: palette.themeLighterAlt, ...fonts.small }),
    badge: mergeStyles({ ...fonts.mediumPlus, fontWeight: 600, color: palette.themeDarker, margin: 0 }),
    appBar: mergeStyles({ ...fonts.small, padding: "4px 8px", background: palette.themeDark, color: palette.white }),
    tabs: mergeStyles(list, {
      display: "flex",
      flexWrap: "wrap",
      gap: 4,
      padding: 4,
      background: palette.neutralLighter,
      borderBottom: `1px solid ${palette.neutralQuaternaryAlt}`,
    }),
    tab: mergeStyles({
      display: "flex",
      gap: 4,
      alignItems: "flex-start",
      padding: "2px 6px",
      maxWidth: 180,
      background: palette.white,
      border: `1px solid ${palette.neutralQuaternaryAlt}`,
      borderRadius: 2,
      ...fonts.small,
      color: palette.neutralPrimary,
      overflowWrap: "anywhere",
    }),
    small: mergeStyles({ ...small, display: "block" }),
    row: mergeStyles({ display: "flex", minHeight: 150 }),
    channels: mergeStyles({
      width: 130,
      flexShrink: 0,
      padding: 6,
      background: palette.neutralLighter,
      borderRight: `1px solid ${palette.neutralQuaternaryAlt}`,
      ...fonts.small,
      overflowWrap: "anywhere",
    }),
    heading: mergeStyles({ ...fonts.small, fontWeight: 600, color: palette.neutralPrimary, display: "block" }),
    item: mergeStyles({ display: "flex", gap: 4, alignItems: "flex-start", padding: "2px 0" }),
    body: mergeStyles({ flexGrow: 1, padding: 8, ...small, display: "flex", flexDirection: "column", gap: 8 }),
    pane: (expanded: boolean) =>
      mergeStyles({
        width: expanded ? 150 : 60,
        flexShrink: 0,
        padding: 6,
        borderLeft: `1px solid ${palette.neutralQuaternaryAlt}`,
        background: palette.white,
        ...fonts.small,
        overflowWrap: "anywhere",
      }),
    tool: (expanded: boolean) =>
      mergeStyles({
        display: "flex",
        flexDirection: expanded ? "row" : "column",
        alignItems: "center",
        textAlign: expanded ? "left" : "center",
        gap: expanded ? 6 : 0,
        padding: "4px 0",
        fontSize: expanded ? undefined : 10,
      }),
    icon: mergeStyles({ color: palette.themeDarker, fontSize: 14, lineHeight: 16 }),
  };
}

export function AgentPreview({ model, strings, source }: AgentPreviewProps): React.ReactElement {
  const theme = useTheme();
  const s = React.useMemo(() => styles(theme), [theme]);
  const titleId = useStableId("apm-preview-title");
  const { pane, channels, sessions } = model;
  const expanded = pane.state === "expanded";
  const paneText =
    pane.state === "off"
      ? strings("previewPaneOff")
      : strings(expanded ? "previewPaneExpanded" : "previewPaneCollapsed");
  const icon = (name: string) => <Icon iconName={name} aria-hidden className={s.icon} />;

  return (
    <figure className={s.frame} aria-labelledby={titleId} data-preview="">
      <figcaption className={s.caption}>
        <p id={titleId} className={s.badge}>
          {strings("previewTitle")}
        </p>
        <span style={{ display: "block" }}>{source}</span>
        {model.why && <strong style={{ display: "block" }}>{reasonText(model.why, strings)}</strong>}
      </figcaption>
      <div role="group" aria-label={strings("previewMockLabel")}>
        <div className={s.appBar}>{model.profileName}</div>
        <ul className={s.tabs} aria-label={strings("previewSessionsLabel")}>
          <li className={s.tab}>
            {icon("Home")}
            <span>{strings("previewHome")}</span>
          </li>
          {sessions.byEntity.flatMap((group) =>
            group.templates.map((t) => (
              <li key={t.key} className={s.tab} data-entity={group.entity}>
                {icon("Page")}
                <span>
                  {t.name}
                  <span className={s.small}>{strings("previewOpensFor", group.entity)}</span>
                </span>
              </li>
            )),
          )}
          {sessions.generic.map((t) => (
            <li key={t.key} className={s.tab}>
              {icon("Chat")}
              <span>
                {t.name}
                <span className={s.small}>{strings("previewGeneric")}</span>
              </span>
            </li>
          ))}
          <li className={s.tab}>
            {icon("OpenFile")}
            <span>
              {strings("previewFallback")}
              <span className={s.small}>{strings("previewFallbackText")}</span>
            </span>
          </li>
        </ul>
        <div className={s.row}>
          <div className={s.channels} role="group" aria-label={strings("previewChannelsLabel")}>
            <span className={s.heading} aria-hidden>
              {strings("previewChannelsLabel")}
            </span>
            <ul className={list} aria-label={strings("previewChannelsLabel")}>
              <li className={s.item}>
                {icon(channels.allActive ? "Inbox" : "Blocked")}
                <span>{strings(channels.allActive ? "previewAllChannels" : "previewNoChannels")}</span>
              </li>
            </ul>
            <span className={s.heading} aria-hidden style={{ marginTop: 6 }}>
              {strings("previewVoiceLabel")}
            </span>
            {channels.voice.length > 0 ? (
              <ul className={list} aria-label={strings("previewVoiceLabel")}>
                {channels.voice.map((p) => (
                  <li key={p.key} className={s.item}>
                    {icon("Phone")}
                    <span>{p.name}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <span className={s.small}>{strings("previewNoVoice")}</span>
            )}
          </div>
          <div className={s.body}>
            <span>{strings("previewBody")}</span>
            {pane.state === "off" && <span data-pane="off">{paneText}</span>}
          </div>
          {pane.state !== "off" && (
            <div className={s.pane(expanded)} role="group" aria-label={paneText} data-pane={pane.state}>
              <span className={s.heading} aria-hidden style={{ fontSize: expanded ? undefined : 10 }}>
                {paneText}
              </span>
              {pane.tools.length > 0 ? (
                <ul className={list} aria-label={strings("previewToolsLabel")}>
                  {pane.tools.map((tool) => (
                    <li key={tool} className={s.tool(expanded)}>
                      {icon(TOOL_ICON[tool])}
                      <span>{strings(TOOL_TEXT[tool])}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <span className={s.small}>{strings("previewNoTools")}</span>
              )}
            </div>
          )}
        </div>
      </div>
    </figure>
  );
}
