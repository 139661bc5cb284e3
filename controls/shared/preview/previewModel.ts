/**
 * Issue 14: the runtime's answer (runtime/types.ts, what `resolveEffectiveProfile` gives an agent's app) as what the
 * agent workspace shows: which session opens for which record, the productivity pane and its tools, the channels and
 * voice providers, and, for a user, why the profile applies. Pure, so the mock only draws it.
 *
 * What the app does with a profile (Learn: app-profile-manager/session-templates, app-profile-manager/overview):
 * an entity session template opens when the agent opens a record of its table; a generic one opens for a
 * conversation (its workstream picks it); a record whose table has no template here opens in the app's own default
 * session ("Entity records session - default"). The pane shows only when it is on, in its mode, with the tools that
 * are on (the editor's order: Smart assist, then Call script).
 */
import type { EffectiveProfile, EffectiveSessionTemplate, ProfileReason, ProfileVia } from "../../../runtime/types";

/** What a profile holds, without why it applies: the editor previews a profile, not a user's answer. */
export type ProfileContent = Omit<EffectiveProfile, "reason" | "via">;

export type PaneTool = "smartAssist" | "callScript";

export interface PreviewSession {
  /** The template's id, unique in the strip. */
  readonly key: string;
  readonly name: string;
  readonly uniqueName: string;
}

export interface EntitySessions {
  /** The table's logical name (`incident`), as the template names it. */
  readonly entity: string;
  /** In the runtime's order (by name). */
  readonly templates: readonly PreviewSession[];
}

export interface PreviewVoiceProvider {
  readonly key: string;
  /** The label agents see, or the name when it has none. */
  readonly name: string;
}

export interface PreviewModel {
  readonly profileName: string;
  readonly app: number;
  readonly sessions: {
    /** One entry per table, in the order its first template comes. */
    readonly byEntity: readonly EntitySessions[];
    /** Generic templates: for conversations. */
    readonly generic: readonly PreviewSession[];
  };
  /** `off` when the pane is disabled: the agent sees no pane, whatever its mode and tools say. */
  readonly pane: { readonly state: "off" | "collapsed" | "expanded"; readonly tools: readonly PaneTool[] };
  readonly channels: { readonly allActive: boolean; readonly voice: readonly PreviewVoiceProvider[] };
  /** For a user's answer: why the profile applies, and the team or role it comes through. */
  readonly why?: { readonly reason: ProfileReason; readonly via?: ProfileVia };
}

const session = (t: EffectiveSessionTemplate): PreviewSession => ({
  key: t.id,
  name: t.name || t.uniqueName,
  uniqueName: t.uniqueName,
});

function groupByEntity(templates: readonly EffectiveSessionTemplate[]): EntitySessions[] {
  // A Map: the keys are table names from the server.
  const groups = new Map<string, PreviewSession[]>();
  for (const t of templates) {
    const entity = t.entityLogicalName?.trim();
    if (!entity) continue;
    const list = groups.get(entity) ?? [];
    list.push(session(t));
    groups.set(entity, list);
  }
  return [...groups].map(([entity, list]) => ({ entity, templates: list }));
}

function paneOf(answer: ProfileContent): PreviewModel["pane"] {
  const { enabled, mode, smartAssist, callScript } = answer.productivityPane;
  const tools: PaneTool[] = [];
  if (smartAssist) tools.push("smartAssist");
  if (callScript) tools.push("callScript");
  return { state: enabled ? mode : "off", tools: enabled ? tools : [] };
}

export function toPreviewModel(answer: ProfileContent | EffectiveProfile): PreviewModel {
  const why = "reason" in answer ? { reason: answer.reason, ...(answer.via ? { via: answer.via } : {}) } : undefined;
  return {
    profileName: answer.profile.name || answer.profile.uniqueName,
    app: answer.profile.app,
    sessions: {
      byEntity: groupByEntity(answer.sessionTemplates),
      generic: answer.sessionTemplates.filter((t) => !t.entityLogicalName?.trim()).map(session),
    },
    pane: paneOf(answer),
    channels: {
      allActive: answer.allActiveChannels,
      // The runtime has sorted them (sort order, then label): kept as they come.
      voice: answer.channelProviders.map((p) => ({ key: p.id, name: p.label || p.name })),
    },
    ...(why ? { why } : {}),
  };
}
