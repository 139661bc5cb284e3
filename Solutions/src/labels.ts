/** The localized-label elements every part of customizations.xml repeats. */
import { el, type XmlElement } from "./xml";
import { LANGUAGE_CODE } from "./metadata";

export const label = (tag: string, description: string): XmlElement =>
  el(tag, { description, languagecode: LANGUAGE_CODE });

/** `<displaynames><displayname description="…" languagecode="1033" /></displaynames>` */
export const displayNames = (text: string): XmlElement => el("displaynames", {}, label("displayname", text));
export const descriptions = (text: string): XmlElement => el("Descriptions", {}, label("Description", text));
export const localizedNames = (text: string): XmlElement => el("LocalizedNames", {}, label("LocalizedName", text));
export const labels = (text: string): XmlElement => el("labels", {}, label("label", text));
