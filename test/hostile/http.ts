/** Raw HTTP for hostile tests: any method, path, Host and bytes, which fetch would normalize or refuse. */
import http from "node:http";
import net from "node:net";

export interface RawAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

export function rawRequest(
  baseUrl: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawAnswer> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: options.method ?? "GET",
        path: options.path,
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Opens a socket, writes `bytes`, and resolves with what came back and how long until the server closed it. */
export function slowClient(
  baseUrl: string,
  bytes: string,
  giveUpMs: number,
): Promise<{ closedAfterMs: number | undefined; received: string }> {
  const base = new URL(baseUrl);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(Number(base.port), base.hostname, () => socket.write(bytes));
    let received = "";
    socket.on("data", (d) => (received += d.toString("utf8")));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ closedAfterMs: undefined, received });
    }, giveUpMs);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ closedAfterMs: Date.now() - started, received });
    });
    socket.on("error", () => undefined);
  });
}

/** The Dataverse error of an answer, or undefined when the body isn't one. */
export function dataverseError(answer: { text: string }): { code: string; message: string } | undefined {
  try {
    const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = body.error ?? {};
    return typeof code === "string" && typeof message === "string" ? { code, message } : undefined;
  } catch {
    return undefined;
  }
}

/** Stack frames or Node internals in a body mean a leak. */
export const stackTrace = /\bat [\w.<>]+ \(|node:internal|\.ts:\d+:\d+|\bTypeError\b|\bRangeError\b|\bSqliteError\b/;
