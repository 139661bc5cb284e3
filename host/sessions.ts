/**
 * The host page's sign-in, as a Dataverse page's: a random session id in an HttpOnly, SameSite=Strict cookie,
 * mapped here to a demo user. The page gets one when it loads; without one, nothing reaches the Web API.
 */
import { randomBytes } from "node:crypto";
import type { DemoUser } from "../server/seed";

export const SESSION_COOKIE = "apm_session";
/** Sessions kept at once; the least recently used is forgotten first (each is a few dozen bytes). */
const MAX_SESSIONS = 1000;

export class Sessions {
  private readonly byId = new Map<string, string>();

  constructor(private readonly users: readonly DemoUser[]) {}

  /** A new session for a demo user (the admin by default); its id goes in the cookie. */
  create(userKey = "admin"): string {
    if (!this.users.some((u) => u.key === userKey)) throw new Error(`No demo user '${userKey}'.`);
    const id = randomBytes(32).toString("base64url");
    if (this.byId.size >= MAX_SESSIONS) this.byId.delete(this.byId.keys().next().value as string);
    this.byId.set(id, userKey);
    return id;
  }

  /** The signed-in user of a request's Cookie header, if its session is one this page gave out. */
  userOf(cookieHeader: string | undefined): { id: string; user: DemoUser } | undefined {
    const id = sessionIdOf(cookieHeader);
    const key = id === undefined ? undefined : this.byId.get(id);
    const user = key === undefined ? undefined : this.users.find((u) => u.key === key);
    if (id === undefined || key === undefined || !user) return undefined;
    // Least recently used goes first: a session in use is never the one forgotten.
    this.byId.delete(id);
    this.byId.set(id, key);
    return { id, user };
  }

  switchUser(id: string, userKey: string): boolean {
    if (!this.byId.has(id) || !this.users.some((u) => u.key === userKey)) return false;
    this.byId.set(id, userKey);
    return true;
  }

  static cookie(id: string): string {
    return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict`;
  }
}

function sessionIdOf(header: string | undefined): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === SESSION_COOKIE && value && /^[A-Za-z0-9_-]{43}$/.test(value)) return value;
  }
  return undefined;
}
