/**
 * `$filter` text to a schema-checked FilterExpression. The text is parsed by @odata/parser (the OData ABNF);
 * this module walks its syntax tree, resolves every name against the schema and turns literals into values.
 */
import { defaultParser, TokenType, type Token } from "@odata/parser";
import { entityModel, type EntityModel, type Property, type PropertyType } from "./model";
import { badRequest, notSupported, syntaxError, unknownProperty } from "./messages";
import type { ComparisonOperator, FilterExpression, Literal, PropertyReference, StringFunction } from "./types";

/** Lambda variables in scope, each bound to the model of its collection's rows. */
type Scope = ReadonlyMap<string, EntityModel>;

const comparisons: Partial<Record<TokenType, ComparisonOperator>> = {
  [TokenType.EqualsExpression]: "eq",
  [TokenType.NotEqualsExpression]: "ne",
  [TokenType.GreaterThanExpression]: "gt",
  [TokenType.GreaterOrEqualsExpression]: "ge",
  [TokenType.LesserThanExpression]: "lt",
  [TokenType.LesserOrEqualsExpression]: "le",
};

/** Operator kinds as Dataverse (Microsoft.OData) names them in its messages. */
const operatorKinds: Record<ComparisonOperator, string> = {
  eq: "Equal",
  ne: "NotEqual",
  gt: "GreaterThan",
  ge: "GreaterThanOrEqual",
  lt: "LessThan",
  le: "LessThanOrEqual",
};

/** `1 lt x` is `x gt 1`. */
const mirrored: Record<ComparisonOperator, ComparisonOperator> = {
  eq: "eq",
  ne: "ne",
  gt: "lt",
  ge: "le",
  lt: "gt",
  le: "ge",
};

const edmTypes: Record<PropertyType, string> = {
  guid: "Edm.Guid",
  lookup: "Edm.Guid",
  string: "Edm.String",
  boolean: "Edm.Boolean",
  choice: "Edm.Int32",
  integer: "Edm.Int32",
  bigint: "Edm.Int64",
  datetime: "Edm.DateTimeOffset",
};

const numericLiteralTypes = new Set([
  "Edm.SByte",
  "Edm.Byte",
  "Edm.Int16",
  "Edm.Int32",
  "Edm.Int64",
  "Edm.Decimal",
  "Edm.Double",
  "Edm.Single",
]);

const stringFunctions = new Set<string>(["contains", "startswith", "endswith"]);

/** Parsing is pure and @odata/parser takes tens of microseconds, so clients repeating a filter reuse its result. */
const parsedFilters = new WeakMap<EntityModel, Map<string, FilterExpression>>();
const MAX_CACHED_FILTERS = 500;

export function parseFilter(model: EntityModel, text: string): FilterExpression {
  let cache = parsedFilters.get(model);
  if (!cache) parsedFilters.set(model, (cache = new Map()));
  let filter = cache.get(text);
  if (!filter) {
    filter = readFilter(model, text);
    if (cache.size >= MAX_CACHED_FILTERS) cache.clear();
    cache.set(text, filter);
  }
  return filter;
}

function readFilter(model: EntityModel, text: string): FilterExpression {
  const source = text.trim();
  if (source === "") throw badRequest("The $filter query option is empty.");
  let tree: Token;
  try {
    tree = defaultParser.filter(source);
  } catch (error) {
    throw syntaxError(errorPosition(error), source);
  }
  return new FilterReader(model, source).boolean(tree, new Map());
}

/** @odata/parser reports "Unexpected character at N" or "Fail at N". */
function errorPosition(error: unknown): number {
  const message = error instanceof Error ? error.message : "";
  const position = Number(message.slice(message.lastIndexOf(" ") + 1));
  return Number.isInteger(position) ? position : 0;
}

class FilterReader {
  constructor(
    private readonly model: EntityModel,
    private readonly source: string,
  ) {}

