/**
 * What the Web API exposes of each table: its properties (with the SQLite column behind each), its single-valued
 * navigation properties (lookups, including the audit lookups) and its collection-valued ones (N:N and 1:N).
 * Built once per table from the schema, so a request never spells a column that the schema does not have.
 */
import { lookupValueProperty, StateCode, StatusCode, type AnyTable, type Column } from "../../schema";
import { serverRelationships, serverTables } from "../platform";
import { auditLookups, ident, intersectColumns, tableByName } from "../storage/layout";
import type { OrderByItem } from "./types";

export type PropertyType = "guid" | "lookup" | "string" | "boolean" | "choice" | "integer" | "bigint" | "datetime";

/** The EDM type behind each property type, as `$metadata` declares it and OData's messages name it. */
export const edmTypes: Record<PropertyType, string> = {
  guid: "Edm.Guid",
  lookup: "Edm.Guid",
  string: "Edm.String",
  boolean: "Edm.Boolean",
  choice: "Edm.Int32",
  integer: "Edm.Int32",
  bigint: "Edm.Int64",
  datetime: "Edm.DateTimeOffset",
};

export interface Property {
  /** The name in the Web API: `apm_name`, `_createdby_value`. */
  readonly name: string;
  /** The SQLite column behind it. */
  readonly column: string;
  readonly type: PropertyType;
  /** Choice labels by value, for formatted values. */
  readonly labels?: ReadonlyMap<number, string>;
  /** Lookups: the referenced table and the single-valued navigation property. */
  readonly target?: AnyTable;
  readonly navigationProperty?: string;
  /** A lookup to any of several tables (the audit's objectid): the column naming the row's target table. */
  readonly targetTableColumn?: string;
}

export interface SingleNavigation {
  readonly name: string;
  /** The lookup column on this table that holds the target's id. */
  readonly column: string;
  readonly target: AnyTable;
}

/** How the rows of a collection navigation relate to the source row. */
export type CollectionLink =
  | { readonly kind: "intersect"; readonly table: string; readonly sourceColumn: string; readonly targetColumn: string }
  | { readonly kind: "lookup"; readonly column: string };

export interface CollectionNavigation {
  readonly name: string;
  readonly target: AnyTable;
  readonly link: CollectionLink;
}

export interface EntityModel {
  readonly table: AnyTable;
  /** `Microsoft.Dynamics.CRM.apm_appprofile`, as Dataverse names the type in its messages. */
  readonly typeName: string;
  readonly primaryId: Property;
  /** By Web API name. */
  readonly properties: ReadonlyMap<string, Property>;
  /** Every property, in the order a row without `$select` lists them. */
  readonly allProperties: readonly Property[];
  readonly singleNavigations: ReadonlyMap<string, SingleNavigation>;
  readonly collectionNavigations: ReadonlyMap<string, CollectionNavigation>;
  /** Where the planner reads the rows from; absent: the schema table of the same name (see tableSource). */
  readonly source?: TableSource;
}

/**
 * What the one planner (execute.ts, sql.ts, format.ts) needs of a table besides its properties: the SQL its rows
 * are read from, the column that versions a row (its `@odata.etag`), and the order rows take without `$orderby`.
 * Schema tables are versioned; the audit table is not (Learn: reference/entities/audit lists no versionnumber, and
 * its rows carry no `@odata.etag`: data-platform/auditing/retrieve-audit-data).
 */
export interface TableSource {
  /** A table name (quoted) or a parenthesized SELECT, aliased by the planner. */
  readonly from: string;
  /** The column whose value is the row's `@odata.etag`; absent for a table whose rows have none. */
  readonly versionColumn?: string;
  /** The order without `$orderby`, before the primary id; absent: the primary id's order alone. */
  readonly defaultOrderBy?: readonly OrderByItem[];
}

const schemaSources = new WeakMap<EntityModel, TableSource>();

/** The model's source: its own, or the schema table's (every schema table has `versionnumber`). */
export function tableSource(model: EntityModel): TableSource {
  if (model.source) return model.source;
  let source = schemaSources.get(model);
  if (!source) {
    source = { from: ident(model.table.logicalName), versionColumn: "versionnumber" };
    schemaSources.set(model, source);
  }
  return source;
}

