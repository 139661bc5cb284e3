/**
 * The platform's plug-in registration tables, which `npm run deploy -- --webhook-url` writes to register the webhook
 * host as the Plugin Registration Tool does. Columns as documented in Learn's table reference
 * (reference/entities/serviceendpoint, sdkmessage, sdkmessagefilter, sdkmessageprocessingstep,
 * sdkmessageprocessingstepimage); only those a webhook registration uses.
 *
 * Their own module, every top-level call marked pure (`#__PURE__`): only the server, the deploy and the packer read
 * them, and a control bundle (which imports the schema for the product's tables) drops all of this.
 */
import { defineTable, type ChoiceOption } from "./define";

const choices = (...options: readonly (readonly [number, string])[]): ChoiceOption[] =>
  options.map(([value, label]) => ({ value, label }));
/** Choices 1..n labelled by their value, for option sets whose labels the deploy never shows. */
const numbered = (count: number): ChoiceOption[] =>
  Array.from({ length: count }, (_, i) => ({ value: i + 1, label: String(i + 1) }));

export const ServiceEndpoint = /*#__PURE__*/ defineTable({
  logicalName: "serviceendpoint",
  entitySetName: "serviceendpoints",
  displayName: "Service Endpoint",
  displayCollectionName: "Service Endpoints",
  ownership: "OrganizationOwned",
  platform: true,
  primaryIdAttribute: "serviceendpointid",
  primaryNameAttribute: "name",
  alternateKeys: [],
  columns: {
    name: { type: "string", displayName: "Name", maxLength: 256, required: true },
    description: { type: "memo", displayName: "Description", maxLength: 4000 },
    url: { type: "string", displayName: "Url Address", maxLength: 2000, format: "url" },
    contract: {
      type: "choice",
      displayName: "Contract",
      required: true,
      optionSetName: "serviceendpoint_contract",
      // Learn: 8 is Webhook (1 OneWay, 2 Queue, 3 Rest, 4 TwoWay, 5 Topic, 6 Queue Persistent, 7 Event Hub, 9 Event Grid)
      options: /*#__PURE__*/ numbered(9),
    },
    authtype: {
      type: "choice",
      displayName: "Specifies mode of authentication with SB",
      required: true,
      optionSetName: "serviceendpoint_authtype",
      // 4 WebhookKey, 5 HttpHeader, 6 HttpQueryString are a webhook's
      options: /*#__PURE__*/ numbered(8),
    },
    authvalue: { type: "string", displayName: "Authorization Value", maxLength: 4000 },
    messageformat: {
      type: "choice",
      displayName: "Content type of the message",
      optionSetName: "serviceendpoint_messageformat",
      options: /*#__PURE__*/ choices([1, "BinaryXML"], [2, "Json"], [3, "TextXML"]),
      defaultValue: 2,
    },
    userclaim: {
      type: "choice",
      displayName: "User Information Sent to Service Bus",
      optionSetName: "serviceendpoint_userclaim",
      options: /*#__PURE__*/ choices([1, "None"], [2, "UserId"]),
      defaultValue: 1,
    },
  },
});

export const SdkMessage = /*#__PURE__*/ defineTable({
  logicalName: "sdkmessage",
  entitySetName: "sdkmessages",
  displayName: "Sdk Message",
  displayCollectionName: "Sdk Messages",
  ownership: "OrganizationOwned",
  platform: true,
  primaryIdAttribute: "sdkmessageid",
  primaryNameAttribute: "name",
  alternateKeys: [],
  columns: {
    name: { type: "string", displayName: "Name", maxLength: 256 },
  },
});

export const SdkMessageFilter = /*#__PURE__*/ defineTable({
  logicalName: "sdkmessagefilter",
  entitySetName: "sdkmessagefilters",
  displayName: "Sdk Message Filter",
  displayCollectionName: "Sdk Message Filters",
  ownership: "OrganizationOwned",
  platform: true,
  primaryIdAttribute: "sdkmessagefilterid",
  primaryNameAttribute: "name",
  alternateKeys: [],
  columns: {
    name: { type: "string", displayName: "Name", maxLength: 256 },
    sdkmessageid: {
      type: "lookup",
      displayName: "SDK Message ID",
      target: "sdkmessage",
      navigationProperty: "sdkmessageid",
      collectionNavigationProperty: "sdkmessageid_sdkmessagefilter",
    },
    primaryobjecttypecode: { type: "string", displayName: "Primary Object Type Code", maxLength: 100 },
    secondaryobjecttypecode: { type: "string", displayName: "Secondary Object Type Code", maxLength: 100 },
    iscustomprocessingstepallowed: {
      type: "boolean",
      displayName: "Custom Processing Step Allowed",
      defaultValue: true,
    },
  },
});

