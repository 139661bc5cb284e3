/**
 * The metadata Web API's writes, as Dataverse serves them: `POST EntityDefinitions` (a table with its primary name
 * column), `POST EntityDefinitions(LogicalName='…')/Attributes` and `/Keys`, `POST RelationshipDefinitions` (N:N, and
 * 1:N with its lookup), `POST GlobalOptionSetDefinitions`, plus `publishers`, `solutions`, `roles` with
 * `AddPrivilegesRole`, `privileges`, and `ExportSolution`. Each write is checked whole before anything is saved, runs
 * in one transaction, and creates its SQLite tables and columns through install.ts, the importer's own install code.
 * Learn: webapi/use-web-api-metadata, webapi/create-update-entity-definitions-using-web-api,
 * webapi/create-update-column-definitions-using-web-api, webapi/create-update-entity-relationships-using-web-api,
 * webapi/create-update-optionsets.
 */
import { tables, type AnyTable, type TableDefinition } from "../../schema";
import { serverRelationships } from "../platform";
import { DataverseError } from "../errors";
import type { Caller } from "../users";
import { readJsonBody } from "../webapi/jsonBody";
import { splitPath, type Segment } from "../webapi/path";
import type { WebApi } from "../webapi/service";
import type { WriteMode } from "../webapi/writes";
import { API_PATH, errorResponse, json, noContent, type ApiRequest, type ApiResponse } from "../webapi/types";
import { exportSolution } from "./export";
import { applyInstall, planInstall, type RelationshipDefinition } from "./install";
import { KeyIndexes } from "./keyIndexes";
import { requireCustomizer, solutionContext, type SolutionContext } from "./metadataWritesContext";
import {
  asObject,
  keyValue,
  odataType,
  parseColumn,
  parseEntity,
  parseKey,
  parseManyToMany,
  parseOneToMany,
  parseOptionSet,
  type OptionSetLookup,
} from "./metadataWritesParse";
import { serveRoles } from "./metadataWritesRoles";
import { serveSolutions } from "./metadataWritesSolutions";
import { MetadataStore, metadataGuid, type ManyToManyRecord, type OptionSetRecord } from "./metadataWritesStore";
import { SolutionStore } from "./store";

const bad = (message: string) => new DataverseError("InvalidArgument", message);
const schemaTables = new Map<string, AnyTable>(tables.map((t) => [t.logicalName, t]));

/** The definition of a table this environment has: created here through the API, or installed from a solution zip. */
export function tableDefinition(api: WebApi, logicalName: string): TableDefinition | undefined {
  const created = MetadataStore.of(api.dbs.writer).get("entity", logicalName);
  if (created) return created;
  const known = schemaTables.get(logicalName);
  return known && SolutionStore.of(api.dbs.writer).hasTable(logicalName) ? (known as TableDefinition) : undefined;
}

function optionSetLookup(api: WebApi): OptionSetLookup {
  const store = MetadataStore.of(api.dbs.writer);
  return ({ metadataId, name }) =>
    name !== undefined ? store.get("optionset", name) : store.all("optionset").find((o) => o.metadataId === metadataId);
}

const entityId = (base: URL, set: string, id: string) => ({ "OData-EntityId": `${base}${set}(${id})` });

/** Creates or widens tables in SQLite through install.ts and records the definitions the API now holds. */
function install(
  api: WebApi,
  context: SolutionContext,
  definition: TableDefinition,
  relationships: RelationshipDefinition[] = [],
) {
  const db = api.dbs.writer;
  // A table grows column by column here, while this server's row code reads every column the schema module gives it.
  // So SQLite gets the schema's columns from the start (a read between two deploy steps never fails on a missing
  // column); the definition that EntityDefinitions serves and ExportSolution writes is only what was created.
  const known = schemaTables.get(definition.logicalName);
  const layout = known
    ? { ...definition, columns: { ...(known as TableDefinition).columns, ...definition.columns } }
    : definition;
  const plan = planInstall(db, [layout], relationships);
  for (const warning of plan.warnings) console.warn(`metadata write: ${warning}`);
  applyInstall(db, SolutionStore.of(db), plan, context.solution ?? "Default");
  MetadataStore.of(db).put("entity", definition.logicalName, definition, context.solution);
}

