/**
 * Registers the webhook host the supported way, after the import: a service endpoint (Contract Webhook, WebhookKey
 * auth) and its synchronous PreValidation steps and pre images (README "The webhook host"), looked up by name as the
 * Plugin Registration Tool does: `sdkmessages` by name, `sdkmessagefilters` by message and table. Each row is read
 * first and written only when it differs, so a second run changes nothing.
 * Learn: data-platform/register-web-hook, data-platform/use-webhooks, reference/entities/sdkmessageprocessingstep.
 */
import { AppProfile, ChannelProvider, SessionTemplate } from "../../schema";
import { odataString, type Json, type WebApiClient } from "./client";
import type { Outcome } from "./provision";

export interface WebhookRegistration {
  readonly url: string;
  readonly key: string;
}

export const ENDPOINT_NAME = "App Profile Manager webhook";
const CONTRACT_WEBHOOK = 8;
const AUTH_WEBHOOK_KEY = 4;
const PRE_VALIDATION = 10;
const SYNCHRONOUS = 0;

export interface StepSpec {
  readonly message: "Create" | "Update" | "Delete" | "Associate" | "Disassociate";
  /** The table, or undefined for "any entity" (Associate and Disassociate have no table filter). */
  readonly entity?: string;
}

/** The steps README lists: every rule's message and table. */
export const webhookSteps: readonly StepSpec[] = [
  ...(["Create", "Update", "Delete"] as const).flatMap((message) =>
    [AppProfile, ChannelProvider].map((t) => ({ message, entity: t.logicalName })),
  ),
  ...(["Create", "Update"] as const).map((message) => ({ message, entity: SessionTemplate.logicalName })),
  { message: "Associate" },
  { message: "Disassociate" },
];

export const stepName = (step: StepSpec): string =>
  `${ENDPOINT_NAME}: ${step.message} of ${step.entity ?? "any Entity"}`;

const filter = (text: string) => `$filter=${encodeURIComponent(text)}`;

function checkUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--webhook-url '${url}' is not a URL, e.g. https://apm-webhook.contoso.com/api/handlers.`);
  }
  const local = parsed.hostname === "127.0.0.1" || parsed.hostname === "localhost";
  if (parsed.protocol !== "https:" && !local) throw new Error(`--webhook-url '${url}' must be https://.`);
  return parsed;
}

async function one(api: WebApiClient, path: string, what: string): Promise<Json> {
  const [row] = await api.list(path);
  if (!row) throw new Error(`The environment has no ${what}.`);
  return row;
}

/** Writes `row` when missing, or the columns that differ; answers what it did. */
async function ensure(
  api: WebApiClient,
  set: string,
  idName: string,
  existing: Json | undefined,
  wanted: Json,
  binds: Json = {},
): Promise<{ id: string; outcome: Outcome }> {
  if (!existing) {
    const created = await api.request("POST", set, { ...wanted, ...binds }, { Prefer: "return=representation" });
    return { id: String(created?.[idName]), outcome: "created" };
  }
  const id = String(existing[idName]);
  // A column the environment does not return (a secret such as authvalue) is written again.
  const changed = Object.keys(wanted).filter((k) => existing[k] !== wanted[k]);
  if (changed.length === 0) return { id, outcome: "unchanged" };
  await api.request("PATCH", `${set}(${id})`, Object.fromEntries(changed.map((k) => [k, wanted[k]])), {
    "If-Match": "*",
  });
  return { id, outcome: "updated" };
}

export async function registerWebhook(
  api: WebApiClient,
  registration: WebhookRegistration,
  note: (line: string) => void,
): Promise<void> {
  const url = checkUrl(registration.url).toString();
  if (!registration.key) throw new Error("--webhook-key is required with --webhook-url.");
  const endpointColumns = [
    "serviceendpointid",
    "name",
    "url",
    "contract",
    "authtype",
    "authvalue",
    "messageformat",
    "userclaim",
  ];
  const [existingEndpoint] = await api.list(
    `serviceendpoints?$select=${endpointColumns.join(",")}&${filter(`name eq ${odataString(ENDPOINT_NAME)}`)}`,
  );
  const endpoint = await ensure(api, "serviceendpoints", "serviceendpointid", existingEndpoint, {
    name: ENDPOINT_NAME,
    url,
    contract: CONTRACT_WEBHOOK,
    authtype: AUTH_WEBHOOK_KEY,
    authvalue: registration.key,
    messageformat: 2,
    userclaim: 1,
  });
  note(`service endpoint ${ENDPOINT_NAME}: ${endpoint.outcome}`);

  const messageIds = new Map<string, string>();
  for (const step of webhookSteps) {
    let messageId = messageIds.get(step.message);
    if (!messageId) {
      const message = await one(
        api,
        `sdkmessages?$select=sdkmessageid,name&${filter(`name eq ${odataString(step.message)}`)}`,
        `SDK message ${step.message}`,
      );
      messageIds.set(step.message, (messageId = String(message.sdkmessageid)));
    }
    const binds: Json = {
      "sdkmessageid@odata.bind": `/sdkmessages(${messageId})`,
      "eventhandler_serviceendpoint@odata.bind": `/serviceendpoints(${endpoint.id})`,
    };
    if (step.entity) {
      const messageFilter = await one(
        api,
        `sdkmessagefilters?$select=sdkmessagefilterid&${filter(
          `_sdkmessageid_value eq ${messageId} and primaryobjecttypecode eq ${odataString(step.entity)}`,
        )}`,
        `message filter for ${step.message} of ${step.entity}`,
      );
      binds["sdkmessagefilterid@odata.bind"] = `/sdkmessagefilters(${String(messageFilter.sdkmessagefilterid)})`;
    }
    const name = stepName(step);
    const [existingStep] = await api.list(
      `sdkmessageprocessingsteps?$select=sdkmessageprocessingstepid,name,stage,mode,rank,supporteddeployment&${filter(
        `name eq ${odataString(name)} and _eventhandler_value eq ${endpoint.id}`,
      )}`,
    );
    const wanted = { name, stage: PRE_VALIDATION, mode: SYNCHRONOUS, rank: 1, supporteddeployment: 0 };
    const registered = await ensure(
      api,
      "sdkmessageprocessingsteps",
      "sdkmessageprocessingstepid",
      existingStep,
      wanted,
      binds,
    );
    let image: Outcome | undefined;
    if (step.message === "Update" || step.message === "Delete") {
      // A Pre Image of all attributes, named and aliased PreImage (README: the host reads it by that alias).
      const [existingImage] = await api.list(
        `sdkmessageprocessingstepimages?$select=sdkmessageprocessingstepimageid,name,entityalias,imagetype,messagepropertyname,attributes&${filter(
          `_sdkmessageprocessingstepid_value eq ${registered.id} and name eq 'PreImage'`,
        )}`,
      );
      image = (
        await ensure(
          api,
          "sdkmessageprocessingstepimages",
          "sdkmessageprocessingstepimageid",
          existingImage,
          { name: "PreImage", entityalias: "PreImage", imagetype: 0, messagepropertyname: "Target", attributes: null },
          { "sdkmessageprocessingstepid@odata.bind": `/sdkmessageprocessingsteps(${registered.id})` },
        )
      ).outcome;
    }
    note(`${name}: ${registered.outcome}${image ? `, PreImage ${image}` : ""}`);
  }
}
