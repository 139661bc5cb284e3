/**
 * `npm run deploy -- --schema-by-api`: the fully supported path. The publisher and an unmanaged solution, then the
 * option sets, tables, columns, keys, relationships and roles through the metadata Web API (each request with
 * `MSCRM.SolutionUniqueName`), then a zip with only the controls, web resources, forms, views and app, and the same
 * last steps as a zip deploy. Idempotent: each definition is read first and only what is missing is created.
 * Learn: webapi/use-web-api-metadata; create-solution (publisher and solution records).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { packControlsOnly } from "../src/controlsOnly";
import { PUBLISHER, SOLUTION_DESCRIPTION, SOLUTION_DISPLAY_NAME, packageVersion } from "../src/metadata";
import { readSolution, type SolutionPackage } from "../src/read";
import { signIn, type TokenSource } from "./auth";
import { WebApiClient, type ClientOptions } from "./client";
import type { KeyWait } from "./keys";
import { literal, MetadataClient } from "./schemaByApiClient";
import {
  addPrivilegesBody,
  bindOptionSet,
  roleBody,
  schemaRequests,
  solutionHeader,
  type RoleRequest,
  type SchemaRequests,
  type TableRequest,
} from "./schemaByApiRequests";
import { importAndProvision, provisionStepCount } from "./deploy";
import type { WebhookRegistration } from "./webhook";
import { Steps, type Log, type StepContext } from "./steps";

export interface SchemaByApiOptions {
  readonly url: string;
  readonly auth: TokenSource;
  /** A controls-only zip; built from the build output (or `controlsDir`) when not given. */
  readonly zipPath?: string;
  readonly controlsDir?: string;
  readonly webResourcesDir?: string;
  readonly chatLicense?: boolean;
  /** Registers the webhook host's service endpoint and steps after the import, as the zip deploy does. */
  readonly webhook?: WebhookRegistration;
  /** Writes the environment's own managed export (ExportSolution) here at the end. */
  readonly exportManagedPath?: string;
  readonly log?: Log;
  /** Polling of the new keys' indexes before the built-in profiles are upserted by key. */
  readonly keyWait?: KeyWait;
  /** The transport and the 429 retry budget (tests inject a fake transport). */
  readonly client?: Omit<ClientOptions, "log">;
  /** For tests: the requests to send (defaults to the schema's). */
  readonly requests?: SchemaRequests;
}

export interface SchemaByApiReport {
  readonly solution: SolutionPackage;
  readonly created: readonly string[];
  readonly timings: readonly { label: string; ms: number }[];
}

/** Creates the publisher and the unmanaged solution the components go into, unless they exist. */
async function ensureSolution(
  client: MetadataClient,
  uniqueName: string,
  note: StepContext["note"],
  created: string[],
) {
  const solutions = await client.get(
    `solutions?$select=solutionid,uniquename&$filter=uniquename eq ${literal(uniqueName)}`,
  );
  if ((solutions.value as unknown[]).length > 0) return note(`solution ${uniqueName}: exists`);
  const publishers = await client.get(
    `publishers?$select=publisherid,uniquename&$filter=uniquename eq ${literal(PUBLISHER.uniqueName)}`,
  );
  let publisherId = (publishers.value as { publisherid: string }[])[0]?.publisherid;
  if (!publisherId) {
    await client.post("publishers", {
      uniquename: PUBLISHER.uniqueName,
      friendlyname: PUBLISHER.displayName,
      description: PUBLISHER.description,
      customizationprefix: PUBLISHER.prefix,
      customizationoptionvalueprefix: PUBLISHER.optionValuePrefix,
    });
    const found = await client.get(
      `publishers?$select=publisherid&$filter=uniquename eq ${literal(PUBLISHER.uniqueName)}`,
    );
    publisherId = (found.value as { publisherid: string }[])[0].publisherid;
    created.push(`publisher ${PUBLISHER.uniqueName}`);
    note(`publisher ${PUBLISHER.uniqueName} (prefix ${PUBLISHER.prefix}): created`);
  }
  await client.post("solutions", {
    uniquename: uniqueName,
    friendlyname: SOLUTION_DISPLAY_NAME,
    description: SOLUTION_DESCRIPTION,
    version: packageVersion(),
    "publisherid@odata.bind": `/publishers(${publisherId})`,
  });
  created.push(`solution ${uniqueName}`);
  note(`solution ${uniqueName}: created`);
}

