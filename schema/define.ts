/** Types for the schema definition, and the helpers that turn a table definition into row types. */
export const PUBLISHER_PREFIX = "apm";

export interface ChoiceOption {
  readonly value: number;
  readonly label: string;
}

interface ColumnBase {
  readonly displayName: string;
  readonly description?: string;
  readonly required?: boolean;
  /** Only the system (seeding, upgrade) writes this column. */
  readonly systemOnly?: boolean;
}
export interface StringColumn extends ColumnBase {
  readonly type: "string" | "memo";
  readonly maxLength: number;
  readonly format?: "url";
}
export interface BooleanColumn extends ColumnBase {
  readonly type: "boolean";
  readonly defaultValue: boolean;
}
export interface ChoiceColumn extends ColumnBase {
  readonly type: "choice";
  readonly optionSetName: string;
  readonly options: readonly ChoiceOption[];
  readonly defaultValue?: number;
}
export interface IntegerColumn extends ColumnBase {
  readonly type: "integer";
  readonly min: number;
  readonly max: number;
  readonly defaultValue?: number;
}
export interface LookupColumn extends ColumnBase {
  readonly type: "lookup";
  /** Logical name of the referenced table. */
  readonly target: string;
  /** Single-valued navigation property, used in `@odata.bind` and `$expand`. */
  readonly navigationProperty: string;
  /** Collection-valued navigation property on the target table. */
  readonly collectionNavigationProperty: string;
}
export type Column = StringColumn | BooleanColumn | ChoiceColumn | IntegerColumn | LookupColumn;

export interface AlternateKey<C extends string = string> {
  readonly logicalName: string;
  readonly displayName: string;
  readonly columns: readonly C[];
}

export interface TableDefinition<N extends string = string, C extends Record<string, Column> = Record<string, Column>> {
  readonly logicalName: N;
  readonly entitySetName: string;
  readonly displayName: string;
  readonly displayCollectionName: string;
  readonly description?: string;
  readonly ownership: "OrganizationOwned" | "UserOwned" | "BusinessOwned";
  /** A platform table (systemuser, environment variables): read by the product, never shipped in the solution. */
  readonly platform?: boolean;
  readonly primaryIdAttribute: string;
  readonly primaryNameAttribute: string;
  readonly alternateKeys: readonly AlternateKey[];
  readonly columns: C;
}

/** Checks at compile time that the primary name and key columns are columns of the table. */
export function defineTable<const N extends string, const C extends Record<string, Column>>(
  table: TableDefinition<N, C> & {
    readonly primaryNameAttribute: keyof C & string;
    readonly alternateKeys: readonly AlternateKey<keyof C & string>[];
  },
): TableDefinition<N, C> {
  return table;
}

type ColumnValue<T extends Column> = T extends StringColumn
  ? string
  : T extends BooleanColumn
    ? boolean
    : T extends ChoiceColumn | IntegerColumn
      ? number
      : T extends LookupColumn
        ? string
        : never;

/** The attribute values of a row, as the Web API returns them (lookups appear as `_x_value`). */
/** Any table definition, whatever its columns. */
export interface TableShape {
  readonly logicalName: string;
  readonly columns: Record<string, Column>;
}

export type Attributes<T extends TableShape> = {
  [K in keyof T["columns"]]?: ColumnValue<T["columns"][K]> | null;
};

/** The columns a table's row carries besides its own: id, versioning and audit. */
export const systemColumns = [
  "createdon",
  "modifiedon",
  "versionnumber",
  "createdby",
  "modifiedby",
  "statecode",
  "statuscode",
] as const;

/** A row read back from the server or Dataverse. */
export type Row<T extends TableShape> = Attributes<T> & Record<string, unknown>;

export function columnNames<T extends TableShape>(table: T): (keyof T["columns"] & string)[] {
  return Object.keys(table.columns);
}

export function isLookup(column: Column): column is LookupColumn {
  return column.type === "lookup";
}

/** The Web API property of a lookup column's value (`_name_value`). */
export function lookupValueProperty(logicalName: string): string {
  return `_${logicalName}_value`;
}

/** A column's logical name, checked against the table's definition at compile time. */
export function col<T extends TableShape>(_table: T, name: keyof T["columns"] & string): string {
  return name;
}
