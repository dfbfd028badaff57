import { code } from "../markdown.js";
import { expressionError, unexpected } from "./expression-error.js";
import { type Token, tokenize } from "./expression-tokens.js";

export const maxExpressionLength = 4096;
export const maxExpressionDepth = 64;

export type BinaryOp =
  | "or"
  | "and"
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "in"
  | "not in"
  | "+";

export type CallName = "result" | "succeeded" | "failed" | "completed";

/** A parsed expression; `offset` is where the node starts in the source. */
export type Expr =
  | { kind: "literal"; value: string | number | boolean | null; offset: number }
  | { kind: "list"; items: Expr[]; offset: number }
  | { kind: "ctx"; name: string; offset: number }
  | { kind: "ctxAll"; offset: number }
  | { kind: "task"; name: string; offset: number }
  | { kind: "call"; name: CallName; offset: number }
  | { kind: "member"; object: Expr; name: string; offset: number }
  | { kind: "index"; object: Expr; index: Expr; offset: number }
  | { kind: "unary"; op: "not" | "-"; operand: Expr; offset: number }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr; offset: number };

export const functionNames = [
  "ctx",
  "task",
  "result",
  "succeeded",
  "failed",
  "completed",
];

const constants: Record<string, boolean | null> = {
  true: true,
  True: true,
  false: false,
  False: false,
  null: null,
  None: null,
};

const comparisons = new Set(["==", "=", "!=", "<", "<=", ">", ">="]);

/** Parses one expression (the text between `{{` and `}}`). */
export function parseExpression(source: string): Expr {
  if (source.length > maxExpressionLength) {
    const measure = `is ${source.length} characters long`;
    const limit = `${maxExpressionLength} characters`;
    throw expressionError("AR_EXPRESSION_LIMIT", { measure, limit }, 0);
  }
  const parser = new Parser(tokenize(source));
  const expr = parser.parseTop();
  checkHeight(expr);
  return expr;
}

class Parser {
  private at = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseTop(): Expr {
    const expr = this.parseOr();
    const token = this.peek();
    if (token.type !== "end") {
      throw unexpected(describe(token), token.offset, "an operator or the end");
    }
    return expr;
  }

