import { AppError, type ErrorCode, fail } from "../errors.js";

type ExpressionCode = Extract<ErrorCode, `AR_EXPRESSION_${string}`>;
type DetailsOf<C extends ExpressionCode> = Parameters<typeof fail<C>>[1];

/** A syntax or evaluation error, at `offset` characters into the source. */
export class ExpressionError extends AppError {
  constructor(
    code: ExpressionCode,
    message: string,
    readonly offset: number,
  ) {
    super(code, message);
  }
}

/** Builds the catalog error `code`, remembering where it happened. */
export function expressionError<C extends ExpressionCode>(
  code: C,
  details: DetailsOf<C>,
  offset: number,
): ExpressionError {
  return new ExpressionError(code, fail(code, details).message, offset);
}

/** The usual syntax error: what was found at `offset`, what was expected. */
export function unexpected(
  found: string,
  offset: number,
  expected: string,
): ExpressionError {
  const details = { found, column: offset + 1, expected };
  return expressionError("AR_EXPRESSION_SYNTAX", details, offset);
}
