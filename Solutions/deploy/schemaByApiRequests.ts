/**
 * The schema as metadata Web API requests: global option sets, tables (each with its primary name column), the
 * other columns, alternate keys, N:N (and 1:N for lookups) relationships, and the security roles with their
 * privileges. Pure: no I/O; `schemaByApi.ts` reads what exists and sends only what is missing.
 *
 * Learn: webapi/create-update-entity-definitions-using-web-api (EntityMetadata with the primary name attribute,
 * IsPrimaryName), webapi/create-update-column-definitions-using-web-api (POST EntityDefinitions(...)/Attributes with
 * StringAttributeMetadata, MemoAttributeMetadata, BooleanAttributeMetadata, PicklistAttributeMetadata bound to a
 * global option set, IntegerAttributeMetadata), webapi/create-update-entity-relationships-using-web-api
 * (ManyToManyRelationshipMetadata, OneToManyRelationshipMetadata with its Lookup), webapi/create-update-optionsets
 * (GlobalOptionSetDefinitions), reference/addprivilegesrole (Privileges: RolePrivilege[]).
 */
import {
  manyToManyRelationships,
  privilegeName,
  securityRoles,
  solutionTables,
  type ChoiceColumn,
  type Column,
  type StringColumn,
  type ManyToManyRelationship,
  type SecurityRole,
} from "../../schema";
import { choiceColumns } from "../src/optionsets";
import type { TableShape } from "../src/table";
import { LANGUAGE_CODE, SOLUTION_UNIQUE_NAME } from "../src/metadata";
import * as packerRoles from "../src/roles";

const CRM = "Microsoft.Dynamics.CRM";
type Json = Record<string, unknown>;

/** `Label` with one `LocalizedLabel` in the solution's language. */
export function label(text: string): Json {
  return {
    "@odata.type": `${CRM}.Label`,
    LocalizedLabels: [{ "@odata.type": `${CRM}.LocalizedLabel`, Label: text, LanguageCode: LANGUAGE_CODE }],
  };
}

const requiredLevel = (required: boolean | undefined): Json => ({
  Value: required ? "ApplicationRequired" : "None",
  CanBeChanged: true,
  ManagedPropertyLogicalName: "canmodifyrequirementlevelsettings",
});

const describe = (displayName: string, description: string | undefined): Json => ({
  DisplayName: label(displayName),
  Description: label(description ?? ""),
});

export interface OptionSetRequest {
  readonly name: string;
  readonly body: Json;
}

export interface ColumnRequest {
  readonly logicalName: string;
  /** Picklists bind their global option set by MetadataId, known only once it exists: see `bindOptionSet`. */
  readonly optionSetName?: string;
  /** Lookups are created with their 1:N relationship (RelationshipDefinitions), not as a column. */
  readonly viaRelationship: boolean;
  readonly body: Json;
}

export interface KeyRequest {
  readonly logicalName: string;
  readonly body: Json;
}

export interface TableRequest {
  readonly logicalName: string;
  /** POST EntityDefinitions: the table with its primary name column only. */
  readonly body: Json;
  /** POST EntityDefinitions(LogicalName='…')/Attributes, each; the primary name column is not among them. */
  readonly columns: readonly ColumnRequest[];
  /** POST EntityDefinitions(LogicalName='…')/Keys, each. */
  readonly keys: readonly KeyRequest[];
}

export interface RelationshipRequest {
  readonly schemaName: string;
  readonly body: Json;
}

export interface RolePrivilegeRequest {
  readonly name: string;
  readonly depth: "Basic" | "Local" | "Deep" | "Global";
}

export interface RoleRequest {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly privileges: readonly RolePrivilegeRequest[];
}

export interface SchemaRequests {
  readonly solutionUniqueName: string;
  readonly optionSets: readonly OptionSetRequest[];
  readonly tables: readonly TableRequest[];
  readonly relationships: readonly RelationshipRequest[];
  readonly roles: readonly RoleRequest[];
}

export function optionSetBody(column: ChoiceColumn): Json {
  return {
    "@odata.type": `${CRM}.OptionSetMetadata`,
    Name: column.optionSetName,
    ...describe(column.displayName, column.description),
    IsGlobal: true,
    OptionSetType: "Picklist",
    // Values are the schema's (publisher prefix 19235), so rows mean the same in every environment.
    Options: column.options.map((o) => ({ Value: o.value, Label: label(o.label), Description: label("") })),
  };
}

