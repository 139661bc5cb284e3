/** The page's own addresses: a profile's form is `#/profiles/<id>`; anything else is the profiles view. */
export const PROFILE_ROUTE = /^#\/profiles\/([0-9a-f-]{36})$/i;
/** The Web API, same origin: the page proxies it to the local server as the signed-in user. */
export const API_BASE = "/api/data/v9.2/";
/** The PCF controls the page hosts; it loads a control's bundle when a page first shows it (boot.ts). */
export const CONTROL_NAMES = ["ProfileDesigner", "ProfileEditor"] as const;
export type ControlName = (typeof CONTROL_NAMES)[number];
