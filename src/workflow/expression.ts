import { expressionError } from "./expression-error.js";
import {
  type BinaryOp,
  children,
  type Expr,
  parseExpression,
} from "./expression-parse.js";
import type { Scope } from "./types.js";

export { ExpressionError } from "./expression-error.js";
export type { Expr } from "./expression-parse.js";
export {
  functionNames,
  maxExpressionDepth,
  maxExpressionLength,
  parseExpression,
} from "./expression-parse.js";

import { code } from "../markdown.js";

/** A place an expression reads a variable, a task, or calls a function. */
export interface ReferenceSite {
  kind: "var" | "task" | "function";
  name: string;
  offset: number;
}

// Names that lead to an object's machinery rather than its data.
const blocked = new Set(["__proto__", "constructor", "prototype"]);

/** Evaluates an expression against the data of a run. */
export function evaluate(expr: Expr | string, scope: Scope): unknown {
  const tree = typeof expr === "string" ? parseExpression(expr) : expr;
  return evaluateNode(tree, scope);
}

/** Python-like truth: null, false, 0, "", [] and {} are false. */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** The variables, tasks and functions an expression reads, each once. */
export function references(expr: Expr | string): {
  vars: string[];
  tasks: string[];
  functions: string[];
} {
  const sites = referenceSites(expr);
  const names = (kind: ReferenceSite["kind"]) => [
    ...new Set(sites.filter((s) => s.kind === kind).map((s) => s.name)),
  ];
  return {
    vars: names("var"),
    tasks: names("task"),
    functions: names("function"),
  };
}

/** Every reference with its offset, in source order, for precise messages. */
export function referenceSites(expr: Expr | string): ReferenceSite[] {
  const tree = typeof expr === "string" ? parseExpression(expr) : expr;
  const sites: ReferenceSite[] = [];
  const visit = (node: Expr): void => {
    const site = siteOf(node);
    if (site) sites.push(site);
    for (const child of children(node)) visit(child);
  };
  visit(tree);
  return sites.sort((a, b) => a.offset - b.offset);
}

function siteOf(node: Expr): ReferenceSite | undefined {
  const { offset } = node;
  if (node.kind === "ctx") return { kind: "var", name: node.name, offset };
  if (node.kind === "task") return { kind: "task", name: node.name, offset };
  if (node.kind === "call")
    return { kind: "function", name: node.name, offset };
  return undefined;
}

function evaluateNode(expr: Expr, scope: Scope): unknown {
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "list":
      return expr.items.map((item) => evaluateNode(item, scope));
    case "ctx":
      return readVariable(expr.name, scope, expr.offset);
    case "ctxAll":
      return scope.ctx;
    case "task":
      return readTask(expr.name, scope);
    case "call":
      return callFunction(expr.name, scope, expr.offset);
    case "member":
      return readMember(evaluateNode(expr.object, scope), expr.name);
    case "index":
      return readIndex(expr, scope);
    case "unary":
      return evaluateUnary(expr.op, evaluateNode(expr.operand, scope), expr);
    case "binary":
      return evaluateBinary(expr, scope);
  }
}

function readVariable(name: string, scope: Scope, offset: number): unknown {
  if (!blocked.has(name) && Object.hasOwn(scope.ctx, name)) {
    return scope.ctx[name];
  }
  const names = Object.keys(scope.ctx).map((n) => `${code(n)}`);
  const known = names.length > 0 ? names.join(", ") : "no variables";
  throw expressionError("AR_EXPRESSION_UNDEFINED", { name, known }, offset);
}

function readTask(name: string, scope: Scope): unknown {
  if (blocked.has(name) || !Object.hasOwn(scope.tasks, name)) return null;
  const outcome = scope.tasks[name]!;
  return { status: outcome.status, result: outcome.result };
}

function callFunction(name: string, scope: Scope, offset: number): unknown {
  const current = scope.current;
  if (!current) {
    throw expressionError("AR_EXPRESSION_CONTEXT", { name }, offset);
  }
  if (name === "result") return current.result;
  if (name === "succeeded") return current.status === "succeeded";
  if (name === "failed") return current.status === "failed";
  return true;
}

