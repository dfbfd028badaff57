import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { code } from "../markdown.js";
import { nearestName } from "./nearest.js";
import { operatorConfigSchema } from "./schema.js";

type Raw = Record<string, unknown>;

// verbose: errors carry their schema, whose `description` says what is
// expected. Strict, as the schema is ours, except that "exactly one of
// two keys" names each key in a branch that does not declare it.
const ajv = new Ajv({
  allErrors: true,
  strict: true,
  strictRequired: false,
  verbose: true,
});
let validator: ValidateFunction | undefined;

/**
 * Every problem with the shape of an operator config, each naming the
 * key path and what is expected; never the value found (a value may be a
 * secret written in the wrong place), at most its type. Also checks what
 * one schema cannot: that `localAlias` is a host, that the default ttl
 * is within the cap, that no Duo login is listed twice.
 */
export function checkOperatorConfig(raw: unknown): string[] {
  validator ??= ajv.compile(operatorConfigSchema);
  if (!validator(raw)) return unique(validator.errors ?? []);
  return crossChecks(raw as Raw);
}

/**
 * One sentence per problem: a value of the wrong type gets only that
 * (its other rules fail for the same reason), and the branches of a
 * `oneOf` speak through the `oneOf` itself.
 */
function unique(errors: ErrorObject[]): string[] {
  const mistyped = new Set(
    errors.filter((e) => e.keyword === "type").map((e) => e.instancePath),
  );
  const problems = errors
    .filter((e) => e.keyword === "type" || !mistyped.has(e.instancePath))
    .filter((e) => !/\/oneOf\/\d/.test(e.schemaPath))
    .map(describeError);
  return [...new Set(problems)];
}

function crossChecks(raw: Raw): string[] {
  const problems: string[] = [];
  const alias = raw["localAlias"];
  const hosts = (raw["hosts"] ?? {}) as Raw;
  if (typeof alias === "string" && !Object.hasOwn(hosts, alias)) {
    problems.push(`${code("localAlias")} must be one of the \`hosts\` aliases`);
  }
  const ttl = raw["defaultTtlMinutes"];
  const max = raw["maxTtlMinutes"];
  if (typeof ttl === "number" && typeof max === "number" && ttl > max) {
    problems.push(
      `${code("defaultTtlMinutes")} must not exceed ${code("maxTtlMinutes")}`,
    );
  }
  return [...problems, ...duoUserProblems(raw)];
}

/** Logins are matched ignoring case, so two spellings would clash. */
function duoUserProblems(raw: Raw): string[] {
  const users = (raw["duo"] as Raw | undefined)?.["users"] ?? {};
  const logins = Object.keys(users).map((l) => l.toLowerCase());
  if (new Set(logins).size === logins.length) return [];
  return [`${code("duo.users")} names a login twice (logins ignore case)`];
}

/** One ajv error as a sentence about its key path, free of the value. */
function describeError(error: ErrorObject): string {
  const field = fieldOf(error.instancePath);
  const p = error.params as Raw;
  switch (error.keyword) {
    case "required":
      return missing(error, field, String(p["missingProperty"]));
    case "additionalProperties":
      return unknownKey(error, field, String(p["additionalProperty"]));
    case "oneOf":
      return oneOf(error, field);
    case "not":
      return `${nameOf(field)} sets ${both((error.schema as Raw)["required"])}`;
    case "type":
      return `${nameOf(field)} must be ${expected(error)} (found ${kindOf(error.data)})`;
    default:
      return `${nameOf(field)} must be ${expected(error)}`;
  }
}

function missing(error: ErrorObject, field: string, key: string): string {
  const properties = (error.parentSchema?.["properties"] ?? {}) as Raw;
  const wanted = (properties[key] as Raw | undefined)?.["description"];
  const what = typeof wanted === "string" ? `: ${wanted}` : "";
  return `${code(join(field, key))} is required${what}`;
}

function unknownKey(error: ErrorObject, field: string, key: string): string {
  const properties = (error.parentSchema?.["properties"] ?? {}) as Raw;
  const known = Object.keys(properties);
  const near = nearestName(key, known);
  const hint = near
    ? `did you mean ${code(near)}?`
    : `known keys: ${known.join(", ")}`;
  return `${code(join(field, key))} is not a known key; ${hint}`;
}

function oneOf(error: ErrorObject, field: string): string {
  const passing = (error.params as Raw)["passingSchemas"];
  const names = branchNames(error.schema);
  if (Array.isArray(passing)) return `${nameOf(field)} sets ${both(names)}`;
  return `${nameOf(field)} needs ${names.map((n) => code(n)).join(" or ")}`;
}

function both(names: unknown): string {
  const [first, second] = (names as string[]).map((n) => code(n));
  return `both ${first} and ${second}; keep one`;
}

function branchNames(schema: unknown): string[] {
  const branches = schema as Array<{ required: string[] }>;
  return branches.flatMap((b) => b.required);
}

function expected(error: ErrorObject): string {
  const description = error.parentSchema?.["description"];
  return typeof description === "string" ? description : String(error.message);
}

/** What kind of value was found, never the value itself. */
function kindOf(value: unknown): string {
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return value ? "a string" : "an empty string";
  if (typeof value === "number") {
    return Number.isInteger(value) ? "an integer" : "a number with a fraction";
  }
  if (typeof value === "boolean") return "true or false";
  return typeof value === "object" ? "a mapping" : typeof value;
}

function nameOf(field: string): string {
  return field ? code(field) : "the config file";
}

function fieldOf(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
    .join(".");
}

function join(parent: string, child: string): string {
  return parent ? `${parent}.${child}` : child;
}
