/**
 * Puts the solution into an environment through the Web API, step by step: read the zip, ImportSolution,
 * PublishAllXml, the Chat license variable's value (when asked), and the built-in profiles. Idempotent.
 */
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { AppProfile, type AlternateKey } from "../../schema";
import { readSolution, type SolutionPackage } from "../src/read";
import { signIn, type TokenSource } from "./auth";
import { WebApiClient, type ClientOptions } from "./client";
import { DEFAULT_KEY_WAIT, waitForKey, type KeyWait } from "./keys";
import { setChatLicense, upsertBuiltInProfiles } from "./provision";
import { registerWebhook, type WebhookRegistration } from "./webhook";
import { Steps, type Log } from "./steps";

export interface DeployOptions {
  /** The environment, e.g. https://contoso.crm.dynamics.com or http://127.0.0.1:5555. */
  readonly url: string;
  readonly auth: TokenSource;
  readonly zipPath: string;
  /** Sets apm_ChatLicenseAvailable when given. */
  readonly chatLicense?: boolean;
  readonly log?: Log;
  /** Polling of the alternate key's index before the built-in profiles are upserted by it. */
  readonly keyWait?: KeyWait;
  /** The transport and the 429 retry budget (tests inject a fake transport). */
  readonly client?: Omit<ClientOptions, "log">;
  /** Registers the webhook host's service endpoint and steps after the import. */
  readonly webhook?: WebhookRegistration;
}

export interface DeployReport {
  readonly solution: SolutionPackage;
  readonly timings: readonly { label: string; ms: number }[];
}

/** A real import can take minutes; Dataverse keeps the request open until it is done. */
const IMPORT_TIMEOUT_MS = 30 * 60 * 1000;

function readZip(zipPath: string): Buffer {
  if (!existsSync(zipPath)) throw new Error(`${zipPath} does not exist. Run \`npm run build\` first.`);
  return readFileSync(zipPath);
}

/** The steps after the schema exists, the same for both paths: the number of steps they add to a run. */
export const provisionStepCount = (options: Pick<DeployOptions, "chatLicense" | "webhook">): number =>
  4 + (options.chatLicense === undefined ? 0 : 1) + (options.webhook ? 1 : 0);

/**
 * ImportSolution, PublishAllXml, the license value, the webhook, the wait for the keys' indexes and the built-in
 * profiles: what both deploy paths do once the tables exist (or come with the zip).
 */
export async function importAndProvision(
  api: WebApiClient,
  steps: Steps,
  imported: {
    bytes: Buffer;
    solution: SolutionPackage;
    /** What the import brings, for the step's label (e.g. ": controls, forms, views, app"). */
    label: string;
    /** The alternate keys to wait for, by table, before the built-in profiles are upserted by key. */
    keys: readonly (readonly [string, AlternateKey])[];
  },
  options: Pick<DeployOptions, "chatLicense" | "webhook" | "keyWait">,
): Promise<void> {
  const { bytes, solution, label, keys } = imported;
  await steps.run(`Import ${solution.uniqueName} ${solution.version}${label} (ImportSolution)`, () =>
    api.request(
      "POST",
      "ImportSolution",
      {
        OverwriteUnmanagedCustomizations: true,
        PublishWorkflows: true,
        CustomizationFile: bytes.toString("base64"),
        ImportJobId: randomUUID(),
      },
      {},
      IMPORT_TIMEOUT_MS,
    ),
  );

  await steps.run("Publish all customizations (PublishAllXml)", () => api.request("POST", "PublishAllXml", {}));

  if (options.chatLicense !== undefined) {
    const licensed = options.chatLicense;
    await steps.run(`Set apm_ChatLicenseAvailable to ${licensed ? "yes" : "no"}`, async ({ note }) => {
      note(await setChatLicense(api, licensed));
    });
  }

  if (options.webhook) {
    const webhook = options.webhook;
    await steps.run(`Register the webhook ${webhook.url.replace(/[?#].*$/, "")} and its steps`, ({ note }) =>
      registerWebhook(api, webhook, note),
    );
  }

  // Dataverse builds a new key's index in a system job; an upsert by the key fails until it is Active (keys.ts).
  await steps.run("Wait for the alternate keys' indexes (EntityKeyIndexStatus Active)", async ({ note }) => {
    for (const [table, key] of keys) await waitForKey(api, table, key, options.keyWait ?? DEFAULT_KEY_WAIT, note);
  });

  await steps.run("Upsert the built-in profiles", async ({ note }) => {
    for (const { uniqueName, outcome, changed } of await upsertBuiltInProfiles(api)) {
      note(`${uniqueName}: ${outcome}${outcome === "updated" ? ` (${changed.join(", ")})` : ""}`);
    }
  });
}

export async function deploy(options: DeployOptions): Promise<DeployReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const environment = new URL(options.url);
  const steps = new Steps(2 + provisionStepCount(options), log);

  const api = await steps.run(`Sign in to ${environment.origin}`, async ({ note }) => {
    const token = await signIn(options.auth, environment, note);
    return new WebApiClient(`${environment.origin}/api/data/v9.2/`, token, { ...options.client, log });
  });

  const { bytes, solution } = await steps.run(`Read ${options.zipPath}`, async ({ note }) => {
    const bytes = readZip(options.zipPath);
    const solution = await readSolution(bytes);
    note(
      `${solution.uniqueName} ${solution.version} (${solution.managed ? "managed" : "unmanaged"}), ${bytes.length} bytes`,
    );
    return { bytes, solution };
  });

  const [key] = AppProfile.alternateKeys;
  await importAndProvision(api, steps, { bytes, solution, label: "", keys: [[AppProfile.logicalName, key]] }, options);
  return { solution, timings: steps.timings };
}
