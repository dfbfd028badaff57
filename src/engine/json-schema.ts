import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsImport from "ajv-formats";
import { code } from "../markdown.js";

// ajv-formats ships CommonJS; under NodeNext its default import is the module.
const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

// verbose: errors carry their schema, so messages can list what is expected.
const ajv = new Ajv({
  allErrors: true,
  strict: false,
  useDefaults: true,
  verbose: true,
});
addFormats(ajv);
const cache = new WeakMap<object, ValidateFunction>();

/** Validates `value` against `schema`; the problems are sentences. */
export function checkAgainst(
  schema: Record<string, unknown>,
  value: unknown,
): string[] {
  let validate = cache.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(schema, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => describeError(e, value));
}

/**
 * One ajv error as a sentence naming the field and what was expected.
 * Field names and values come from whoever wrote the reply or request,
 * so each is shown as inline code, never as Markdown of its own; what
 * the schema allows comes from the workflow and is shown as it is.
 */
export function describeError(error: ErrorObject, root: unknown): string {
  const field = fieldOf(error);
  const got = valueAt(root, error.instancePath);
  const shown = got === undefined ? "" : ` (got ${code(jsonOf(got))})`;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `${code(join(field, String(p["missingProperty"])))} is required`;
    case "additionalProperties":
      return `${code(join(field, String(p["additionalProperty"])))} is not an expected field${expectedFields(error)}`;
    case "enum":
      return `${nameOf(field)} must be one of: ${(p["allowedValues"] as unknown[]).map((v) => jsonOf(v)).join(", ")}${shown}`;
    case "type":
      return `${nameOf(field)} must be a ${String(p["type"])}${shown}`;
    default:
      return `${nameOf(field)} ${error.message ?? "is invalid"}${shown}`;
  }
}

/** A value as JSON; one that YAML aliases made cyclic is named instead. */
function jsonOf(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return "(a value that cannot be shown as JSON)";
  }
}

function expectedFields(error: ErrorObject): string {
  const properties = (error.parentSchema?.["properties"] ?? {}) as object;
  const names = Object.keys(properties);
  return names.length > 0 ? `; expected only: ${names.join(", ")}` : "";
}

/** A field as inline code; the whole value when it has no name. */
function nameOf(field: string): string {
  return field ? code(field) : "the value";
}

function fieldOf(error: ErrorObject): string {
  return error.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
    .join(".");
}

function join(parent: string, child: string): string {
  return parent ? `${parent}.${child}` : child;
}

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const part of pointer.split("/").slice(1)) {
    if (value === null || typeof value !== "object") return undefined;
    const key = part.replaceAll("~1", "/").replaceAll("~0", "~");
    value = Object.hasOwn(value, key)
      ? (value as Record<string, unknown>)[key]
      : undefined;
  }
  return pointer === "" ? undefined : value;
}