function createEntity(api: WebApi, request: ApiRequest, context: SolutionContext, base: URL): ApiResponse {
  const body = asObject(readJsonBody(request), "EntityDefinitions");
  const definition = parseEntity(body, context.publisher.customizationprefix, optionSetLookup(api));
  if (
    tableDefinition(api, definition.logicalName) ||
    SolutionStore.of(api.dbs.writer).hasTable(definition.logicalName)
  ) {
    throw bad(
      `A table with the name ${definition.logicalName} already exists. Choose another SchemaName, or add columns to it with POST EntityDefinitions(LogicalName='${definition.logicalName}')/Attributes.`,
    );
  }
  const setTaken = [...MetadataStore.of(api.dbs.writer).all("entity"), ...tables].some(
    (t) => t.entitySetName === definition.entitySetName && t.logicalName !== definition.logicalName,
  );
  if (setTaken) throw bad(`The EntitySetName ${definition.entitySetName} is used by another table.`);
  install(api, context, definition);
  return noContent(entityId(base, "EntityDefinitions", metadataGuid("entity", definition.logicalName)));
}

function existingTable(api: WebApi, segment: Segment): TableDefinition {
  const key = keyValue(segment.key, "LogicalName");
  const names = [...MetadataStore.of(api.dbs.writer).all("entity"), ...tables].map((t) => t.logicalName);
  const name = key?.name ?? names.find((n) => metadataGuid("entity", n) === key?.id);
  const definition = name === undefined ? undefined : tableDefinition(api, name);
  if (!definition) throw new DataverseError("NotFound", `Could not find an entity with the key ${segment.key ?? ""}.`);
  return definition;
}

function createAttribute(
  api: WebApi,
  request: ApiRequest,
  context: SolutionContext,
  table: TableDefinition,
  base: URL,
) {
  const body = asObject(readJsonBody(request), "Attributes");
  if (
    odataType(
      body,
      [
        "StringAttributeMetadata",
        "MemoAttributeMetadata",
        "BooleanAttributeMetadata",
        "PicklistAttributeMetadata",
        "IntegerAttributeMetadata",
        "LookupAttributeMetadata",
      ],
      `EntityDefinitions(LogicalName='${table.logicalName}')/Attributes`,
    ) === "LookupAttributeMetadata"
  ) {
    throw bad(
      `A lookup column is created with its relationship: POST RelationshipDefinitions with a OneToManyRelationshipMetadata and its Lookup.`,
    );
  }
  const parsed = parseColumn(body, context.publisher.customizationprefix, table.logicalName, optionSetLookup(api));
  if (parsed.isPrimaryName)
    throw bad(`${table.logicalName} already has its primary name column ${table.primaryNameAttribute}.`);
  if (Object.hasOwn(table.columns, parsed.logicalName) || parsed.logicalName === table.primaryIdAttribute) {
    throw bad(`The table ${table.logicalName} already has a column named ${parsed.logicalName}.`);
  }
  install(api, context, { ...table, columns: { ...table.columns, [parsed.logicalName]: parsed.column } });
  return noContent(
    entityId(
      base,
      `EntityDefinitions(${metadataGuid("entity", table.logicalName)})/Attributes`,
      metadataGuid("attribute", table.logicalName, parsed.logicalName),
    ),
  );
}

function createKey(api: WebApi, request: ApiRequest, context: SolutionContext, table: TableDefinition, base: URL) {
  const body = asObject(readJsonBody(request), "Keys");
  const key = parseKey(body, context.publisher.customizationprefix, table);
  if (table.alternateKeys.some((k) => k.logicalName === key.logicalName)) {
    throw bad(`The table ${table.logicalName} already has a key named ${key.logicalName}.`);
  }
  install(api, context, { ...table, alternateKeys: [...table.alternateKeys, key] });
  // Its index is built by a system job after the key is created: Pending until then (Learn: define-alternate-keys-entity).
  KeyIndexes.of(api.dbs.writer).recordCreated(table.logicalName, [key.logicalName]);
  return noContent(
    entityId(
      base,
      `EntityDefinitions(${metadataGuid("entity", table.logicalName)})/Keys`,
      metadataGuid("key", table.logicalName, key.logicalName),
    ),
  );
}

/** N:N relationships this environment has: created here, or installed with a solution zip. */
export function relationshipDefinitions(api: WebApi): ManyToManyRecord[] {
  const store = MetadataStore.of(api.dbs.writer);
  const created = store.all("relationship");
  const installed = SolutionStore.of(api.dbs.writer);
  // The platform's own (systemuserroles_association, …) are listed too, as Dataverse lists them.
  const fromZips = serverRelationships
    .filter((r) => installed.hasTable(r.intersectEntityName) && !created.some((c) => c.schemaName === r.schemaName))
    .map((r) => ({ ...r, metadataId: metadataGuid("relationship", r.schemaName) }));
  return [...fromZips, ...created];
}

