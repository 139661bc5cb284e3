/**
 * Issue 14: the editor's profile, as edited, in the runtime's shape (runtime/types.ts), built from what the editor
 * already holds: no request. What the editor doesn't load about a provider (trusted domain, API version, outbound) is
 * left empty; the preview doesn't draw it. The runtime leaves inactive templates and providers out; the editor lists
 * what the profile links, so an inactive one still shows here (the tabs don't read their state).
 */
import { ProductivityPaneModeChoice } from "../../../schema/model";
import type { EffectiveChannelProvider } from "../../../runtime/types";
import type { ProfileContent } from "../../shared/preview/previewModel";
import type { Draft, Loaded } from "../editorState";

/** The runtime's provider order: sort order, then label, then id (runtime/rows.ts byOrder). */
const byOrder = (a: EffectiveChannelProvider, b: EffectiveChannelProvider) =>
  a.sortOrder - b.sortOrder || a.label.localeCompare(b.label) || a.id.localeCompare(b.id);

export function draftContent(original: Loaded["original"], draft: Draft): ProfileContent {
  const { fields } = draft;
  return {
    profile: {
      id: original.id,
      name: fields.apm_name,
      uniqueName: fields.apm_uniquename,
      app: fields.apm_app,
      isDefault: original.isDefault,
      rank: draft.access?.rank ?? null,
      isCustomDefault: draft.access?.isCustomDefault ?? false,
    },
    // The runtime orders them by name (its $orderby); the same here.
    // A TemplateItem has every field of the runtime's template (and its type, which the preview doesn't read).
    sessionTemplates: [...draft.sessionTemplates].sort(
      (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
    ),
    productivityPane: {
      enabled: fields.apm_productivitypaneenabled,
      mode: fields.apm_productivitypanemode === ProductivityPaneModeChoice.Expanded.value ? "expanded" : "collapsed",
      smartAssist: fields.apm_smartassistenabled,
      callScript: fields.apm_callscriptenabled,
    },
    allActiveChannels: fields.apm_allactivechannels,
    channelProviders: draft.channelProviders
      .map(
        (p): EffectiveChannelProvider => ({
          id: p.id,
          name: p.name,
          label: p.label,
          channelUrl: p.channelUrl,
          trustedDomain: "",
          apiVersion: "",
          enableOutbound: false,
          sortOrder: p.sortOrder ?? 0,
        }),
      )
      .sort(byOrder),
  };
}
