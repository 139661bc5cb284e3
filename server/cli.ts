/** `npm run server -- --port P --data DIR [--host H] [--empty] ...`: starts the local server and prints where it is. */
import path from "node:path";
import { parseArgs } from "node:util";
import { startServer } from "./app";
import { normalizeOrigin } from "./httpGuards";
import { parseServiceLimits, parseThrottleSchedule } from "./throttle";

export const DEFAULT_PORT = 5555;

const usage = `Usage: npm run server -- [options]
  --port 5555             port to listen on (0: any free port)
  --host 127.0.0.1        address to bind; requests must name it (or localhost) in their Host header
  --data .data            data folder (created 0700; the SQLite file and tokens.json are 0600)
  --empty                 a new data folder gets the platform only (import the solution with npm run deploy)
  --cors-origin ORIGIN    grant CORS to this origin, e.g. http://localhost:3000 (repeatable; none by default)
  --allowed-host NAME     also accept this Host name, e.g. a DNS name when bound to 0.0.0.0 (repeatable)
  --service-limits SPEC   per-user service protection limits over a sliding window (Learn: data-platform/api-limits);
                          SPEC is requests=6000,execution-ms=1200000,concurrent=52,window=300 (the defaults;
                          name any subset) or off
  --throttle SPEC         test mode: answer 429 to every Nth request of each user, to test clients' retries;
                          SPEC is every=N[,limit=requests|execution|concurrent][,retry-after=SECONDS]
                          (defaults limit=requests, retry-after=1), e.g. --throttle every=3,retry-after=2`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: String(DEFAULT_PORT) },
      host: { type: "string", default: "127.0.0.1" },
      data: { type: "string", default: ".data" },
      empty: { type: "boolean", default: false },
      "cors-origin": { type: "string", multiple: true, default: [] },
      "allowed-host": { type: "string", multiple: true, default: [] },
      "service-limits": { type: "string" },
      throttle: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return void console.log(usage);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a number from 0 to 65535, not '${values.port}'.`);
  const corsOrigins = values["cors-origin"].map(normalizeOrigin);
  const limits = values["service-limits"] === undefined ? undefined : parseServiceLimits(values["service-limits"]);
  const schedule = values.throttle === undefined ? undefined : parseThrottleSchedule(values.throttle);
  const dataDir = path.resolve(values.data);
  console.log(`Opening data folder ${dataDir} ...`);
  const server = await startServer({
    dataDir,
    host: values.host,
    port,
    seed: values.empty ? "empty" : "demo",
    corsOrigins,
    allowedHosts: values["allowed-host"],
    throttle: { limits, schedule },
  });
  console.log(`Local Dataverse-compatible server listening at ${server.url}`);
  console.log(`Web API: ${server.apiUrl}`);
  if (corsOrigins.length) console.log(`CORS granted to: ${corsOrigins.join(", ")}`);
  if (schedule)
    console.log(
      `Throttle test mode: requests ${schedule.every}, ${schedule.every * 2}, ${schedule.every * 3}, ... of each user answer 429 (${schedule.limit}, Retry-After ${schedule.retryAfterSeconds} s)`,
    );
  console.log(`Tokens (also in ${server.tokensFile}):`);
  for (const user of server.users) console.log(`  ${user.key.padEnd(8)} ${user.fullname.padEnd(16)} ${user.token}`);
  const stop = (signal: string) => {
    console.log(`${signal}: closing the server and the database ...`);
    server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: Error) => {
  console.error(`The server could not start: ${error.message}`);
  process.exit(1);
});
