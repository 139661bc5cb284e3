/**
 * Issue 13's three one-request shapes for the effective profile, measured on the same calls (bench/runtime.bench.ts):
 * one query with nested `any` (the runtime's, winner only; and the earlier one carrying every candidate's content),
 * one `$batch` of one GET per step, one FetchXML with link-entities. Each is sent raw and its answer read as text:
 * this measures bytes and time; the runtime keeps its own query.
 */
import { performance } from "node:perf_hooks";
import {
  AppProfile,
  AppProfileChannelProvider,
  AppProfileSessionTemplate,
  ChannelProvider,
  SessionTemplate,
} from "../schema";
import {
  candidateConditions,
  effectiveProfileQuery,
  profileColumns,
  profileQuery,
  providerColumns,
  templateColumns,
} from "../runtime/query";

export interface VariantCall {
  readonly user: string;
  readonly app: number;
  /** The effective profile's id (from the runtime's own answer): FetchXML's lower bound reads only that one. */
  readonly winner: string;
}

export interface VariantFigures {
  readonly name: string;
  readonly requestsPerCall: number;
  readonly bytesP50: number;
  readonly bytesP99: number;
  readonly p50: number;
  readonly p99: number;
}

export interface Variant {
  readonly name: string;
  /** One HTTP request: its method, path under the Web API root, headers and body. */
  readonly request: (c: VariantCall) => {
    method: "GET" | "POST";
    path: string;
    headers?: Record<string, string>;
    body?: string;
  };
}

const BOUNDARY = "batch_runtime";

/** Learn: webapi/execute-batch-operations-using-web-api. One GET per step, `$top=1` each, in precedence order. */
function batchBody(apiUrl: string, c: VariantCall): string {
  const k = candidateConditions(c.user);
  const parts = [
    profileQuery(c.user, c.app, [k.Direct], "&$top=1"),
    profileQuery(c.user, c.app, [k.Team], "&$orderby=apm_rank&$top=1"),
    profileQuery(c.user, c.app, [k.Role], "&$orderby=apm_rank&$top=1"),
    profileQuery(c.user, c.app, [k.CustomDefault, k.Default], "&$orderby=apm_isdefault&$top=1"),
  ].map(
    (url) =>
      `--${BOUNDARY}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n` +
      `GET ${apiUrl}${url} HTTP/1.1\r\nAccept: application/json\r\n\r\n`,
  );
  return `${parts.join("")}--${BOUNDARY}--\r\n`;
}

/**
 * FetchXML (Learn: fetchxml/join-tables) of the winner alone, its templates and providers through outer
 * link-entities over the N:N intersects: a lower bound. Choosing the winner in the same FetchXML needs link-type
 * `any`/`exists` and `entityname` conditions under an `or` (Learn: fetchxml/reference/link-entity), which the local
 * server refuses; the flat rows (one per template and provider pair) already make it the largest shape.
 */
function winnerFetchXml(c: VariantCall): string {
  const attributes = (names: readonly string[]) => names.map((n) => `<attribute name="${n}"/>`).join("");
  const active = `<filter><condition attribute="statecode" operator="eq" value="0"/></filter>`;
  const through = (
    relationship: { intersectEntityName: string },
    table: { logicalName: string; primaryIdAttribute: string },
    alias: string,
    columns: readonly string[],
  ) =>
    `<link-entity name="${relationship.intersectEntityName}" from="${AppProfile.primaryIdAttribute}" ` +
    `to="${AppProfile.primaryIdAttribute}" link-type="outer" alias="${alias}i">` +
    `<link-entity name="${table.logicalName}" from="${table.primaryIdAttribute}" to="${table.primaryIdAttribute}" ` +
    `link-type="outer" alias="${alias}">${attributes([table.primaryIdAttribute, ...columns])}${active}</link-entity>` +
    `</link-entity>`;
  const fetch =
    `<fetch><entity name="${AppProfile.logicalName}">${attributes(profileColumns)}` +
    `<filter><condition attribute="${AppProfile.primaryIdAttribute}" operator="eq" value="${c.winner}"/></filter>` +
    through(AppProfileSessionTemplate, SessionTemplate, "t", templateColumns) +
    through(AppProfileChannelProvider, ChannelProvider, "c", providerColumns) +
    `</entity></fetch>`;
  return `${AppProfile.entitySetName}?fetchXml=${encodeURIComponent(fetch)}`;
}

export function runtimeVariants(apiUrl: string): Variant[] {
  const k = (c: VariantCall) => candidateConditions(c.user);
  return [
    {
      name: "one query, nested any, winner only (runtime)",
      request: (c) => ({ method: "GET", path: effectiveProfileQuery(c.user, c.app) }),
    },
    {
      name: "one query, nested any, every candidate (before)",
      request: (c) => ({
        method: "GET",
        path: profileQuery(
          c.user,
          c.app,
          [k(c).Default, k(c).CustomDefault, k(c).Direct, k(c).Team, k(c).Role],
          "&$orderby=apm_isdefault,apm_name",
        ),
      }),
    },
    {
      name: "one $batch of 4 GETs ($top=1 each)",
      request: (c) => ({
        method: "POST",
        path: "$batch",
        headers: { "Content-Type": `multipart/mixed;boundary=${BOUNDARY}` },
        body: batchBody(apiUrl, c),
      }),
    },
    {
      name: "one FetchXML, link-entities (winner only)",
      request: (c) => ({ method: "GET", path: winnerFetchXml(c) }),
    },
  ];
}

const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};
const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Sends each call's one request in every shape in turn (call 1 in each shape, then call 2, ...), so a change in the
 * machine's load touches every shape alike; a non-200 answer stops the bench (a shape the server refuses).
 */
export async function measureVariants(
  variants: readonly Variant[],
  apiUrl: string,
  token: string,
  calls: readonly VariantCall[],
  warmup: readonly VariantCall[],
): Promise<VariantFigures[]> {
  const send = async (variant: Variant, c: VariantCall) => {
    const r = variant.request(c);
    const response = await fetch(`${apiUrl}${r.path}`, {
      method: r.method,
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json", ...r.headers },
      body: r.body,
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${variant.name} answered ${response.status}: ${text.slice(0, 300)}`);
    return Buffer.byteLength(text);
  };
  for (const c of warmup) for (const v of variants) await send(v, c);
  const sizes = variants.map(() => [] as number[]);
  const samples = variants.map(() => [] as number[]);
  for (const c of calls) {
    for (const [i, v] of variants.entries()) {
      const start = performance.now();
      sizes[i].push(await send(v, c));
      samples[i].push(performance.now() - start);
    }
  }
  return variants.map((v, i) => ({
    name: v.name,
    requestsPerCall: 1,
    bytesP50: quantile(sizes[i], 0.5),
    bytesP99: quantile(sizes[i], 0.99),
    p50: round(quantile(samples[i], 0.5)),
    p99: round(quantile(samples[i], 0.99)),
  }));
}
