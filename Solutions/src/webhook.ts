/**
 * The optional webhook registration (`npm run build:solution -- --with-webhook <url>` or APM_WEBHOOK_URL): a
 * service endpoint with the Webhook contract and one synchronous PreValidation step per message on each of our
 * tables, so Dataverse calls the webhook host (handlers/webhook/) before it saves anything. The default zips
 * carry none of it. The key is not in the zip: set it on the service endpoint after import (WebhookKey auth).
 */
import { solutionTables } from "../../schema";
import { braced, stableGuid } from "./ids";
import { el, leaf, type XmlElement } from "./xml";
import { INTRODUCED_VERSION } from "./attributes";
import { SOLUTION_DISPLAY_NAME } from "./metadata";

export interface Webhook {
  readonly url: string;
}

/**
 * Platform messages keep the same sdkmessageid in every environment (Microsoft Learn lists them). Associate and
 * Disassociate are registered on "any entity" in Dataverse; their ids are not listed there, so this zip leaves
 * them out rather than guess (register them with the Plugin Registration Tool).
 */
export const SDK_MESSAGES = {
  Create: "9ebdbb1b-ea3e-db11-86a7-000a3a5473e8",
  Update: "20bebb1b-ea3e-db11-86a7-000a3a5473e8",
  Delete: "a1bdbb1b-ea3e-db11-86a7-000a3a5473e8",
} as const;

/** The platform plug-in that posts to service endpoints, and the serviceendpoint table's type code. */
const SERVICE_BUS_PLUGIN = {
  typeName:
    "Microsoft.Crm.ServiceBus.ServiceBusPlugin, Microsoft.Crm.ServiceBus, Version=9.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35",
  typeId: "ef521e63-cd2b-4170-99f6-447466a7161e",
  eventHandlerTypeCode: 4618,
} as const;

const Contract = { Webhook: 8 } as const;
const AuthType = { WebhookKey: 4 } as const;
const Stage = { PreValidation: 10 } as const;
const Mode = { Synchronous: 0 } as const;

export const serviceEndpointId = stableGuid("serviceendpoint", "webhook");
const endpointName = `${SOLUTION_DISPLAY_NAME} handlers`;

export function checkWebhookUrl(url: string): Webhook {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--with-webhook '${url}' is not a URL, e.g. https://apm-webhook.contoso.com/api/handlers.`);
  }
  if (parsed.protocol !== "https:")
    throw new Error(`--with-webhook '${url}' must be https://: Dataverse calls only those.`);
  return { url: parsed.toString() };
}

export function serviceEndpoint(webhook: Webhook): XmlElement {
  return el(
    "ServiceEndpoint",
    { ServiceEndpointId: braced(serviceEndpointId), Name: endpointName },
    leaf("ConnectionMode", 1),
    leaf("Contract", Contract.Webhook),
    leaf("Description", "Runs App Profile Manager's rules before Dataverse saves a profile, template or provider."),
    leaf("UserClaim", 1),
    leaf("IsCustomizable", 1),
    leaf("AuthType", AuthType.WebhookKey),
    leaf("MessageFormat", 2),
    leaf("Url", webhook.url),
  );
}

export interface WebhookStep {
  readonly id: string;
  readonly message: keyof typeof SDK_MESSAGES;
  readonly table: string;
}

export const webhookSteps = (): WebhookStep[] =>
  solutionTables.flatMap((table) =>
    (Object.keys(SDK_MESSAGES) as (keyof typeof SDK_MESSAGES)[]).map((message) => ({
      id: stableGuid("step", "webhook", message, table.logicalName),
      message,
      table: table.logicalName,
    })),
  );

/** Update and Delete carry the stored row, which the rules compare against (built-in profiles, app switches). */
function preImage(step: WebhookStep): XmlElement | undefined {
  if (step.message === "Create") return undefined;
  return el(
    "SdkMessageProcessingStepImages",
    {},
    el(
      "SdkMessageProcessingStepImage",
      { Name: "PreImage" },
      leaf("SdkMessageProcessingStepImageId", braced(stableGuid("image", step.id))),
      leaf("EntityAlias", "PreImage"),
      leaf("ImageType", 0),
      leaf("MessagePropertyName", "Target"),
      leaf("IsCustomizable", 1),
      leaf("IntroducedVersion", INTRODUCED_VERSION),
    ),
  );
}

export function webhookStep(step: WebhookStep): XmlElement {
  return el(
    "SdkMessageProcessingStep",
    { Name: `${endpointName}: ${step.message} of ${step.table}`, SdkMessageProcessingStepId: braced(step.id) },
    leaf("PluginTypeName", SERVICE_BUS_PLUGIN.typeName),
    leaf("PluginTypeId", SERVICE_BUS_PLUGIN.typeId),
    leaf("PrimaryEntity", step.table),
    leaf("AsyncAutoDelete", 0),
    leaf("InvocationSource", 0),
    leaf("Mode", Mode.Synchronous),
    leaf("Rank", 1),
    leaf("SdkMessageId", SDK_MESSAGES[step.message]),
    leaf("EventHandler", braced(serviceEndpointId)),
    leaf("EventHandlerTypeCode", SERVICE_BUS_PLUGIN.eventHandlerTypeCode),
    leaf("Stage", Stage.PreValidation),
    leaf("IsCustomizable", 1),
    leaf("IsHidden", 0),
    leaf("SupportedDeployment", 0),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
    preImage(step),
  );
}
