/**
 * Issue 14: where Search by user's *Preview* gets a user's answer: the runtime's `resolveEffectiveProfile`, the
 * same one GET an agent's app makes for that user and app (runtime/query.ts), so the preview is what the agent gets.
 * Injected through the designer's props (index.ts), so tests pass their own.
 */
import { resolveEffectiveProfile } from "../../../runtime/resolve";
import type { Transport } from "../../../runtime/transport";
import type { EffectiveProfile } from "../../../runtime/types";

export interface UserPreviewSource {
  /** One request: the profile the user gets in the app, with what it holds and why. */
  effectiveProfile(userId: string, app: number): Promise<EffectiveProfile>;
}

export function runtimePreviewSource(transport: Transport): UserPreviewSource {
  return { effectiveProfile: (userId, app) => resolveEffectiveProfile(userId, app, { transport }) };
}
