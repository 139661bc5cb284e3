/**
 * Issue 14: the editor's profile, as edited, in the runtime's shape (runtime/types.ts), built from what the editor
 * already holds: no request. What the editor doesn't load about a provider (trusted domain, API version, outbound) is
 * left empty; the preview doesn't draw it. The runtime expands templates and providers with `$filter=statecode eq 0`
 * (runtime/query.ts profileQuery), so an inactive one never reaches an agent: left out here too, and counted, so the
 * preview can say why a linked one isn't drawn. The editor reads each linked row's statecode with the profile.
 */
import { ProductivityPaneModeChoice } from "../../../schema/model";
import type { EffectiveChannelProvider } from "../../../runtime/types";
import type { ProfileContent } from "../../shared/preview/previewModel";
import type { Draft, Loaded } from "../editorState";

export interface DraftPreview {
  readonly content: ProfileContent;
  /** Linked to the draft but inactive: agents don't get them, so the preview doesn't draw them. */
  readonly inactive: { readonly sessionTemplates: number; readonly channelProviders: number };
}

/** The runtime's provider order: sort order, then label, then id (runtime/rows.ts byOrder). */
const byOrder = (a: EffectiveChannelProvider, b: EffectiveChannelProvider) =>
  a.sortOrder - b.sortOrder || a.label.localeCompare(b.label) || a.id.localeCompare(b.id);

/** Absent means active: a row read without its statecode, as the mapping reads one (mapping.ts isActiveRow). */
const isActive = (item: { readonly isActive?: boolean }) => item.isActive !== false;

export function draftContent(original: Loaded["original"], draft: Draft): DraftPreview {
  const { fields } = draft;
  const templates = draft.sessionTemplates.filter(isActive);
  const providers = draft.channelProviders.filter(isActive);
  const content: ProfileContent = {
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
    // A TemplateItem has every field of the runtime's template (and its type and state, which the preview doesn't read).
    sessionTemplates: templates.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
    productivityPane: {
      enabled: fields.apm_productivitypaneenabled,
      mode: fields.apm_productivitypanemode === ProductivityPaneModeChoice.Expanded.value ? "expanded" : "collapsed",
      smartAssist: fields.apm_smartassistenabled,
      callScript: fields.apm_callscriptenabled,
    },
    allActiveChannels: fields.apm_allactivechannels,
    channelProviders: providers
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
  return {
    content,
    inactive: {
      sessionTemplates: draft.sessionTemplates.length - templates.length,
      channelProviders: draft.channelProviders.length - providers.length,
    },
  };
}
