/**
 * `publishers` and `solutions`: a deploy through the metadata Web API first creates the publisher (with its
 * customization prefix) and an unmanaged solution, then adds each component to it with `MSCRM.SolutionUniqueName`.
 * Learn: developer/data-platform/create-solution (publisher: uniquename, friendlyname, customizationprefix,
 * customizationoptionvalueprefix; solution: uniquename, friendlyname, version, publisherid@odata.bind).
 */
import { DataverseError } from "../errors";
import { isGuid, newId } from "../ids";
import type { Caller } from "../users";
import type { WebApi } from "../webapi/service";
import { API_PATH, json, noContent, type ApiRequest, type ApiResponse } from "../webapi/types";
import { readJsonBody } from "../webapi/jsonBody";
import { DEFAULT_PUBLISHER, requireCustomizer } from "./metadataWritesContext";
import { asObject, type Json } from "./metadataWritesParse";
import { MetadataStore, type PublisherRecord, type SolutionRecord } from "./metadataWritesStore";
import { SolutionStore } from "./store";

const bad = (message: string) => new DataverseError("InvalidArgument", message);

/** `$filter` of the form `field eq 'a' [or field eq 'b' …]`: the lookups by name a deploy makes. */
export function equalsFilter(url: URL, field: string, what: string): string[] | undefined {
  const filter = url.searchParams.get("$filter");
  if (filter === null) return undefined;
  const values: string[] = [];
  const clause = new RegExp(`^\\s*${field}\\s+eq\\s+'((?:[^']|'')*)'\\s*(?:or\\b|$)`, "i");
  let rest = filter;
  while (rest.trim() !== "") {
    const match = clause.exec(rest);
    if (!match) {
      throw new DataverseError(
        "BadRequestSyntax",
        `This server filters ${what} by ${field} only: $filter=${field} eq '<value>' [or ${field} eq '<value>' …].`,
      );
    }
    values.push(match[1].replace(/''/g, "'").toLowerCase());
    rest = rest.slice(match[0].length);
  }
  return values;
}

const created = (request: ApiRequest, set: string, id: string): ApiResponse =>
  noContent({ "OData-EntityId": `${new URL(API_PATH, request.url)}${set}(${id})` });

function text(body: Json, field: string, where: string, pattern?: RegExp, hint = ""): string {
  const value = body[field];
  if (typeof value !== "string" || value.trim() === "" || (pattern && !pattern.test(value))) {
    throw bad(`${where}: ${field} is required${hint}.`);
  }
  return value;
}

function publishers(store: MetadataStore): PublisherRecord[] {
  return [DEFAULT_PUBLISHER, ...store.all("publisher")];
}

function createPublisher(api: WebApi, request: ApiRequest): ApiResponse {
  const body = asObject(readJsonBody(request), "publishers");
  const where = "The publisher";
  const uniquename = text(body, "uniquename", where, /^[A-Za-z_][A-Za-z0-9_]{0,255}$/, " (letters, digits, _)");
  const prefix = text(
    body,
    "customizationprefix",
    where,
    /^(?!mscrm)[a-z][a-z0-9]{1,7}$/i,
    " (2 to 8 letters or digits, not mscrm)",
  );
  const optionPrefix = body.customizationoptionvalueprefix;
  if (
    typeof optionPrefix !== "number" ||
    !Number.isInteger(optionPrefix) ||
    optionPrefix < 10000 ||
    optionPrefix > 99999
  ) {
    throw bad(`${where}: customizationoptionvalueprefix must be a whole number from 10000 to 99999.`);
  }
  const store = MetadataStore.of(api.dbs.writer);
  if (publishers(store).some((p) => p.uniquename.toLowerCase() === uniquename.toLowerCase())) {
    throw new DataverseError("DuplicateRecord", `A publisher with the unique name ${uniquename} already exists.`);
  }
  const id =
    typeof body.publisherid === "string" && isGuid(body.publisherid) ? body.publisherid.toLowerCase() : newId();
  store.put("publisher", id, {
    publisherid: id,
    uniquename,
    friendlyname: typeof body.friendlyname === "string" ? body.friendlyname : uniquename,
    customizationprefix: prefix.toLowerCase(),
    customizationoptionvalueprefix: optionPrefix,
  });
  return created(request, "publishers", id);
}

const PUBLISHER_BIND = /^\/?publishers\(([0-9a-fA-F-]{36})\)$/;

function createSolution(api: WebApi, request: ApiRequest): ApiResponse {
  const body = asObject(readJsonBody(request), "solutions");
  const where = "The solution";
  const uniquename = text(body, "uniquename", where, /^[A-Za-z_][A-Za-z0-9_]{0,64}$/, " (letters, digits, _)");
  const version = text(body, "version", where, /^\d+(\.\d+){1,3}$/, " (two to four numbers, e.g. 1.0.0.0)");
  const bind = PUBLISHER_BIND.exec(String(body["publisherid@odata.bind"] ?? ""));
  const store = MetadataStore.of(api.dbs.writer);
  const publisher = bind && publishers(store).find((p) => p.publisherid === bind[1].toLowerCase());
  if (!publisher)
    throw bad(`${where}: publisherid@odata.bind must name an existing publisher, e.g. /publishers(<id>).`);
  if (store.get("solution", uniquename) || SolutionStore.of(api.dbs.writer).solution(uniquename)) {
    throw new DataverseError("DuplicateRecord", `A solution with the unique name ${uniquename} already exists.`);
  }
  const id = newId();
  const record: SolutionRecord = {
    solutionid: id,
    uniquename,
    friendlyname: typeof body.friendlyname === "string" ? body.friendlyname : uniquename,
    version,
    publisherid: publisher.publisherid,
  };
  store.put("solution", uniquename, record);
  return created(request, "solutions", id);
}

function list(request: ApiRequest, set: string, rows: Json[], field: string): ApiResponse {
  const wanted = equalsFilter(request.url, field, set);
  const value = wanted ? rows.filter((r) => wanted.includes(String(r[field]).toLowerCase())) : rows;
  return json(200, { "@odata.context": `${new URL(API_PATH, request.url)}$metadata#${set}`, value });
}

/** Serves `publishers` and `solutions` (GET by unique name, POST), or undefined for any other path. */
export function serveSolutions(
  api: WebApi,
  name: string,
  request: ApiRequest,
  caller: Caller,
): ApiResponse | undefined {
  const store = MetadataStore.of(api.dbs.writer);
  if (name === "publishers") {
    if (request.method === "POST") {
      requireCustomizer(caller, "prvCreatePublisher");
      return createPublisher(api, request);
    }
    if (request.method === "GET") return list(request, name, publishers(store) as unknown as Json[], "uniquename");
  }
  if (name === "solutions") {
    if (request.method === "POST") {
      requireCustomizer(caller, "prvCreateSolution");
      return createSolution(api, request);
    }
    if (request.method === "GET") {
      const installed = SolutionStore.of(api.dbs.writer);
      const rows = store.all("solution").map((s) => ({
        ...s,
        version: installed.solution(s.uniquename)?.version ?? s.version,
        ismanaged: installed.solution(s.uniquename)?.managed ?? false,
        _publisherid_value: s.publisherid,
      }));
      return list(request, name, rows, "uniquename");
    }
  }
  return undefined;
}
