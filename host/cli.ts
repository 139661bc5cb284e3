/** `npm start`: the local server with demo data and the host page; prints where everything is. */
import path from "node:path";
import { parseArgs } from "node:util";
import { startHost } from "./server";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8080" },
      host: { type: "string", default: "127.0.0.1" },
      data: { type: "string", default: ".data" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a number from 0 to 65535, not '${values.port}'.`);
  const dataDir = path.resolve(values.data);
  console.log(`Data folder: ${dataDir}`);
  const host = await startHost({ dataDir, port, host: values.host });
  console.log(`Local Dataverse-compatible server: ${host.server.apiUrl} (tokens in ${host.server.tokensFile})`);
  console.log(
    `App Profile Manager is running at ${host.url}  (signed in as the demo admin; switch user at the top right)`,
  );
  const stop = (signal: string) => {
    console.log(`${signal}: stopping ...`);
    host.close().then(() => process.exit(0));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: Error) => {
  console.error(`App Profile Manager could not start: ${error.message}`);
  process.exit(1);
});
