/**
 * A bounded, seeded fuzzer over the local server's HTTP surface: paths, query options, headers, JSON bodies and
 * $batch bodies, sent by users of every role to a real server in a child process (`npm run server`). After each
 * case it checks what issue 11 asks: no 500 for a client's mistake, no stack trace, no row stored by a refused
 * request, the server still answers a normal request, and its memory stays bounded.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { tables } from "../../schema";
import type { DemoUser } from "../../server/seed";
import { dataverseError, rawRequest, stackTrace, type RawAnswer } from "./http";

export interface FuzzOptions {
  readonly seconds: number;
  readonly seed: number;
  /** Stop at this many cases even if time remains. */
  readonly maxCases?: number;
  readonly log?: (line: string) => void;
}

export interface Finding {
  readonly kind: "server-error" | "stack-trace" | "stored-refused" | "unresponsive" | "crash" | "not-dataverse-shape";
  readonly request: string;
  readonly status?: number;
  readonly detail: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly seconds: number;
  readonly cases: number;
  /** Answered 4xx (the server refused the input). */
  readonly refused: number;
  readonly accepted: number;
  /** Answers with status >= 500. */
  readonly serverErrors: number;
  /** Times the server process died. */
  readonly crashes: number;
  readonly findings: readonly Finding[];
  readonly rssStartMb: number;
  readonly rssMaxMb: number;
}

interface Case {
  readonly user: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Buffer;
  /** A create that would store a row with this unique name; refused means it must not exist afterwards. */
  readonly marker?: string;
}

const root = path.resolve(__dirname, "../..");
const API = "/api/data/v9.2/";
const sets = tables.map((t) => t.entitySetName);
const columns = [...new Set(tables.flatMap((t) => Object.keys(t.columns)))];
const prototypeNames = [...Object.getOwnPropertyNames(Object.prototype), "__proto__", "prototype"];
const users = ["admin", "agent", "norole", "sysadmin"];
const guid = fc.uuid();

const nastyString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom(
    "'",
    "''",
    "%",
    "%00",
    "%ff",
    "%E0%A4%A",
    "\\",
    "\u0000",
    "\ud800",
    "${x}",
    "'; DROP TABLE x;--",
    "1e3",
    "-1",
    "NaN",
    "Infinity",
    "9".repeat(40),
    "x".repeat(5000),
  ),
  fc.constantFrom(...prototypeNames),
);

const literal = fc.oneof(
  nastyString.map((s) => `'${s.replace(/'/g, "''")}'`),
  fc.integer().map(String),
  fc.double({ noNaN: false }).map(String),
  guid,
  fc.constantFrom("null", "true", "false", "1e3", "2147483648", "-0", "1.5e308"),
);
const field = fc.oneof(fc.constantFrom(...columns), nastyString, fc.constantFrom(...prototypeNames));
const comparison = fc
  .tuple(field, fc.constantFrom("eq", "ne", "gt", "lt", "ge", "le", "has", "in", "xx"), literal)
  .map(([f, op, v]) => `${f} ${op} ${v}`);
const call = fc
  .tuple(fc.constantFrom("contains", "startswith", "endswith", "tolower", "substringof", "constructor"), field, literal)
  .map(([fn, f, v]) => `${fn}(${f},${v})`);
const filter: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    comparison,
    call,
    fc.tuple(tie("expr"), fc.constantFrom(" and ", " or "), tie("expr")).map((p) => p.join("")),
    tie("expr").map((e) => `not (${e})`),
    tie("expr").map((e) => `(${e})`),
    fc.constantFrom(...columns).map((c) => `apm_appprofile_systemuser/any(u:u/${c} eq 1)`),
    nastyString,
  ),
})).expr;

