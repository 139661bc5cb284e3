import * as React from "react";
import { screen, within } from "@testing-library/react";
import type { EffectiveProfile } from "../../../runtime/types";
import { readResx } from "../testing/fakeContext";
import { renderElement } from "../testing/render";
import { previewStringKeys, type PreviewStringKey } from "../stringKeys";
import { createTranslate } from "../strings";
import { AgentPreview } from "./AgentPreview";
import { toPreviewModel } from "./previewModel";

const resx = readResx("ProfileEditor");
const strings = createTranslate<PreviewStringKey>((key) => resx[key]);

const answer: EffectiveProfile = {
  reason: "Team",
  via: { id: "team-1", name: "Tier 2" },
  profile: {
    id: "p",
    name: "Technical support",
    uniqueName: "apm_tech",
    app: 0,
    isDefault: false,
    rank: 1,
    isCustomDefault: false,
  },
  sessionTemplates: [
    { id: "t1", name: "Case session", uniqueName: "apm_case", entityLogicalName: "incident" },
    { id: "t2", name: "Chat session", uniqueName: "apm_chat", entityLogicalName: null },
    { id: "t3", name: "<b>Knowledge</b>", uniqueName: "apm_kb", entityLogicalName: "knowledgearticle" },
  ],
  productivityPane: { enabled: true, mode: "expanded", smartAssist: true, callScript: true },
  allActiveChannels: true,
  channelProviders: [
    {
      id: "v1",
      name: "contoso_voice",
      label: "Contoso Voice",
      channelUrl: "https://voice.contoso.com",
      trustedDomain: "https://voice.contoso.com",
      apiVersion: "2.0",
      enableOutbound: true,
      sortOrder: 1,
    },
  ],
};

function draw(a: EffectiveProfile = answer) {
  return renderElement(<AgentPreview model={toPreviewModel(a)} strings={strings} source="What Riley gets." />);
}
const items = (list: HTMLElement) =>
  within(list)
    .getAllByRole("listitem")
    .map((li) => li.textContent);

describe("AgentPreview", () => {
  it("is a figure labelled as the preview of what an agent gets, saying what it previews and why", () => {
    draw();
    const figure = screen.getByRole("figure", { name: "Preview: what an agent gets" });
    expect(figure).toHaveTextContent("What Riley gets.");
    expect(figure).toHaveTextContent("Through team Tier 2");
    expect(within(figure).getByRole("group", { name: /^Mock of the agent workspace/ })).toHaveTextContent(
      "Technical support",
    );
  });

  it("lists the session tabs: home, each template with the table it opens for, conversations, then the default", () => {
    draw();
    expect(items(screen.getByRole("list", { name: "Session tabs" }))).toEqual([
      "Home",
      "Case sessionOpens for incident",
      "<b>Knowledge</b>Opens for knowledgearticle",
      "Chat sessionFor conversations",
      "Any other recordThe app's default session",
    ]);
  });

  it("shows the expanded pane with its tools in order, and the channels and voice providers", () => {
    draw();
    const pane = screen.getByRole("group", { name: "Productivity pane: expanded" });
    expect(items(within(pane).getByRole("list", { name: "Tools" }))).toEqual(["Smart assist", "Call script"]);
    expect(items(screen.getByRole("list", { name: "Channels" }))).toEqual(["All active channels"]);
    expect(items(screen.getByRole("list", { name: "Voice providers" }))).toEqual(["Contoso Voice"]);
  });

  it("shows a collapsed pane with its tools' names, and no pane (in words) when it is off", () => {
    const { unmount } = draw({ ...answer, productivityPane: { ...answer.productivityPane, mode: "collapsed" } });
    const pane = screen.getByRole("group", { name: "Productivity pane: collapsed" });
    expect(items(within(pane).getByRole("list", { name: "Tools" }))).toEqual(["Smart assist", "Call script"]);
    unmount();
    draw({
      ...answer,
      allActiveChannels: false,
      channelProviders: [],
      productivityPane: { ...answer.productivityPane, enabled: false },
    });
    expect(screen.queryByRole("group", { name: /^Productivity pane/ })).not.toBeInTheDocument();
    expect(screen.getByText("Productivity pane: off")).toBeInTheDocument();
    expect(items(screen.getByRole("list", { name: "Channels" }))).toEqual(["No channels"]);
    expect(screen.queryByRole("list", { name: "Voice providers" })).not.toBeInTheDocument();
    expect(screen.getByText("No voice provider")).toBeInTheDocument();
  });

  it("is a picture, not an app: nothing in it is a control or takes focus", () => {
    const { container } = draw();
    expect(screen.queryAllByRole("button")).toEqual([]);
    expect(screen.queryAllByRole("tab")).toEqual([]);
    expect(container.querySelectorAll("a, button, input, [tabindex]")).toHaveLength(0);
    // A template's name is text, never markup.
    expect(container.querySelector("b")).toBeNull();
  });

  it("reads the same words in both controls (the strings are shared)", () => {
    const designer = readResx("ProfileDesigner");
    for (const key of previewStringKeys) {
      expect([key, designer[key]]).toEqual([key, resx[key]]);
      expect(resx[key]).toBeTruthy();
    }
  });
});