function createRelationship(api: WebApi, request: ApiRequest, context: SolutionContext, base: URL): ApiResponse {
  const body = asObject(readJsonBody(request), "RelationshipDefinitions");
  const type = odataType(
    body,
    ["ManyToManyRelationshipMetadata", "OneToManyRelationshipMetadata"],
    "RelationshipDefinitions",
  );
  const prefix = context.publisher.customizationprefix;
  if (body["@odata.type"] === undefined)
    throw bad(
      "RelationshipDefinitions: give the @odata.type, ManyToManyRelationshipMetadata or OneToManyRelationshipMetadata.",
    );
  const taken = (name: string) =>
    relationshipDefinitions(api).some((r) => r.schemaName === name) ||
    [...MetadataStore.of(api.dbs.writer).all("entity"), ...tables].some((t) =>
      Object.values(t.columns).some((c) => c.type === "lookup" && c.collectionNavigationProperty === name),
    );
  if (type === "OneToManyRelationshipMetadata") {
    const parsed = parseOneToMany(body, prefix);
    if (taken(parsed.schemaName)) throw bad(`A relationship named ${parsed.schemaName} already exists.`);
    if (
      !tableDefinition(api, parsed.referencedEntity) &&
      !SolutionStore.of(api.dbs.writer).hasTable(parsed.referencedEntity)
    ) {
      throw bad(
        `The relationship ${parsed.schemaName}: the referenced table ${parsed.referencedEntity} does not exist.`,
      );
    }
    const table = tableDefinition(api, parsed.referencingEntity);
    if (!table)
      throw bad(
        `The relationship ${parsed.schemaName}: the referencing table ${parsed.referencingEntity} does not exist here.`,
      );
    if (Object.hasOwn(table.columns, parsed.lookupName))
      throw bad(`The table ${table.logicalName} already has a column named ${parsed.lookupName}.`);
    install(api, context, { ...table, columns: { ...table.columns, [parsed.lookupName]: parsed.column } });
    return noContent(entityId(base, "RelationshipDefinitions", metadataGuid("relationship", parsed.schemaName)));
  }
  const parsed = parseManyToMany(body, prefix);
  if (taken(parsed.schemaName)) throw bad(`A relationship named ${parsed.schemaName} already exists.`);
  const installed = SolutionStore.of(api.dbs.writer);
  for (const entity of [parsed.entity1, parsed.entity2]) {
    if (!installed.hasTable(entity))
      throw bad(`The relationship ${parsed.schemaName}: the table ${entity} does not exist. Create it first.`);
  }
  if (installed.hasTable(parsed.intersectEntityName))
    throw bad(
      `The relationship ${parsed.schemaName}: a table named ${parsed.intersectEntityName} already exists; choose another IntersectEntityName.`,
    );
  const record: ManyToManyRecord = { ...parsed, metadataId: metadataGuid("relationship", parsed.schemaName) };
  const db = api.dbs.writer;
  const plan = planInstall(db, [], [record]);
  for (const warning of plan.warnings) console.warn(`metadata write: ${warning}`);
  applyInstall(db, installed, plan, context.solution ?? "Default");
  MetadataStore.of(db).put("relationship", record.schemaName, record, context.solution);
  return noContent(entityId(base, "RelationshipDefinitions", record.metadataId));
}

function createOptionSet(api: WebApi, request: ApiRequest, context: SolutionContext, base: URL): ApiResponse {
  const body = asObject(readJsonBody(request), "GlobalOptionSetDefinitions");
  const parsed = parseOptionSet(body, context.publisher.customizationprefix);
  const store = MetadataStore.of(api.dbs.writer);
  if (optionSetDefinitions(api).some((o) => o.name === parsed.name))
    throw bad(`A global option set named ${parsed.name} already exists.`);
  const record: OptionSetRecord = { ...parsed, metadataId: metadataGuid("optionset", parsed.name) };
  store.put("optionset", record.name, record, context.solution);
  return noContent(entityId(base, "GlobalOptionSetDefinitions", record.metadataId));
}

