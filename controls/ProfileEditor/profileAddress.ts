/**
 * Which profile the editor opens, decided from its bound value alone (the documented PCF context: a bound column's
 * value, no `mode.contextInfo`). On the profile form that value is the record's unique name, its alternate key; a
 * host page may pass the id instead. A unique name is `<prefix>_<name>` and a GUID has no underscore, so they can't be
 * mistaken for each other.
 */
import { normalizeId } from "../shared/ids";
import type { ProfileRecord } from "../shared/data/model";
import type { EditorRepository } from "../shared/data/ProfileRepository";

export type ProfileAddress =
  | { readonly kind: "id"; readonly id: string }
  | { readonly kind: "uniqueName"; readonly uniqueName: string }
  /** No value: the form is a New one, its record doesn't exist yet. */
  | { readonly kind: "unsaved" };

export function profileAddress(bound: string | null | undefined): ProfileAddress {
  const value = bound?.trim() ?? "";
  if (value === "") return { kind: "unsaved" };
  const id = normalizeId(value);
  return id ? { kind: "id", id } : { kind: "uniqueName", uniqueName: value };
}

export function readProfile(
  repository: EditorRepository,
  address: Exclude<ProfileAddress, { kind: "unsaved" }>,
): Promise<ProfileRecord | undefined> {
  return address.kind === "id"
    ? repository.getProfile(address.id)
    : repository.getProfileByUniqueName(address.uniqueName);
}

/**
 * What a read that found nothing means. An id names a record that is gone (or unreadable). A unique name that no
 * profile has is the form's own record before it is saved: the admin typed it on a New form, and it exists once saved.
 */
export function notFoundStatus(address: ProfileAddress): "missing" | "unsaved" {
  return address.kind === "id" ? "missing" : "unsaved";
}

/**
 * The editor's React key: an id names one record, so another id starts a fresh editor. A unique name is a field the
 * admin may edit on the form, so it never remounts the editor (which keeps the record it loaded).
 */
export function editorKey(bound: string | null | undefined): string {
  const address = profileAddress(bound);
  return address.kind === "id" ? address.id : "form";
}