  /** An expression that must be true or false. */
  boolean(token: Token, scope: Scope): FilterExpression {
    switch (token.type) {
      case TokenType.AndExpression:
      case TokenType.OrExpression:
      case TokenType.NotExpression:
        return this.logical(token, scope);
      case TokenType.BoolParenExpression:
      case TokenType.ParenExpression:
      case TokenType.CommonExpression:
        return this.boolean(token.value, scope);
      case TokenType.MethodCallExpression:
        return this.methodCall(token, scope);
      case TokenType.FirstMemberExpression:
        return this.memberAsBoolean(token, scope);
    }
    const operator = comparisons[token.type];
    if (operator) return this.comparison(operator, token, scope);
    throw this.unsupported(token);
  }

  /**
   * @odata/parser follows the ABNF, where `not` takes everything after it (`not a and b` is `not (a and b)`) and an
   * `or` after `and not` nests inside the `not`. Dataverse gives `not` the highest precedence, then `and`, then `or`,
   * so the operands and operators are read back in source order and regrouped that way.
   */
  private logical(token: Token, scope: Scope): FilterExpression {
    const items: LogicalItem[] = [];
    flattenLogical(token, items);
    let index = 0;
    const unary = (): FilterExpression => {
      const item = items[index++];
      if (item === "not") return { kind: "not", operand: unary() };
      return this.boolean(item as Token, scope);
    };
    const conjunction = (): FilterExpression => {
      let left = unary();
      while (items[index] === "and") {
        index++;
        left = { kind: "and", left, right: unary() };
      }
      return left;
    };
    let expression = conjunction();
    while (items[index] === "or") {
      index++;
      expression = { kind: "or", left: expression, right: conjunction() };
    }
    return expression;
  }

  private comparison(operator: ComparisonOperator, token: Token, scope: Scope): FilterExpression {
    const { left, right } = token.value as { left: Token; right: Token };
    const leftIsLiteral = unwrap(left).type === TokenType.Literal;
    const rightIsLiteral = unwrap(right).type === TokenType.Literal;
    if (leftIsLiteral === rightIsLiteral) {
      throw notSupported(
        `Comparing '${left.raw}' with '${right.raw}' (a property must be compared with a literal value)`,
      );
    }
    const [propertyToken, literalToken, op] = rightIsLiteral
      ? [left, right, operator]
      : [right, left, mirrored[operator]];
    const reference = this.property(propertyToken, scope);
    const value = this.literal(unwrap(literalToken), reference.property, op);
    if (value === null && op !== "eq" && op !== "ne") {
      throw badRequest(
        `The operator '${op}' cannot compare '${reference.property.name}' with null; use eq null or ne null.`,
      );
    }
    return { kind: "compare", operator: op, left: reference, value };
  }

  private methodCall(token: Token, scope: Scope): FilterExpression {
    const { method, parameters } = token.value as { method: string; parameters: Token[] };
    if (!stringFunctions.has(method)) throw unsupportedFunction(method);
    if (parameters.length !== 2 || unwrap(parameters[1]).type !== TokenType.Literal) {
      throw badRequest(`The function '${method}' takes a property and a string literal, as in ${method}(name,'text').`);
    }
    const left = this.property(parameters[0], scope);
    if (left.property.type !== "string") {
      throw badRequest(
        `The function '${method}' needs a string property; '${left.property.name}' is ${edmTypes[left.property.type]}.`,
      );
    }
    const value = this.literal(unwrap(parameters[1]), left.property, "eq");
    if (typeof value !== "string") throw badRequest(`The function '${method}' needs a string literal.`);
    return { kind: "function", name: method as StringFunction, left, value };
  }

