/**
 * The bodies of metadata writes, checked as Dataverse checks them and turned into the schema's shapes (the same
 * `TableDefinition` a solution zip's customizations.xml becomes), so install.ts creates the SQLite tables either way.
 *
 * Learn: webapi/create-update-entity-definitions-using-web-api (SchemaName with the publisher's prefix, DisplayName,
 * DisplayCollectionName, OwnershipType, the primary name attribute with IsPrimaryName),
 * webapi/create-update-column-definitions-using-web-api, webapi/create-update-entity-relationships-using-web-api,
 * webapi/create-update-optionsets.
 */
import type { AlternateKey, ChoiceOption, Column, TableDefinition } from "../../schema";
import { DataverseError } from "../errors";
import { isGuid } from "../ids";
import type { ManyToManyRecord, OptionSetRecord } from "./metadataWritesStore";

export type Json = Record<string, unknown>;
const CRM = "Microsoft.Dynamics.CRM.";
const bad = (message: string) => new DataverseError("InvalidArgument", message);

export function asObject(value: unknown, what: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw bad(`The body of ${what} must be a JSON object.`);
  }
  return value as Json;
}

/**
 * `@odata.type`, when given, must name a type of the model and one this entity set takes; unknown names get the
 * OData library's own message, as Dataverse returns it.
 */
export function odataType(body: Json, allowed: readonly string[], where: string): string {
  const given = body["@odata.type"];
  if (given === undefined) return allowed[0];
  const name = typeof given === "string" ? given.replace(/^#/, "") : "";
  const short = name.startsWith(CRM) ? name.slice(CRM.length) : "";
  if (!KNOWN_TYPES.has(short)) {
    throw new DataverseError(
      "BadRequestSyntax",
      `A type named '${String(given)}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`,
    );
  }
  if (!allowed.includes(short)) {
    throw bad(`${where} takes ${allowed.map((t) => CRM + t).join(" or ")}, not ${CRM}${short}.`);
  }
  return short;
}

const KNOWN_TYPES = new Set([
  "EntityMetadata",
  "StringAttributeMetadata",
  "MemoAttributeMetadata",
  "BooleanAttributeMetadata",
  "PicklistAttributeMetadata",
  "IntegerAttributeMetadata",
  "LookupAttributeMetadata",
  "DateTimeAttributeMetadata",
  "DecimalAttributeMetadata",
  "MoneyAttributeMetadata",
  "DoubleAttributeMetadata",
  "ManyToManyRelationshipMetadata",
  "OneToManyRelationshipMetadata",
  "OptionSetMetadata",
  "BooleanOptionSetMetadata",
  "EntityKeyMetadata",
  "Label",
  "LocalizedLabel",
]);

/** The text of a `Label` (its first LocalizedLabel), or undefined when absent. */
function labelText(value: unknown, property: string, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const labels = (value as Json).LocalizedLabels;
  const first = Array.isArray(labels) ? (labels[0] as Json | undefined) : undefined;
  if (typeof value !== "object" || !Array.isArray(labels) || (first && typeof first.Label !== "string")) {
    throw bad(`${where}: ${property} must be a Label with LocalizedLabels [{ Label, LanguageCode }].`);
  }
  return first ? (first.Label as string) : undefined;
}

export function requiredLabel(body: Json, property: string, where: string): string {
  const text = labelText(body[property], property, where);
  if (!text) throw bad(`${where}: ${property} is required. Give it a Label with one LocalizedLabel.`);
  return text;
}

const optionalLabel = (body: Json, property: string, where: string): string | undefined =>
  labelText(body[property], property, where) || undefined;

const SCHEMA_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** SchemaName: present, a valid name, and prefixed with the solution publisher's customization prefix. */
export function schemaName(body: Json, prefix: string, where: string, maxLength = 50): string {
  const name = body.SchemaName;
  if (typeof name !== "string" || name === "") {
    throw bad(`${where}: SchemaName is required, e.g. ${prefix}_Name (with the publisher's prefix '${prefix}').`);
  }
  if (!SCHEMA_NAME.test(name) || name.length > maxLength) {
    throw bad(
      `${where}: the SchemaName '${name}' is not valid: use letters, digits and underscores, start with a letter, at most ${maxLength} characters.`,
    );
  }
  if (!name.toLowerCase().startsWith(`${prefix.toLowerCase()}_`) || name.length <= prefix.length + 1) {
    throw bad(
      `${where}: the SchemaName '${name}' does not start with the customization prefix '${prefix}_' of the solution's publisher. ` +
        `Name it ${prefix}_<name>, or send the request for a solution whose publisher has that prefix.`,
    );
  }
  return name;
}

function requiredLevel(body: Json, where: string): boolean {
  const level = (body.RequiredLevel as Json | undefined)?.Value ?? "None";
  if (!["None", "Recommended", "ApplicationRequired", "SystemRequired"].includes(level as string)) {
    throw bad(
      `${where}: RequiredLevel.Value must be None, Recommended, ApplicationRequired or SystemRequired, not ${JSON.stringify(level)}.`,
    );
  }
  return level === "ApplicationRequired" || level === "SystemRequired";
}

function integer(body: Json, property: string, where: string, fallback: number, min: number, max: number): number {
  const value = body[property] ?? fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw bad(`${where}: ${property} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}.`);
  }
  return value;
}

