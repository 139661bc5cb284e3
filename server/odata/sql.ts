/**
 * QueryOptions to SQL text. Identifiers come only from the schema (quoted with `ident`); every value from the request
 * is a bound parameter. Statements are prepared once per SQL text and connection.
 */
import { ident } from "../storage/layout";
import { prepare } from "../storage/statements";
import type { EntityModel, Property, SingleNavigation } from "./model";
import type {
  ComparisonOperator,
  DateFunction,
  FilterExpression,
  Literal,
  OrderByItem,
  PropertyReference,
  StringFunction,
} from "./types";

/** Result column names that are not properties: the row version, a lookup's target name, an expansion's key. */
export const VERSION_COLUMN = "@version";
export const PARENT_COLUMN = "@parent";
export const lookupNameColumn = (property: Property): string => `${property.name}@name`;
/** A lookup's target table when the property says which column names it (the audit's objectid). */
export const lookupTableColumn = (property: Property): string => `${property.name}@table`;
export const navigationKeyColumn = (navigation: string): string => `@key:${navigation}`;

export { prepare };

/** Collects bound parameters in the order their `?` appear, and hands out table aliases for subqueries. */
export class SqlParameters {
  readonly values: unknown[] = [];
  private aliases = 0;

  bind(value: unknown): string {
    this.values.push(value);
    return "?";
  }

  nextAlias(): string {
    return `l${++this.aliases}`;
  }
}

/** The alias and primary id column of a row that property references can point at. */
export interface RowScope {
  readonly alias: string;
  readonly idColumn: string;
}

const sqlOperators: Record<ComparisonOperator, string> = { eq: "=", ne: "<>", gt: ">", ge: ">=", lt: "<", le: "<=" };

/**
 * contains/startswith/endswith take the value as a T-SQL LIKE pattern, as Dataverse does: `%` any run, `_` one
 * character, `[abc]`/`[a-c]` one of, `[^abc]` none of (Learn: webapi/query/filter-rows "Use wildcard characters").
 * SQLite's LIKE has no brackets, so a value with a bracket set becomes a GLOB over the lower-cased column (GLOB
 * has the same sets); everything else stays a LIKE, which SQLite can serve from a NOCASE index for a prefix.
 */
function patternCondition(name: StringFunction, column: string, value: string, parameters: SqlParameters): string {
  const pattern =
    name === "like" ? value : name === "contains" ? `%${value}%` : name === "startswith" ? `${value}%` : `%${value}`;
  const glob = likeToGlob(pattern);
  if (glob === undefined) return `${column} LIKE ${parameters.bind(pattern)}`;
  return `lower(${column}) GLOB ${parameters.bind(glob)}`;
}

/** A T-SQL LIKE pattern with at least one closed bracket set as a GLOB pattern over lower case; undefined without. */
export function likeToGlob(pattern: string): string | undefined {
  if (!/\[[^\]]*\]/.test(pattern)) return undefined;
  let glob = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "%") glob += "*";
    else if (c === "_") glob += "?";
    else if (c === "*" || c === "?") glob += `[${c}]`;
    else if (c === "[") {
      const close = pattern.indexOf("]", i + 2); // `[]...]`: a `]` first in the set is a member, as in T-SQL
      if (close < 0) {
        glob += "[[]"; // an unclosed bracket is a literal one
        continue;
      }
      glob += `[${pattern.slice(i + 1, close).toLowerCase()}]`;
      i = close;
    } else glob += c.toLowerCase();
  }
  return glob;
}

export function compileFilter(
  filter: FilterExpression,
  model: EntityModel,
  alias: string,
  parameters: SqlParameters,
  /** Named rows besides the root (FetchXML link aliases). */
  scopes?: ReadonlyMap<string, RowScope>,
): string {
  const root: RowScope = { alias, idColumn: model.primaryId.column };
  return compileExpression(distributeOr(filter), root, scopes ?? new Map(), parameters);
}

