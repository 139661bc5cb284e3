/** The parsed, schema-checked form of a request's query options: what the SQL compiler and the executor consume. */
import type { CollectionNavigation, EntityModel, Property, SingleNavigation } from "./model";
import type { PageCookie } from "./paging-cookie";

export type Literal = string | number | boolean | null;

export type ComparisonOperator = "eq" | "ne" | "gt" | "ge" | "lt" | "le";
/** `like` is FetchXML's: the value is the whole pattern. */
export type StringFunction = "contains" | "startswith" | "endswith" | "like";

/**
 * A property of the row being filtered (`variable` undefined) or of a lambda variable's row, optionally reached
 * through lookups first (`createdby/fullname`: `through` is [createdby]).
 */
export interface PropertyReference {
  readonly variable?: string;
  readonly through?: readonly SingleNavigation[];
  readonly property: Property;
}

/** Dataverse's date query functions this server evaluates (Learn: webapi/query/filter-rows, query functions). */
export type DateFunction = "On" | "OnOrAfter" | "OnOrBefore" | "LastXDays" | "NextXDays";

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
      /** Column comparison (`apm_name eq apm_uniquename`, Learn: webapi/query/filter-rows). */
      readonly kind: "columns";
      readonly operator: ComparisonOperator;
      readonly left: PropertyReference;
      readonly right: PropertyReference;
    }
  | {
      /** Microsoft.Dynamics.CRM.In / NotIn. */
      readonly kind: "in";
      readonly left: PropertyReference;
      readonly values: readonly Literal[];
      readonly negated: boolean;
    }
  | {
      /** Microsoft.Dynamics.CRM.Between / NotBetween: both ends included. */
      readonly kind: "between";
      readonly left: PropertyReference;
      readonly low: Literal;
      readonly high: Literal;
      readonly negated: boolean;
    }
  | {
      /** A date function; its range is computed when the query runs (LastXDays moves with the clock). */
      readonly kind: "date";
      readonly name: DateFunction;
      readonly left: PropertyReference;
      /** On/OnOrAfter/OnOrBefore: the day, `YYYY-MM-DD`. */
      readonly day?: string;
      /** LastXDays/NextXDays. */
      readonly days?: number;
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

/** A column of the root row (`link` undefined) or of a linked table (FetchXML link-entity). */
export interface ColumnReference {
  readonly link?: LinkEntity;
  readonly property: Property;
}

/**
 * A FetchXML link-entity: a join from a parent (the root row, or another link) to a table or an N:N intersect,
 * `from` naming the linked table's column and `to` the parent's (Learn: fetchxml/reference/link-entity).
 */
export interface LinkEntity {
  readonly alias: string;
  readonly tableName: string;
  readonly properties: ReadonlyMap<string, Property>;
  readonly fromColumn: string;
  readonly toColumn: string;
  readonly parent?: LinkEntity;
  readonly outer: boolean;
  /** Conditions on the linked rows; their references use the link's alias as `variable`. */
  readonly filter?: FilterExpression;
  /** Columns returned as `<alias>.<name>`. */
  readonly attributes: readonly Property[];
}

export type AggregateFunction = "count" | "countcolumn" | "countdistinct" | "sum" | "min" | "max" | "avg";

export interface Aggregation {
  readonly alias: string;
  readonly fn: AggregateFunction;
  /** Absent for a row count (`$count`, FetchXML `count`). */
  readonly column?: ColumnReference;
}

/** A sort key of the groups: a groupby or aggregate alias (FetchXML `<order alias>`, `$orderby` on a groupby property). */
export interface GroupOrder {
  readonly alias: string;
  readonly descending: boolean;
}

/** `$apply=groupby(...)/aggregate(...)` or an aggregate FetchXML: one row per group. */
export interface Grouping {
  readonly groupBy: readonly { readonly alias: string; readonly column: ColumnReference }[];
  readonly aggregates: readonly Aggregation[];
  /** Applied first; the groupby values follow, so equal keys keep one order across pages. */
  readonly orderBy?: readonly GroupOrder[];
}

export interface QueryOptions extends CollectionOptions {
  readonly kind: "collection" | "single";
  readonly count: boolean;
  readonly expand: readonly Expand[];
  /** Where the previous page ended (from `$skiptoken`, a paging cookie). */
  readonly cookie?: PageCookie;
  /** Whether `$select` was given: the `@odata.context` lists the selection only then. */
  readonly selected: boolean;
  /** FetchXML link-entities. */
  readonly links?: readonly LinkEntity[];
  /** Aggregation: rows become groups. */
  readonly grouping?: Grouping;
  /** Set for a `fetchXml=` query: its paging and the response shape it gets. */
  readonly fetch?: FetchPaging;
}

/** FetchXML paging: `count` (page size), `page`, and whether a paging cookie came (else simple paging by offset). */
export interface FetchPaging {
  readonly page: number;
  readonly pageSize?: number;
  readonly simplePaging: boolean;
  /** `returntotalrecordcount="true"`. */
  readonly totalRecordCount: boolean;
}
