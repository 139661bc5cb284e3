/**
 * context.webAPI over the same-origin Web API, as the platform provides it (Learn:
 * power-apps/developer/component-framework/reference/webapi): logical names in, entity sets on the wire, options as
 * the query string, `maxPageSize` as `Prefer: odata.maxpagesize`. A failure rejects as the platform's does, with
 * `errorCode` (the code as a positive decimal number: 0x80040333 is 2147746611) and `message`, and no HTTP status
 * or headers (Learn: xrm-webapi/retrievemultiplerecords, errorCallback).
 */
import { tables } from "../../schema";

export interface HostWebApiOptions {
  /** The org URL; empty (the page) for the same-origin `/api/data/v9.2/`. */
  readonly clientUrl?: string;
  /** Only outside a browser page (Node tests): a bearer token per request. The page's proxy signs in otherwise. */
  readonly getToken?: () => string | Promise<string>;
}

function entitySet(entityType: string): string {
  const table = tables.find((t) => t.logicalName === entityType);
  if (!table) throw new Error(`'${entityType}' is not a table this host knows.`);
  return table.entitySetName;
}

/** What the platform's errorCallback receives. */
export interface WebApiErrorResponse {
  readonly errorCode: number;
  readonly message: string;
}

function platformError(status: number, error: { code?: unknown; message?: unknown } | undefined): WebApiErrorResponse {
  const code = typeof error?.code === "string" && /^0x[0-9a-f]{1,8}$/i.test(error.code) ? error.code : "0x80040216";
  const message = typeof error?.message === "string" ? error.message : `The request failed with ${status}.`;
  return { errorCode: parseInt(code, 16), message };
}

const idFrom = (response: Response) =>
  /\(([0-9a-f-]{36})\)$/i.exec(response.headers.get("OData-EntityId") ?? "")?.[1] ?? "";

export function createWebApi(options: HostWebApiOptions = {}): ComponentFramework.WebApi {
  const root = `${(options.clientUrl ?? "").replace(/\/+$/, "")}/api/data/v9.2/`;

  async function send(method: string, path: string, body?: unknown, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = { Accept: "application/json", "OData-Version": "4.0", ...extra };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (options.getToken) headers.Authorization = `Bearer ${await options.getToken()}`;
    const response = await fetch(root + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    if (!response.ok) {
      const answer = (await response.json().catch(() => undefined)) as { error?: { code: string; message: string } };
      throw platformError(response.status, answer?.error);
    }
    return response;
  }

  return {
    async createRecord(entityType, data) {
      return { entityType, id: idFrom(await send("POST", entitySet(entityType), data)) };
    },
    async updateRecord(entityType, id, data) {
      await send("PATCH", `${entitySet(entityType)}(${id})`, data);
      return { entityType, id };
    },
    async deleteRecord(entityType, id) {
      await send("DELETE", `${entitySet(entityType)}(${id})`);
      return { entityType, id };
    },
    async retrieveRecord(entityType, id, query) {
      return (await send("GET", `${entitySet(entityType)}(${id})${query ?? ""}`)).json();
    },
    async retrieveMultipleRecords(entityType, query, maxPageSize) {
      const prefer: Record<string, string> = maxPageSize ? { Prefer: `odata.maxpagesize=${maxPageSize}` } : {};
      const body = await (await send("GET", entitySet(entityType) + (query ?? ""), undefined, prefer)).json();
      return { entities: body.value, nextLink: body["@odata.nextLink"] };
    },
  };
}
