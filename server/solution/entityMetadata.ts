/**
 * The definitions (EntityMetadata, AttributeMetadata, EntityKeyMetadata) of the tables an environment has, built from
 * the schema module for the tables installed here, in the shape the Web API returns them.
 * Learn: webapi/reference/entitymetadata, attributemetadata, entitykeymetadata; webapi/query-metadata-web-api.
 */
import type Database from "better-sqlite3";
import type { AnyTable, Column } from "../../schema";
import { serverRelationships, serverTables } from "../platform";
import { intersectColumns } from "../storage/layout";
import { KeyIndexes } from "./keyIndexes";
import { MetadataStore } from "./metadataWritesStore";
import { attributeMetadataId, entityMetadataId, keyMetadataId } from "./metadataIds";
import { SolutionStore } from "./store";

export type MetadataRecord = Record<string, unknown>;

/** A metadata record and its derived type (`Microsoft.Dynamics.CRM.StringAttributeMetadata`), for casts. */
export interface TypedRecord {
  readonly type: string;
  readonly record: MetadataRecord;
}

export interface EntityDefinition {
  readonly record: MetadataRecord;
  readonly attributes: readonly TypedRecord[];
  readonly keys: readonly TypedRecord[];
}

/** Object type codes of the platform tables (Learn: reference/entities/<table>); custom tables get 10000 and up. */
const PLATFORM_TYPE_CODES: Readonly<Record<string, number>> = {
  systemuser: 8,
  team: 9,
  businessunit: 10,
  role: 1036,
  environmentvariabledefinition: 380,
  environmentvariablevalue: 381,
  sdkmessage: 4606,
  sdkmessagefilter: 4607,
  sdkmessageprocessingstep: 4608,
  sdkmessageprocessingstepimage: 4615,
  serviceendpoint: 4618,
};
const FIRST_CUSTOM_TYPE_CODE = 10000;

export function label(text: string | undefined, isManaged: boolean): MetadataRecord {
  if (!text) return { LocalizedLabels: [], UserLocalizedLabel: null };
  const localized = { Label: text, LanguageCode: 1033, IsManaged: isManaged, MetadataId: null, HasChanged: null };
  return { LocalizedLabels: [localized], UserLocalizedLabel: localized };
}

const managedProperty = (value: boolean, name: string) => ({
  Value: value,
  CanBeChanged: !value,
  ManagedPropertyLogicalName: name,
});

/** Columns every row carries (storage/layout's audit columns), as the platform defines them. */
const SYSTEM_ATTRIBUTES: readonly { name: string; schemaName: string; type: string; display: string }[] = [
  { name: "createdon", schemaName: "CreatedOn", type: "DateTime", display: "Created On" },
  { name: "modifiedon", schemaName: "ModifiedOn", type: "DateTime", display: "Modified On" },
  { name: "versionnumber", schemaName: "VersionNumber", type: "BigInt", display: "Version Number" },
  { name: "createdby", schemaName: "CreatedBy", type: "Lookup", display: "Created By" },
  { name: "modifiedby", schemaName: "ModifiedBy", type: "Lookup", display: "Modified By" },
];

/** AttributeTypeCode and the derived metadata type of each column type. */
const TYPES: Readonly<Record<string, { code: string; metadata: string }>> = {
  Uniqueidentifier: { code: "Uniqueidentifier", metadata: "UniqueIdentifierAttributeMetadata" },
  string: { code: "String", metadata: "StringAttributeMetadata" },
  memo: { code: "Memo", metadata: "MemoAttributeMetadata" },
  boolean: { code: "Boolean", metadata: "BooleanAttributeMetadata" },
  choice: { code: "Picklist", metadata: "PicklistAttributeMetadata" },
  integer: { code: "Integer", metadata: "IntegerAttributeMetadata" },
  lookup: { code: "Lookup", metadata: "LookupAttributeMetadata" },
  DateTime: { code: "DateTime", metadata: "DateTimeAttributeMetadata" },
  BigInt: { code: "BigInt", metadata: "BigIntAttributeMetadata" },
  Lookup: { code: "Lookup", metadata: "LookupAttributeMetadata" },
};