const queryOption = fc.oneof(
  fc.array(field, { minLength: 1, maxLength: 6 }).map((f) => `$select=${f.join(",")}`),
  filter.map((f) => `$filter=${f}`),
  fc.oneof(fc.integer({ min: -5, max: 100_000 }).map(String), nastyString).map((t) => `$top=${t}`),
  fc.oneof(fc.integer({ min: -5, max: 100_000 }).map(String), nastyString).map((t) => `$skip=${t}`),
  fc.tuple(field, fc.constantFrom("", " asc", " desc", " sideways")).map(([f, d]) => `$orderby=${f}${d}`),
  fc
    .tuple(
      fc.constantFrom("apm_appprofile_systemuser", "apm_appprofile_sessiontemplate", "x", "constructor"),
      fc.option(queryOptionInner()),
    )
    .map(([n, inner]) => `$expand=${n}${inner ? `(${inner})` : ""}`),
  fc.constantFrom("$count=true", "$count=maybe", "$apply=groupby((apm_app))", "$search=x", "$format=xml", "$foo=1"),
  fc.tuple(nastyString, nastyString).map(([k, v]) => `${k}=${v}`),
);

function queryOptionInner(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.array(field, { minLength: 1, maxLength: 3 }).map((f) => `$select=${f.join(",")}`),
    comparison.map((c) => `$filter=${c}`),
    fc.constantFrom("$top=2", "$expand=x", "$levels=max"),
  );
}

/** Percent-encodes what a URL can't carry raw, but keeps `%xx` sequences the generator wrote on purpose. */
const encodeQuery = (text: string) =>
  text.replace(/[\ud800-\udbff][\udc00-\udfff]|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/g, (c) => {
    try {
      return encodeURIComponent(c);
    } catch {
      return "%ED%A0%80"; // a lone surrogate: send its (invalid) UTF-8 bytes
    }
  });

const segment = fc.oneof(
  fc.constantFrom(...sets, "WhoAmI", "EntityDefinitions", "$batch", "$metadata", "RetrieveUserPrivileges"),
  fc.tuple(fc.constantFrom(...sets), guid).map(([s, id]) => `${s}(${id})`),
  fc.tuple(fc.constantFrom(...sets), nastyString).map(([s, k]) => `${s}(apm_uniquename='${k.replace(/'/g, "''")}')`),
  fc.tuple(fc.constantFrom(...sets), nastyString).map(([s, k]) => `${s}(${k})`),
  fc.tuple(fc.constantFrom(...sets), field, literal).map(([s, k, v]) => `${s}(${k}=${v})`),
  fc.constantFrom(...prototypeNames),
  fc.constantFrom(
    "$ref",
    "$count",
    "$value",
    "apm_appprofile_systemuser",
    "Microsoft.Dynamics.CRM.RetrieveUserPrivileges()",
  ),
  nastyString,
);
const pathAndQuery = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.array(queryOption, { maxLength: 4 }))
  .map(([segments, options]) => {
    const p = segments.map((s) => encodeQuery(s).replace(/\?/g, "%3F")).join("/");
    return `${API}${p}${options.length ? `?${options.map(encodeQuery).join("&")}` : ""}`;
  });

const headerName = fc.oneof(
  fc.constantFrom(
    "prefer",
    "if-match",
    "if-none-match",
    "accept",
    "odata-version",
    "odata-maxversion",
    "mscrm.bypasscustompluginexecution",
  ),
  fc.constantFrom(...prototypeNames.filter((n) => /^[a-z_]+$/i.test(n))),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/),
);
const headerValue = fc.oneof(
  fc.constantFrom(
    "return=representation",
    "odata.maxpagesize=0",
    "odata.maxpagesize=-1",
    "odata.maxpagesize=99999999",
    'odata.include-annotations="*"',
    "*",
    'W/"1"',
    'W/"x"',
    "4.0",
    "9.9",
    "true",
  ),
  fc.stringMatching(/^[\x20-\x7e]{0,40}$/),
);
const headers = fc.dictionary(headerName, headerValue, { maxKeys: 4 });

