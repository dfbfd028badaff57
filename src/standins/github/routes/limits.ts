import type { MatchedOperation } from "../operations.js";
import { validationFailed } from "./answers.js";
import type { RouteResult } from "./types.js";

/** GitHub's limit on issue and comment bodies, in characters. */
export const maxBodyChars = 65_536;

/** A 422 like GitHub's when a body is over the limit; else undefined. */
export function checkBodyLength(
  op: MatchedOperation,
  resource: "Issue" | "IssueComment",
  body: string | null | undefined,
): RouteResult | undefined {
  if (typeof body !== "string") return undefined;
  // GitHub counts characters, not UTF-16 units; most bodies are short.
  if (body.length <= maxBodyChars) return undefined;
  if ([...body].length <= maxBodyChars) return undefined;
  return validationFailed(op, {
    resource,
    field: "body",
    code: "custom",
    message: `body is too long (maximum is ${maxBodyChars} characters)`,
  });
}