async function ensureOptionSets(
  client: MetadataClient,
  requests: SchemaRequests,
  note: StepContext["note"],
  created: string[],
) {
  const ids = new Map<string, string>();
  const header = solutionHeader(requests.solutionUniqueName);
  for (const optionSet of requests.optionSets) {
    const path = `GlobalOptionSetDefinitions(Name=${literal(optionSet.name)})`;
    const existing = await client.find(`${path}?$select=MetadataId,Name`);
    if (existing) {
      ids.set(optionSet.name, existing.MetadataId as string);
      note(`${optionSet.name}: exists`);
      continue;
    }
    await client.post("GlobalOptionSetDefinitions", optionSet.body, header);
    ids.set(optionSet.name, (await client.get(`${path}?$select=MetadataId`)).MetadataId as string);
    created.push(`option set ${optionSet.name}`);
    note(`${optionSet.name}: created`);
  }
  return ids;
}

const names = (collection: Record<string, unknown>, property: string) =>
  new Set((collection.value as Record<string, string>[]).map((item) => item[property].toLowerCase()));

async function ensureTable(
  client: MetadataClient,
  table: TableRequest,
  requests: SchemaRequests,
  optionSetIds: ReadonlyMap<string, string>,
  note: StepContext["note"],
  created: string[],
) {
  const header = solutionHeader(requests.solutionUniqueName);
  const path = `EntityDefinitions(LogicalName=${literal(table.logicalName)})`;
  if (await client.find(`${path}?$select=LogicalName`)) {
    note(`${table.logicalName}: exists`);
  } else {
    await client.post("EntityDefinitions", table.body, header);
    created.push(`table ${table.logicalName}`);
    note(`${table.logicalName}: created`);
  }
  const attributes = names(await client.get(`${path}/Attributes?$select=LogicalName`), "LogicalName");
  for (const column of table.columns) {
    if (attributes.has(column.logicalName)) continue;
    if (column.viaRelationship) {
      await client.post("RelationshipDefinitions", column.body, header);
    } else {
      const optionSetId = column.optionSetName && optionSetIds.get(column.optionSetName);
      if (column.optionSetName && !optionSetId)
        throw new Error(`${column.logicalName}: option set ${column.optionSetName} was not created.`);
      await client.post(
        `${path}/Attributes`,
        optionSetId ? bindOptionSet(column.body, optionSetId) : column.body,
        header,
      );
    }
    created.push(`column ${table.logicalName}.${column.logicalName}`);
    note(`${table.logicalName}.${column.logicalName}: created`);
  }
  const keys = names(await client.get(`${path}/Keys?$select=LogicalName`), "LogicalName");
  for (const key of table.keys) {
    if (keys.has(key.logicalName)) continue;
    await client.post(`${path}/Keys`, key.body, header);
    created.push(`key ${table.logicalName}.${key.logicalName}`);
    note(`${table.logicalName} key ${key.logicalName}: created`);
  }
}

async function ensureRelationships(
  client: MetadataClient,
  requests: SchemaRequests,
  note: StepContext["note"],
  created: string[],
) {
  for (const relationship of requests.relationships) {
    const path = `RelationshipDefinitions(SchemaName=${literal(relationship.schemaName)})?$select=SchemaName`;
    if (await client.find(path)) {
      note(`${relationship.schemaName}: exists`);
      continue;
    }
    await client.post("RelationshipDefinitions", relationship.body, solutionHeader(requests.solutionUniqueName));
    created.push(`relationship ${relationship.schemaName}`);
    note(`${relationship.schemaName}: created`);
  }
}

/** The ids of privileges by name, in this environment (they differ from one to the next). */
async function privilegeIds(client: MetadataClient, wanted: readonly string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const unique = [...new Set(wanted.map((n) => n.toLowerCase()))];
  for (let i = 0; i < unique.length; i += 20) {
    const filter = unique
      .slice(i, i + 20)
      .map((n) => `name eq ${literal(n)}`)
      .join(" or ");
    const found = await client.get(`privileges?$select=privilegeid,name&$filter=${encodeURIComponent(filter)}`);
    for (const p of found.value as { privilegeid: string; name: string }[])
      ids.set(p.name.toLowerCase(), p.privilegeid.toLowerCase());
  }
  const missing = unique.filter((n) => !ids.has(n));
  if (missing.length > 0) throw new Error(`The environment has no privilege named ${missing.join(", ")}.`);
  return ids;
}

