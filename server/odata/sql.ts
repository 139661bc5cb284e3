/**
 * QueryOptions to SQL text. Identifiers come only from the schema (quoted with `ident`); every value from the request
 * is a bound parameter. Statements are prepared once per SQL text and connection.
 */
import { ident } from "../storage/layout";
import { prepare } from "../storage/statements";
import type { CollectionNavigation, EntityModel, Property } from "./model";
import type { ComparisonOperator, FilterExpression, OrderByItem, StringFunction } from "./types";

/** Result column names that are not properties: the row version, a lookup's target name, an expansion's key. */
export const VERSION_COLUMN = "@version";
export const PARENT_COLUMN = "@parent";
export const lookupNameColumn = (property: Property): string => `${property.name}@name`;
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
interface RowScope {
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
  const pattern = name === "contains" ? `%${value}%` : name === "startswith" ? `${value}%` : `%${value}`;
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
): string {
  const root: RowScope = { alias, idColumn: model.primaryId.column };
  return compileExpression(filter, root, new Map(), parameters);
}

function compileExpression(
  expression: FilterExpression,
  root: RowScope,
  variables: ReadonlyMap<string, RowScope>,
  parameters: SqlParameters,
): string {
  const column = (variable: string | undefined, property: Property) =>
    `${(variable ? (variables.get(variable) as RowScope) : root).alias}.${ident(property.column)}`;
  switch (expression.kind) {
    case "and":
    case "or":
      return `(${compileExpression(expression.left, root, variables, parameters)} ${expression.kind.toUpperCase()} ${compileExpression(expression.right, root, variables, parameters)})`;
    case "not":
      return `NOT (${compileExpression(expression.operand, root, variables, parameters)})`;
    case "compare": {
      const left = column(expression.left.variable, expression.left.property);
      if (expression.value === null) return `${left} IS ${expression.operator === "eq" ? "NULL" : "NOT NULL"}`;
      const value = typeof expression.value === "boolean" ? Number(expression.value) : expression.value;
      return `${left} ${sqlOperators[expression.operator]} ${parameters.bind(value)}`;
    }
    case "function":
      return patternCondition(
        expression.name,
        column(expression.left.variable, expression.left.property),
        expression.value,
        parameters,
      );
    case "lambda": {
      const source = expression.source ? (variables.get(expression.source) as RowScope) : root;
      const target: RowScope = {
        alias: parameters.nextAlias(),
        idColumn: expression.navigation.target.primaryIdAttribute,
      };
      const related = relatedRows(expression.navigation, source, target);
      if (!expression.predicate || !expression.variable) return `EXISTS (${related})`;
      const inner = new Map(variables).set(expression.variable, target);
      const predicate = compileExpression(expression.predicate, root, inner, parameters);
      // all(): no related row for which the predicate is false or unknown.
      return expression.quantifier === "any"
        ? `EXISTS (${related} AND (${predicate}))`
        : `NOT EXISTS (${related} AND (${predicate}) IS NOT 1)`;
    }
  }
}

/** `SELECT 1 FROM <target rows related to source> WHERE <the link>`, ready for more AND conditions. */
function relatedRows(navigation: CollectionNavigation, source: RowScope, target: RowScope): string {
  const table = ident(navigation.target.logicalName);
  const sourceId = `${source.alias}.${ident(source.idColumn)}`;
  const targetId = `${target.alias}.${ident(target.idColumn)}`;
  const link = navigation.link;
  if (link.kind === "lookup")
    return `SELECT 1 FROM ${table} AS ${target.alias} WHERE ${target.alias}.${ident(link.column)} = ${sourceId}`;
  const intersect = `${target.alias}_i`;
  return (
    `SELECT 1 FROM ${ident(link.table)} AS ${intersect} JOIN ${table} AS ${target.alias} ON ${targetId} = ${intersect}.${ident(link.targetColumn)}` +
    ` WHERE ${intersect}.${ident(link.sourceColumn)} = ${sourceId}`
  );
}

/** The ORDER BY list; the primary id comes last so that equal keys keep one order across pages. */
export function compileOrderBy(orderBy: readonly OrderByItem[], model: EntityModel, alias: string): string {
  const keys = orderBy.map((item) => `${alias}.${ident(item.property.column)}${item.descending ? " DESC" : ""}`);
  if (!orderBy.some((item) => item.property === model.primaryId))
    keys.push(`${alias}.${ident(model.primaryId.column)}`);
  return keys.join(", ");
}

/** Column lists by selection (same array, same list), alias and annotations: a keyed read then builds no SQL. */
const columnLists = new WeakMap<readonly Property[], Map<string, string>>();

/** The result columns for the selected properties, named by their Web API names. */
export function compileColumns(select: readonly Property[], alias: string, withLookupNames: boolean): string {
  let lists = columnLists.get(select);
  if (!lists) columnLists.set(select, (lists = new Map()));
  const key = withLookupNames ? `${alias}+names` : alias;
  let list = lists.get(key);
  if (list === undefined) lists.set(key, (list = buildColumns(select, alias, withLookupNames)));
  return list;
}

function buildColumns(select: readonly Property[], alias: string, withLookupNames: boolean): string {
  const columns = [`${alias}."versionnumber" AS ${ident(VERSION_COLUMN)}`];
  for (const property of select) {
    columns.push(`${alias}.${ident(property.column)} AS ${ident(property.name)}`);
    if (withLookupNames && property.type === "lookup" && property.target) {
      const target = property.target;
      columns.push(
        `(SELECT n.${ident(target.primaryNameAttribute)} FROM ${ident(target.logicalName)} AS n WHERE n.${ident(target.primaryIdAttribute)} = ${alias}.${ident(property.column)}) AS ${ident(lookupNameColumn(property))}`,
      );
    }
  }
  return columns.join(", ");
}
