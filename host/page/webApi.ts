/** context.webAPI over the same-origin Web API, as the platform provides it. */
import { tables } from "../../schema";

const API = "/api/data/v9.2/";

function entitySet(entityType: string): string {
  const table = tables.find((t) => t.logicalName === entityType);
  if (!table) throw new Error(`'${entityType}' is not a table this host knows.`);
  return table.entitySetName;
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(API + path, {
    method,
    headers: { Accept: "application/json", "Content-Type": "application/json", "OData-Version": "4.0" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const error = (await response.json().catch(() => undefined)) as
      | { error?: { code: string; message: string } }
      | undefined;
    throw Object.assign(new Error(error?.error?.message ?? `${method} ${path} failed with ${response.status}`), {
      errorCode: error?.error?.code,
      status: response.status,
    });
  }
  return response;
}

const idFrom = (response: Response) =>
  /\(([0-9a-f-]{36})\)$/i.exec(response.headers.get("OData-EntityId") ?? "")?.[1] ?? "";

export function createWebApi(): ComponentFramework.WebApi {
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
    async retrieveRecord(entityType, id, options) {
      return (await send("GET", `${entitySet(entityType)}(${id})${options ?? ""}`)).json();
    },
    async retrieveMultipleRecords(entityType, options, maxPageSize) {
      const response = await fetch(API + entitySet(entityType) + (options ?? ""), {
        headers: { Accept: "application/json", ...(maxPageSize ? { Prefer: `odata.maxpagesize=${maxPageSize}` } : {}) },
      });
      const body = await response.json();
      if (!response.ok) throw new Error(body?.error?.message ?? `Reading ${entityType} failed with ${response.status}`);
      return { entities: body.value, nextLink: body["@odata.nextLink"] };
    },
  };
}