/** Global option sets this environment has: created here, or those of the choice columns of installed tables. */
export function optionSetDefinitions(api: WebApi): OptionSetRecord[] {
  const created = MetadataStore.of(api.dbs.writer).all("optionset");
  const installed = SolutionStore.of(api.dbs.writer);
  const byName = new Map(created.map((o) => [o.name, o]));
  for (const table of tables) {
    if (!installed.hasTable(table.logicalName) || MetadataStore.of(api.dbs.writer).get("entity", table.logicalName))
      continue;
    for (const column of Object.values(table.columns as TableDefinition["columns"])) {
      if (column.type !== "choice" || byName.has(column.optionSetName)) continue;
      byName.set(column.optionSetName, {
        metadataId: metadataGuid("optionset", column.optionSetName),
        name: column.optionSetName,
        displayName: column.displayName,
        description: column.description,
        options: column.options,
      });
    }
  }
  return [...byName.values()];
}

const metadataLabel = (text: string | undefined) => {
  const localized = text ? [{ Label: text, LanguageCode: 1033 }] : [];
  return { LocalizedLabels: localized, UserLocalizedLabel: localized[0] ?? null };
};

function optionSetRecord(o: OptionSetRecord) {
  return {
    "@odata.type": "#Microsoft.Dynamics.CRM.OptionSetMetadata",
    MetadataId: o.metadataId,
    Name: o.name,
    IsGlobal: true,
    OptionSetType: "Picklist",
    DisplayName: metadataLabel(o.displayName),
    Description: metadataLabel(o.description),
    Options: o.options.map((option) => ({ Value: option.value, Label: metadataLabel(option.label) })),
  };
}

function relationshipRecord(r: ManyToManyRecord) {
  return {
    "@odata.type": "#Microsoft.Dynamics.CRM.ManyToManyRelationshipMetadata",
    MetadataId: r.metadataId,
    SchemaName: r.schemaName,
    RelationshipType: "ManyToManyRelationship",
    Entity1LogicalName: r.entity1,
    Entity2LogicalName: r.entity2,
    IntersectEntityName: r.intersectEntityName,
    Entity1NavigationPropertyName: r.entity1NavigationProperty,
    Entity2NavigationPropertyName: r.entity2NavigationProperty,
  };
}

function readDefinitions(api: WebApi, segment: Segment, request: ApiRequest, base: URL): ApiResponse {
  const isOptionSets = segment.name === "GlobalOptionSetDefinitions";
  const records = isOptionSets
    ? optionSetDefinitions(api).map((o) => ({ name: o.name, id: o.metadataId, record: optionSetRecord(o) }))
    : relationshipDefinitions(api).map((r) => ({
        name: r.schemaName,
        id: r.metadataId,
        record: relationshipRecord(r),
      }));
  const context = `${base}$metadata#${segment.name}`;
  const select = request.url.searchParams
    .get("$select")
    ?.split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  // $select picks properties; the MetadataId (the key) and the derived type always come, as Dataverse returns them.
  const pick = (record: Record<string, unknown>) =>
    select
      ? Object.fromEntries(
          Object.entries(record).filter(([k]) => k === "@odata.type" || k === "MetadataId" || select.includes(k)),
        )
      : record;
  if (segment.key === undefined)
    return json(200, { "@odata.context": context, value: records.map((r) => pick(r.record)) });
  const key = keyValue(segment.key, isOptionSets ? "Name" : "SchemaName");
  const found = records.find((r) => (key?.name !== undefined ? r.name === key.name : r.id === key?.id));
  if (!found) {
    throw new DataverseError(
      "NotFound",
      isOptionSets
        ? `Could not find optionset ${segment.key}.`
        : `Could not find a relationship with the key ${segment.key}.`,
    );
  }
  return json(200, { "@odata.context": `${context}/$entity`, ...pick(found.record) });
}

const SERVED = new Set([
  "EntityDefinitions",
  "RelationshipDefinitions",
  "GlobalOptionSetDefinitions",
  "publishers",
  "solutions",
  "roles",
  "privileges",
  "ExportSolution",
]);

type Handler = () => ApiResponse | Promise<ApiResponse>;