/** Resolves a picklist's global option set (`GlobalOptionSet@odata.bind`) or its local `OptionSet`. */
export type OptionSetLookup = (key: { metadataId?: string; name?: string }) => OptionSetRecord | undefined;

function choiceOptions(body: Json, where: string): ChoiceOption[] {
  const options = body.Options;
  if (!Array.isArray(options) || options.length === 0) throw bad(`${where}: Options must list at least one option.`);
  const seen = new Set<number>();
  return options.map((o, i) => {
    const option = asObject(o, `${where} option ${i + 1}`);
    const value = integer(option, "Value", `${where} option ${i + 1}`, NaN, -2147483648, 2147483647);
    if (seen.has(value)) throw bad(`${where}: the option value ${value} is used twice.`);
    seen.add(value);
    return { value, label: requiredLabel(option, "Label", `${where} option ${value}`) };
  });
}

export function parseOptionSet(body: Json, prefix: string): OptionSetRecord & { readonly name: string } {
  odataType(body, ["OptionSetMetadata"], "GlobalOptionSetDefinitions");
  const where = "The option set";
  const name = body.Name;
  if (typeof name !== "string" || !SCHEMA_NAME.test(name))
    throw bad(`${where}: Name is required, e.g. ${prefix}_name.`);
  if (!name.toLowerCase().startsWith(`${prefix}_`)) {
    throw bad(
      `${where} '${name}' does not start with the customization prefix '${prefix}_' of the solution's publisher.`,
    );
  }
  if (body.IsGlobal === false)
    throw bad(`${where} '${name}': GlobalOptionSetDefinitions only takes global option sets.`);
  if (body.OptionSetType !== undefined && body.OptionSetType !== "Picklist") {
    throw bad(`${where} '${name}': OptionSetType must be Picklist.`);
  }
  const options = choiceOptions(body, `${where} '${name}'`);
  return {
    metadataId: "",
    name: name.toLowerCase(),
    displayName: requiredLabel(body, "DisplayName", `${where} '${name}'`),
    description: optionalLabel(body, "Description", `${where} '${name}'`),
    options,
  };
}

const BIND = /^\/?GlobalOptionSetDefinitions\((?:([0-9a-fA-F-]{36})|Name='([^']*)')\)$/;

export interface ParsedColumn {
  readonly logicalName: string;
  readonly column: Column;
  readonly isPrimaryName: boolean;
}

const ATTRIBUTE_TYPES = [
  "StringAttributeMetadata",
  "MemoAttributeMetadata",
  "BooleanAttributeMetadata",
  "PicklistAttributeMetadata",
  "IntegerAttributeMetadata",
] as const;

