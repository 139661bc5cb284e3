import Database from "better-sqlite3";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { AppProfile, tables } from "../../schema";
import { createSchema } from "../storage/layout";
import { insertRow } from "../storage/rows";
import { runRemoteSteps } from "./remoteSteps";
import { sdkMessageId } from "./sdkMessages";

/** A webhook that records what it receives and answers `status`. */
async function webhook(status: number) {
  const received: { url: string; headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ url: req.url ?? "", headers: req.headers, body: JSON.parse(body) });
      res.writeHead(status).end("ignored");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/handlers`;
  return { url, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

function environment(url: string, authtype: number, authvalue: string) {
  const db = new Database(":memory:");
  createSchema(db, tables);
  db.exec("CREATE TABLE server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  insertRow(db, tables.find((t) => t.logicalName === "sdkmessage")!, sdkMessageId("Create"), { name: "Create" }, "u");
  insertRow(
    db,
    tables.find((t) => t.logicalName === "serviceendpoint")!,
    "e1",
    { name: "hook", url, contract: 8, authtype, authvalue },
    "u",
  );
  insertRow(
    db,
    tables.find((t) => t.logicalName === "sdkmessageprocessingstep")!,
    "s1",
    {
      name: "hook: Create of any",
      sdkmessageid: sdkMessageId("Create"),
      eventhandler: "e1",
      stage: 10,
      mode: 0,
      rank: 1,
    },
    "u",
  );
  return db;
}

const call = {
  message: "Create",
  stage: 10,
  table: AppProfile,
  id: "a1b2c3d4-0000-4000-8000-0000000000aa",
  attributes: { apm_name: "x", apm_app: 192350000 },
  userId: "8d1a7a52-0000-4000-8000-00000000ad01",
  correlationId: "c0",
} as const;

describe("registered webhook steps (Learn: data-platform/use-webhooks)", () => {
  it("sends WebhookKey as ?code= and the RemoteExecutionContext in the data contract's encoding", async () => {
    const hook = await webhook(200);
    try {
      await runRemoteSteps(environment(hook.url, 4, "k&1"), call);
      const [{ url, body }] = hook.received;
      expect(url).toBe("/api/handlers?code=k%261");
      expect(body).toMatchObject({
        MessageName: "Create",
        Stage: 10,
        PrimaryEntityName: "apm_appprofile",
        InitiatingUserId: call.userId,
      });
      const target = (
        body.InputParameters as { key: string; value: { Attributes: { key: string; value: unknown }[] } }[]
      )[0];
      expect(target.value.Attributes).toEqual(
        expect.arrayContaining([
          { key: "apm_name", value: "x" },
          {
            key: "apm_app",
            value: { __type: "OptionSetValue:http://schemas.microsoft.com/xrm/2011/Contracts", Value: 192350000 },
          },
        ]),
      );
    } finally {
      await hook.close();
    }
  });

  it("sends HttpHeader settings as headers, and cancels on a non-2xx answer without showing the key", async () => {
    const hook = await webhook(400);
    try {
      const db = environment(hook.url, 5, '<settings><setting name="x-apm-webhook-key" value="s3cret" /></settings>');
      await expect(runRemoteSteps(db, call)).rejects.toMatchObject({
        code: "0x80040265",
        message: expect.stringMatching(
          /^The webhook step 'hook: Create of any' cancelled the operation: http:\/\/127\.0\.0\.1:\d+\/api\/handlers answered HTTP 400\.$/,
        ),
      });
      expect(hook.received[0].headers["x-apm-webhook-key"]).toBe("s3cret");
    } finally {
      await hook.close();
    }
  });

  it("runs nothing for another stage or an asynchronous step", async () => {
    const hook = await webhook(400);
    try {
      const db = environment(hook.url, 4, "k");
      await runRemoteSteps(db, { ...call, stage: 20 });
      db.prepare("UPDATE sdkmessageprocessingstep SET mode = 1").run();
      await runRemoteSteps(db, call);
      expect(hook.received).toEqual([]);
    } finally {
      await hook.close();
    }
  });
});
