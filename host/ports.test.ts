import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { assertPortsFree, PortUnavailableError } from "./ports";

/** Holds a port the way another program would. */
async function occupy(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const page = (port: number) => ({ port, host: "127.0.0.1", option: "--port", role: "the page" });
const api = (port: number) => ({ port, host: "127.0.0.1", option: "--api-port", role: "the local Web API server" });

describe("the port check before the build", () => {
  it("names the port in use and the option that chooses another, in one sentence", async () => {
    const busy = await occupy();
    try {
      const error = await assertPortsFree([page(0), api(busy.port)]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortUnavailableError);
      expect((error as Error).message).toBe(
        `Port ${busy.port} on 127.0.0.1 (the local Web API server) is already in use, perhaps by another npm start: ` +
          "choose another with `npm start -- --api-port 9000`.",
      );
    } finally {
      await busy.close();
    }
  });

  it("refuses the same port for the page and the server", async () => {
    await expect(assertPortsFree([page(9123), api(9123)])).rejects.toThrow(
      "--port and --api-port are both 9123: the page and the local Web API server need a port each.",
    );
  });

  it("lets free ports and port 0 through, and leaves nothing listening", async () => {
    const free = await occupy();
    await free.close();
    await expect(assertPortsFree([page(free.port), api(0)])).resolves.toBeUndefined();
    // The probe closed its socket: the page can bind the port at once.
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port: free.port, host: "127.0.0.1", exclusive: true }, () => resolve());
    });
    await new Promise((resolve) => server.close(resolve));
  });
});

describe("npm start with its port in use", () => {
  jest.setTimeout(60_000);

  it("exits 1 with the sentence, before building or writing a data folder", async () => {
    const busy = await occupy();
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "apm-cli-")), "data");
    try {
      const run = spawnSync(
        process.execPath,
        [
          require.resolve("tsx/cli"),
          path.join(__dirname, "cli.ts"),
          "--port",
          String(busy.port),
          "--api-port",
          "0",
          "--data",
          dataDir,
        ],
        { encoding: "utf8", timeout: 50_000 },
      );
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(
        `Port ${busy.port} on 127.0.0.1 (the page) is already in use, perhaps by another npm start: ` +
          "choose another with `npm start -- --port 9000`.",
      );
      expect(run.stdout).not.toMatch(/Building the controls|Controls are up to date/);
      expect(fs.existsSync(dataDir)).toBe(false);
    } finally {
      await busy.close();
    }
  });
});
