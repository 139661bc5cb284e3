/** The runtime for Node and bundlers: resolve a user's effective app profile in one Web API request. */
export { resolveEffectiveProfile, resolveProfileChain, type ResolveOptions } from "./resolve";
export {
  createWebApiTransport,
  type Transport,
  type TransportResponse,
  type WebApiTransportOptions,
} from "./transport";
export { EffectiveProfileError } from "./errors";
export {
  defaultThrottlePolicy,
  retryAfterMs,
  retryWhenThrottled,
  throttledMessage,
  type ThrottlePolicy,
} from "./throttle";
export { effectiveProfileQuery } from "./query";
export type * from "./types";
export { AppChoice } from "../schema/model";
