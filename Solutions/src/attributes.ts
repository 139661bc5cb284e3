/**
 * `<attribute>` elements of an entity: one per schema column, plus the system columns Dataverse creates for every
 * organization-owned table. Child order follows real exports; elements the 9.0 XSD does not know are left out.
 */
import type { BooleanColumn, ChoiceColumn, Column, IntegerColumn, StringColumn } from "../../schema";
import type { TableShape } from "./table";
import { el, leaf, type Child, type XmlElement } from "./xml";
import { descriptions, displayNames, labels } from "./labels";
import { isColumnAudited } from "../../schema/audit";

export const INTRODUCED_VERSION = "1.0.0.0";
/** The version real exports give the attributes and relationships the platform creates with a table. */
export const PLATFORM_INTRODUCED_VERSION = "1.0";
const bit = (value: boolean): number => (value ? 1 : 0);

interface AttributeSpec {
  readonly type: string;
  /** The column's schema name (exports write `CreatedBy`, `statecode`, `apm_appprofileId`). */
  readonly physicalName: string;
  readonly required: "none" | "required" | "systemrequired";
  /** Left out where the platform writes none (OrganizationId, the time zone columns). */
  readonly displayMask?: string;
  /** `auto` unless the platform says otherwise (dates `inactive`, the import sequence `disabled`). */
  readonly imeMode?: "auto" | "inactive" | "disabled";
  readonly custom: boolean;
  readonly create: boolean;
  readonly update: boolean;
  readonly audit: boolean;
  readonly displayName: string;
  readonly description: string;
  /** Type-specific elements, written between the common settings and the labels. */
  readonly details: readonly Child[];
}

function attribute(spec: AttributeSpec): XmlElement {
  const logicalName = spec.physicalName.toLowerCase();
  return el(
    "attribute",
    { PhysicalName: spec.physicalName },
    leaf("Type", spec.type),
    leaf("Name", logicalName),
    leaf("LogicalName", logicalName),
    leaf("RequiredLevel", spec.required),
    spec.displayMask !== undefined && leaf("DisplayMask", spec.displayMask),
    leaf("ImeMode", spec.imeMode ?? "auto"),
    leaf("ValidForUpdateApi", bit(spec.update)),
    leaf("ValidForReadApi", 1),
    leaf("ValidForCreateApi", bit(spec.create)),
    leaf("IsCustomField", bit(spec.custom)),
    leaf("IsAuditEnabled", bit(spec.audit)),
    leaf("IsSecured", 0),
    leaf("IntroducedVersion", spec.custom ? INTRODUCED_VERSION : PLATFORM_INTRODUCED_VERSION),
    leaf("IsCustomizable", 1),
    leaf("IsRenameable", 1),
    leaf("CanModifySearchSettings", 1),
    leaf("CanModifyRequirementLevelSettings", bit(spec.type !== "primarykey")),
    leaf("CanModifyAdditionalSettings", 1),
    leaf("SourceType", 0),
    leaf("IsGlobalFilterEnabled", 0),
    leaf("IsSortableEnabled", 0),
    leaf("CanModifyGlobalFilterSettings", 1),
    leaf("CanModifyIsSortableSettings", 1),
    leaf("IsDataSourceSecret", 0),
    spec.details,
    displayNames(spec.displayName),
    descriptions(spec.description),
  );
}

const FORM_MASK = "ValidForAdvancedFind|ValidForForm|ValidForGrid";

/** Option values of a Yes/No column, as Dataverse writes its local `bit` option set. */
function booleanOptionSet(table: TableShape, name: string, column: BooleanColumn): XmlElement {
  const option = (value: number, text: string) => el("option", { value, ExternalValue: "" }, labels(text));
  return el(
    "optionset",
    { Name: `${table.logicalName}_${name}` },
    leaf("OptionSetType", "bit"),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
    leaf("IsCustomizable", 1),
    displayNames(column.displayName),
    descriptions(column.description ?? ""),
    el("options", {}, option(1, "Yes"), option(0, "No")),
  );
}

function columnDetails(table: TableShape, name: string, column: Column): { type: string; details: Child[] } {
  switch (column.type) {
    case "string":
    case "memo":
      return stringDetails(column);
    case "boolean":
      return {
        type: "bit",
        details: [leaf("AppDefaultValue", bit(column.defaultValue)), booleanOptionSet(table, name, column)],
      };
    case "choice":
      return { type: "picklist", details: choiceDetails(column) };
    case "integer":
      return { type: "int", details: integerDetails(column) };
    case "lookup":
      throw new Error(`${table.logicalName}.${name}: lookup columns are not supported by the solution packer`);
  }
}

