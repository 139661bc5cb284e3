/**
 * The controls' WebApiProfileRepository against the local server over real HTTP, as a demo user: the host page's
 * context.webAPI and the controls' own fetch, each sending the user's bearer token (the page's proxy does that in
 * the browser).
 */
import { WebApiProfileRepository } from "../../controls/shared/data/webApiRepository";
import { createWebApiFetch, type WebApiFetch } from "../../controls/shared/data/webApiFetch";
import { createWebApi } from "../../host/page/webApi";
import type { ThrottlePolicy } from "../../runtime";
import { resolveProfileChain } from "../../runtime/resolve";
import type { DemoUserKey, Harness } from "./harness";

export interface RepositoryOptions {
  /** Another address for the server (a proxy in front of it). */
  readonly serverUrl?: string;
  /** Called once per HTTP request, whichever client sends it. */
  readonly onRequest?: () => void;
  /** Sees every request of the controls' own fetch (the page, the batch, the alternate key reads). */
  readonly wrapFetch?: (send: WebApiFetch) => WebApiFetch;
  readonly throttle?: ThrottlePolicy;
}

export function profileRepository(
  h: Harness,
  user: DemoUserKey = "admin",
  options: RepositoryOptions = {},
): WebApiProfileRepository {
  return designerRepository(h, user, options);
}

/**
 * The designer's data access as controls/ProfileDesigner/index.ts builds it: the platform's webAPI, the org URL and
 * the runtime's resolveProfileChain (Search by user). index.ts leaves `fetch` to the repository's default, a
 * same-origin createWebApiFetch({ clientUrl }) that the session signs in; here the same fetch carries the user's
 * bearer token, as the host page's proxy adds it in the browser.
 */
export function designerRepository(
  h: Harness,
  user: DemoUserKey = "admin",
  options: RepositoryOptions = {},
): WebApiProfileRepository {
  const clientUrl = options.serverUrl ?? h.server.url;
  const getToken = () => {
    options.onRequest?.();
    return h.token(user);
  };
  const send = createWebApiFetch({ clientUrl, getToken });
  return new WebApiProfileRepository({
    webAPI: createWebApi({ clientUrl, getToken }),
    clientUrl,
    resolveProfileChain,
    fetch: options.wrapFetch ? options.wrapFetch(send) : send,
    throttle: options.throttle,
  });
}