  /** A member used as a condition: a lambda (`nav/any(...)`) or a boolean property on its own. */
  private memberAsBoolean(token: Token, scope: Scope): FilterExpression {
    const { variable, path } = this.memberPath(token, scope);
    const model = variable ? (scope.get(variable) as EntityModel) : this.model;
    if (simpleName(path) !== undefined) {
      const reference = this.propertyFromPath(token, scope);
      if (reference.property.type !== "boolean") throw this.unsupported(token);
      return { kind: "compare", operator: "eq", left: reference, value: true };
    }
    const { current, next } = path.value as { current: Token; next?: Token };
    const name = current.value.name as string;
    const lambda = next?.type === TokenType.CollectionPathExpression ? (next.value as Token) : undefined;
    if (!lambda || (lambda.type !== TokenType.AnyExpression && lambda.type !== TokenType.AllExpression)) {
      throw this.unsupported(token);
    }
    const navigation = model.collectionNavigations.get(name);
    if (!navigation) {
      if (model.properties.has(name) || model.singleNavigations.has(name)) {
        throw badRequest(
          `'${name}' is not a collection-valued navigation property of '${model.typeName}'; any/all needs one.`,
        );
      }
      throw unknownProperty(model, name);
    }
    const quantifier = lambda.type === TokenType.AnyExpression ? "any" : "all";
    const { variable: lambdaVariable, predicate } = lambda.value as { variable?: Token; predicate?: Token };
    if (!lambdaVariable || !predicate) {
      if (quantifier === "all")
        throw badRequest("The all() operator needs a lambda expression, as in nav/all(x: x/name eq 'a').");
      return { kind: "lambda", quantifier, source: variable, navigation };
    }
    const variableName = lambdaVariable.value.name as string;
    if (variableName === "$it" || scope.has(variableName)) {
      throw badRequest(`The range variable '${variableName}' is already in use.`);
    }
    const inner = new Map(scope).set(variableName, entityModel(navigation.target));
    return {
      kind: "lambda",
      quantifier,
      source: variable,
      navigation,
      variable: variableName,
      predicate: this.boolean(predicate.value as Token, inner),
    };
  }

  private property(token: Token, scope: Scope): PropertyReference {
    const inner = unwrap(token);
    if (inner.type === TokenType.MethodCallExpression) {
      const method = inner.value.method as string;
      if (!stringFunctions.has(method)) throw unsupportedFunction(method);
      throw badRequest(
        `The function '${method}' is a condition on its own; write ${method}(name,'text') without comparing it.`,
      );
    }
    if (inner.type !== TokenType.FirstMemberExpression) throw this.unsupported(inner);
    return this.propertyFromPath(inner, scope);
  }

  private propertyFromPath(token: Token, scope: Scope): PropertyReference {
    const { variable, path } = this.memberPath(token, scope);
    const model = variable ? (scope.get(variable) as EntityModel) : this.model;
    const name = simpleName(path);
    if (name === undefined) {
      const first = (path.value as { current: Token }).current.value.name as string;
      if (model.singleNavigations.has(first))
        throw notSupported(`Filtering on a related table's column ('${path.raw}')`);
      if (model.collectionNavigations.has(first))
        throw badRequest(`'${first}' is a collection; use ${first}/any(...).`);
      throw unknownProperty(model, first);
    }
    const property = model.properties.get(name);
    if (!property) {
      const lookup = model.singleNavigations.get(name);
      if (lookup) throw badRequest(`'${name}' is a lookup; filter on its value as _${lookup.column}_value.`);
      if (model.collectionNavigations.has(name)) throw badRequest(`'${name}' is a collection; use ${name}/any(...).`);
      throw unknownProperty(model, name);
    }
    return { variable, property };
  }

