/**
 * RemoteExecutionContext bodies for tests, made from the recorded-shape fixtures: each builder keeps everything
 * Dataverse sends and swaps only the message's parts (target, images, relationship), in Dataverse's value encoding.
 */
import createFixture from "../fixtures/create.json";
import updateFixture from "../fixtures/update.json";
import deleteFixture from "../fixtures/delete.json";
import associateFixture from "../fixtures/associate.json";
import type { EntityReference } from "../../context";
import type { Json } from "../values";

const CONTRACTS = "http://schemas.microsoft.com/xrm/2011/Contracts";
const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";

type Payload = Record<string, Json>;
export type DataverseValues = Record<string, Json>;

const clone = (fixture: unknown): Payload => JSON.parse(JSON.stringify(fixture)) as Payload;

export const optionSet = (value: number): Json => ({ __type: `OptionSetValue:${CONTRACTS}`, Value: value });

export const entityReference = (ref: EntityReference, name: string | null = null): Json => ({
  __type: `EntityReference:${CONTRACTS}`,
  Id: ref.id,
  KeyAttributes: [],
  LogicalName: ref.logicalName,
  Name: name,
  RowVersion: null,
});

export function entity(logicalName: string, id: string | undefined, attributes: DataverseValues): Json {
  return {
    __type: `Entity:${CONTRACTS}`,
    Attributes: Object.entries(attributes).map(([key, value]) => ({ key, value })),
    EntityState: null,
    FormattedValues: [],
    Id: id ?? EMPTY_GUID,
    KeyAttributes: [],
    LogicalName: logicalName,
    RelatedEntities: [],
    RowVersion: null,
  };
}

function setInput(payload: Payload, key: string, value: Json): Payload {
  const inputs = payload.InputParameters as { key: string; value: Json }[];
  const existing = inputs.find((p) => p.key === key);
  if (existing) existing.value = value;
  else inputs.push({ key, value });
  return payload;
}

export interface PayloadOptions {
  readonly stage?: 10 | 20 | 40;
  readonly userId?: string;
  readonly correlationId?: string;
}

function common(payload: Payload, options: PayloadOptions): Payload {
  if (options.stage) payload.Stage = options.stage;
  if (options.userId) payload.InitiatingUserId = payload.UserId = options.userId;
  if (options.correlationId) payload.CorrelationId = options.correlationId;
  return payload;
}

export function createPayload(logicalName: string, attributes: DataverseValues, options: PayloadOptions = {}) {
  const payload = common(clone(createFixture), options);
  payload.PrimaryEntityName = logicalName;
  return setInput(payload, "Target", entity(logicalName, undefined, attributes));
}

export function updatePayload(
  logicalName: string,
  id: string,
  attributes: DataverseValues,
  preImage?: DataverseValues,
  options: PayloadOptions = {},
) {
  const payload = common(clone(updateFixture), options);
  Object.assign(payload, { PrimaryEntityName: logicalName, PrimaryEntityId: id });
  payload.PreEntityImages = preImage ? [{ key: "PreImage", value: entity(logicalName, id, preImage) }] : [];
  return setInput(payload, "Target", entity(logicalName, id, attributes));
}

export function deletePayload(
  logicalName: string,
  id: string,
  preImage?: DataverseValues,
  options: PayloadOptions = {},
) {
  const payload = common(clone(deleteFixture), options);
  Object.assign(payload, { PrimaryEntityName: logicalName, PrimaryEntityId: id });
  payload.PreEntityImages = preImage ? [{ key: "PreImage", value: entity(logicalName, id, preImage) }] : [];
  return setInput(payload, "Target", entityReference({ logicalName, id }));
}

/** Associate or Disassociate; `schemaName` in any casing, as the customizer typed it. */
export function relationshipPayload(
  message: "Associate" | "Disassociate",
  schemaName: string,
  target: EntityReference,
  related: readonly EntityReference[],
  options: PayloadOptions = {},
) {
  const payload = common(clone(associateFixture), options);
  payload.MessageName = message;
  setInput(payload, "Target", entityReference(target));
  setInput(payload, "Relationship", {
    __type: `Relationship:${CONTRACTS}`,
    PrimaryEntityRole: null,
    SchemaName: schemaName,
  });
  return setInput(
    payload,
    "RelatedEntities",
    related.map((r) => entityReference(r)),
  );
}

export const fixtures = {
  create: createFixture,
  update: updateFixture,
  delete: deleteFixture,
  associate: associateFixture,
};