/**
 * `a and (b or c)` as `(a and b) or (a and c)` when small: SQLite then answers each branch from an index and
 * unites them (its OR optimization), instead of scanning every row `a` matches. The runtime's query is this shape:
 * `apm_app eq X and (apm_isdefault eq true or users/any(...))`.
 */
function distributeOr(filter: FilterExpression): FilterExpression {
  if (filter.kind !== "and") return filter;
  const terms = chain(filter, "and");
  const ors = terms.filter((t) => t.kind === "or");
  if (ors.length !== 1 || terms.length > 4) return filter;
  const branches = chain(ors[0], "or");
  // Only where a branch is an any(): plain comparisons on one index gain nothing from the split.
  if (branches.length > 4 || !branches.some((b) => b.kind === "lambda")) return filter;
  const others = terms.filter((t) => t !== ors[0]);
  const conjunction = (items: FilterExpression[]) =>
    items.reduce((left, right): FilterExpression => ({ kind: "and", left, right }));
  return branches
    .map((branch) => conjunction([...others, branch]))
    .reduce((left, right): FilterExpression => ({ kind: "or", left, right }));
}

/** A filter over a row that is not an entity's (a linked table or intersect). */
export function compileFilterAt(
  filter: FilterExpression,
  root: RowScope,
  scopes: ReadonlyMap<string, RowScope>,
  parameters: SqlParameters,
): string {
  return compileExpression(filter, root, scopes, parameters);
}

/** A lambda variable's row: its alias, and the intersect column that holds its id (so id-only lambdas skip the join). */
interface VariableScope extends RowScope {
  readonly intersectId?: string;
  /** Set when the predicate reads a column other than the id: the target table must be joined. */
  needsRow?: boolean;
}

function compileExpression(
  expression: FilterExpression,
  root: RowScope,
  variables: ReadonlyMap<string, VariableScope>,
  parameters: SqlParameters,
): string {
  const column = (reference: PropertyReference): string => {
    const scope: VariableScope = reference.variable ? (variables.get(reference.variable) as VariableScope) : root;
    if (!reference.through || reference.through.length === 0) {
      if (reference.variable && scope.intersectId && reference.property.column === scope.idColumn)
        return scope.intersectId;
      if (reference.variable) scope.needsRow = true;
      return `${scope.alias}.${ident(reference.property.column)}`;
    }
    if (reference.variable) scope.needsRow = true;
    return relatedColumn(scope.alias, reference.through, reference.property, parameters);
  };
  switch (expression.kind) {
    case "and":
    case "or":
      return balanced(chain(expression, expression.kind), expression.kind.toUpperCase(), (e) =>
        compileExpression(e, root, variables, parameters),
      );
    case "not":
      return `NOT (${compileExpression(expression.operand, root, variables, parameters)})`;
    case "compare": {
      const left = column(expression.left);
      if (expression.value === null) return `${left} IS ${expression.operator === "eq" ? "NULL" : "NOT NULL"}`;
      return `${left} ${sqlOperators[expression.operator]} ${parameters.bind(sqlValue(expression.value))}`;
    }
    case "columns":
      return `${column(expression.left)} ${sqlOperators[expression.operator]} ${column(expression.right)}`;
    case "in": {
      const values = JSON.stringify(expression.values.map(sqlValue));
      return `${column(expression.left)} ${expression.negated ? "NOT IN" : "IN"} (SELECT value FROM json_each(${parameters.bind(values)}))`;
    }
    case "between": {
      const left = column(expression.left);
      const range = `${left} BETWEEN ${parameters.bind(sqlValue(expression.low))} AND ${parameters.bind(sqlValue(expression.high))}`;
      return expression.negated ? `NOT (${range})` : range;
    }
    case "date": {
      const [from, to] = dateRange(expression.name, expression.day, expression.days, new Date());
      const left = column(expression.left);
      const lower = from === undefined ? "" : `${left} >= ${parameters.bind(from)}`;
      const upper = to === undefined ? "" : `${left} < ${parameters.bind(to)}`;
      return lower && upper ? `(${lower} AND ${upper})` : lower || upper;
    }
    case "function":
      return patternCondition(expression.name, column(expression.left), expression.value, parameters);
    case "lambda":
      return compileLambda(expression, root, variables, parameters);
  }
}