const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    nastyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(field, tie("value"), { maxKeys: 3 }),
  ),
})).value;

let markerSequence = 0;
const createBody = fc.tuple(fc.dictionary(field, jsonValue, { maxKeys: 6 }), fc.boolean()).map(([props, withName]) => {
  const marker = `fuzz_${process.pid}_${++markerSequence}`;
  return {
    body: JSON.stringify({ apm_name: withName ? "Fuzz" : undefined, ...props, apm_uniquename: marker }),
    marker,
  };
});
const rawBody = fc.oneof(
  jsonValue.map((v) => JSON.stringify(v) ?? "null"),
  fc.string({ maxLength: 200 }),
  fc.integer({ min: 1, max: 200_000 }).map((d) => `{"a":${"[".repeat(d)}${"]".repeat(d)}}`),
  fc.constantFrom(...prototypeNames).map((n) => `{"${n}":{"apm_name":"x"},"apm_name":"y"}`),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  fc.constant(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])),
);

const batchPart = fc
  .tuple(fc.constantFrom("GET", "POST", "PATCH", "DELETE", "PUT", "BREW"), pathAndQuery, fc.option(rawBody))
  .map(
    ([method, url, body]) =>
      `Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n${method} ${url} HTTP/1.1\r\n` +
      `Content-Type: application/json\r\n\r\n${body === null ? "" : body.toString()}\r\n`,
  );
const batchBody = fc
  .tuple(
    fc.array(batchPart, { maxLength: 5 }),
    fc.boolean(),
    fc.constantFrom("batch_x", "", "b".repeat(100), "--"),
    fc.constantFrom(
      "multipart/mixed; boundary=",
      "text/plain; boundary=",
      "multipart/form-data; boundary=",
      "multipart/mixed",
    ),
  )
  .map(([parts, changeSet, boundary, contentType]) => {
    const inner = changeSet
      ? `Content-Type: multipart/mixed; boundary=changeset_y\r\n\r\n${parts.map((p) => `--changeset_y\r\n${p}`).join("")}--changeset_y--\r\n`
      : parts.map((p) => `--${boundary}\r\n${p}`).join("");
    return {
      body: changeSet ? `--${boundary}\r\n${inner}--${boundary}--\r\n` : `${inner}--${boundary}--\r\n`,
      type: contentType.endsWith("=") ? `${contentType}${boundary}` : contentType,
    };
  });

const method = fc.constantFrom("GET", "GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS", "MERGE", "TRACE");

/** A well-formed batch of plausible reads and creates, so cases reach the batch engine, not only its parser. */
const wellFormedBatch = fc
  .array(
    fc.oneof(
      fc
        .tuple(fc.constantFrom(...sets), fc.array(queryOption, { maxLength: 3 }))
        .map(
          ([s, o]) =>
            `GET ${API}${s}${o.length ? `?${o.map(encodeQuery).join("&")}` : ""} HTTP/1.1\r\nAccept: application/json\r\n\r\n`,
        ),
      createBody.map(
        ({ body }) => `POST ${API}apm_appprofiles HTTP/1.1\r\nContent-Type: application/json\r\n\r\n${body}`,
      ),
    ),
    { minLength: 1, maxLength: 20 },
  )
  .chain((requests) =>
    fc.boolean().map((changeSet) => {
      const part = (r: string, i: number) =>
        `Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: ${i + 1}\r\n\r\n${r}\r\n`;
      if (!changeSet) return `${requests.map((r, i) => `--batch_w\r\n${part(r, i)}`).join("")}--batch_w--\r\n`;
      const writes = requests.filter((r) => !r.startsWith("GET"));
      const reads = requests.filter((r) => r.startsWith("GET"));
      const set = writes.map((r, i) => `--changeset_w\r\n${part(r, i)}`).join("");
      return (
        (writes.length
          ? `--batch_w\r\nContent-Type: multipart/mixed; boundary=changeset_w\r\n\r\n${set}--changeset_w--\r\n`
          : "") +
        reads.map((r, i) => `--batch_w\r\n${part(r, i + writes.length)}`).join("") +
        "--batch_w--\r\n"
      );
    }),
  );