/** A memo column is exported as `ntext` with Format `text` and no Length (real-exports/custom-attributes-memo-bit.xml). */
function stringDetails(column: StringColumn): { type: string; details: Child[] } {
  if (column.type === "memo") {
    return { type: "ntext", details: [leaf("Format", "text"), leaf("MaxLength", column.maxLength)] };
  }
  return {
    type: "nvarchar",
    details: [
      leaf("Format", column.format ?? "text"),
      leaf("MaxLength", column.maxLength),
      leaf("Length", column.maxLength * 2),
    ],
  };
}

function choiceDetails(column: ChoiceColumn): Child[] {
  return [leaf("AppDefaultValue", column.defaultValue ?? -1), leaf("OptionSetName", column.optionSetName)];
}

function integerDetails(column: IntegerColumn): Child[] {
  return [leaf("Format", "none"), leaf("MinValue", column.min), leaf("MaxValue", column.max)];
}

export function columnAttribute(table: TableShape, name: string, column: Column): XmlElement {
  const primaryName = name === table.primaryNameAttribute;
  const { type, details } = columnDetails(table, name, column);
  return attribute({
    type,
    physicalName: name,
    required: column.required ? "required" : "none",
    displayMask: `${primaryName ? "PrimaryName|" : ""}${FORM_MASK}${column.required ? "|RequiredForForm" : ""}`,
    custom: true,
    create: true,
    update: true,
    audit: isColumnAudited(table.logicalName, name),
    displayName: column.displayName,
    description: column.description ?? "",
    details,
  });
}

type SystemSpec = Omit<AttributeSpec, "custom" | "required"> & { readonly required?: AttributeSpec["required"] };

const lookup = (style: boolean): Child[] => [style && leaf("LookupStyle", "single"), el("LookupTypes")];
const dateTime = (format: string): Child[] => [
  leaf("Format", format),
  leaf("CanChangeDateTimeBehavior", 0),
  leaf("Behavior", 1),
];
const wholeNumber = (min: number): Child[] => [el("Format"), leaf("MinValue", min), leaf("MaxValue", 2147483647)];

/**
 * The system columns Dataverse creates for an organization-owned custom table, exactly those a real export carries
 * (real-exports/org-owned-table-entity.xml: no VersionNumber), with the platform's schema names and settings.
 */
function systemColumnSpecs(table: TableShape): SystemSpec[] {
  const readOnly = { create: false, update: false };
  return [
    {
      type: "lookup",
      physicalName: "CreatedBy",
      displayMask: FORM_MASK,
      ...readOnly,
      audit: false,
      displayName: "Created By",
      description: "Unique identifier of the user who created the record.",
      details: lookup(true),
    },
    {
      type: "datetime",
      physicalName: "CreatedOn",
      displayMask: FORM_MASK,
      ...readOnly,
      audit: false,
      displayName: "Created On",
      description: "Date and time when the record was created.",
      imeMode: "inactive",
      details: dateTime("datetime"),
    },
    {
      type: "lookup",
      physicalName: "CreatedOnBehalfBy",
      displayMask: FORM_MASK,
      ...readOnly,
      audit: false,
      displayName: "Created By (Delegate)",
      description: "Unique identifier of the delegate user who created the record.",
      details: lookup(true),
    },
    {
      type: "int",
      physicalName: "ImportSequenceNumber",
      displayMask: "ValidForAdvancedFind",
      create: true,
      update: false,
      audit: true,
      displayName: "Import Sequence Number",
      description: "Sequence number of the import that created this record.",
      imeMode: "disabled",
      details: wholeNumber(-2147483648),
    },
    {
      type: "lookup",
      physicalName: "ModifiedBy",
      displayMask: FORM_MASK,
      ...readOnly,
      audit: false,
      displayName: "Modified By",
      description: "Unique identifier of the user who modified the record.",
      details: lookup(true),
    },
    {
      type: "datetime",
      physicalName: "ModifiedOn",
      displayMask: FORM_MASK,
      ...readOnly,
      audit: false,
      displayName: "Modified On",
      description: "Date and time when the record was modified.",
      imeMode: "inactive",
      details: dateTime("datetime"),
    },
    {
      type: "lookup",
      physicalName: "ModifiedOnBehalfBy",
      displayMask: FORM_MASK,
      ...readOnly,
      audit: false,
      displayName: "Modified By (Delegate)",
      description: "Unique identifier of the delegate user who modified the record.",
      details: lookup(true),
    },
    {
      type: "lookup",
      physicalName: "OrganizationId",
      ...readOnly,
      audit: true,
      displayName: "Organization Id",
      description: "Unique identifier for the organization",
      details: lookup(false),
    },
    {
      type: "datetime",
      physicalName: "OverriddenCreatedOn",
      displayMask: "ValidForAdvancedFind|ValidForGrid",
      create: true,
      update: false,
      audit: true,
      displayName: "Record Created On",
      description: "Date and time that the record was migrated.",
      imeMode: "inactive",
      details: dateTime("date"),
    },
    stateSpec(table),
    statusSpec(table),
    {
      type: "int",
      physicalName: "TimeZoneRuleVersionNumber",
      create: true,
      update: true,
      audit: false,
      displayName: "Time Zone Rule Version Number",
      description: "For internal use only.",
      details: wholeNumber(-1),
    },
    {
      type: "int",
      physicalName: "UTCConversionTimeZoneCode",
      create: true,
      update: true,
      audit: false,
      displayName: "UTC Conversion Time Zone Code",
      description: "Time zone code that was in use when the record was created.",
      details: wholeNumber(-1),
    },
  ];
}