/** One column (POST …/Attributes, or an entry of EntityMetadata.Attributes). */
export function parseColumn(body: Json, prefix: string, table: string, lookup: OptionSetLookup): ParsedColumn {
  const type = odataType(body, ATTRIBUTE_TYPES, `EntityDefinitions(LogicalName='${table}')/Attributes`);
  const name = schemaName(body, prefix, `The column of ${table}`);
  const where = `The column ${name} of ${table}`;
  const base = {
    displayName: requiredLabel(body, "DisplayName", where),
    ...(optionalLabel(body, "Description", where) ? { description: optionalLabel(body, "Description", where) } : {}),
    ...(requiredLevel(body, where) ? { required: true } : {}),
  };
  const isPrimaryName = body.IsPrimaryName === true;
  if (isPrimaryName && type !== "StringAttributeMetadata") {
    throw bad(`${where}: only a StringAttributeMetadata can be the primary name (IsPrimaryName).`);
  }
  const logicalName = name.toLowerCase();
  switch (type) {
    case "StringAttributeMetadata": {
      const format = (body.FormatName as Json | undefined)?.Value ?? "Text";
      if (!["Text", "Url", "Email", "Phone", "TextArea"].includes(format as string)) {
        throw bad(`${where}: FormatName.Value ${JSON.stringify(format)} is not a string format this server serves.`);
      }
      if (isPrimaryName && format !== "Text") throw bad(`${where}: the primary name column must use the Text format.`);
      const maxLength = integer(body, "MaxLength", where, 100, 1, 4000);
      return {
        logicalName,
        isPrimaryName,
        column: { type: "string", ...base, maxLength, ...(format === "Url" ? { format: "url" as const } : {}) },
      };
    }
    case "MemoAttributeMetadata":
      return {
        logicalName,
        isPrimaryName,
        column: { type: "memo", ...base, maxLength: integer(body, "MaxLength", where, 2000, 1, 1048576) },
      };
    case "BooleanAttributeMetadata": {
      const defaultValue = body.DefaultValue ?? false;
      if (typeof defaultValue !== "boolean") throw bad(`${where}: DefaultValue must be true or false.`);
      if (body.OptionSet === undefined)
        throw bad(`${where}: a Boolean column needs its OptionSet (TrueOption, FalseOption).`);
      return { logicalName, isPrimaryName, column: { type: "boolean", ...base, defaultValue } };
    }
    case "IntegerAttributeMetadata": {
      const min = integer(body, "MinValue", where, -2147483648, -2147483648, 2147483647);
      const max = integer(body, "MaxValue", where, 2147483647, min, 2147483647);
      return { logicalName, isPrimaryName, column: { type: "integer", ...base, min, max } };
    }
    case "PicklistAttributeMetadata": {
      const bind = body["GlobalOptionSet@odata.bind"];
      let optionSetName: string;
      let options: ChoiceOption[];
      if (bind !== undefined) {
        const match = typeof bind === "string" ? BIND.exec(bind) : null;
        const record = match && lookup(match[1] ? { metadataId: match[1].toLowerCase() } : { name: match[2] });
        if (!record) {
          throw bad(`${where}: GlobalOptionSet@odata.bind ${JSON.stringify(bind)} names no global option set here.`);
        }
        optionSetName = record.name;
        options = [...record.options];
      } else if (body.OptionSet !== undefined) {
        optionSetName = `${table}_${logicalName}`;
        options = choiceOptions(asObject(body.OptionSet, where), where);
      } else {
        throw bad(`${where}: a Picklist column needs GlobalOptionSet@odata.bind or its own OptionSet.`);
      }
      const fallback = body.DefaultFormValue;
      const defaultValue = typeof fallback === "number" && fallback !== -1 ? fallback : undefined;
      if (defaultValue !== undefined && !options.some((o) => o.value === defaultValue)) {
        throw bad(`${where}: DefaultFormValue ${defaultValue} is not one of its options.`);
      }
      return {
        logicalName,
        isPrimaryName,
        column: {
          type: "choice",
          ...base,
          optionSetName,
          options,
          ...(defaultValue !== undefined ? { defaultValue } : {}),
        },
      };
    }
    default:
      throw bad(`${where}: ${type} columns are not served by this server.`);
  }
}