const fuzzCase: fc.Arbitrary<Case> = fc.oneof(
  fc.tuple(fc.constantFrom(...users), wellFormedBatch).map(([user, body]) => ({
    user,
    method: "POST",
    path: `${API}$batch`,
    headers: { "content-type": "multipart/mixed; boundary=batch_w" },
    body,
  })),
  fc
    .tuple(fc.constantFrom(...users), method, pathAndQuery, headers, fc.option(rawBody))
    .map(([user, m, p, h, body]) => ({
      user,
      method: m,
      path: p,
      headers: body === null ? h : { "content-type": "application/json", ...h },
      body: body ?? undefined,
    })),
  fc
    .tuple(
      fc.constantFrom(...users),
      fc.constantFrom("apm_appprofiles", "apm_sessiontemplates", "apm_channelproviders"),
      createBody,
      headers,
    )
    .map(([user, s, { body, marker }, h]) => ({
      user,
      method: "POST",
      path: `${API}${s}`,
      headers: { ...h, "content-type": "application/json" },
      body,
      marker: s === "apm_appprofiles" ? marker : undefined,
    })),
  fc.tuple(fc.constantFrom(...users), batchBody, headers).map(([user, { body, type }, h]) => ({
    user,
    method: "POST",
    path: `${API}$batch`,
    headers: { ...h, "content-type": type },
    body,
  })),
);

interface ServerProcess {
  url: string;
  tokens: Map<string, string>;
  child: ChildProcess;
  exited: boolean;
}

async function startServerProcess(dataDir: string): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(root, "server/cli.ts"), "--port", "0", "--data", dataDir, "--service-limits", "off"],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  const state = { exited: false };
  child.once("exit", () => (state.exited = true));
  child.stderr!.resume();
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`The server did not start in 60 s:\n${output}`)), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`The server exited with ${code}:\n${output}`)));
  });
  child.stdout!.resume();
  const users = (JSON.parse(fs.readFileSync(path.join(dataDir, "tokens.json"), "utf8")) as { users: DemoUser[] }).users;
  const server = { url, tokens: new Map(users.map((u) => [u.key, u.token])), child, exited: false };
  child.once("exit", () => (server.exited = true));
  return server;
}

function rssMb(pid: number | undefined): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** An answer, not a socket error (Node's errors come from another realm than Jest's, so no instanceof Error). */
const isAnswer = (value: RawAnswer | Error): value is RawAnswer => typeof (value as RawAnswer).status === "number";

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  return Promise.race([promise, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ms).unref())]);
}