async function ensureRole(
  client: MetadataClient,
  role: RoleRequest,
  requests: SchemaRequests,
  businessUnitId: string,
  note: StepContext["note"],
  created: string[],
) {
  const path = `roles(${role.id})`;
  if (!(await client.find(`${path}?$select=roleid,name`))) {
    await client.post("roles", roleBody(role, businessUnitId), solutionHeader(requests.solutionUniqueName));
    created.push(`role ${role.name}`);
    note(`${role.name}: created`);
  }
  const ids = await privilegeIds(
    client,
    role.privileges.map((p) => p.name),
  );
  const held = await client.get(`${path}/Microsoft.Dynamics.CRM.RetrieveRolePrivilegesRole()`);
  const has = new Map(
    (held.RolePrivileges as { PrivilegeId: string; Depth: string }[]).map((p) => [
      p.PrivilegeId.toLowerCase(),
      p.Depth,
    ]),
  );
  const missing = role.privileges
    .map((p) => ({ id: ids.get(p.name.toLowerCase())!, depth: p.depth, name: p.name }))
    .filter((p) => has.get(p.id) !== p.depth);
  if (missing.length === 0) return note(`${role.name}: ${role.privileges.length} privileges, unchanged`);
  await client.post(`${path}/Microsoft.Dynamics.CRM.AddPrivilegesRole`, addPrivilegesBody(missing, businessUnitId));
  created.push(...missing.map((p) => `privilege ${role.name}.${p.name}`));
  note(`${role.name}: added ${missing.length} of ${role.privileges.length} privileges`);
}

async function controlsZip(options: SchemaByApiOptions): Promise<Buffer> {
  if (options.zipPath) {
    if (!existsSync(options.zipPath)) throw new Error(`${options.zipPath} does not exist.`);
    return readFileSync(options.zipPath);
  }
  return packControlsOnly({ controlsDir: options.controlsDir, webResourcesDir: options.webResourcesDir });
}

export async function deploySchemaByApi(options: SchemaByApiOptions): Promise<SchemaByApiReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const environment = new URL(options.url);
  const requests = options.requests ?? schemaRequests();
  const total = 7 + provisionStepCount(options) + (options.exportManagedPath ? 1 : 0);
  const steps = new Steps(total, log);
  const created: string[] = [];

  const { api, client } = await steps.run(`Sign in to ${environment.origin}`, async ({ note }) => {
    const token = await signIn(options.auth, environment, note);
    const api = new WebApiClient(`${environment.origin}/api/data/v9.2/`, token, { ...options.client, log });
    return { api, client: new MetadataClient(api) };
  });

  const { bytes, solution } = await steps.run("Read the controls-only zip", async ({ note }) => {
    const bytes = await controlsZip(options);
    const solution = await readSolution(bytes);
    if (solution.tables.length > 0) {
      throw new Error(
        `the zip defines tables (${solution.tables.map((t) => t.logicalName).join(", ")}): give the controls-only zip.`,
      );
    }
    note(
      `${solution.uniqueName} ${solution.version}, ${bytes.length} bytes, controls, web resources, forms, views and app`,
    );
    return { bytes, solution };
  });
  if (solution.uniqueName !== requests.solutionUniqueName) {
    throw new Error(`The zip is ${solution.uniqueName}, not ${requests.solutionUniqueName}.`);
  }

  await steps.run(`Publisher and solution ${requests.solutionUniqueName}`, ({ note }) =>
    ensureSolution(client, requests.solutionUniqueName, note, created),
  );
  const optionSetIds = await steps.run(`Choices (${requests.optionSets.length} global option sets)`, ({ note }) =>
    ensureOptionSets(client, requests, note, created),
  );
  await steps.run(`Tables, columns and keys (${requests.tables.length} tables)`, async ({ note }) => {
    for (const table of requests.tables) await ensureTable(client, table, requests, optionSetIds, note, created);
  });
  await steps.run(`Relationships (${requests.relationships.length} N:N)`, ({ note }) =>
    ensureRelationships(client, requests, note, created),
  );
  await steps.run(`Security roles (${requests.roles.length}) and their privileges`, async ({ note }) => {
    const { BusinessUnitId } = (await client.get("WhoAmI")) as { BusinessUnitId: string };
    for (const role of requests.roles) await ensureRole(client, role, requests, BusinessUnitId, note, created);
  });

  const keys = requests.tables.flatMap((table) =>
    table.keys.map((key) => {
      const columns = (key.body.KeyAttributes as string[] | undefined) ?? [];
      return [table.logicalName, { logicalName: key.logicalName, displayName: key.logicalName, columns }] as const;
    }),
  );
  await importAndProvision(api, steps, { bytes, solution, label: ": controls, forms, views, app", keys }, options);

  if (options.exportManagedPath) {
    const target = options.exportManagedPath;
    await steps.run(`Export the managed solution (ExportSolution) to ${target}`, async ({ note }) => {
      const answer = await client.post("ExportSolution", { SolutionName: solution.uniqueName, Managed: true });
      const zip = Buffer.from(String(answer.ExportSolutionFile ?? ""), "base64");
      writeFileSync(target, zip);
      note(`${zip.length} bytes, written by the environment`);
    });
  }
  return { solution, created, timings: steps.timings };
}