/** The platform's system attributes of a table, the primary key first. */
export function systemAttributes(table: TableShape): XmlElement[] {
  if (table.ownership !== "OrganizationOwned") {
    throw new Error(`${table.logicalName}: only organization-owned tables are supported by the solution packer`);
  }
  const primaryKey = attribute({
    type: "primarykey",
    // The primary key's schema name is the table's schema name plus "Id" (apollo_InsuranceClaimId).
    physicalName: `${table.logicalName}Id`,
    required: "systemrequired",
    displayMask: "ValidForAdvancedFind|RequiredForGrid",
    custom: false,
    create: true,
    update: false,
    audit: false,
    displayName: table.displayName,
    description: "Unique identifier for entity instances",
    details: [],
  });
  const system = systemColumnSpecs(table).map((spec) => attribute({ required: "none", ...spec, custom: false }));
  return [primaryKey, ...system];
}

const optionSetHead = (type: string, displayName: string, description: string): Child[] => [
  leaf("OptionSetType", type),
  leaf("IntroducedVersion", PLATFORM_INTRODUCED_VERSION),
  leaf("IsCustomizable", 1),
  displayNames(displayName),
  descriptions(description),
];

function stateSpec(table: TableShape): SystemSpec {
  const description = `Status of the ${table.displayName}`;
  const state = (value: number, status: number, name: string) =>
    el("state", { value, defaultstatus: status, invariantname: name }, labels(name));
  return {
    type: "state",
    physicalName: "statecode",
    required: "systemrequired",
    displayMask: FORM_MASK,
    create: false,
    update: true,
    audit: true,
    displayName: "Status",
    description,
    details: [
      el(
        "optionset",
        { Name: `${table.logicalName}_statecode` },
        optionSetHead("state", "Status", description),
        el("states", {}, state(0, 1, "Active"), state(1, 2, "Inactive")),
      ),
    ],
  };
}

function statusSpec(table: TableShape): SystemSpec {
  const description = `Reason for the status of the ${table.displayName}`;
  const status = (value: number, state: number, name: string) =>
    el("status", { value, state }, labels(name), descriptions(""));
  return {
    type: "status",
    physicalName: "statuscode",
    displayMask: FORM_MASK,
    create: true,
    update: true,
    audit: true,
    displayName: "Status Reason",
    description,
    details: [
      el(
        "optionset",
        { Name: `${table.logicalName}_statuscode` },
        optionSetHead("status", "Status Reason", description),
        el("statuses", {}, status(1, 0, "Active"), status(2, 1, "Inactive")),
      ),
    ],
  };
}

/** All attributes of a table, sorted by schema name case-insensitively, as exports sort them. */
export function tableAttributes(table: TableShape): XmlElement[] {
  const own = Object.entries(table.columns).map(([name, column]) => columnAttribute(table, name, column));
  const key = (a: XmlElement) => String(a.attrs.PhysicalName).toLowerCase();
  return [...systemAttributes(table), ...own].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
