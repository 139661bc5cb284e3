/**
 * The web resource `apm_/runtime/profile.js`: an IIFE that defines `window.AppProfileRuntime`. Inside Dataverse it
 * calls the same-origin Web API with the page's session; the page passes the user id (see README).
 */
import { AppChoice } from "../schema/model";
import { EffectiveProfileError } from "./errors";
import { resolveEffectiveProfile as resolve } from "./resolve";
import { createWebApiTransport, type Transport } from "./transport";
import type { EffectiveProfile } from "./types";

export interface BrowserResolveOptions {
  /** Defaults to a same-origin fetch to `<clientUrl or ''>/api/data/v9.2/`. */
  readonly transport?: Transport;
  /** The org URL, for a page served elsewhere than the org (then also pass a transport with a token). */
  readonly clientUrl?: string;
  readonly signal?: AbortSignal;
}

export const apps = {
  CustomerServiceWorkspace: AppChoice.CustomerServiceWorkspace.value,
  OmnichannelForCustomerService: AppChoice.OmnichannelForCustomerService.value,
} as const;

export function resolveEffectiveProfile(
  user: string,
  app: number,
  options: BrowserResolveOptions = {},
): Promise<EffectiveProfile> {
  const base = `${(options.clientUrl ?? "").replace(/\/+$/, "")}/api/data/v9.2/`;
  const transport = options.transport ?? createWebApiTransport({ baseUrl: base });
  return resolve(user, app, { transport, signal: options.signal });
}

export { createWebApiTransport, EffectiveProfileError };
