import type { MatchedOperation } from "../operations.js";
import { isObject } from "../spec.js";
import type { RouteResult } from "./types.js";

const genericDocs = "https://docs.github.com/rest";

/** The documentation link GitHub puts in an operation's errors. */
export function docsOf(op: MatchedOperation | undefined): string {
  const docs = op?.spec["externalDocs"];
  return isObject(docs) && typeof docs["url"] === "string"
    ? docs["url"]
    : genericDocs;
}

/** GitHub's error shape: `{ message, documentation_url }`. */
export function errorAnswer(
  status: number,
  message: string,
  op?: MatchedOperation,
): RouteResult {
  return { status, body: { message, documentation_url: docsOf(op) } };
}

export function notFound(op: MatchedOperation): RouteResult {
  return errorAnswer(404, "Not Found", op);
}

/** GitHub's 422 shape, naming the resource, field and rule broken. */
export function validationFailed(
  op: MatchedOperation,
  error: { resource: string; field: string; code: string; message?: string },
): RouteResult {
  return {
    status: 422,
    body: {
      message: "Validation Failed",
      errors: [error],
      documentation_url: docsOf(op),
    },
  };
}

export function ok(body: unknown, status = 200): RouteResult {
  return { status, body };
}
