/**
 * Steps registered on a service endpoint (a webhook), run as Dataverse runs them: for each synchronous step of the
 * message, table and stage, in rank order, POST the RemoteExecutionContext to the endpoint and cancel the operation
 * when it answers anything but 2xx. Learn: data-platform/use-webhooks ("The system cannot parse any data returned with
 * the body of the response, it will only look at the response StatusCode"; WebhookKey is appended as `?code=`).
 * Asynchronous steps are not run (the local server has no asynchronous service); they are ignored, not queued.
 */
import type Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import type { AnyTable, Column } from "../../schema";
import { DataverseError } from "../errors";
import type { RawRow } from "../storage/rows";
import { BUSINESS_UNIT_ID, ORGANIZATION_ID } from "../webapi/functions";

const CONTRACTS = "http://schemas.microsoft.com/xrm/2011/Contracts";
const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";
/** Dataverse gives a synchronous webhook 60 seconds before it fails the operation. */
const WEBHOOK_TIMEOUT_MS = 60_000;
const AUTH_WEBHOOK_KEY = 4;
const AUTH_HTTP_HEADER = 5;
const AUTH_HTTP_QUERY_STRING = 6;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface EntityRef {
  readonly logicalName: string;
  readonly id: string;
}

/** One message at one stage, as the pipeline sees it. */
export interface RemoteCall {
  readonly message: "Create" | "Update" | "Delete" | "Associate" | "Disassociate";
  readonly stage: 10 | 20 | 40;
  readonly table: AnyTable;
  readonly id: string;
  /** Create/Update: the attributes sent. */
  readonly attributes?: RawRow;
  readonly preImage?: RawRow;
  /** Associate/Disassociate. */
  readonly relationship?: string;
  readonly related?: readonly EntityRef[];
  readonly userId: string;
  readonly correlationId: string;
}

interface RegisteredStep {
  readonly id: string;
  readonly name: string;
  readonly rank: number;
  readonly filteringattributes: string | null;
  readonly url: string | null;
  readonly authtype: number;
  readonly authvalue: string | null;
}

const STEPS_SQL = `
SELECT s.sdkmessageprocessingstepid AS id, s.name AS name, s.rank AS rank, s.filteringattributes AS filteringattributes,
       e.url AS url, e.authtype AS authtype, e.authvalue AS authvalue
FROM sdkmessageprocessingstep s
JOIN sdkmessage m ON m.sdkmessageid = s.sdkmessageid
JOIN serviceendpoint e ON e.serviceendpointid = s.eventhandler
LEFT JOIN sdkmessagefilter f ON f.sdkmessagefilterid = s.sdkmessagefilterid
WHERE m.name = ? AND s.stage = ? AND s.mode = 0 AND e.contract = 8
  AND (s.sdkmessagefilterid IS NULL OR f.primaryobjecttypecode = ?)
ORDER BY s.rank, s.createdon`;

const entityReference = (ref: EntityRef): Json => ({
  __type: `EntityReference:${CONTRACTS}`,
  Id: ref.id,
  KeyAttributes: [],
  LogicalName: ref.logicalName,
  Name: null,
  RowVersion: null,
});

/** A column value in the data contract's encoding (what a webhook receives). */
function encode(table: AnyTable, name: string, value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (name === "createdby" || name === "modifiedby")
    return entityReference({ logicalName: "systemuser", id: String(value) });
  if (name === "createdon" || name === "modifiedon") return `/Date(${Date.parse(String(value))})/`;
  const column = (table.columns as Record<string, Column>)[name];
  if (column?.type === "choice") return { __type: `OptionSetValue:${CONTRACTS}`, Value: Number(value) };
  if (column?.type === "lookup") return entityReference({ logicalName: column.target, id: String(value) });
  return value as Json;
}

function entity(table: AnyTable, id: string | undefined, attributes: RawRow, only?: ReadonlySet<string>): Json {
  return {
    __type: `Entity:${CONTRACTS}`,
    Attributes: Object.entries(attributes)
      .filter(([name]) => name !== "versionnumber" && (!only || only.has(name)))
      .map(([key, value]) => ({ key, value: encode(table, key, value) })),
    EntityState: null,
    FormattedValues: [],
    Id: id ?? EMPTY_GUID,
    KeyAttributes: [],
    LogicalName: table.logicalName,
    RelatedEntities: [],
    RowVersion: attributes.versionnumber === undefined ? null : String(attributes.versionnumber),
  };
}

function inputParameters(call: RemoteCall): { key: string; value: Json }[] {
  const ref = { logicalName: call.table.logicalName, id: call.id };
  switch (call.message) {
    case "Create":
    case "Update":
      return [
        {
          key: "Target",
          value: entity(call.table, call.id, { ...call.attributes, [call.table.primaryIdAttribute]: call.id }),
        },
      ];
    case "Delete":
      return [{ key: "Target", value: entityReference(ref) }];
    case "Associate":
    case "Disassociate":
      return [
        { key: "Target", value: entityReference(ref) },
        {
          key: "Relationship",
          value: { __type: `Relationship:${CONTRACTS}`, PrimaryEntityRole: null, SchemaName: call.relationship ?? "" },
        },
        { key: "RelatedEntities", value: (call.related ?? []).map(entityReference) },
      ];
  }
}