/** The handler for a request this module serves, or undefined to let the Web API serve it. */
function route(api: WebApi, request: ApiRequest, caller: Caller): { write: boolean; run: Handler } | undefined {
  const url = request.url;
  if (!url.pathname.startsWith(API_PATH)) return undefined;
  // Cheap before splitting the path: every other request (the rows' reads and writes) passes through here.
  if (!SERVED.has(url.pathname.slice(API_PATH.length).split(/[/(]/, 1)[0])) return undefined;
  let segments: Segment[];
  try {
    segments = splitPath(url.pathname.slice(API_PATH.length));
  } catch {
    return undefined;
  }
  const [first, second] = segments;
  if (!first) return undefined;
  const base = new URL(API_PATH, url);
  const post = request.method === "POST";
  const context = () => solutionContext(api, request);
  if (first.name === "ExportSolution" && segments.length === 1 && post) {
    return { write: false, run: () => exportSolution(request, caller, api) };
  }
  if (["publishers", "solutions"].includes(first.name) && segments.length === 1 && first.key === undefined) {
    const handled = () => serveSolutions(api, first.name, request, caller) ?? notAllowed(request);
    return { write: post, run: handled };
  }
  // `roles` rows are read, expanded and associated like any table's (the platform's `role` table); this module
  // serves creating one and its privilege actions.
  if (first.name === "roles" && !isRoleDefinitionRequest(segments, request)) return undefined;
  if (first.name === "roles" || first.name === "privileges") {
    return { write: post, run: () => serveRoles(api, segments, request, caller, context) ?? notAllowed(request) };
  }
  if (first.name === "GlobalOptionSetDefinitions" || first.name === "RelationshipDefinitions") {
    if (segments.length !== 1) return undefined;
    if (request.method === "GET") return { write: false, run: () => readDefinitions(api, first, request, base) };
    if (!post || first.key !== undefined) return { write: false, run: () => notAllowed(request) };
    const create = first.name === "GlobalOptionSetDefinitions" ? createOptionSet : createRelationship;
    return {
      write: true,
      run: () => {
        requireCustomizer(
          caller,
          first.name === "GlobalOptionSetDefinitions" ? "prvCreateOptionSet" : "prvCreateRelationship",
        );
        return create(api, request, context(), base);
      },
    };
  }
  if (first.name === "EntityDefinitions" && post) {
    if (segments.length === 1 && first.key === undefined) {
      return {
        write: true,
        run: () => (requireCustomizer(caller, "prvCreateEntity"), createEntity(api, request, context(), base)),
      };
    }
    if (segments.length === 2 && (second.name === "Attributes" || second.name === "Keys") && second.key === undefined) {
      return {
        write: true,
        run: () => {
          requireCustomizer(caller, second.name === "Keys" ? "prvCreateEntityKey" : "prvCreateAttribute");
          const table = existingTable(api, first);
          const create = second.name === "Keys" ? createKey : createAttribute;
          return create(api, request, context(), table, base);
        },
      };
    }
  }
  return undefined;
}

const ROLE_ACTIONS = new Set(["AddPrivilegesRole", "RetrieveRolePrivilegesRole"]);

function isRoleDefinitionRequest(segments: Segment[], request: ApiRequest): boolean {
  if (segments.length === 1) return segments[0].key === undefined && request.method === "POST";
  return segments.length === 2 && ROLE_ACTIONS.has(segments[1].name.replace("Microsoft.Dynamics.CRM.", ""));
}

function notAllowed(request: ApiRequest): ApiResponse {
  throw new DataverseError(
    "BadRequestSyntax",
    `The HTTP method '${request.method}' is not allowed on '${request.url.pathname}'.`,
    405,
  );
}

/**
 * Serves a metadata request, or returns undefined when it isn't one. Writes run alone in one transaction; a refusal
 * leaves nothing behind (the SQLite DDL rolls back with the rows).
 */
export function serveMetadata(
  api: WebApi,
  request: ApiRequest,
  caller: Caller,
  mode: WriteMode = "own",
): Promise<ApiResponse> | undefined {
  const handler = route(api, request, caller);
  if (!handler) return undefined;
  const installed = SolutionStore.of(api.dbs.writer);
  const run = async (): Promise<ApiResponse> => {
    if (!handler.write) return handler.run();
    if (mode === "outer") {
      // A definition change is not part of a row transaction (the SDK's ExecuteTransaction refuses metadata requests too).
      throw bad(
        `${request.method} ${request.url.pathname} changes definitions, which can't be part of a change set. Send it on its own, or in the $batch outside any change set.`,
      );
    }
    try {
      const response = await api.inTransaction(async () => handler.run());
      installed.settle(true);
      return response;
    } catch (error) {
      installed.settle(false);
      throw error;
    }
  };
  return run().catch((error) => {
    const response = errorResponse(error);
    if (response.status === 500) console.error("Unexpected error serving", request.method, request.url.pathname, error);
    return response;
  });
}
