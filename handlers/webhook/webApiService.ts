/**
 * The handlers' OrganizationService over the Dataverse Web API of the calling environment (dynamics-web-api), for
 * the webhook host. Every value that goes into a $filter is a checked GUID, a number, a boolean or an escaped string.
 */
import { DynamicsWebApi } from "dynamics-web-api";
import {
  EnvironmentVariableDefinition,
  EnvironmentVariableValue,
  manyToManyRelationships,
  tables,
  type AnyTable,
  type Column,
  type TableLogicalName,
} from "../../schema";
import type { Condition, Entity, OrganizationService } from "../context";

type WebApiRow = Record<string, unknown>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function tableOf(logicalName: string): AnyTable {
  const table = tables.find((t) => t.logicalName === logicalName);
  if (!table) throw new Error(`Unknown table '${logicalName}'`);
  return table;
}

function checkedGuid(value: unknown): string {
  if (typeof value !== "string" || !GUID.test(value)) throw new Error(`Not a GUID: ${JSON.stringify(value)}`);
  return value.toLowerCase();
}

/** An OData literal for one column of a table: ids unquoted (checked), text quoted with '' escaping. */
export function literal(table: AnyTable, attribute: string, value: string | number | boolean | null): string {
  if (value === null) return "null";
  if (attribute === table.primaryIdAttribute) return checkedGuid(value);
  const column = (table.columns as Record<string, Column>)[attribute];
  if (!column || column.type === "lookup") throw new Error(`Handlers cannot filter on '${attribute}'`);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return String(value);
  return `'${value.replace(/'/g, "''")}'`;
}

export function conditionFilter(table: AnyTable, condition: Condition): string {
  const { attribute, operator, value } = condition;
  if (operator === "in") {
    const values = value as readonly (string | number)[];
    if (values.length === 0) return "false";
    return `(${values.map((v) => `${attribute} eq ${literal(table, attribute, v)}`).join(" or ")})`;
  }
  return `${attribute} ${operator} ${literal(table, attribute, value as string | number | boolean | null)}`;
}

/** Web API rows carry annotations and an etag; handlers see the columns they asked for, null when empty. */
function toEntity(table: AnyTable, row: WebApiRow, columns?: readonly string[]): Entity {
  const attributes = columns
    ? Object.fromEntries(columns.map((c) => [c, row[c] ?? null]))
    : Object.fromEntries(Object.entries(row).filter(([k]) => !k.includes("@")));
  return { logicalName: table.logicalName, id: String(row[table.primaryIdAttribute]), attributes };
}

const selectOf = (table: AnyTable, columns?: readonly string[]) =>
  columns ? [...new Set([table.primaryIdAttribute, ...columns])] : undefined;

export function createWebApiOrganizationService(api: DynamicsWebApi): OrganizationService {
  const query = async (table: AnyTable, filter: string, columns?: readonly string[]) => {
    const result = await api.retrieveAll<WebApiRow>({
      collection: table.entitySetName,
      select: selectOf(table, columns),
      filter,
    });
    return result.value.map((row) => toEntity(table, row, columns));
  };
  return {
    async retrieve(logicalName: TableLogicalName, id: string, columns?: readonly string[]) {
      const table = tableOf(logicalName);
      const rows = await query(table, `${table.primaryIdAttribute} eq ${checkedGuid(id)}`, columns);
      return rows[0];
    },
    async retrieveMultiple(logicalName, conditions, columns) {
      const table = tableOf(logicalName);
      const filter = conditions.map((c) => conditionFilter(table, c)).join(" and ");
      return query(table, filter || `${table.primaryIdAttribute} ne null`, columns);
    },
    async retrieveRelated(relationshipName, record, logicalName, columns) {
      const relationship = manyToManyRelationships.find((r) => r.schemaName === relationshipName);
      if (!relationship) throw new Error(`Unknown relationship '${relationshipName}'`);
      const table = tableOf(logicalName);
      const source = tableOf(record.logicalName);
      const navigation =
        relationship.entity1 === table.logicalName
          ? relationship.entity1NavigationProperty
          : relationship.entity2NavigationProperty;
      const filter = `${navigation}/any(o:o/${source.primaryIdAttribute} eq ${checkedGuid(record.id)})`;
      return query(table, filter, columns);
    },
    async getEnvironmentVariable(schemaName) {
      const values = EnvironmentVariableValue.columns.environmentvariabledefinitionid.collectionNavigationProperty;
      const result = await api.retrieveMultiple<WebApiRow>({
        collection: EnvironmentVariableDefinition.entitySetName,
        select: ["defaultvalue"],
        filter: conditionFilter(EnvironmentVariableDefinition, {
          attribute: "schemaname",
          operator: "eq",
          value: schemaName,
        }),
        expand: [{ property: values, select: ["value"] }],
      });
      const definition = result.value[0];
      if (!definition) return undefined;
      // The value row wins over the definition's default, as in Dataverse.
      const value = (definition[values] as WebApiRow[] | undefined)?.[0]?.value;
      return typeof value === "string"
        ? value
        : typeof definition.defaultvalue === "string"
          ? definition.defaultvalue
          : undefined;
    },
  };
}

export interface DataverseConnection {
  /** The environment's URL, e.g. https://contoso.crm.dynamics.com (the Web API path is added). */
  readonly serverUrl: string;
  /** A bearer token for an application user with read access to the product's tables and system users. */
  readonly getToken: () => Promise<string>;
}

export function connectToDataverse(connection: DataverseConnection): OrganizationService {
  const api = new DynamicsWebApi({
    serverUrl: connection.serverUrl,
    dataApi: { version: "9.2" },
    onTokenRefresh: connection.getToken,
    // Dataverse waits on a synchronous webhook for at most 60 s; fail well inside that.
    timeout: 20_000,
  });
  return createWebApiOrganizationService(api);
}