/** What a derived attribute type adds to AttributeMetadata's properties. */
function derivedProperties(column: Column): MetadataRecord {
  switch (column.type) {
    case "string":
      return { MaxLength: column.maxLength, FormatName: { Value: column.format === "url" ? "Url" : "Text" } };
    case "memo":
      return { MaxLength: column.maxLength, Format: "TextArea" };
    case "boolean":
      return { DefaultValue: column.defaultValue };
    case "choice":
      return { DefaultFormValue: column.defaultValue ?? -1 };
    case "integer":
      return { MinValue: column.min, MaxValue: column.max, Format: "None" };
    case "lookup":
      return { Targets: [column.target] };
  }
}

interface AttributeSpec {
  readonly name: string;
  readonly schemaName: string;
  readonly typeKey: string;
  readonly display: string;
  readonly description?: string;
  readonly required: "None" | "ApplicationRequired" | "SystemRequired";
  readonly custom: boolean;
  readonly primaryId?: boolean;
  readonly primaryName?: boolean;
  readonly extra?: MetadataRecord;
}

function attributeRecord(entity: string, spec: AttributeSpec, isManaged: boolean): TypedRecord {
  const type = TYPES[spec.typeKey];
  const metadataType = `Microsoft.Dynamics.CRM.${type.metadata}`;
  return {
    type: metadataType,
    record: {
      "@odata.type": `#${metadataType}`,
      MetadataId: attributeMetadataId(entity, spec.name),
      LogicalName: spec.name,
      SchemaName: spec.schemaName,
      EntityLogicalName: entity,
      AttributeType: type.code,
      AttributeTypeName: { Value: `${type.code}Type` },
      DisplayName: label(spec.display, isManaged),
      Description: label(spec.description, isManaged),
      RequiredLevel: {
        Value: spec.required,
        CanBeChanged: spec.required !== "SystemRequired",
        ManagedPropertyLogicalName: "canmodifyrequirementlevelsettings",
      },
      IsCustomAttribute: spec.custom,
      IsPrimaryId: spec.primaryId ?? false,
      IsPrimaryName: spec.primaryName ?? false,
      IsManaged: isManaged,
      IsValidForCreate: spec.name !== "versionnumber" && !["createdon", "modifiedon"].includes(spec.name),
      IsValidForUpdate: !spec.primaryId && !SYSTEM_ATTRIBUTES.some((s) => s.name === spec.name),
      IsValidForRead: true,
      ...spec.extra,
    },
  };
}

function tableAttributes(table: AnyTable, isManaged: boolean): TypedRecord[] {
  const custom = !table.platform;
  const specs: AttributeSpec[] = [
    {
      name: table.primaryIdAttribute,
      schemaName: table.primaryIdAttribute,
      typeKey: "Uniqueidentifier",
      display: table.displayName,
      required: "SystemRequired",
      custom: false,
      primaryId: true,
    },
    ...Object.entries(table.columns as Record<string, Column>).map(
      ([name, column]): AttributeSpec => ({
        name,
        schemaName: name,
        typeKey: column.type,
        display: column.displayName,
        description: column.description,
        required: column.required ? "ApplicationRequired" : "None",
        custom,
        primaryName: name === table.primaryNameAttribute,
        extra: derivedProperties(column),
      }),
    ),
    ...SYSTEM_ATTRIBUTES.map(
      (s): AttributeSpec => ({
        name: s.name,
        schemaName: s.schemaName,
        typeKey: s.type,
        display: s.display,
        required: "None",
        custom: false,
        extra: s.type === "Lookup" ? { Targets: ["systemuser"] } : {},
      }),
    ),
  ];
  return specs.map((spec) => attributeRecord(table.logicalName, spec, isManaged));
}

function keyRecords(db: Database.Database, table: AnyTable, isManaged: boolean): TypedRecord[] {
  const indexes = KeyIndexes.of(db);
  return table.alternateKeys.map((key) => ({
    type: "Microsoft.Dynamics.CRM.EntityKeyMetadata",
    record: {
      MetadataId: keyMetadataId(table.logicalName, key.logicalName),
      LogicalName: key.logicalName,
      SchemaName: key.logicalName,
      EntityLogicalName: table.logicalName,
      DisplayName: label(key.displayName, isManaged),
      KeyAttributes: [...key.columns],
      EntityKeyIndexStatus: indexes.status(table.logicalName, key.logicalName),
      IsManaged: isManaged,
      IsCustomizable: managedProperty(!isManaged, "iscustomizable"),
      IsExportKey: false,
      IsSecondaryKey: false,
      IntroducedVersion: "1.0.0.0",
    },
  }));
}

