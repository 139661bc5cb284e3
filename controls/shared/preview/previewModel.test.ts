/** @jest-environment node */
import type { EffectiveProfile } from "../../../runtime/types";
import { toPreviewModel, type ProfileContent } from "./previewModel";

const template = (id: string, name: string, entity: string | null) => ({
  id,
  name,
  uniqueName: `apm_${id}`,
  entityLogicalName: entity,
});
const provider = (id: string, label: string, sortOrder: number) => ({
  id,
  name: `${label} name`,
  label,
  channelUrl: "https://voice.example/",
  trustedDomain: "https://voice.example",
  apiVersion: "2.0",
  enableOutbound: false,
  sortOrder,
});

const content: ProfileContent = {
  profile: {
    id: "p1",
    name: "Technical support",
    uniqueName: "apm_tech",
    app: 0,
    isDefault: false,
    rank: 3,
    isCustomDefault: false,
  },
  sessionTemplates: [
    template("t1", "Case session", "incident"),
    template("t2", "Chat session", null),
    template("t3", "Knowledge session", "knowledgearticle"),
    template("t4", "Case escalation", "incident"),
  ],
  productivityPane: { enabled: true, mode: "expanded", smartAssist: true, callScript: true },
  allActiveChannels: true,
  channelProviders: [provider("v1", "Contoso Voice", 1), provider("v2", "", 2)],
};

describe("toPreviewModel", () => {
  it("groups entity templates by table in the runtime's order and keeps generic ones for conversations", () => {
    const model = toPreviewModel(content);
    expect(model.sessions.byEntity).toEqual([
      {
        entity: "incident",
        templates: [
          { key: "t1", name: "Case session", uniqueName: "apm_t1" },
          { key: "t4", name: "Case escalation", uniqueName: "apm_t4" },
        ],
      },
      { entity: "knowledgearticle", templates: [{ key: "t3", name: "Knowledge session", uniqueName: "apm_t3" }] },
    ]);
    expect(model.sessions.generic).toEqual([{ key: "t2", name: "Chat session", uniqueName: "apm_t2" }]);
  });

  it("shows the pane expanded with its tools in order, collapsed in its mode, and off whatever mode and tools say", () => {
    expect(toPreviewModel(content).pane).toEqual({ state: "expanded", tools: ["smartAssist", "callScript"] });
    const collapsed = toPreviewModel({
      ...content,
      productivityPane: { enabled: true, mode: "collapsed", smartAssist: false, callScript: true },
    });
    expect(collapsed.pane).toEqual({ state: "collapsed", tools: ["callScript"] });
    const off = toPreviewModel({ ...content, productivityPane: { ...content.productivityPane, enabled: false } });
    expect(off.pane).toEqual({ state: "off", tools: [] });
  });

  it("lists channels and voice providers as the runtime sorted them, by label or else by name", () => {
    const model = toPreviewModel(content);
    expect(model.channels).toEqual({
      allActive: true,
      voice: [
        { key: "v1", name: "Contoso Voice" },
        { key: "v2", name: " name" },
      ],
    });
    expect(toPreviewModel({ ...content, allActiveChannels: false, channelProviders: [] }).channels).toEqual({
      allActive: false,
      voice: [],
    });
  });

  it("has no reason for a profile, and the reason and team for a user's answer", () => {
    expect(toPreviewModel(content).why).toBeUndefined();
    const answer: EffectiveProfile = { ...content, reason: "Team", via: { id: "tm", name: "Tier 2" } };
    expect(toPreviewModel(answer).why).toEqual({ reason: "Team", via: { id: "tm", name: "Tier 2" } });
    expect(toPreviewModel({ ...content, reason: "Default" }).why).toEqual({ reason: "Default" });
  });

  it("names the profile by its unique name when it has no name, and skips blank entity names", () => {
    const model = toPreviewModel({
      ...content,
      profile: { ...content.profile, name: "" },
      sessionTemplates: [template("t9", "", "  ")],
    });
    expect(model.profileName).toBe("apm_tech");
    expect(model.sessions.byEntity).toEqual([]);
    expect(model.sessions.generic).toEqual([{ key: "t9", name: "apm_t9", uniqueName: "apm_t9" }]);
  });
});
