/** Test helpers: build both zips from the control fixture once, and read XML in document order. */
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { XMLParser } from "fast-xml-parser";
import { packSolution, type PackedFile } from "../src/pack";
import { makeControlsFixture, REFERENCE_DIR } from "./fixtures";

export interface Built {
  readonly unmanaged: JSZip;
  readonly managed: JSZip;
  readonly files: readonly PackedFile[];
  readonly log: readonly string[];
}

let built: Promise<Built> | undefined;

/** Packs into a temp dir from a fixture control build (the real one may not exist in unit tests). */
export function buildOnce(): Promise<Built> {
  built ??= (async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), "apm-solution-"));
    const log: string[] = [];
    const files = await packSolution({ controlsDir: makeControlsFixture(), outDir, log: (l) => log.push(l) });
    const load = (managed: boolean) => JSZip.loadAsync(readFileSync(files.find((f) => f.managed === managed)!.path));
    return { unmanaged: await load(false), managed: await load(true), files, log };
  })();
  return built;
}

export const entryText = async (zip: JSZip, name: string): Promise<string> => {
  const entry = zip.file(name);
  if (!entry) throw new Error(`no ${name} in zip`);
  return entry.async("string");
};

export const referenceText = (solution: string, file: string): string =>
  readFileSync(path.join(REFERENCE_DIR, solution, file), "utf8");

/** An element in document order: its name, attributes and children. */
export interface Ordered {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly Ordered[];
  /** The element's own text, if any. */
  readonly text: string;
}

type Raw = Record<string, unknown>;
const orderedParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
});

function toOrdered(raw: Raw): Ordered | undefined {
  const name = Object.keys(raw).find((k) => k !== ":@");
  if (!name || name.startsWith("#") || name.startsWith("?")) return undefined;
  const content = raw[name] as Raw[];
  const children = content.map(toOrdered).filter((c): c is Ordered => c !== undefined);
  const text = content.map((c) => (c["#text"] === undefined ? "" : String(c["#text"]))).join("");
  return { name, attrs: (raw[":@"] as Record<string, string>) ?? {}, children, text };
}

export function parseOrdered(xml: string): Ordered {
  const roots = (orderedParser.parse(xml.replace(/^\uFEFF/, "")) as Raw[]).map(toOrdered).filter((r) => r);
  if (roots.length !== 1) throw new Error(`expected one root element, got ${roots.length}`);
  return roots[0]!;
}

/** The first element at a path of names below `from`, e.g. `find(root, "Entities", "Entity")`. */
export function find(from: Ordered, ...names: string[]): Ordered {
  let current = from;
  for (const name of names) {
    const next = current.children.find((c) => c.name === name);
    if (!next) throw new Error(`<${current.name}> has no <${name}>`);
    current = next;
  }
  return current;
}

export const names = (element: Ordered): string[] => element.children.map((c) => c.name);

/** Names both lists share, in each list's order: equal when the two agree on relative order. */
export function sharedOrder(ours: readonly string[], reference: readonly string[]): [string[], string[]] {
  const unique = (list: readonly string[]) => list.filter((n, i) => list.indexOf(n) === i);
  return [unique(ours.filter((n) => reference.includes(n))), unique(reference.filter((n) => ours.includes(n)))];
}

/** Elements in the reference exports that are newer than the 9.0 XSD, so what we write must not need them. */
export const NEWER_THAN_XSD = new Set([
  "AIModels",
  "AutoNumberFormat",
  "IsSearchable",
  "IsFilterable",
  "IsRetrievable",
  "IsLocalizable",
  "CascadeArchive",
  "IsAutoAssigned",
  "EnableCollapsibleGroups",
  "ShowHome",
  "ShowPinned",
  "ShowRecents",
  "IsRetrieveAuditEnabled",
  "IsRetrieveMultipleAuditEnabled",
  "IsMSTeamsIntegrationEnabled",
  "IsSolutionAware",
  "OptimizedFor",
  "statecode",
  "statuscode",
  "NavigationType",
  "appsettings",
]);
