/**
 * `npm start`: checks its ports, builds the controls when their sources changed, starts the local server with demo
 * data and the host page, and prints where everything is and what to try.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureControlsBuilt } from "./controlsBuild";
import { assertPortsFree, portProblem, PortUnavailableError, type PortToCheck } from "./ports";
import { CONTROL_NAMES, startHost, type Host } from "./server";
import { startBanner } from "./startBanner";
import { builtInProfiles } from "../schema";
import { demoPeople, featuredDemoProfile } from "../server/demoEnvironment";

const usage = `Usage: npm start -- [options]
  --port 8080        the page's port
  --api-port 5555    the local Web API server's port (0: any free port)
  --host 127.0.0.1   the page's address (the Web API server always listens on 127.0.0.1)
  --data .data       data folder (demo data is written on first start and kept)
  --rebuild          build the controls even when they are up to date`;

const portOption = (option: string, value: string): number => {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new PortUnavailableError(`${option} must be a number from 0 to 65535, not '${value}'.`);
  return port;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8080" },
      "api-port": { type: "string", default: "5555" },
      host: { type: "string", default: "127.0.0.1" },
      data: { type: "string", default: ".data" },
      rebuild: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return void console.log(usage);
  const ports: PortToCheck[] = [
    { port: portOption("--port", values.port), host: values.host, option: "--port", role: "the page" },
    {
      port: portOption("--api-port", values["api-port"]),
      host: "127.0.0.1",
      option: "--api-port",
      role: "the local Web API server",
    },
  ];
  // Before the build: a port in use should fail in a second, not after a minute of bundling.
  await assertPortsFree(ports);
  await ensureControlsBuilt({ controls: CONTROL_NAMES, force: values.rebuild });

  const dataDir = path.resolve(values.data);
  console.log(`Starting the local server on the data folder ${dataDir}…`);
  const host = await startHost({ dataDir, port: ports[0].port, host: values.host, apiPort: ports[1].port }).catch(
    (error: NodeJS.ErrnoException) => {
      // Taken while the controls were building: the same sentence as the check before.
      const taken = ports.find((p) => new RegExp(`:${p.port}(\\D|$)`).test(error.message)) ?? ports[0];
      throw error.code ? new PortUnavailableError(portProblem(taken, error.code)) : error;
    },
  );
  for (const line of startBanner(await bannerFacts(host, dataDir))) console.log(line);

  const stop = (signal: string) => {
    console.log(`${signal}: stopping…`);
    host.close().then(() => process.exit(0));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

/** The banner's facts; the suggested profile only when this data folder has it (older folders may not). */
async function bannerFacts(host: Host, dataDir: string) {
  const admin = host.server.users.find((u) => u.key === "admin");
  const agent = host.server.users.find((u) => u.key === "agent");
  const exists = async (id: string) => {
    if (!admin) return false;
    const response = await fetch(`${host.server.apiUrl}apm_appprofiles(${id})?$select=apm_name`, {
      headers: { Authorization: `Bearer ${admin.token}`, Accept: "application/json" },
    }).catch(() => undefined);
    return response?.ok === true;
  };
  const [builtIn] = builtInProfiles;
  const profile = (await exists(featuredDemoProfile.id))
    ? { id: featuredDemoProfile.id, name: featuredDemoProfile.apm_name }
    : (await exists(builtIn.apm_appprofileid))
      ? { id: builtIn.apm_appprofileid, name: builtIn.apm_name }
      : undefined;
  return {
    pageUrl: host.url,
    apiUrl: host.server.apiUrl,
    tokensFile: host.server.tokensFile,
    dataDir,
    adminName: admin?.fullname ?? "the first user in tokens.json",
    agentName: agent?.fullname,
    profile,
    person: profile?.id === featuredDemoProfile.id ? demoPeople[0].fullname : undefined,
  };
}

main().catch((error: Error) => {
  if (error instanceof PortUnavailableError) console.error(error.message);
  else console.error(`App Profile Manager could not start: ${error.message}`);
  process.exit(1);
});
