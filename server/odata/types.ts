/** The parsed, schema-checked form of a request's query options: what the SQL compiler and the executor consume. */
import type { CollectionNavigation, EntityModel, Property, SingleNavigation } from "./model";

export type Literal = string | number | boolean | null;

export type ComparisonOperator = "eq" | "ne" | "gt" | "ge" | "lt" | "le";
export type StringFunction = "contains" | "startswith" | "endswith";

/** A property of the row being filtered (`variable` undefined) or of a lambda variable's row. */
export interface PropertyReference {
  readonly variable?: string;
  readonly property: Property;
}

export type FilterExpression =
  | { readonly kind: "and" | "or"; readonly left: FilterExpression; readonly right: FilterExpression }
  | { readonly kind: "not"; readonly operand: FilterExpression }
  | {
      readonly kind: "compare";
      readonly operator: ComparisonOperator;
      readonly left: PropertyReference;
      readonly value: Literal;
    }
  | {
      readonly kind: "function";
      readonly name: StringFunction;
      readonly left: PropertyReference;
      readonly value: string;
    }
  | {
      readonly kind: "lambda";
      readonly quantifier: "any" | "all";
      readonly source?: string;
      readonly navigation: CollectionNavigation;
      readonly variable?: string;
      readonly predicate?: FilterExpression;
    };

export interface OrderByItem {
  readonly property: Property;
  readonly descending: boolean;
}

/** Options shared by the top level and by an expanded collection. */
export interface CollectionOptions {
  readonly model: EntityModel;
  /** Properties to return; the primary id always comes. */
  readonly select: readonly Property[];
  readonly filter?: FilterExpression;
  readonly orderBy: readonly OrderByItem[];
  readonly top?: number;
}

export interface SingleExpand {
  readonly kind: "single";
  readonly navigation: SingleNavigation;
  readonly options: CollectionOptions;
  /** Lookups of the expanded row, expanded in turn (Learn: webapi/query/join-tables, nested $expand). */
  readonly expand?: readonly SingleExpand[];
}

export interface CollectionExpand {
  readonly kind: "collection";
  readonly navigation: CollectionNavigation;
  readonly options: CollectionOptions;
}

export type Expand = SingleExpand | CollectionExpand;

export interface QueryOptions extends CollectionOptions {
  readonly kind: "collection" | "single";
  readonly count: boolean;
  readonly expand: readonly Expand[];
  /** Rows already returned by earlier pages (from `$skiptoken`). */
  readonly skip: number;
  /** Whether `$select` was given: the `@odata.context` lists the selection only then. */
  readonly selected: boolean;
}
