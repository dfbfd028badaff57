import { readFileSync } from "node:fs";
import { parseDocument, type YAMLError } from "yaml";
import { type AppError, fail } from "../errors.js";

/** AR_CONFIG_INVALID listing every problem, one a line when several. */
export function configInvalid(
  path: string,
  problems: string[],
  options?: { cause?: unknown },
): AppError {
  const problem =
    problems.length === 1
      ? String(problems[0])
      : `${problems.length} problems:\n- ${problems.join("\n- ")}`;
  return fail("AR_CONFIG_INVALID", { path, problem }, options);
}

/**
 * The data of an operator config file. A YAML error is reported by line
 * and column only: the parser's own message quotes the source line, and
 * that line may hold a secret.
 */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw configInvalid(path, [`it cannot be read (${reasonOf(cause)})`], {
      cause,
    });
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw configInvalid(path, doc.errors.map(syntaxProblem));
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    throw configInvalid(path, ["its YAML aliases cannot be resolved"]);
  }
}

function syntaxProblem(error: YAMLError): string {
  const at = error.linePos?.[0];
  const where = at ? `line ${at.line}, column ${at.col}` : "an unknown place";
  const what = error.code.toLowerCase().replaceAll("_", " ");
  return `YAML syntax error at ${where} (${what})`;
}

/** Why a file could not be read, from its error code alone. */
export function reasonOf(cause: unknown): string {
  const errno = (cause as { code?: unknown } | null)?.code;
  switch (errno) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    default:
      return typeof errno === "string" ? errno : "read failed";
  }
}