  /** Splits `u/prop` into the lambda variable and the PropertyPathExpression. */
  private memberPath(token: Token, scope: Scope): { variable?: string; path: Token } {
    let member: Token = token.value;
    let variable: string | undefined;
    if (member?.type === TokenType.LambdaVariableExpression) {
      // Inside a lambda the parser reads a bare name as a variable; one that is not a variable is a property of $it.
      const name = member.value.name as string;
      if (scope.has(name))
        throw badRequest(`The range variable '${name}' must be followed by a property, as in ${name}/name.`);
      return {
        path: {
          ...member,
          type: TokenType.PropertyPathExpression,
          value: { ...member, type: TokenType.ODataIdentifier },
        } as Token,
      };
    }
    if (Array.isArray(token.value)) {
      const [lambdaVariable, rest] = token.value as Token[];
      variable = lambdaVariable.value.name as string;
      if (!scope.has(variable)) throw badRequest(`The range variable '${variable}' is not defined.`);
      member = rest;
    }
    if (member?.type !== TokenType.MemberExpression || member.value?.type !== TokenType.PropertyPathExpression) {
      throw this.unsupported(token);
    }
    return { variable, path: member.value as Token };
  }

  private literal(token: Token, property: Property, operator: ComparisonOperator): Literal {
    const type = token.value as string;
    const raw = token.raw;
    if (type === "null") return null;
    const incompatible = () =>
      badRequest(
        `A binary operator with incompatible types was detected. Found operand types '${edmTypes[property.type]}' and '${type}' for operator kind '${operatorKinds[operator]}'.`,
      );
    switch (property.type) {
      case "string":
        if (type !== "Edm.String") throw incompatible();
        return raw.slice(1, -1).replace(/''/g, "'");
      case "boolean":
        if (type !== "Edm.Boolean") throw incompatible();
        return raw.toLowerCase() === "true";
      case "choice":
      case "integer":
      case "bigint": {
        if (!numericLiteralTypes.has(type)) throw incompatible();
        const value = Number(raw);
        if (!Number.isFinite(value)) throw badRequest(`'${raw}' is not a number that '${property.name}' can hold.`);
        return value;
      }
      case "guid":
      case "lookup":
        if (type !== "Edm.Guid") throw incompatible();
        return raw.toLowerCase();
      case "datetime": {
        if (type !== "Edm.DateTimeOffset" && type !== "Edm.Date") throw incompatible();
        const date = new Date(type === "Edm.Date" ? `${raw}T00:00:00Z` : raw);
        if (Number.isNaN(date.getTime())) throw badRequest(`'${raw}' is not a valid date and time.`);
        return date.toISOString();
      }
    }
  }

  private unsupported(token: Token): Error {
    return badRequest(
      `The expression '${token.raw}' at position ${token.position} in '${this.source}' is not supported.`,
    );
  }
}

/** Parenthesised and wrapped operands unwrap to the literal or member inside. */
function unwrap(token: Token): Token {
  let current = token;
  while (current.type === TokenType.CommonExpression || current.type === TokenType.ParenExpression)
    current = current.value;
  return current;
}

const unsupportedFunction = (method: string) =>
  badRequest(`The function '${method}' is not supported. Supported functions are contains, startswith and endswith.`);

type LogicalItem = Token | "and" | "or" | "not";

/** The operands and logical operators of a tree, in source order; parenthesised groups stay operands. */
function flattenLogical(token: Token, items: LogicalItem[]): void {
  const inner = token.type === TokenType.CommonExpression ? (token.value as Token) : token;
  switch (inner.type) {
    case TokenType.AndExpression:
    case TokenType.OrExpression:
      flattenLogical(inner.value.left, items);
      items.push(inner.type === TokenType.AndExpression ? "and" : "or");
      flattenLogical(inner.value.right, items);
      return;
    case TokenType.NotExpression:
      items.push("not");
      flattenLogical(inner.value, items);
      return;
    default:
      items.push(inner);
  }
}

/** The name of a plain property path (`name`), or undefined for a path with a navigation (`nav/...`). */
function simpleName(path: Token): string | undefined {
  const identifier = path.value as Token;
  return identifier.type === TokenType.ODataIdentifier ? (identifier.value.name as string) : undefined;
}