function stringColumn(logicalName: string, column: StringColumn, isPrimaryName = false): Json {
  return {
    "@odata.type": `${CRM}.StringAttributeMetadata`,
    AttributeType: "String",
    AttributeTypeName: { Value: "StringType" },
    SchemaName: logicalName,
    ...describe(column.displayName, column.description),
    RequiredLevel: requiredLevel(column.required),
    MaxLength: column.maxLength,
    FormatName: { Value: column.format === "url" ? "Url" : "Text" },
    ...(isPrimaryName ? { IsPrimaryName: true } : {}),
  };
}

/** The column's metadata body, by its schema type. */
export function columnBody(logicalName: string, column: Column): Json {
  const common = {
    SchemaName: logicalName,
    ...describe(column.displayName, column.description),
    RequiredLevel: requiredLevel(column.required),
  };
  switch (column.type) {
    case "string":
      return stringColumn(logicalName, column);
    case "memo":
      return {
        "@odata.type": `${CRM}.MemoAttributeMetadata`,
        AttributeType: "Memo",
        AttributeTypeName: { Value: "MemoType" },
        ...common,
        Format: "TextArea",
        MaxLength: column.maxLength,
      };
    case "boolean":
      return {
        "@odata.type": `${CRM}.BooleanAttributeMetadata`,
        AttributeType: "Boolean",
        AttributeTypeName: { Value: "BooleanType" },
        ...common,
        DefaultValue: column.defaultValue,
        OptionSet: {
          "@odata.type": `${CRM}.BooleanOptionSetMetadata`,
          TrueOption: { Value: 1, Label: label("Yes") },
          FalseOption: { Value: 0, Label: label("No") },
          OptionSetType: "Boolean",
        },
      };
    case "choice":
      return {
        "@odata.type": `${CRM}.PicklistAttributeMetadata`,
        AttributeType: "Picklist",
        AttributeTypeName: { Value: "PicklistType" },
        ...common,
        DefaultFormValue: column.defaultValue ?? -1,
      };
    case "integer":
      return {
        "@odata.type": `${CRM}.IntegerAttributeMetadata`,
        AttributeType: "Integer",
        AttributeTypeName: { Value: "IntegerType" },
        ...common,
        Format: "None",
        MinValue: column.min,
        MaxValue: column.max,
      };
    case "lookup":
      return {
        "@odata.type": `${CRM}.LookupAttributeMetadata`,
        AttributeType: "Lookup",
        AttributeTypeName: { Value: "LookupType" },
        ...common,
      };
  }
}

/** Sets the picklist's `GlobalOptionSet@odata.bind` once the option set's MetadataId is known. */
export function bindOptionSet(body: Json, optionSetMetadataId: string): Json {
  return { ...body, "GlobalOptionSet@odata.bind": `/GlobalOptionSetDefinitions(${optionSetMetadataId})` };
}

const OWNERSHIP = { OrganizationOwned: "OrganizationOwned", UserOwned: "UserOwned", BusinessOwned: "BusinessOwned" };

export function tableBody(table: TableShape): Json {
  const primary = table.columns[table.primaryNameAttribute];
  if (!primary || primary.type !== "string") {
    throw new Error(`${table.logicalName}: the primary name column ${table.primaryNameAttribute} must be a string`);
  }
  return {
    "@odata.type": `${CRM}.EntityMetadata`,
    SchemaName: table.logicalName,
    EntitySetName: table.entitySetName,
    DisplayName: label(table.displayName),
    DisplayCollectionName: label(table.displayCollectionName),
    Description: label(table.description ?? ""),
    OwnershipType: OWNERSHIP[table.ownership],
    IsActivity: false,
    HasActivities: false,
    HasNotes: false,
    Attributes: [stringColumn(table.primaryNameAttribute, primary, true)],
  };
}

export function keyBody(key: TableShape["alternateKeys"][number]): Json {
  return {
    "@odata.type": `${CRM}.EntityKeyMetadata`,
    SchemaName: key.logicalName,
    DisplayName: label(key.displayName),
    KeyAttributes: [...key.columns],
  };
}

const menu = (text: string): Json => ({
  Behavior: "UseLabel",
  Group: "Details",
  Label: label(text),
  Order: 10000,
});

export function manyToManyBody(relationship: ManyToManyRelationship, tables: readonly TableShape[]): Json {
  const named = (name: string) => tables.find((t) => t.logicalName === name)?.displayCollectionName ?? name;
  return {
    "@odata.type": `${CRM}.ManyToManyRelationshipMetadata`,
    SchemaName: relationship.schemaName,
    Entity1LogicalName: relationship.entity1,
    Entity2LogicalName: relationship.entity2,
    IntersectEntityName: relationship.intersectEntityName,
    Entity1NavigationPropertyName: relationship.entity1NavigationProperty,
    Entity2NavigationPropertyName: relationship.entity2NavigationProperty,
    Entity1AssociatedMenuConfiguration: menu(named(relationship.entity2)),
    Entity2AssociatedMenuConfiguration: menu(named(relationship.entity1)),
  };
}