const columnsOf = (table: AnyTable): Record<string, Column> => table.columns as Record<string, Column>;

function attributeProperty(name: string, column: Column): Property {
  switch (column.type) {
    case "string":
    case "memo":
      return { name, column: name, type: "string" };
    case "boolean":
      return { name, column: name, type: "boolean" };
    case "integer":
      return { name, column: name, type: "integer" };
    case "choice":
      return { name, column: name, type: "choice", labels: new Map(column.options.map((o) => [o.value, o.label])) };
    case "lookup":
      return {
        name: lookupValueProperty(name),
        column: name,
        type: "lookup",
        target: tableByName(column.target),
        navigationProperty: column.navigationProperty,
      };
  }
}

const choiceLabels = (choices: Record<string, { value: number; label: string }>) =>
  new Map(Object.values(choices).map((o) => [o.value, o.label]));

function buildModel(table: AnyTable): EntityModel {
  const systemUser = tableByName("systemuser");
  const primaryId: Property = { name: table.primaryIdAttribute, column: table.primaryIdAttribute, type: "guid" };
  const allProperties: Property[] = [
    ...Object.entries(columnsOf(table)).map(([name, column]) => attributeProperty(name, column)),
    primaryId,
    { name: "createdon", column: "createdon", type: "datetime" },
    { name: "modifiedon", column: "modifiedon", type: "datetime" },
    { name: "versionnumber", column: "versionnumber", type: "bigint" },
    // Every table's state and status reason, choices with formatted values (see storage/layout.ts stateColumns).
    { name: "statecode", column: "statecode", type: "choice", labels: choiceLabels(StateCode) },
    { name: "statuscode", column: "statuscode", type: "choice", labels: choiceLabels(StatusCode) },
    ...auditLookups.map(
      (name): Property => ({
        name: lookupValueProperty(name),
        column: name,
        type: "lookup",
        target: systemUser,
        navigationProperty: name,
      }),
    ),
  ];

  const singleNavigations = new Map<string, SingleNavigation>();
  for (const property of allProperties) {
    if (property.type === "lookup" && property.target && property.navigationProperty) {
      singleNavigations.set(property.navigationProperty, {
        name: property.navigationProperty,
        column: property.column,
        target: property.target,
      });
    }
  }

  const collectionNavigations = new Map<string, CollectionNavigation>();
  for (const relationship of serverRelationships) {
    const [column1, column2] = intersectColumns(relationship);
    if (relationship.entity1 === table.logicalName) {
      collectionNavigations.set(relationship.entity1NavigationProperty, {
        name: relationship.entity1NavigationProperty,
        target: tableByName(relationship.entity2),
        link: {
          kind: "intersect",
          table: relationship.intersectEntityName,
          sourceColumn: column1,
          targetColumn: column2,
        },
      });
    }
    if (relationship.entity2 === table.logicalName) {
      collectionNavigations.set(relationship.entity2NavigationProperty, {
        name: relationship.entity2NavigationProperty,
        target: tableByName(relationship.entity1),
        link: {
          kind: "intersect",
          table: relationship.intersectEntityName,
          sourceColumn: column2,
          targetColumn: column1,
        },
      });
    }
  }
  for (const child of serverTables) {
    for (const [name, column] of Object.entries(columnsOf(child))) {
      if (column.type === "lookup" && column.target === table.logicalName) {
        collectionNavigations.set(column.collectionNavigationProperty, {
          name: column.collectionNavigationProperty,
          target: child,
          link: { kind: "lookup", column: name },
        });
      }
    }
  }

  return {
    table,
    typeName: `Microsoft.Dynamics.CRM.${table.logicalName}`,
    primaryId,
    properties: new Map(allProperties.map((p) => [p.name, p])),
    allProperties,
    singleNavigations,
    collectionNavigations,
  };
}

const models = new Map<string, EntityModel>();

export function entityModel(table: AnyTable): EntityModel {
  let model = models.get(table.logicalName);
  if (!model) models.set(table.logicalName, (model = buildModel(table)));
  return model;
}
