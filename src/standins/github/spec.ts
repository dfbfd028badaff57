import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

/** A JSON object of GitHub's OpenAPI description, walked loosely. */
export type Json = Record<string, unknown>;

/** GitHub's REST description, loaded once per process. */
export interface Spec {
  readonly doc: Json;
  readonly ajv: Ajv;
  readonly validators: Map<string, ValidateFunction>;
}

const specFile = "@octokit/openapi/generated/api.github.com.json";
// ajv-formats is CommonJS; under NodeNext its default sits on `.default`.
const addFormats = addFormatsModule.default;
let loaded: Spec | undefined;

/** Loads and prepares the spec on first use; later calls share it. */
export function loadSpec(): Spec {
  loaded ??= prepare(readSpecFile());
  return loaded;
}

function readSpecFile(): Json {
  const path = createRequire(import.meta.url).resolve(specFile);
  return JSON.parse(readFileSync(path, "utf8")) as Json;
}

function prepare(doc: Json): Spec {
  rewriteNullable(doc);
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
  });
  addFormats(ajv);
  for (const format of collectFormats(doc)) {
    // Formats GitHub uses that ajv-formats lacks are annotations only.
    if (!(format in ajv.formats)) ajv.addFormat(format, true);
  }
  ajv.addSchema(doc, "gh");
  return { doc, ajv, validators: new Map() };
}

/**
 * Ajv refuses `nullable` without a sibling `type`; OpenAPI means "this
 * schema, or null", so say exactly that.
 */
function rewriteNullable(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) rewriteNullable(item);
    return;
  }
  if (!isObject(node)) return;
  for (const value of Object.values(node)) rewriteNullable(value);
  if (node["nullable"] !== true) return;
  // OpenAPI 3.0 lets null pass a nullable enum; ajv needs it listed.
  const choices = node["enum"];
  if (Array.isArray(choices) && !choices.includes(null)) choices.push(null);
  if (node["type"] !== undefined) return;
  const { nullable: _dropped, ...rest } = node;
  for (const key of Object.keys(node)) delete node[key];
  node["anyOf"] = [rest, { type: "null" }];
}

function collectFormats(node: unknown, found = new Set<string>()) {
  if (Array.isArray(node)) {
    for (const item of node) collectFormats(item, found);
  } else if (isObject(node)) {
    if (typeof node["format"] === "string") found.add(node["format"]);
    for (const value of Object.values(node)) collectFormats(value, found);
  }
  return found;
}

/** Compiles (once per process) the schema at a JSON pointer in the spec. */
export function validatorAt(pointer: string[]): ValidateFunction {
  const spec = loadSpec();
  const ref = `gh#/${pointer.map(escapePointer).join("/")}`;
  let validate = spec.validators.get(ref);
  if (!validate) {
    validate = spec.ajv.compile({ $ref: ref });
    spec.validators.set(ref, validate);
  }
  return validate;
}

function escapePointer(segment: string): string {
  const escaped = segment.replaceAll("~", "~0").replaceAll("/", "~1");
  return encodeURIComponent(escaped);
}

/** The node at `pointer`, following `$ref`s; also its canonical pointer. */
export function resolve(
  pointer: string[],
): { node: unknown; pointer: string[] } | undefined {
  let node: unknown = loadSpec().doc;
  let at: string[] = [];
  for (const key of pointer) {
    const step = follow(node, at);
    const container = step.node;
    if (typeof container !== "object" || container === null) return undefined;
    if (!(key in container)) return undefined;
    node = (container as Record<string, unknown>)[key];
    at = [...step.pointer, key];
  }
  return follow(node, at);
}

function follow(node: unknown, pointer: string[]) {
  while (isObject(node) && typeof node["$ref"] === "string") {
    pointer = node["$ref"].replace(/^#\//, "").split("/");
    node = pointer.reduce<unknown>(
      (at, key) => (isObject(at) ? at[key] : undefined),
      loadSpec().doc,
    );
  }
  return { node, pointer };
}

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
