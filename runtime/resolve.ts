/** `resolveEffectiveProfile`: the profile an agent's app applies to a user, in exactly one Web API request. */
import { AppChoice } from "../schema/model";
import { EffectiveProfileError, errorFromResponse } from "./errors";
import { checkApp, effectiveProfileQuery, normalizeUserId } from "./query";
import { pickEffective, toEffectiveProfile, type Row } from "./rows";
import type { Transport } from "./transport";
import type { EffectiveProfile } from "./types";

export interface ResolveOptions {
  readonly transport: Transport;
  readonly signal?: AbortSignal;
}

const headers = {
  Accept: "application/json",
  "OData-Version": "4.0",
  "OData-MaxVersion": "4.0",
} as const;

const appLabel = (app: number) => Object.values(AppChoice).find((c) => c.value === app)?.label ?? String(app);

/**
 * `user` is a systemuserid (Xrm's `{GUID}` form is accepted); `app` an AppChoice value. The caller supplies the user
 * rather than the runtime asking WhoAmI, which would be a second request.
 */
export async function resolveEffectiveProfile(
  user: string,
  app: number,
  options: ResolveOptions,
): Promise<EffectiveProfile> {
  const query = effectiveProfileQuery(normalizeUserId(user), checkApp(app));
  const response = await options.transport(query, { method: "GET", headers, signal: options.signal });
  if (!response.ok) throw await errorFromResponse(response);
  const body = (await response.json()) as { value?: unknown };
  if (!Array.isArray(body?.value)) throw new EffectiveProfileError("The Web API answered without a 'value' list.");
  const picked = pickEffective(body.value as Row[]);
  if (!picked) {
    throw new EffectiveProfileError(
      `No app profile applies: the user has none for ${appLabel(app)}, and the built-in default profile of that app ` +
        `is missing or not readable. Check that the App Profile Manager solution is installed and that the user has ` +
        `the App Profile User role.`,
    );
  }
  return toEffectiveProfile(picked.row, picked.reason);
}
