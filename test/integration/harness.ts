/** Starts the local server on a free port with a temporary data folder, and gives dynamics-web-api clients per demo user. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DynamicsWebApi } from "dynamics-web-api";
import { startServer, type LocalServer, type ServerOptions } from "../../server/app";

export type DemoUserKey = "admin" | "agent" | "agent2" | "norole" | "sysadmin";

export interface Harness {
  readonly server: LocalServer;
  readonly dataDir: string;
  client(user: DemoUserKey, config?: Partial<ConstructorParameters<typeof DynamicsWebApi>[0]>): DynamicsWebApi;
  token(user: DemoUserKey): string;
  userId(user: DemoUserKey): string;
  /** A raw fetch to the Web API, for what a client library hides (headers, status codes, bodies). */
  raw(pathAndQuery: string, init?: RequestInit & { user?: DemoUserKey | null }): Promise<Response>;
  stop(): Promise<void>;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "apm-server-"));
}

export async function startHarness(options: Partial<ServerOptions> = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? tempDataDir();
  const server = await startServer({ port: 0, ...options, dataDir });
  const find = (key: DemoUserKey) => {
    const user = server.users.find((u) => u.key === key);
    if (!user) throw new Error(`No demo user '${key}' on this server`);
    return user;
  };
  return {
    server,
    dataDir,
    client: (user, config = {}) =>
      new DynamicsWebApi({
        serverUrl: server.url,
        dataApi: { version: "9.2" },
        onTokenRefresh: async () => find(user).token,
        propagateErrors: true,
        ...config,
      }),
    token: (user) => find(user).token,
    userId: (user) => find(user).userId,
    raw: (pathAndQuery, init = {}) => {
      const { user = "admin", headers, ...rest } = init;
      const auth: Record<string, string> = user ? { Authorization: `Bearer ${find(user).token}` } : {};
      return fetch(`${server.apiUrl}${pathAndQuery}`, {
        ...rest,
        headers: { ...auth, ...(headers as Record<string, string>) },
      });
    },
    stop: () => server.close(),
  };
}

/** The Dataverse error a dynamics-web-api call rejected with. */
export async function rejection(promise: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status: number; code?: string; message?: string; error?: { code: string; message: string } };
    return { status: e.status, code: e.code ?? e.error?.code ?? "", message: e.message || e.error?.message || "" };
  }
  throw new Error("Expected the request to be refused, but it succeeded");
}