function preImages(db: Database.Database, step: RegisteredStep, call: RemoteCall): { key: string; value: Json }[] {
  if (!call.preImage) return [];
  const images = db
    .prepare(
      "SELECT entityalias, attributes FROM sdkmessageprocessingstepimage WHERE sdkmessageprocessingstepid = ? AND imagetype IN (0, 2)",
    )
    .all(step.id) as { entityalias: string | null; attributes: string | null }[];
  return images.map((image) => {
    const only = image.attributes ? new Set(image.attributes.split(",").map((a) => a.trim().toLowerCase())) : undefined;
    return { key: image.entityalias ?? "PreImage", value: entity(call.table, call.id, call.preImage!, only) };
  });
}

function remoteContext(db: Database.Database, step: RegisteredStep, call: RemoteCall): Json {
  return {
    BusinessUnitId: BUSINESS_UNIT_ID,
    CorrelationId: call.correlationId,
    Depth: 1,
    InitiatingUserId: call.userId,
    InputParameters: inputParameters(call),
    IsExecutingOffline: false,
    IsInTransaction: call.stage !== 10,
    IsOfflinePlayback: false,
    IsolationMode: 1,
    MessageName: call.message,
    Mode: 0,
    OperationCreatedOn: `/Date(${Date.now()})/`,
    OperationId: randomUUID(),
    OrganizationId: ORGANIZATION_ID,
    OrganizationName: "local",
    OutputParameters: [],
    OwningExtension: {
      Id: step.id,
      KeyAttributes: [],
      LogicalName: "sdkmessageprocessingstep",
      Name: step.name,
      RowVersion: null,
    },
    ParentContext: null,
    PostEntityImages: [],
    PreEntityImages: preImages(db, step, call),
    PrimaryEntityId: call.id,
    PrimaryEntityName: call.table.logicalName,
    RequestId: randomUUID(),
    SecondaryEntityName: "none",
    SharedVariables: [],
    Stage: call.stage,
    UserId: call.userId,
  };
}

/** `<settings><setting name="n" value="v" /></settings>`, the format of HttpHeader and HttpQueryString auth values. */
function settings(xml: string | null): [string, string][] {
  const decode = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  return [...(xml ?? "").matchAll(/<setting\s+name="([^"]*)"\s+value="([^"]*)"\s*\/>/g)].map((m) => [
    decode(m[1]),
    decode(m[2]),
  ]);
}

function request(step: RegisteredStep): { url: URL; headers: Record<string, string> } {
  const url = new URL(step.url ?? "");
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (step.authtype === AUTH_WEBHOOK_KEY && step.authvalue) url.searchParams.set("code", step.authvalue);
  if (step.authtype === AUTH_HTTP_QUERY_STRING)
    for (const [n, v] of settings(step.authvalue)) url.searchParams.set(n, v);
  if (step.authtype === AUTH_HTTP_HEADER) for (const [n, v] of settings(step.authvalue)) headers[n] = v;
  return { url, headers };
}

function changesFilteredAttribute(step: RegisteredStep, call: RemoteCall): boolean {
  if (call.message !== "Update" || !step.filteringattributes) return true;
  const filtered = step.filteringattributes.split(",").map((a) => a.trim().toLowerCase());
  return filtered.some((name) => name in (call.attributes ?? {}));
}

/**
 * Statements prepared once per database: every write runs this three times (one per stage), and preparing them each
 * time was a quarter of a 1,000-operation $batch (a bulk assignment's change set).
 */
const statements = new WeakMap<Database.Database, { hasTable: Database.Statement; steps?: Database.Statement }>();

function stepsStatement(db: Database.Database): Database.Statement | undefined {
  let cached = statements.get(db);
  if (!cached) {
    const hasTable = db.prepare(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sdkmessageprocessingstep'",
    );
    cached = { hasTable };
    statements.set(db, cached);
  }
  // The table appears when a solution brings steps: until then, look again each time (a cheap cached statement).
  if (!cached.steps && cached.hasTable.get() !== undefined) cached.steps = db.prepare(STEPS_SQL);
  return cached.steps;
}

/** Runs the synchronous webhook steps of one stage; throws (cancelling the operation) on a refusal. */
export async function runRemoteSteps(db: Database.Database, call: RemoteCall): Promise<void> {
  const statement = stepsStatement(db);
  if (!statement) return;
  const steps = statement.all(call.message, call.stage, call.table.logicalName) as RegisteredStep[];
  for (const step of steps) {
    if (!changesFilteredAttribute(step, call)) continue;
    const { url, headers } = request(step);
    const where = `${url.origin}${url.pathname}`; // never the key
    let status: number;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers,
        body: JSON.stringify(remoteContext(db, step, call)),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      status = response.status;
      await response.arrayBuffer(); // the body is not read by Dataverse; drain it
    } catch (error) {
      throw new DataverseError(
        "PluginAborted",
        `The webhook step '${step.name}' could not reach ${where} (${(error as Error).message}); the operation was cancelled.`,
      );
    }
    if (status < 200 || status > 299) {
      throw new DataverseError(
        "PluginAborted",
        `The webhook step '${step.name}' cancelled the operation: ${where} answered HTTP ${status}.`,
      );
    }
  }
}