interface EntitySpec {
  readonly logicalName: string;
  readonly entitySetName: string;
  readonly displayName: string;
  readonly displayCollectionName: string;
  readonly description?: string;
  readonly ownership: string;
  readonly primaryIdAttribute: string;
  readonly primaryNameAttribute: string | null;
  readonly custom: boolean;
  readonly intersect: boolean;
}

function entityRecord(spec: EntitySpec, typeCode: number, isManaged: boolean): MetadataRecord {
  return {
    MetadataId: entityMetadataId(spec.logicalName),
    LogicalName: spec.logicalName,
    SchemaName: spec.logicalName,
    EntitySetName: spec.entitySetName,
    LogicalCollectionName: spec.entitySetName,
    CollectionSchemaName: spec.entitySetName,
    ObjectTypeCode: typeCode,
    OwnershipType: spec.ownership,
    TableType: "Standard",
    PrimaryIdAttribute: spec.primaryIdAttribute,
    PrimaryNameAttribute: spec.primaryNameAttribute,
    DisplayName: label(spec.displayName, isManaged),
    DisplayCollectionName: label(spec.displayCollectionName, isManaged),
    Description: label(spec.description, isManaged),
    IsCustomEntity: spec.custom,
    IsManaged: isManaged,
    IsIntersect: spec.intersect,
    IsActivity: false,
    IsValidForAdvancedFind: !spec.intersect,
    IsCustomizable: managedProperty(!isManaged || spec.custom, "iscustomizable"),
    HasChanged: null,
  };
}

/** Every table definition the environment has: platform tables, then what solutions brought, in schema order. */
export function entityDefinitions(db: Database.Database): EntityDefinition[] {
  const store = SolutionStore.of(db);
  const managed = (name: string, platform: boolean) => platform || store.installedManaged(name);
  let nextCode = FIRST_CUSTOM_TYPE_CODE;
  const definitions: EntityDefinition[] = [];
  for (const schemaTable of serverTables) {
    // A table created through the metadata Web API is what was created, column by column (metadataWrites.ts).
    const table = (MetadataStore.of(db).get("entity", schemaTable.logicalName) ?? schemaTable) as AnyTable;
    const platform = table.platform ?? false;
    const code = PLATFORM_TYPE_CODES[table.logicalName] ?? nextCode++;
    if (!store.hasTable(table.logicalName)) continue;
    const isManaged = managed(table.logicalName, platform);
    const record = entityRecord(
      { ...table, custom: !platform, intersect: false, ownership: table.ownership },
      code,
      isManaged,
    );
    definitions.push({
      record,
      attributes: tableAttributes(table, isManaged),
      keys: keyRecords(db, table, isManaged),
    });
  }
  for (const relationship of serverRelationships) {
    const code = nextCode++;
    const name = relationship.intersectEntityName;
    if (!store.hasTable(name)) continue;
    const platform = store.isPlatformTable(name);
    const isManaged = managed(name, platform);
    const id = `${name}id`;
    const record = entityRecord(
      {
        logicalName: name,
        entitySetName: `${name}set`,
        displayName: name,
        displayCollectionName: name,
        ownership: "None",
        primaryIdAttribute: id,
        primaryNameAttribute: null,
        custom: !platform,
        intersect: true,
      },
      code,
      isManaged,
    );
    const ids = intersectColumns(relationship).map((column) =>
      attributeRecord(
        name,
        {
          name: column,
          schemaName: column,
          typeKey: "Uniqueidentifier",
          display: column,
          required: "None",
          custom: false,
        },
        isManaged,
      ),
    );
    const primary = attributeRecord(
      name,
      {
        name: id,
        schemaName: id,
        typeKey: "Uniqueidentifier",
        display: name,
        required: "SystemRequired",
        custom: false,
        primaryId: true,
      },
      isManaged,
    );
    definitions.push({ record, attributes: [primary, ...ids], keys: [] });
  }
  return definitions;
}
