/**
 * Issue 14: a small, labelled picture of the agent workspace (Copilot Service workspace's layout: session tabs on
 * top, channels on the left, the productivity pane on the right) drawn from a PreviewModel. Nothing in it is a
 * control: lists and text with their names, so a screen reader reads it as lists, and every icon has its words
 * next to it. Colours and fonts come from the control's theme (controls/shared/theme.ts through ControlRoot).
 */
import * as React from "react";
import { Icon, mergeStyleSets, useTheme, type ITheme } from "@fluentui/react";
import type { PreviewStringKey } from "../stringKeys";
import type { Translate } from "../strings";
import { useStableId } from "../components/useStableId";
import type { PaneTool, PreviewModel } from "./previewModel";

export interface AgentPreviewProps {
  readonly model: PreviewModel;
  readonly strings: Translate<PreviewStringKey>;
  /** One sentence saying what is previewed: the saved profile, the edited one, or what a user gets. */
  readonly source: string;
  /** Sentences under it, each its own line: what the picture leaves out and why (the editor's inactive links). */
  readonly notes?: readonly string[];
}

/** Each tool's words and icon. */
const TOOLS: Readonly<Record<PaneTool, readonly [PreviewStringKey, string]>> = {
  smartAssist: ["previewToolSmartAssist", "Lightbulb"],
  callScript: ["previewToolCallScript", "ClipboardList"],
};

/** Why a user gets the profile, in words; `{0}` is the team or role (the other sentences have no placeholder). */
const REASONS: Readonly<Record<NonNullable<PreviewModel["why"]>["reason"], PreviewStringKey>> = {
  Direct: "previewReasonDirect",
  Team: "previewReasonTeam",
  Role: "previewReasonRole",
  CustomDefault: "previewReasonCustomDefault",
  Default: "previewReasonDefault",
};

function classes({ palette: p, fonts }: ITheme) {
  const line = `1px solid ${p.neutralQuaternaryAlt}`;
  const strip = { ...fonts.small, padding: 6, background: p.neutralLighter, overflowWrap: "anywhere" as const };
  return mergeStyleSets({
    frame: { margin: 0, border: line },
    caption: { ...fonts.small, padding: 8, background: p.themeLighterAlt },
    title: { ...fonts.mediumPlus, fontWeight: 600, color: p.themeDarker, margin: 0 },
    bar: { ...fonts.small, padding: "4px 8px", background: p.themeDark, color: p.white },
    list: { listStyle: "none", margin: 0, padding: 0 },
    tabs: [strip, { display: "flex", flexWrap: "wrap", gap: 4, borderBottom: line }],
    tab: { maxWidth: 180, padding: "2px 6px", background: p.white, border: line },
    item: { display: "flex", gap: 4, alignItems: "flex-start", padding: "2px 0" },
    sub: { display: "block", color: p.neutralSecondary },
    head: { display: "block", fontWeight: 600, marginTop: 4 },
    row: { display: "flex", minHeight: 150 },
    channels: [strip, { width: 130, flexShrink: 0, borderRight: line }],
    body: { ...fonts.small, flexGrow: 1, padding: 8, color: p.neutralSecondary },
    pane: { ...fonts.small, width: 150, flexShrink: 0, padding: 6, borderLeft: line, overflowWrap: "anywhere" },
    // Collapsed: a narrow rail, each icon over its name, as the app's collapsed pane shows icons in a column.
    rail: {
      width: 64,
      fontSize: 10,
      textAlign: "center",
      selectors: { li: { flexDirection: "column", alignItems: "center" } },
    },
    icon: { color: p.themeDarker, fontSize: 14 },
  });
}

export function AgentPreview({ model, strings, source, notes }: AgentPreviewProps): React.ReactElement {
  const c = classes(useTheme());
  const titleId = useStableId("apm-preview-title");
  const { pane, channels, sessions, why } = model;
  const paneText = strings(
    pane.state === "off"
      ? "previewPaneOff"
      : pane.state === "expanded"
        ? "previewPaneExpanded"
        : "previewPaneCollapsed",
  );
  /** One row of a list: an icon (hidden from screen readers) and its words, with a second line. */
  const item = (key: string, icon: string, text: string, sub?: string, tab?: boolean) => (
    <li key={key} className={tab ? `${c.item} ${c.tab}` : c.item}>
      <Icon iconName={icon} aria-hidden className={c.icon} />
      <span>
        {text}
        {sub && <span className={c.sub}>{sub}</span>}
      </span>
    </li>
  );
  /** A visible heading (the list's name, or `heading`) over a named list. */
  const list = (label: string, rows: React.ReactNode, heading = label) => (
    <>
      <span className={c.head} aria-hidden>
        {heading}
      </span>
      <ul className={c.list} aria-label={label}>
        {rows}
      </ul>
    </>
  );

  return (
    <figure className={c.frame} aria-labelledby={titleId}>
      <figcaption className={c.caption}>
        <p id={titleId} className={c.title}>
          {strings("previewTitle")}
        </p>
        <span className={c.sub}>{source}</span>
        {notes?.map((note) => (
          <span key={note} className={c.sub}>
            {note}
          </span>
        ))}
        {why && <strong>{strings(REASONS[why.reason], why.via?.name ?? "")}</strong>}
      </figcaption>
      <div role="group" aria-label={strings("previewMockLabel")}>
        <div className={c.bar}>{model.profileName}</div>
        <ul className={`${c.list} ${c.tabs}`} aria-label={strings("previewSessionsLabel")}>
          {item("home", "Home", strings("previewHome"), undefined, true)}
          {sessions.byEntity.flatMap((group) =>
            group.templates.map((t) => item(t.key, "Page", t.name, strings("previewOpensFor", group.entity), true)),
          )}
          {sessions.generic.map((t) => item(t.key, "Chat", t.name, strings("previewGeneric"), true))}
          {item("other", "OpenFile", strings("previewFallback"), strings("previewFallbackText"), true)}
        </ul>
        <div className={c.row}>
          <div className={c.channels}>
            {list(
              strings("previewChannelsLabel"),
              channels.allActive
                ? item("all", "Inbox", strings("previewAllChannels"))
                : item("none", "Blocked", strings("previewNoChannels")),
            )}
            {channels.voice.length > 0 ? (
              list(
                strings("previewVoiceLabel"),
                channels.voice.map((p) => item(p.key, "Phone", p.name)),
              )
            ) : (
              <span className={c.head}>{strings("previewNoVoice")}</span>
            )}
          </div>
          <div className={c.body}>
            <p>{strings("previewBody")}</p>
            {pane.state === "off" && <p>{paneText}</p>}
          </div>
          {pane.state !== "off" && (
            <div
              className={pane.state === "expanded" ? c.pane : `${c.pane} ${c.rail}`}
              role="group"
              aria-label={paneText}
            >
              {pane.tools.length > 0 ? (
                list(
                  strings("previewToolsLabel"),
                  pane.tools.map((tool) => item(tool, TOOLS[tool][1], strings(TOOLS[tool][0]))),
                  paneText,
                )
              ) : (
                <span className={c.head}>
                  {paneText}
                  <span className={c.sub}>{strings("previewNoTools")}</span>
                </span>
              )}
            </div>
          )}
        </div>
      </div>
    </figure>
  );
}