  private parseOr(): Expr {
    this.enter();
    let left = this.parseAnd();
    while (this.isOp("or", "||")) {
      const offset = this.next().offset;
      left = { kind: "binary", op: "or", left, right: this.parseAnd(), offset };
    }
    this.depth -= 1;
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isOp("and", "&&")) {
      const offset = this.next().offset;
      left = {
        kind: "binary",
        op: "and",
        left,
        right: this.parseNot(),
        offset,
      };
    }
    return left;
  }

  private parseNot(): Expr {
    if (!this.isOp("not", "!")) return this.parseComparison();
    const offset = this.next().offset;
    this.enter();
    const operand = this.parseNot();
    this.depth -= 1;
    return { kind: "unary", op: "not", operand, offset };
  }

  private parseComparison(): Expr {
    const left = this.parseSum();
    const op = this.comparisonOp();
    if (!op) return left;
    const right = this.parseSum();
    const after = this.peek();
    if (this.comparisonOp(false)) {
      const expected = "`and` or `or` between comparisons";
      throw unexpected(describe(after), after.offset, expected);
    }
    return { kind: "binary", op: op.op, left, right, offset: op.offset };
  }

  private comparisonOp(consume = true) {
    const token = this.peek();
    const second = this.tokens[this.at + 1];
    let op: BinaryOp | undefined;
    let width = 1;
    if (token.type === "op" && comparisons.has(token.text)) {
      // YAQL, as Mistral and Orquesta files write it, compares with `=`.
      op = (token.text === "=" ? "==" : token.text) as BinaryOp;
    } else if (isWord(token, "in")) {
      op = "in";
    } else if (isWord(token, "not") && second && isWord(second, "in")) {
      [op, width] = ["not in", 2];
    }
    if (op && consume) this.at += width;
    return op ? { op, offset: token.offset } : undefined;
  }

  private parseSum(): Expr {
    let left = this.parseUnary();
    while (this.isOp("+")) {
      const offset = this.next().offset;
      left = {
        kind: "binary",
        op: "+",
        left,
        right: this.parseUnary(),
        offset,
      };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (!this.isOp("-")) return this.parsePostfix(this.parsePrimary());
    const offset = this.next().offset;
    this.enter();
    const operand = this.parseUnary();
    this.depth -= 1;
    return { kind: "unary", op: "-", operand, offset };
  }

  private parsePostfix(start: Expr): Expr {
    let expr = start;
    for (;;) {
      if (this.isOp(".")) {
        const dot = this.next();
        const name = this.expectName("a property name after `.`");
        expr = { kind: "member", object: expr, name, offset: dot.offset };
      } else if (this.isOp("[")) {
        const offset = this.next().offset;
        const index = this.parseOr();
        this.expectOp("]");
        expr = { kind: "index", object: expr, index, offset };
      } else {
        return expr;
      }
    }
  }

  private parsePrimary(): Expr {
    const token = this.next();
    if (token.type === "string" || token.type === "number") {
      const value = token.type === "number" ? Number(token.text) : token.text;
      return { kind: "literal", value, offset: token.offset };
    }
    if (token.type === "name") return this.parseName(token);
    if (isOp(token, "$")) return this.parseRoot(token.offset);
    if (isOp(token, "(")) {
      const inner = this.parseOr();
      this.expectOp(")");
      return inner;
    }
    if (isOp(token, "[")) return this.parseList(token.offset);
    throw unexpected(describe(token), token.offset, "a value");
  }

  private parseList(offset: number): Expr {
    const items: Expr[] = [];
    while (!this.isOp("]")) {
      items.push(this.parseOr());
      if (!this.isOp(",")) break;
      this.next();
    }
    this.expectOp("]");
    return { kind: "list", items, offset };
  }

  private parseName(token: Token): Expr {
    const offset = token.offset;
    if (Object.hasOwn(constants, token.text)) {
      return { kind: "literal", value: constants[token.text]!, offset };
    }
    if (token.text === "_") return this.parseRoot(offset);
    if (!this.isOp("(")) {
      const expected = `a value (variables are read as ctx().${token.text})`;
      throw unexpected(`name ${code(token.text)}`, offset, expected);
    }
    return this.parseCall(token);
  }

  /** `_.name`, `$.name`, or the whole context with `_` / `$` alone. */
  private parseRoot(offset: number): Expr {
    if (!this.isOp(".")) return { kind: "ctxAll", offset };
    this.next();
    const name = this.expectName("a variable name");
    return { kind: "ctx", name, offset };
  }

  private parseCall(token: Token): Expr {
    const offset = token.offset;
    this.expectOp("(");
    if (token.text === "ctx") return this.parseCtxCall(offset);
    if (token.text === "task") {
      const name = this.parseNameArgument("a task name");
      this.expectOp(")");
      return { kind: "task", name, offset };
    }
    if (!functionNames.includes(token.text)) {
      const expected = `one of the functions ${functionNames.join(", ")}`;
      throw unexpected(`function ${code(token.text)}`, offset, expected);
    }
    this.expectOp(")");
    return { kind: "call", name: token.text as CallName, offset };
  }

  private parseCtxCall(offset: number): Expr {
    if (this.isOp(")")) {
      this.next();
      return this.parseRoot(offset);
    }
    const name = this.parseNameArgument("a variable name");
    this.expectOp(")");
    return { kind: "ctx", name, offset };
  }

  private parseNameArgument(expected: string): string {
    const token = this.next();
    if (token.type === "string" || token.type === "name") return token.text;
    throw unexpected(describe(token), token.offset, expected);
  }

  private expectName(expected: string): string {
    const token = this.next();
    if (token.type === "name") return token.text;
    throw unexpected(describe(token), token.offset, expected);
  }

  private expectOp(op: string): void {
    const token = this.next();
    if (!isOp(token, op)) {
      throw unexpected(describe(token), token.offset, `${code(op)}`);
    }
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth > maxExpressionDepth) tooDeep(this.peek().offset);
  }

  private isOp(...texts: string[]): boolean {
    const token = this.peek();
    return texts.some((t) => isOp(token, t) || isWord(token, t));
  }

  private peek(): Token {
    return this.tokens[this.at]!;
  }

  private next(): Token {
    const token = this.tokens[this.at]!;
    if (token.type !== "end") this.at += 1;
    return token;
  }
}

function isOp(token: Token, text: string): boolean {
  return token.type === "op" && token.text === text;
}

function isWord(token: Token, text: string): boolean {
  return token.type === "name" && token.text === text;
}

function describe(token: Token): string {
  if (token.type === "end") return "end of expression";
  if (token.type === "string") return `string ${JSON.stringify(token.text)}`;
  return `${code(token.text)}`;
}

function tooDeep(offset: number): never {
  const measure = `nests more than ${maxExpressionDepth} levels deep`;
  const limit = `${maxExpressionDepth} levels`;
  throw expressionError("AR_EXPRESSION_LIMIT", { measure, limit }, offset);
}

/** Long chains like `a + b + … ` nest in the tree even without brackets. */
function checkHeight(root: Expr): void {
  const stack: { expr: Expr; height: number }[] = [{ expr: root, height: 1 }];
  while (stack.length > 0) {
    const { expr, height } = stack.pop()!;
    if (height > maxExpressionDepth) tooDeep(expr.offset);
    for (const child of children(expr)) {
      stack.push({ expr: child, height: height + 1 });
    }
  }
}

/** The direct sub-expressions of a node. */
export function children(expr: Expr): Expr[] {
  switch (expr.kind) {
    case "list":
      return expr.items;
    case "member":
      return [expr.object];
    case "index":
      return [expr.object, expr.index];
    case "unary":
      return [expr.operand];
    case "binary":
      return [expr.left, expr.right];
    default:
      return [];
  }
}