const sqlValue = (value: Literal): string | number | null => (typeof value === "boolean" ? Number(value) : value);

/** The operands of a run of the same operator (`a or b or c`), in order. */
function chain(expression: FilterExpression, kind: "and" | "or"): FilterExpression[] {
  const items: FilterExpression[] = [];
  const stack: FilterExpression[] = [expression];
  while (stack.length > 0) {
    const e = stack.pop() as FilterExpression;
    if (e.kind === kind) stack.push(e.right, e.left);
    else items.push(e);
  }
  return items;
}

/** Joins items as a balanced tree of parentheses, so 500 conditions stay far below SQLite's expression depth. */
function balanced(items: FilterExpression[], operator: string, compile: (e: FilterExpression) => string): string {
  const join = (from: number, to: number): string => {
    if (to - from === 1) return compile(items[from]);
    const middle = (from + to) >> 1;
    return `(${join(from, middle)} ${operator} ${join(middle, to)})`;
  };
  return join(0, items.length);
}

/** `createdby/fullname`: the related row's column, read through each lookup by primary key. */
function relatedColumn(
  alias: string,
  through: readonly SingleNavigation[],
  property: Property,
  parameters: SqlParameters,
): string {
  const aliases = through.map(() => parameters.nextAlias());
  const [first, ...rest] = through;
  let from = `${ident(first.target.logicalName)} AS ${aliases[0]}`;
  rest.forEach((lookup, i) => {
    from +=
      ` JOIN ${ident(lookup.target.logicalName)} AS ${aliases[i + 1]}` +
      ` ON ${aliases[i + 1]}.${ident(lookup.target.primaryIdAttribute)} = ${aliases[i]}.${ident(lookup.column)}`;
  });
  const last = aliases[aliases.length - 1];
  const correlation = `${aliases[0]}.${ident(first.target.primaryIdAttribute)} = ${alias}.${ident(first.column)}`;
  return `(SELECT ${last}.${ident(property.column)} FROM ${from} WHERE ${correlation})`;
}

/**
 * Dataverse's date functions as a half-open UTC range [from, to) of stored ISO texts (this server has no user time
 * zone; Dataverse uses the caller's). LastXDays: from the start of the day X days ago to now; NextXDays: from now to
 * the end of the day X days ahead (Learn: webapi/query/filter-rows, query functions; fetchxml operators last-x-days).
 */
export function dateRange(
  name: DateFunction,
  day: string | undefined,
  days: number | undefined,
  now: Date,
): [string | undefined, string | undefined] {
  const dayStart = (text: string) => new Date(`${text}T00:00:00.000Z`);
  const addDays = (date: Date, n: number) => new Date(date.getTime() + n * 86400000);
  const today = dayStart(now.toISOString().slice(0, 10));
  switch (name) {
    case "On":
      return [dayStart(day as string).toISOString(), addDays(dayStart(day as string), 1).toISOString()];
    case "OnOrAfter":
      return [dayStart(day as string).toISOString(), undefined];
    case "OnOrBefore":
      return [undefined, addDays(dayStart(day as string), 1).toISOString()];
    case "LastXDays":
      return [addDays(today, -(days as number)).toISOString(), new Date(now.getTime() + 1).toISOString()];
    case "NextXDays":
      return [now.toISOString(), addDays(today, (days as number) + 1).toISOString()];
  }
}

/**
 * any(): the source's id IN the ids linked to a matching row, which SQLite answers from the intersect's index (and
 * can combine with other indexed terms under OR). An id-only predicate (`u/systemuserid eq …`) reads the intersect
 * alone. all(): no linked row for which the predicate is false or unknown.
 */