export const SdkMessageProcessingStep = /*#__PURE__*/ defineTable({
  logicalName: "sdkmessageprocessingstep",
  entitySetName: "sdkmessageprocessingsteps",
  displayName: "Sdk Message Processing Step",
  displayCollectionName: "Sdk Message Processing Steps",
  ownership: "OrganizationOwned",
  platform: true,
  primaryIdAttribute: "sdkmessageprocessingstepid",
  primaryNameAttribute: "name",
  alternateKeys: [],
  columns: {
    name: { type: "string", displayName: "Name", maxLength: 256 },
    description: { type: "memo", displayName: "Description", maxLength: 256 },
    sdkmessageid: {
      type: "lookup",
      displayName: "SDK Message",
      target: "sdkmessage",
      navigationProperty: "sdkmessageid",
      collectionNavigationProperty: "sdkmessageid_sdkmessageprocessingstep",
    },
    sdkmessagefilterid: {
      type: "lookup",
      displayName: "Sdk Message Filter",
      target: "sdkmessagefilter",
      navigationProperty: "sdkmessagefilterid",
      collectionNavigationProperty: "sdkmessagefilterid_sdkmessageprocessingstep",
    },
    // Polymorphic in Dataverse (plugintype or serviceendpoint); a webhook step binds eventhandler_serviceendpoint.
    eventhandler: {
      type: "lookup",
      displayName: "Event Handler",
      target: "serviceendpoint",
      navigationProperty: "eventhandler_serviceendpoint",
      collectionNavigationProperty: "serviceendpoint_sdkmessageprocessingstep",
    },
    stage: {
      type: "choice",
      displayName: "Execution Stage",
      required: true,
      optionSetName: "sdkmessageprocessingstep_stage",
      options: /*#__PURE__*/ choices([10, "Pre-validation"], [20, "Pre-operation"], [40, "Post-operation"]),
    },
    mode: {
      type: "choice",
      displayName: "Execution Mode",
      required: true,
      optionSetName: "sdkmessageprocessingstep_mode",
      options: /*#__PURE__*/ choices([0, "Synchronous"], [1, "Asynchronous"]),
      defaultValue: 0,
    },
    rank: { type: "integer", displayName: "Execution Order", min: 0, max: 2147483647, defaultValue: 1 },
    supporteddeployment: {
      type: "choice",
      displayName: "Deployment",
      optionSetName: "sdkmessageprocessingstep_supporteddeployment",
      options: /*#__PURE__*/ choices(
        [0, "Server Only"],
        [1, "Microsoft Dynamics 365 Client for Outlook Only"],
        [2, "Both"],
      ),
      defaultValue: 0,
    },
    filteringattributes: { type: "string", displayName: "Filtering Attributes", maxLength: 100000 },
    asyncautodelete: { type: "boolean", displayName: "Asynchronous Automatic Delete", defaultValue: false },
  },
});

export const SdkMessageProcessingStepImage = /*#__PURE__*/ defineTable({
  logicalName: "sdkmessageprocessingstepimage",
  entitySetName: "sdkmessageprocessingstepimages",
  displayName: "Sdk Message Processing Step Image",
  displayCollectionName: "Sdk Message Processing Step Images",
  ownership: "OrganizationOwned",
  platform: true,
  primaryIdAttribute: "sdkmessageprocessingstepimageid",
  primaryNameAttribute: "name",
  alternateKeys: [],
  columns: {
    name: { type: "string", displayName: "Name", maxLength: 256 },
    entityalias: { type: "string", displayName: "Entity Alias", maxLength: 256 },
    imagetype: {
      type: "choice",
      displayName: "Image Type",
      required: true,
      optionSetName: "sdkmessageprocessingstepimage_imagetype",
      options: /*#__PURE__*/ choices([0, "PreImage"], [1, "PostImage"], [2, "Both"]),
    },
    messagepropertyname: { type: "string", displayName: "Message Property Name", maxLength: 256 },
    attributes: { type: "string", displayName: "Attributes", maxLength: 100000 },
    sdkmessageprocessingstepid: {
      type: "lookup",
      displayName: "SDK Message Processing Step",
      target: "sdkmessageprocessingstep",
      navigationProperty: "sdkmessageprocessingstepid",
      collectionNavigationProperty: "sdkmessageprocessingstepid_sdkmessageprocessingstepimage",
    },
  },
});

/** The registration tables, in the order the server creates them. */
export const pluginRegistrationTables = [
  ServiceEndpoint,
  SdkMessage,
  SdkMessageFilter,
  SdkMessageProcessingStep,
  SdkMessageProcessingStepImage,
] as const;
