import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsPlugin from "ajv-formats";
import { code } from "../markdown.js";
import type { Problem, ProblemCode } from "./types.js";
import { keySiteAt, problemAt, type Site, siteAt } from "./yaml-source.js";

// ajv-formats is CommonJS; its default export arrives under `default`.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

let shared: Ajv | undefined;

/** One ajv for every schema the loaders compile (draft-07). */
export function schemaCompiler(): Ajv {
  if (shared) return shared;
  // addUsedSchema: false, so two workflows may use the same `$id`.
  shared = new Ajv({
    allErrors: true,
    strict: false,
    verbose: true,
    addUsedSchema: false,
  });
  addFormats(shared);
  return shared;
}

/** Compiles a schema written by a workflow author; the error says why not. */
export function compileSchema(
  schema: unknown,
): { validate: ValidateFunction } | { error: string } {
  const ajv = schemaCompiler();
  if (!ajv.validateSchema(schema as object)) {
    return { error: ajv.errorsText(ajv.errors, { dataVar: "schema" }) };
  }
  try {
    return { validate: ajv.compile(schema as object) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

export interface ShapeTarget {
  /** Where the validated data sits. */
  site: Site;
  /** How to name that place in messages, e.g. `tasks.restart.input`. */
  label: string;
  /** Errors to leave out, e.g. ones about `{{ … }}` values. */
  skip?: (error: ErrorObject) => boolean;
  /** Finds the site of a path (of its key, when `key` is given). */
  locate?: (segments: string[], key?: string) => Site;
  /** The problem code to report; `schema` unless told. */
  code?: ProblemCode;
}

/** Validates `data` and turns each ajv error into a positioned problem. */
export function shapeProblems(
  validate: ValidateFunction,
  data: unknown,
  target: ShapeTarget,
): Problem[] {
  if (validate(data)) return [];
  const kept = relevant(validate.errors ?? []);
  return kept.filter((e) => !target.skip?.(e)).map((e) => toProblem(e, target));
}

const combinators = new Set(["anyOf", "oneOf", "allOf", "if", "not"]);

/** One error per place: alternatives (`anyOf`) repeat what they contain. */
function relevant(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  const kept: ErrorObject[] = [];
  for (const error of errors) {
    if (error.propertyName !== undefined) continue;
    const detail = String(
      error.params["missingProperty"] ??
        error.params["additionalProperty"] ??
        error.params["propertyName"] ??
        "",
    );
    const path = error.instancePath;
    if (combinators.has(error.keyword) && seen.has(path)) continue;
    if (seen.has(`${path}\u0000${detail}`)) continue;
    seen.add(path);
    seen.add(`${path}\u0000${detail}`);
    kept.push(error);
  }
  return kept;
}

function toProblem(error: ErrorObject, target: ShapeTarget): Problem {
  const segments = pointerSegments(error.instancePath);
  const where = describePath(target.label, segments);
  const name = String(
    error.params["additionalProperty"] ?? error.params["propertyName"] ?? "",
  );
  const locate =
    target.locate ??
    ((path: string[], key?: string) =>
      key === undefined
        ? siteAt(target.site, path)
        : keySiteAt(target.site, [...path, key]));
  const site = name ? locate(segments, name) : locate(segments);
  return problemAt(site, target.code ?? "schema", describeError(error, where));
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** `tasks.restart.next[0].do`, from a label and path segments. */
export function describePath(label: string, segments: string[]): string {
  let path = label;
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) {
      path += path ? `.${segment}` : segment;
    } else path += `[${JSON.stringify(segment)}]`;
  }
  return path ? `${code(path)}` : "the workflow";
}

const typeNames: Record<string, string> = {
  string: "a string",
  array: "a list",
  object: "a map",
  integer: "an integer",
  number: "a number",
  boolean: "true or false",
  null: "null",
};

function describeError(error: ErrorObject, where: string): string {
  const p = error.params;
  switch (error.keyword) {
    case "required":
      return `${where} needs ${code(p["missingProperty"])}`;
    case "additionalProperties":
      return `${code(p["additionalProperty"])} is not allowed in ${where}; ${allowedKeys(error)}`;
    case "propertyNames":
      return `${code(p["propertyName"])} is not a valid name in ${where}`;
    case "type":
      return `${where} must be ${[p["type"]]
        .flat()
        .map((t) => typeNames[String(t)] ?? t)
        .join(" or ")}`;
    case "enum":
      return `${where} must be one of ${(p["allowedValues"] as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `${where} must be ${JSON.stringify(p["allowedValue"])}`;
    case "pattern":
      return `${where} must match ${p["pattern"]}`;
    default:
      return `${where} ${error.message ?? "is invalid"}`;
  }
}

function allowedKeys(error: ErrorObject): string {
  const schema = error.parentSchema as
    | { properties?: Record<string, unknown> }
    | undefined;
  const keys = Object.keys(schema?.properties ?? {});
  if (keys.length === 0) return "it takes no keys";
  return `expected one of ${keys.map((k) => code(k)).join(", ")}`;
}