function compileLambda(
  expression: Extract<FilterExpression, { kind: "lambda" }>,
  root: RowScope,
  variables: ReadonlyMap<string, VariableScope>,
  parameters: SqlParameters,
): string {
  const source: VariableScope = expression.source ? (variables.get(expression.source) as VariableScope) : root;
  const sourceId = source.intersectId ?? `${source.alias}.${ident(source.idColumn)}`;
  const navigation = expression.navigation;
  const link = navigation.link;
  const alias = parameters.nextAlias();
  const intersect = `${alias}_i`;
  const target: VariableScope = {
    alias,
    idColumn: navigation.target.primaryIdAttribute,
    intersectId: link.kind === "intersect" ? `${intersect}.${ident(link.targetColumn)}` : undefined,
  };
  let predicate = "";
  if (expression.predicate && expression.variable) {
    const inner = new Map(variables).set(expression.variable, target);
    predicate = compileExpression(expression.predicate, root, inner, parameters);
  }
  const table = ident(navigation.target.logicalName);
  let from: string;
  let linkedId: string;
  if (link.kind === "lookup") {
    from = `${table} AS ${alias}`;
    linkedId = `${alias}.${ident(link.column)}`;
  } else {
    from = `${ident(link.table)} AS ${intersect}`;
    if (target.needsRow) {
      from += ` JOIN ${table} AS ${alias} ON ${alias}.${ident(target.idColumn)} = ${intersect}.${ident(link.targetColumn)}`;
    }
    linkedId = `${intersect}.${ident(link.sourceColumn)}`;
  }
  if (expression.quantifier === "any") {
    return `${sourceId} IN (SELECT ${linkedId} FROM ${from}${predicate ? ` WHERE ${predicate}` : ""})`;
  }
  return `NOT EXISTS (SELECT 1 FROM ${from} WHERE ${linkedId} = ${sourceId} AND (${predicate}) IS NOT 1)`;
}

/** The ORDER BY list; the primary id comes last so that equal keys keep one order across pages. */
export function compileOrderBy(orderBy: readonly OrderByItem[], model: EntityModel, alias: string): string {
  const keys = orderBy.map((item) => `${alias}.${ident(item.property.column)}${item.descending ? " DESC" : ""}`);
  if (!orderBy.some((item) => item.property === model.primaryId))
    keys.push(`${alias}.${ident(model.primaryId.column)}`);
  return keys.join(", ");
}

/**
 * Column lists by selection (same array, same list), alias and annotations: a keyed read then builds no SQL. A
 * selection belongs to one model, so its version column is the same each time.
 */
const columnLists = new WeakMap<readonly Property[], Map<string, string>>();

/**
 * The result columns for the selected properties, named by their Web API names, after the row's version when the
 * table has one (`versionColumn`, from the model's TableSource).
 */
export function compileColumns(
  select: readonly Property[],
  alias: string,
  withLookupNames: boolean,
  versionColumn: string | undefined,
): string {
  let lists = columnLists.get(select);
  if (!lists) columnLists.set(select, (lists = new Map()));
  const key = withLookupNames ? `${alias}+names` : alias;
  let list = lists.get(key);
  if (list === undefined) lists.set(key, (list = buildColumns(select, alias, withLookupNames, versionColumn)));
  return list;
}

function buildColumns(
  select: readonly Property[],
  alias: string,
  withLookupNames: boolean,
  versionColumn: string | undefined,
): string {
  const columns = versionColumn ? [`${alias}.${ident(versionColumn)} AS ${ident(VERSION_COLUMN)}`] : [];
  for (const property of select) {
    columns.push(`${alias}.${ident(property.column)} AS ${ident(property.name)}`);
    if (property.targetTableColumn)
      columns.push(`${alias}.${ident(property.targetTableColumn)} AS ${ident(lookupTableColumn(property))}`);
    if (withLookupNames && property.type === "lookup" && property.target) {
      const target = property.target;
      columns.push(
        `(SELECT n.${ident(target.primaryNameAttribute)} FROM ${ident(target.logicalName)} AS n WHERE n.${ident(target.primaryIdAttribute)} = ${alias}.${ident(property.column)}) AS ${ident(lookupNameColumn(property))}`,
      );
    }
  }
  return columns.join(", ");
}
