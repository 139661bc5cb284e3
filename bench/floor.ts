/** The floor: a bare Node http server that answers recorded bytes from memory, for the same paths. */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const responses = JSON.parse(process.env.FLOOR_RESPONSES ?? "{}") as Record<string, Recorded>;
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const recorded = responses[`${req.method} ${decodeURIComponent((req.url ?? "").split("?")[0])}`];
    if (!recorded) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(recorded.status, { ...recorded.headers, "Content-Length": String(Buffer.byteLength(recorded.body)) });
    res.end(recorded.body);
  });
});
server.listen(0, "127.0.0.1", () => {
  console.log(`floor listening at http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