const OWNERSHIP = new Map<unknown, TableDefinition["ownership"]>([
  ["OrganizationOwned", "OrganizationOwned"],
  ["UserOwned", "UserOwned"],
]);

/** POST EntityDefinitions: the table with exactly one primary name column (and perhaps more columns). */
export function parseEntity(body: Json, prefix: string, lookup: OptionSetLookup): TableDefinition {
  odataType(body, ["EntityMetadata"], "EntityDefinitions");
  const name = schemaName(body, prefix, "The table");
  const logicalName = name.toLowerCase();
  const where = `The table ${name}`;
  const ownership = OWNERSHIP.get(body.OwnershipType);
  if (!ownership)
    throw bad(
      `${where}: OwnershipType must be UserOwned or OrganizationOwned, not ${JSON.stringify(body.OwnershipType)}.`,
    );
  // Activities and notes relate the table to activitypointer and annotation, tables this environment doesn't have.
  for (const flag of ["IsActivity", "HasActivities", "HasNotes"]) {
    if (body[flag] === true) throw bad(`${where}: ${flag} true is not served by this server; send it as false.`);
  }
  const attributes = body.Attributes;
  if (!Array.isArray(attributes))
    throw bad(`${where}: Attributes must hold its primary name column (IsPrimaryName true).`);
  const columns = attributes.map((a, i) =>
    parseColumn(asObject(a, `${where} attribute ${i + 1}`), prefix, logicalName, lookup),
  );
  const primaries = columns.filter((c) => c.isPrimaryName);
  if (primaries.length !== 1) {
    throw bad(
      `${where}: Attributes must hold exactly one StringAttributeMetadata with IsPrimaryName true, not ${primaries.length}.`,
    );
  }
  const setName = body.EntitySetName ?? `${logicalName}s`;
  if (typeof setName !== "string" || !/^[a-z][a-z0-9_]*$/.test(setName)) {
    throw bad(`${where}: EntitySetName must be lower-case letters, digits and underscores.`);
  }
  const description = optionalLabel(body, "Description", where);
  return {
    logicalName,
    entitySetName: setName,
    displayName: requiredLabel(body, "DisplayName", where),
    displayCollectionName: requiredLabel(body, "DisplayCollectionName", where),
    ...(description ? { description } : {}),
    ownership,
    primaryIdAttribute: `${logicalName}id`,
    primaryNameAttribute: primaries[0].logicalName,
    alternateKeys: [],
    columns: Object.fromEntries(columns.map((c) => [c.logicalName, c.column])),
  };
}

const KEY_TYPES = new Set(["string", "integer", "choice", "lookup"]);

export function parseKey(body: Json, prefix: string, table: TableDefinition): AlternateKey {
  odataType(body, ["EntityKeyMetadata"], `EntityDefinitions(LogicalName='${table.logicalName}')/Keys`);
  const name = schemaName(body, prefix, `The key of ${table.logicalName}`, 100);
  const where = `The key ${name} of ${table.logicalName}`;
  const attributes = body.KeyAttributes;
  if (!Array.isArray(attributes) || attributes.length === 0 || attributes.some((a) => typeof a !== "string")) {
    throw bad(`${where}: KeyAttributes must list the logical names of its columns.`);
  }
  const columns = (attributes as string[]).map((a) => a.toLowerCase());
  for (const column of columns) {
    const definition = Object.hasOwn(table.columns, column) ? table.columns[column] : undefined;
    if (!definition) throw bad(`${where}: ${table.logicalName} has no column ${column}. Create the column first.`);
    if (!KEY_TYPES.has(definition.type)) throw bad(`${where}: a ${definition.type} column can't be part of a key.`);
  }
  return { logicalName: name.toLowerCase(), displayName: requiredLabel(body, "DisplayName", where), columns };
}

