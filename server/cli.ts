/** `npm run server -- --port P --data DIR [--host H] [--empty]`: starts the local server and prints where it is. */
import path from "node:path";
import { parseArgs } from "node:util";
import { startServer } from "./app";

export const DEFAULT_PORT = 5555;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: String(DEFAULT_PORT) },
      host: { type: "string", default: "127.0.0.1" },
      data: { type: "string", default: ".data" },
      empty: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log("Usage: npm run server -- [--port 5555] [--host 127.0.0.1] [--data .data] [--empty]");
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a number from 0 to 65535, not '${values.port}'.`);
  const dataDir = path.resolve(values.data);
  console.log(`Opening data folder ${dataDir} ...`);
  const server = await startServer({ dataDir, host: values.host, port, seed: values.empty ? "empty" : "demo" });
  console.log(`Local Dataverse-compatible server listening at ${server.url}`);
  console.log(`Web API: ${server.apiUrl}`);
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
