/**
 * Sign-in for the deploy: a bearer token given on the command line, a token from the local server's tokens.json,
 * or, for a Dataverse URL, MSAL's device code flow with the Power Platform's first-party public client.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { PublicClientApplication, type AuthenticationResult } from "@azure/msal-node";
import type { Log } from "./steps";

/** The well-known public client that Power Platform tools (pac, the Dataverse SDK samples) sign in with. */
export const POWER_PLATFORM_CLIENT_ID = "51f81489-12ee-4a9e-aaae-a2591f45987d";
const AUTHORITY = "https://login.microsoftonline.com/organizations";
/** Refresh this long before the token expires, so a long import never starts with a stale one. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export type TokenSource =
  | { readonly kind: "token"; readonly token: string }
  | { readonly kind: "file"; readonly file: string; readonly user: string }
  | { readonly kind: "device-code" };

export type TokenProvider = () => Promise<string>;

/** Local when served over plain HTTP or from this machine: the local server takes tokens, not Entra ID sign-in. */
export function isLocalUrl(url: URL): boolean {
  return url.protocol === "http:" || ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

/** Where the local server writes its users' tokens (a local URL signs in from it unless told otherwise). */
export const LOCAL_TOKEN_FILE = path.join(".data", "tokens.json");

/** The options every admin command line shares (deploy, assign, profiles): the environment and how to sign in. */
export const CONNECTION_OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  "token-file": { type: "string" },
  user: { type: "string" },
} as const;

export interface ConnectionFlags {
  readonly url?: string;
  readonly token?: string;
  readonly "token-file"?: string;
  readonly user?: string;
}

/**
 * The environment's URL and the sign-in from CONNECTION_OPTIONS' flags: `--token`, else `--token-file` (by default
 * `.data/tokens.json` on a local URL) with `--user` (default `defaultUser`), else the device code sign-in. Throws what
 * `fail` makes of the first problem, with the command's usage where a flag is missing.
 */
export function connectionOf(
  flags: ConnectionFlags,
  options: { usage: string; cwd: string; defaultUser?: string; fail?: (message: string) => Error },
): { url: URL; auth: TokenSource } {
  const fail = options.fail ?? ((message: string) => new Error(message));
  if (!flags.url) throw fail(`--url is required.\n${options.usage}`);
  let url: URL;
  try {
    url = new URL(flags.url);
  } catch {
    throw fail(`--url '${flags.url}' is not a URL, e.g. https://contoso.crm.dynamics.com.`);
  }
  if (flags.token && flags["token-file"]) throw fail("Give either --token or --token-file, not both.");
  const tokenFile = flags["token-file"] ?? (isLocalUrl(url) ? LOCAL_TOKEN_FILE : undefined);
  const auth: TokenSource = flags.token
    ? { kind: "token", token: flags.token }
    : tokenFile
      ? { kind: "file", file: path.resolve(options.cwd, tokenFile), user: flags.user ?? options.defaultUser ?? "admin" }
      : { kind: "device-code" };
  return { url, auth };
}

export function tokenFromFile(file: string, user: string): string {
  if (!existsSync(file)) {
    throw new Error(`${file} does not exist: start the local server (npm run server -- --empty) or pass --token.`);
  }
  let users: { key?: string; token?: string }[];
  try {
    users = (JSON.parse(readFileSync(file, "utf8")) as { users?: { key?: string; token?: string }[] }).users ?? [];
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const token = users.find((u) => u.key === user)?.token;
  if (!token) {
    const known = users.map((u) => u.key).join(", ");
    throw new Error(`${file} has no token for user '${user}' (it has: ${known || "none"}).`);
  }
  return token;
}

async function deviceCode(environment: URL, log: Log): Promise<TokenProvider> {
  const app = new PublicClientApplication({ auth: { clientId: POWER_PLATFORM_CLIENT_ID, authority: AUTHORITY } });
  const scopes = [`${environment.origin}/.default`];
  let result: AuthenticationResult | null = await app.acquireTokenByDeviceCode({
    scopes,
    deviceCodeCallback: (response) => log(response.message),
  });
  if (!result) throw new Error("The device code sign-in returned no token.");
  return async () => {
    const expires = result?.expiresOn?.getTime() ?? 0;
    if (result?.account && expires - Date.now() < REFRESH_MARGIN_MS) {
      result = await app.acquireTokenSilent({ account: result.account, scopes });
    }
    return result!.accessToken;
  };
}

export async function signIn(source: TokenSource, environment: URL, log: Log): Promise<TokenProvider> {
  switch (source.kind) {
    case "token":
      return async () => source.token;
    case "file": {
      const token = tokenFromFile(source.file, source.user);
      return async () => token;
    }
    case "device-code":
      return deviceCode(environment, log);
  }
}