/** Own data properties of plain objects and arrays only; otherwise null. */
export function readMember(value: unknown, name: string): unknown {
  if (blocked.has(name)) return null;
  if (!Array.isArray(value) && !isPlainObject(value)) return null;
  if (!Object.hasOwn(value, name)) return null;
  return (value as Record<string, unknown>)[name] ?? null;
}

function readIndex(
  expr: Extract<Expr, { kind: "index" }>,
  scope: Scope,
): unknown {
  const value = evaluateNode(expr.object, scope);
  const index = evaluateNode(expr.index, scope);
  if (Array.isArray(value) && typeof index === "number") {
    return Number.isInteger(index) ? (value[index] ?? null) : null;
  }
  return typeof index === "string" ? readMember(value, index) : null;
}

function evaluateUnary(op: "not" | "-", value: unknown, expr: Expr): unknown {
  if (op === "not") return !isTruthy(value);
  if (typeof value === "number") return -value;
  throw typeError("-", [value], "a number", expr.offset);
}

function evaluateBinary(
  expr: Extract<Expr, { kind: "binary" }>,
  scope: Scope,
): unknown {
  const left = evaluateNode(expr.left, scope);
  if (expr.op === "and") {
    return isTruthy(left) ? evaluateNode(expr.right, scope) : left;
  }
  if (expr.op === "or") {
    return isTruthy(left) ? left : evaluateNode(expr.right, scope);
  }
  const right = evaluateNode(expr.right, scope);
  return applyOperator(expr.op, left, right, expr.offset);
}

function applyOperator(
  op: Exclude<BinaryOp, "and" | "or">,
  left: unknown,
  right: unknown,
  offset: number,
): unknown {
  switch (op) {
    case "==":
      return isEqual(left, right);
    case "!=":
      return !isEqual(left, right);
    case "in":
      return contains(right, left, offset);
    case "not in":
      return !contains(right, left, offset);
    case "+":
      return add(left, right, offset);
    default:
      return compare(op, left, right, offset);
  }
}

function compare(
  op: "<" | "<=" | ">" | ">=",
  left: unknown,
  right: unknown,
  offset: number,
): boolean {
  const comparable =
    (typeof left === "number" && typeof right === "number") ||
    (typeof left === "string" && typeof right === "string");
  if (!comparable) {
    throw typeError(op, [left, right], "two numbers or two strings", offset);
  }
  const [a, b] = [left as number | string, right as number | string];
  if (op === "<") return a < b;
  if (op === "<=") return a <= b;
  if (op === ">") return a > b;
  return a >= b;
}

function add(left: unknown, right: unknown, offset: number): unknown {
  if (typeof left === "number" && typeof right === "number") {
    return left + right;
  }
  if (typeof left === "string" && typeof right === "string") {
    return left + right;
  }
  throw typeError("+", [left, right], "two numbers or two strings", offset);
}

function contains(haystack: unknown, needle: unknown, offset: number) {
  if (Array.isArray(haystack)) return haystack.some((v) => isEqual(v, needle));
  if (typeof haystack === "string" && typeof needle === "string") {
    return haystack.includes(needle);
  }
  if (isPlainObject(haystack) && typeof needle === "string") {
    return !blocked.has(needle) && Object.hasOwn(haystack, needle);
  }
  if (haystack === null) return false;
  const expected = "a list, a string or an object on the right";
  throw typeError("in", [needle, haystack], expected, offset);
}

/** Structural equality, so lists and objects compare by content. */
function isEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => isEqual(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && isEqual(a[k], b[k]));
  }
  return false;
}

export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function typeError(
  operator: string,
  values: unknown[],
  expected: string,
  offset: number,
) {
  const found = values.map(typeName).join(" and ");
  return expressionError(
    "AR_EXPRESSION_TYPE",
    { operator, found, expected },
    offset,
  );
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}
