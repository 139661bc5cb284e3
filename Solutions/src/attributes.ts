/**
 * `<attribute>` elements of an entity: one per schema column, plus the system columns Dataverse creates for every
 * organization-owned table. Child order follows real exports; elements the 9.0 XSD does not know are left out.
 */
import type { BooleanColumn, ChoiceColumn, Column, IntegerColumn, StringColumn } from "../../schema";
import type { TableShape } from "./table";
import { el, leaf, type Child, type XmlElement } from "./xml";
import { descriptions, displayNames, labels } from "./labels";

export const INTRODUCED_VERSION = "1.0.0.0";
const bit = (value: boolean): number => (value ? 1 : 0);

interface AttributeSpec {
  readonly type: string;
  readonly logicalName: string;
  readonly required: "none" | "required" | "systemrequired";
  readonly displayMask: string;
  readonly custom: boolean;
  readonly create: boolean;
  readonly update: boolean;
  readonly displayName: string;
  readonly description: string;
  /** Type-specific elements, written between the common settings and the labels. */
  readonly details: readonly Child[];
}

function attribute(spec: AttributeSpec): XmlElement {
  return el(
    "attribute",
    { PhysicalName: spec.logicalName },
    leaf("Type", spec.type),
    leaf("Name", spec.logicalName),
    leaf("LogicalName", spec.logicalName),
    leaf("RequiredLevel", spec.required),
    leaf("DisplayMask", spec.displayMask),
    leaf("ImeMode", "auto"),
    leaf("ValidForUpdateApi", bit(spec.update)),
    leaf("ValidForReadApi", 1),
    leaf("ValidForCreateApi", bit(spec.create)),
    leaf("IsCustomField", bit(spec.custom)),
    leaf("IsAuditEnabled", bit(spec.custom)),
    leaf("IsSecured", 0),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
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

function stringDetails(column: StringColumn): { type: string; details: Child[] } {
  const format = column.type === "memo" ? "textarea" : (column.format ?? "text");
  return {
    type: column.type === "memo" ? "ntext" : "nvarchar",
    details: [leaf("Format", format), leaf("MaxLength", column.maxLength), leaf("Length", column.maxLength * 2)],
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
    logicalName: name,
    required: column.required ? "required" : "none",
    displayMask: `${primaryName ? "PrimaryName|" : ""}${FORM_MASK}${column.required ? "|RequiredForForm" : ""}`,
    custom: true,
    create: true,
    update: true,
    displayName: column.displayName,
    description: column.description ?? "",
    details,
  });
}

/** The attributes Dataverse adds to every organization-owned custom table; exports carry them too. */
export function systemAttributes(table: TableShape): XmlElement[] {
  const system = (logicalName: string, type: string, displayName: string, description: string, details: Child[] = []) =>
    attribute({
      type,
      logicalName,
      required: "none",
      displayMask: FORM_MASK,
      custom: false,
      create: false,
      update: false,
      displayName,
      description,
      details,
    });
  const lookup = [leaf("LookupStyle", "single"), el("LookupTypes")];
  const dateTime = [leaf("Format", "datetime"), leaf("CanChangeDateTimeBehavior", 0), leaf("Behavior", 1)];
  return [
    attribute({
      type: "primarykey",
      logicalName: table.primaryIdAttribute,
      required: "systemrequired",
      displayMask: "ValidForAdvancedFind|RequiredForGrid",
      custom: false,
      create: true,
      update: false,
      displayName: table.displayName,
      description: "Unique identifier for entity instances",
      details: [],
    }),
    system("createdby", "lookup", "Created By", "Unique identifier of the user who created the record.", lookup),
    system("createdon", "datetime", "Created On", "Date and time when the record was created.", dateTime),
    system("modifiedby", "lookup", "Modified By", "Unique identifier of the user who modified the record.", lookup),
    system("modifiedon", "datetime", "Modified On", "Date and time when the record was modified.", dateTime),
    system("organizationid", "lookup", "Organization Id", "Unique identifier for the organization", lookup),
    stateAttribute(table),
    statusAttribute(table),
  ];
}

function stateAttribute(table: TableShape): XmlElement {
  const state = (value: number, status: number, name: string) =>
    el("state", { value, defaultstatus: status, invariantname: name }, labels(name));
  return attribute({
    type: "state",
    logicalName: "statecode",
    required: "systemrequired",
    displayMask: FORM_MASK,
    custom: false,
    create: false,
    update: true,
    displayName: "Status",
    description: `Status of the ${table.displayName}`,
    details: [
      el(
        "optionset",
        { Name: `${table.logicalName}_statecode` },
        leaf("OptionSetType", "state"),
        leaf("IntroducedVersion", INTRODUCED_VERSION),
        leaf("IsCustomizable", 1),
        displayNames("Status"),
        descriptions(`Status of the ${table.displayName}`),
        el("states", {}, state(0, 1, "Active"), state(1, 2, "Inactive")),
      ),
    ],
  });
}

function statusAttribute(table: TableShape): XmlElement {
  const status = (value: number, state: number, name: string) => el("status", { value, state }, labels(name));
  return attribute({
    type: "status",
    logicalName: "statuscode",
    required: "none",
    displayMask: FORM_MASK,
    custom: false,
    create: true,
    update: true,
    displayName: "Status Reason",
    description: `Reason for the status of the ${table.displayName}`,
    details: [
      el(
        "optionset",
        { Name: `${table.logicalName}_statuscode` },
        leaf("OptionSetType", "status"),
        leaf("IntroducedVersion", INTRODUCED_VERSION),
        leaf("IsCustomizable", 1),
        displayNames("Status Reason"),
        descriptions(`Reason for the status of the ${table.displayName}`),
        el("statuses", {}, status(1, 0, "Active"), status(2, 1, "Inactive")),
      ),
    ],
  });
}

/** All attributes of a table, sorted by name as exports sort them. */
export function tableAttributes(table: TableShape): XmlElement[] {
  const own = Object.entries(table.columns).map(([name, column]) => columnAttribute(table, name, column));
  const key = (a: XmlElement) => String(a.attrs.PhysicalName).toLowerCase();
  return [...systemAttributes(table), ...own].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