/** A lookup column is created as the Lookup of a OneToManyRelationshipMetadata (the referenced table's 1:N). */
export function oneToManyBody(table: TableShape, logicalName: string, column: Column & { type: "lookup" }): Json {
  return {
    "@odata.type": `${CRM}.OneToManyRelationshipMetadata`,
    SchemaName: column.collectionNavigationProperty,
    ReferencedEntity: column.target,
    ReferencingEntity: table.logicalName,
    ReferencingEntityNavigationPropertyName: column.navigationProperty,
    ReferencedEntityNavigationPropertyName: column.collectionNavigationProperty,
    CascadeConfiguration: {
      Assign: "NoCascade",
      Delete: "RemoveLink",
      Merge: "NoCascade",
      Reparent: "NoCascade",
      Share: "NoCascade",
      Unshare: "NoCascade",
    },
    Lookup: columnBody(logicalName, column),
  };
}

export function tableRequest(table: TableShape): TableRequest {
  const columns = Object.entries(table.columns)
    .filter(([name]) => name !== table.primaryNameAttribute)
    .map(([logicalName, column]) => ({
      logicalName,
      ...(column.type === "choice" ? { optionSetName: column.optionSetName } : {}),
      viaRelationship: column.type === "lookup",
      body: column.type === "lookup" ? oneToManyBody(table, logicalName, column) : columnBody(logicalName, column),
    }));
  return {
    logicalName: table.logicalName,
    body: tableBody(table),
    columns,
    keys: table.alternateKeys.map((key) => ({ logicalName: key.logicalName, body: keyBody(key) })),
  };
}

/**
 * The packer's whole privilege list of a role (the App Opener minimum with its depths, then the table privileges),
 * where Solutions/src/roles.ts provides one, so both deploy paths grant exactly what the zip's `<Role>` names.
 */
type PackerPrivileges = (role: SecurityRole) => readonly { name: string; level: RolePrivilegeRequest["depth"] }[];
const packerPrivileges = (packerRoles as unknown as { rolePrivileges?: PackerPrivileges }).rolePrivileges;

/** The role's privileges by name; the tables of an organization-owned solution take depth Global, as the zip's roles. */
export function roleRequest(role: SecurityRole): RoleRequest {
  const privileges = packerPrivileges
    ? packerPrivileges(role).map((p) => ({ name: p.name, depth: p.level }))
    : Object.entries(role.privileges).flatMap(([table, list]) =>
        (list ?? []).map((privilege) => ({ name: privilegeName(table, privilege), depth: "Global" as const })),
      );
  return { id: role.id, name: role.name, description: role.description, privileges };
}

/** POST roles: the role in the root business unit, with the schema's fixed id so every environment agrees. */
export function roleBody(role: RoleRequest, businessUnitId: string): Json {
  return {
    roleid: role.id,
    name: role.name,
    description: role.description,
    "businessunitid@odata.bind": `/businessunits(${businessUnitId})`,
  };
}

/** AddPrivilegesRole's body, once the privileges' ids are known (they differ from one environment to the next). */
export function addPrivilegesBody(
  privileges: readonly { readonly id: string; readonly depth: RolePrivilegeRequest["depth"] }[],
  businessUnitId: string,
): Json {
  return {
    Privileges: privileges.map((p) => ({
      "@odata.type": `${CRM}.RolePrivilege`,
      PrivilegeId: p.id,
      Depth: p.depth,
      BusinessUnitId: businessUnitId,
    })),
  };
}

/** Everything the schema defines, in the order the platform needs: option sets, tables, relationships, roles. */
export function schemaRequests(
  tables: readonly TableShape[] = solutionTables,
  relationships: readonly ManyToManyRelationship[] = manyToManyRelationships,
  roles: readonly SecurityRole[] = securityRoles,
): SchemaRequests {
  return {
    solutionUniqueName: SOLUTION_UNIQUE_NAME,
    optionSets: choiceColumns(tables).map((column) => ({ name: column.optionSetName, body: optionSetBody(column) })),
    tables: tables.map(tableRequest),
    relationships: relationships.map((r) => ({ schemaName: r.schemaName, body: manyToManyBody(r, tables) })),
    roles: roles.map(roleRequest),
  };
}

/** The header that puts each created component into the solution (Learn: use-web-api-metadata). */
export const solutionHeader = (solutionUniqueName: string): Record<string, string> => ({
  "MSCRM.SolutionUniqueName": solutionUniqueName,
});