const describeCase = (c: Case) =>
  `${c.user} ${c.method} ${c.path.slice(0, 300)}${c.path.length > 300 ? "…" : ""} ${JSON.stringify(c.headers)} ${
    c.body === undefined ? "" : JSON.stringify(c.body.toString().slice(0, 300))
  }`;

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? (() => undefined);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "apm-fuzz-"));
  let server = await startServerProcess(dataDir);
  const findings: Finding[] = [];
  let cases = 0;
  let refused = 0;
  let accepted = 0;
  let serverErrors = 0;
  let crashes = 0;
  const rssStartMb = rssMb(server.child.pid);
  let rssMaxMb = rssStartMb;
  const deadline = Date.now() + options.seconds * 1000;
  const send = (c: Case) =>
    rawRequest(server.url, {
      method: c.method,
      path: c.path,
      headers: { ...c.headers, host: new URL(server.url).host, authorization: `Bearer ${server.tokens.get(c.user)}` },
      body: c.body,
    });
  const normalRequest = () =>
    rawRequest(server.url, {
      path: `${API}apm_appprofiles?$select=apm_name&$top=1`,
      headers: { authorization: `Bearer ${server.tokens.get("agent")}` },
    });
  const note = (finding: Finding) => {
    if (findings.length < 200) findings.push(finding);
    log(`${finding.kind} ${finding.status ?? ""}: ${finding.detail}\n    ${finding.request}`);
  };

  // Cases come in seeded chunks, so a seed replays the same sequence however long the run.
  let pending: Case[] = [];
  let chunk = 0;
  try {
    while (Date.now() < deadline && cases < (options.maxCases ?? Infinity)) {
      if (!pending.length) pending = fc.sample(fuzzCase, { seed: options.seed + chunk++ * 7919, numRuns: 50 });
      const c = pending.shift()!;
      cases++;
      let answer: RawAnswer | "timeout" | Error;
      try {
        answer = await withTimeout(send(c), 15_000);
      } catch (error) {
        answer = error as Error;
      }
      const request = describeCase(c);
      if (answer === "timeout" || !isAnswer(answer)) {
        if (server.exited) {
          crashes++;
          note({ kind: "crash", request, detail: "the server process ended" });
          server = await startServerProcess(dataDir);
          continue;
        }
        if (answer === "timeout") note({ kind: "unresponsive", request, detail: "no answer in 15 s" });
        // A refused connection reset (413 then destroy) is an answer too; anything else is noted by the probe below.
      } else {
        if (answer.status >= 500) {
          serverErrors++;
          note({ kind: "server-error", request, status: answer.status, detail: answer.text.slice(0, 300) });
        } else if (answer.status >= 400) refused++;
        else accepted++;
        if (stackTrace.test(answer.text))
          note({ kind: "stack-trace", request, status: answer.status, detail: answer.text.slice(0, 300) });
        // A failed $batch answers the failing part's status with a multipart body, as Dataverse does.
        const multipart = String(answer.headers["content-type"] ?? "").startsWith("multipart/mixed");
        if (
          answer.status >= 400 &&
          c.method !== "HEAD" &&
          answer.status !== 405 &&
          !multipart &&
          !dataverseError(answer)
        )
          note({ kind: "not-dataverse-shape", request, status: answer.status, detail: answer.text.slice(0, 200) });
        if (c.marker && answer.status >= 400) {
          const stored = await rawRequest(server.url, {
            path: `${API}apm_appprofiles?$select=apm_name&$filter=${encodeURIComponent(`apm_uniquename eq '${c.marker}'`)}`,
            headers: { authorization: `Bearer ${server.tokens.get("admin")}` },
          });
          if (!/"value":\[\]/.test(stored.text))
            note({ kind: "stored-refused", request, status: answer.status, detail: stored.text.slice(0, 200) });
        }
      }
      const probe = await withTimeout(
        normalRequest().catch((e: Error) => e),
        15_000,
      );
      if (probe === "timeout" || !isAnswer(probe) || probe.status !== 200) {
        if (server.exited) {
          crashes++;
          note({ kind: "crash", request, detail: "the server process ended" });
          server = await startServerProcess(dataDir);
        } else {
          note({
            kind: "unresponsive",
            request,
            detail: `a normal request then got ${probe === "timeout" ? "no answer" : isAnswer(probe) ? probe.status : probe.message}`,
          });
        }
      }
      if (cases % 25 === 0) rssMaxMb = Math.max(rssMaxMb, rssMb(server.child.pid));
      if (cases % 500 === 0)
        log(`${cases} cases, ${serverErrors} 500s, ${crashes} crashes, RSS ${rssMaxMb.toFixed(0)} MB`);
    }
  } finally {
    await new Promise<void>((resolve) => {
      if (server.exited) return resolve();
      server.child.once("exit", () => resolve());
      server.child.kill("SIGTERM");
    });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    seed: options.seed,
    seconds: options.seconds,
    cases,
    refused,
    accepted,
    serverErrors,
    crashes,
    findings,
    rssStartMb,
    rssMaxMb,
  };
}
