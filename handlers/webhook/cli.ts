/**
 * `npm run webhook -- --port P --key K --dataverse-url U [--host H] [--system-user ID]... [--max-body BYTES]`
 * Starts the webhook host and prints where it listens. The key may come from APM_WEBHOOK_KEY instead of --key
 * (keeps it out of the process list); tokens for Dataverse come from the environment (see token.ts).
 */
import { parseArgs } from "node:util";
import { DEFAULT_MAX_BODY_BYTES, startWebhookHost } from "./server";
import { tokenProviderFromEnvironment } from "./token";
import { connectToDataverse } from "./webApiService";

const usage =
  "Usage: npm run webhook -- --port 7071 --key <shared key> --dataverse-url https://contoso.crm.dynamics.com " +
  "[--host 0.0.0.0] [--system-user <systemuserid>]... [--max-body 524288]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "7071" },
      host: { type: "string", default: "127.0.0.1" },
      key: { type: "string" },
      "dataverse-url": { type: "string" },
      "system-user": { type: "string", multiple: true, default: [] },
      "max-body": { type: "string", default: String(DEFAULT_MAX_BODY_BYTES) },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return void console.log(usage);
  const key = values.key ?? process.env.APM_WEBHOOK_KEY;
  const serverUrl = values["dataverse-url"] ?? process.env.APM_DATAVERSE_URL;
  if (!key) throw new Error(`--key (or APM_WEBHOOK_KEY) is required.\n${usage}`);
  if (!serverUrl) throw new Error(`--dataverse-url (or APM_DATAVERSE_URL) is required.\n${usage}`);
  const port = Number(values.port);
  const maxBodyBytes = Number(values["max-body"]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0 to 65535.`);
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1024) throw new Error(`--max-body must be at least 1024.`);

  const service = connectToDataverse({ serverUrl, getToken: await tokenProviderFromEnvironment(serverUrl) });
  const host = await startWebhookHost({
    key,
    service,
    port,
    host: values.host,
    maxBodyBytes,
    systemUserIds: values["system-user"],
  });
  console.log(`App Profile Manager webhook listening at ${host.url} (reads rows from ${serverUrl})`);
  console.log(`Register it in Dataverse as a webhook service endpoint: ${host.url} with WebhookKey authentication.`);
  const stop = (signal: string) => {
    console.log(`${signal}: closing the webhook host ...`);
    host.close().then(() => process.exit(0));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: Error) => {
  console.error(`The webhook host could not start: ${error.message}`);
  process.exit(1);
});
