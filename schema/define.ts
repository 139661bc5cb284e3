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

/*
 * The run-time model (schema/model.ts) and its labels (schema/labels.ts). The controls, the handlers and the runtime
 * need a table's names, keys and columns with their types, limits, targets and choices; the display names,
 * descriptions and solution-only settings (ownership, option set names, which tables are the platform's, system-only
 * columns) are read only by the solution packer, the server's metadata and the tests, so they live apart and
 * `describeTable` merges them into the TableDefinition everything else reads.
 */

/** What describeTable adds to a column. */
type ColumnLabelKeys = "displayName" | "description" | "systemOnly" | "optionSetName";
type ModelOf<T extends Column> = Omit<T, ColumnLabelKeys>;
/** A column as the controls, handlers and runtime see it: no labels. */
export type ColumnModel =
  | ModelOf<StringColumn>
  | ModelOf<BooleanColumn>
  | ModelOf<ChoiceColumn>
  | ModelOf<IntegerColumn>
  | ModelOf<LookupColumn>;

/** A column's labels and solution-only settings; a choice column names its global option set. */
export type ColumnLabels<T extends ColumnModel = ColumnModel> = Pick<
  ColumnBase,
  "displayName" | "description" | "systemOnly"
> &
  (T extends { readonly type: "choice" } ? { readonly optionSetName: string } : { readonly optionSetName?: never });

type TableLabelKeys = "displayName" | "displayCollectionName" | "description" | "ownership" | "platform";

/** A table as the controls, handlers and runtime see it: names, keys (without display names) and column models. */
export interface TableModel<
  N extends string = string,
  C extends Record<string, ColumnModel> = Record<string, ColumnModel>,
> extends Omit<TableDefinition<N>, TableLabelKeys | "alternateKeys" | "columns"> {
  readonly alternateKeys: readonly Omit<AlternateKey, "displayName">[];
  readonly columns: C;
}

/** Checks at compile time that the primary name and key columns are columns of the table. */
export function defineTableModel<const N extends string, const C extends Record<string, ColumnModel>>(
  table: TableModel<N, C> & {
    readonly primaryNameAttribute: keyof C & string;
    readonly alternateKeys: readonly Omit<AlternateKey<keyof C & string>, "displayName">[];
  },
): TableModel<N, C> {
  return table;
}

/** Every label of a table: its own, each key's display name and each column's labels. */
export type TableLabels<T extends TableModel> = Pick<TableDefinition, TableLabelKeys> & {
  readonly keys?: Readonly<Record<T["alternateKeys"][number]["logicalName"], string>>;
  readonly columns: { readonly [K in keyof T["columns"]]: ColumnLabels<T["columns"][K]> };
};

/** A table model with its labels: the TableDefinition the solution and the server read. */
export type Described<T extends TableModel> = Omit<TableDefinition<T["logicalName"]>, "columns"> & {
  readonly columns: { readonly [K in keyof T["columns"]]: T["columns"][K] & ColumnLabels<T["columns"][K]> };
};

/** Merges a table model and its labels (pure, so a bundle that never reads the result leaves the labels out). */
export function describeTable<T extends TableModel>(model: T, labels: TableLabels<T>): Described<T> {
  const { keys, columns, ...table } = labels;
  const keyNames: Readonly<Record<string, string>> = keys ?? {};
  return {
    ...model,
    ...table,
    alternateKeys: model.alternateKeys.map((key) => ({ ...key, displayName: keyNames[key.logicalName] ?? "" })),
    columns: Object.fromEntries(
      Object.entries(model.columns).map(([name, column]) => [name, { ...column, ...columns[name] }]),
    ) as unknown as Described<T>["columns"],
  };
}

type ColumnValue<T extends ColumnModel> = T extends { readonly type: "string" | "memo" }
  ? string
  : T extends { readonly type: "boolean" }
    ? boolean
    : T extends { readonly type: "choice" | "integer" }
      ? number
      : T extends { readonly type: "lookup" }
        ? string
        : never;

/** The attribute values of a row, as the Web API returns them (lookups appear as `_x_value`). */
/** Any table definition, whatever its columns. */
export interface TableShape {
  readonly logicalName: string;
  readonly columns: Record<string, ColumnModel>;
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
