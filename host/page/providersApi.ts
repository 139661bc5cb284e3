/**
 * The channel provider page's reads and writes: the same-origin Web API (the host's proxy), so every write runs the
 * privilege check and the registered handlers (rule 8) exactly as a model-driven form's save does in Dataverse.
 */
import { ChannelProvider } from "../../schema";

const API = "/api/data/v9.2/";
const SET = ChannelProvider.entitySetName;

export interface ProviderRow {
  readonly id: string;
  readonly etag: string;
  readonly name: string;
  readonly label: string;
  readonly channelUrl: string;
  readonly trustedDomain: string;
  readonly apiVersion: number | null;
  readonly enableOutbound: boolean;
  readonly sortOrder: number | null;
  readonly active: boolean;
}

/** The columns the form edits, as the Web API names them. */
export interface ProviderFields {
  apm_name: string;
  apm_label: string;
  apm_channelurl: string;
  apm_trusteddomain: string;
  apm_apiversion: number | null;
  apm_enableoutbound: boolean;
  apm_sortorder: number | null;
}

/** A failed request, with Dataverse's own message (one sentence for a person) and its code. */
export class ProviderApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const COLUMNS = [
  "apm_channelproviderid",
  "apm_name",
  "apm_label",
  "apm_channelurl",
  "apm_trusteddomain",
  "apm_apiversion",
  "apm_enableoutbound",
  "apm_sortorder",
  "statecode",
] as const;

const JSON_HEADERS = { Accept: "application/json", "Content-Type": "application/json", "OData-Version": "4.0" };

interface SendOptions {
  readonly body?: unknown;
  readonly etag?: string;
  readonly prefer?: string;
}

async function send(method: string, path: string, init: SendOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...JSON_HEADERS };
  if (init.prefer) headers.Prefer = init.prefer;
  // Learn: webapi/perform-conditional-operations-using-web-api (If-Match: a stale row answers 412, not a lost update).
  if (init.etag) headers["If-Match"] = init.etag;
  const response = await fetch(API + path, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (response.ok) return response;
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string } }
    | undefined;
  const message =
    response.status === 412
      ? "Someone else changed this provider since you opened it: reload it, then make your change again."
      : (body?.error?.message ?? `The server answered ${response.status}: try again.`);
  throw new ProviderApiError(message, response.status, body?.error?.code);
}

type Row = Record<string, unknown>;

function toProvider(row: Row): ProviderRow {
  const text = (name: string) => (typeof row[name] === "string" ? (row[name] as string) : "");
  const whole = (name: string) => (typeof row[name] === "number" ? (row[name] as number) : null);
  return {
    id: text("apm_channelproviderid"),
    etag: text("@odata.etag"),
    name: text("apm_name"),
    label: text("apm_label"),
    channelUrl: text("apm_channelurl"),
    trustedDomain: text("apm_trusteddomain"),
    apiVersion: whole("apm_apiversion"),
    enableOutbound: row.apm_enableoutbound === true,
    sortOrder: whole("apm_sortorder"),
    active: row.statecode === 0,
  };
}

/** One view's rows: active (statecode 0) or inactive (1), ordered as the picker orders them. */
export async function listProviders(active: boolean): Promise<ProviderRow[]> {
  const query = `$select=${COLUMNS.join(",")}&$filter=statecode eq ${active ? 0 : 1}&$orderby=apm_sortorder asc,apm_name asc`;
  const response = await send("GET", `${SET}?${query}`);
  const body = (await response.json()) as { value: Row[] };
  return body.value.map(toProvider);
}

export async function retrieveProvider(id: string): Promise<ProviderRow> {
  const response = await send("GET", `${SET}(${encodeURIComponent(id)})?$select=${COLUMNS.join(",")}`);
  return toProvider((await response.json()) as Row);
}

/** Creates a provider and returns it as saved (Learn: webapi/create-entity-web-api, return=representation). */
export async function createProvider(fields: ProviderFields): Promise<ProviderRow> {
  const response = await send("POST", `${SET}?$select=${COLUMNS.join(",")}`, {
    body: fields,
    prefer: "return=representation",
  });
  return toProvider((await response.json()) as Row);
}

/** Writes only the changed columns, guarded by the row's ETag. */
export async function updateProvider(row: ProviderRow, changes: Partial<ProviderFields>): Promise<ProviderRow> {
  if (Object.keys(changes).length > 0)
    await send("PATCH", `${SET}(${encodeURIComponent(row.id)})`, { body: changes, etag: row.etag });
  return retrieveProvider(row.id);
}

/**
 * Deactivates (statecode 1, statuscode 2) or activates (0, 1) a provider: the state pair a model-driven
 * *Deactivate* command writes (Learn: webapi/update-delete-entities-using-web-api, statecode and statuscode).
 */
export async function setProviderActive(row: ProviderRow, active: boolean): Promise<void> {
  const body = active ? { statecode: 0, statuscode: 1 } : { statecode: 1, statuscode: 2 };
  await send("PATCH", `${SET}(${encodeURIComponent(row.id)})`, { body, etag: row.etag });
}