/** A navigation property name: the relationship's schema name unless given, and then a valid name. */
function navigation(body: Json, property: string, schemaName: string, where: string): string {
  const value = body[property] ?? schemaName.toLowerCase();
  if (typeof value !== "string" || !SCHEMA_NAME.test(value)) {
    throw bad(`${where}: ${property} must be a name of letters, digits and underscores.`);
  }
  return value;
}

export function parseManyToMany(body: Json, prefix: string): Omit<ManyToManyRecord, "metadataId"> {
  const name = schemaName(body, prefix, "The relationship", 100);
  const where = `The relationship ${name}`;
  const text = (property: string, fallback?: string) => {
    const value = body[property] ?? fallback;
    if (typeof value !== "string" || value === "") throw bad(`${where}: ${property} is required.`);
    return value.toLowerCase();
  };
  const intersect = text("IntersectEntityName");
  if (!intersect.startsWith(`${prefix}_`)) {
    throw bad(`${where}: IntersectEntityName '${intersect}' does not start with the publisher's prefix '${prefix}_'.`);
  }
  return {
    schemaName: name.toLowerCase(),
    intersectEntityName: intersect,
    entity1: text("Entity1LogicalName"),
    entity2: text("Entity2LogicalName"),
    entity1NavigationProperty: navigation(body, "Entity1NavigationPropertyName", name, where),
    entity2NavigationProperty: navigation(body, "Entity2NavigationPropertyName", name, where),
  };
}

export interface ParsedOneToMany {
  readonly schemaName: string;
  readonly referencedEntity: string;
  readonly referencingEntity: string;
  readonly lookupName: string;
  readonly column: Column;
}

/** A 1:N relationship with its Lookup column: the lookup is added to the referencing table. */
export function parseOneToMany(body: Json, prefix: string): ParsedOneToMany {
  const name = schemaName(body, prefix, "The relationship", 100);
  const where = `The relationship ${name}`;
  const referenced = body.ReferencedEntity;
  const referencing = body.ReferencingEntity;
  if (typeof referenced !== "string" || typeof referencing !== "string") {
    throw bad(`${where}: ReferencedEntity and ReferencingEntity are required.`);
  }
  const lookupBody = asObject(body.Lookup, `${where}'s Lookup`);
  odataType(lookupBody, ["LookupAttributeMetadata"], `${where}'s Lookup`);
  const lookupName = schemaName(lookupBody, prefix, `${where}'s Lookup`);
  const lookupWhere = `The lookup ${lookupName}`;
  const navigation = body.ReferencingEntityNavigationPropertyName;
  const collection = body.ReferencedEntityNavigationPropertyName;
  return {
    schemaName: name.toLowerCase(),
    referencedEntity: referenced.toLowerCase(),
    referencingEntity: referencing.toLowerCase(),
    lookupName: lookupName.toLowerCase(),
    column: {
      type: "lookup",
      displayName: requiredLabel(lookupBody, "DisplayName", lookupWhere),
      ...(requiredLevel(lookupBody, lookupWhere) ? { required: true } : {}),
      target: referenced.toLowerCase(),
      navigationProperty: typeof navigation === "string" ? navigation : lookupName.toLowerCase(),
      collectionNavigationProperty: typeof collection === "string" ? collection : name.toLowerCase(),
    },
  };
}

/** A key segment `(LogicalName='x')`, `(Name='x')`, `(SchemaName='x')` or `(<guid>)`. */
export function keyValue(key: string | undefined, property: string): { name?: string; id?: string } | undefined {
  if (key === undefined) return undefined;
  const named = new RegExp(`^${property}='([^']*)'$`).exec(key);
  if (named) return { name: named[1].toLowerCase() };
  return isGuid(key) ? { id: key.toLowerCase() } : undefined;
}
