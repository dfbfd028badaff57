import type { ValidateFunction } from "ajv";
import { code } from "../markdown.js";
import { isPlainObject } from "./expression.js";
import { schemaCompiler, shapeProblems } from "./shape.js";
import { metaSchema } from "./stackstorm-schemas.js";
import type { Problem } from "./types.js";
import {
  keySiteAt,
  problemAt,
  readYaml,
  type Site,
  siteAt,
} from "./yaml-source.js";

type Data = Record<string, unknown>;

/** What an action's metadata file says about a workflow. */
export interface Meta {
  name: string;
  description: string;
  runner: string;
  entryPoint: string;
  entryAt: Site;
  runnerAt: Site;
  /** The parameters as a draft-07 JSON Schema. */
  input: Data;
  parametersAt: Site;
}

export const workflowRunners = ["mistral-v2", "orquesta"];

let metaValidator: ValidateFunction | undefined;

function validateMeta(): ValidateFunction {
  metaValidator ??= schemaCompiler().compile(metaSchema);
  return metaValidator;
}

/** Reads an action metadata file and turns its parameters into a schema. */
export function readMeta(
  text: string,
  path: string,
): { meta?: Meta; problems: Problem[] } {
  const read = readYaml(text, path);
  if (!read.file) return { problems: read.problems };
  const root: Site = {
    source: read.file.source,
    node: read.file.doc.contents ?? undefined,
  };
  const data = read.file.data;
  const shape = shapeProblems(validateMeta(), data, { site: root, label: "" });
  if (shape.length > 0) return { problems: shape };
  const meta = data as Data;
  const parametersAt = meta["parameters"] ? siteAt(root, ["parameters"]) : root;
  const params = (meta["parameters"] ?? {}) as Record<string, Data>;
  const converted = parametersToSchema(params, parametersAt);
  return {
    meta: {
      name: meta["name"] as string,
      description: (meta["description"] as string | undefined) ?? "",
      runner: meta["runner_type"] as string,
      entryPoint: meta["entry_point"] as string,
      entryAt: siteAt(root, ["entry_point"]),
      runnerAt: siteAt(root, ["runner_type"]),
      input: converted.schema,
      parametersAt,
    },
    problems: converted.problems,
  };
}

// StackStorm keys with no JSON Schema meaning.
const stackstormOnly = new Set(["required", "immutable", "position", "secret"]);

function parametersToSchema(
  params: Record<string, Data>,
  at: Site,
): { schema: Data; problems: Problem[] } {
  const properties: Data = {};
  const required: string[] = [];
  const problems: Problem[] = [];
  for (const [name, param] of Object.entries(params)) {
    if (param["secret"] === true) {
      const message = `parameter ${code(name)} is secret, but a run's input is written into its issue for everyone to read; ask for it elsewhere`;
      problems.push(problemAt(keySiteAt(at, [name]), "unsupported", message));
    }
    if (param["required"] === true) required.push(name);
    properties[name] = propertyOf(param);
  }
  const schema: Data = { type: "object", properties };
  if (required.length > 0) schema["required"] = required;
  return { schema, problems };
}

function propertyOf(param: Data): Data {
  const property = Object.fromEntries(
    Object.entries(param).filter(([k]) => !stackstormOnly.has(k)),
  );
  // An immutable parameter always has its default.
  if (param["immutable"] === true && param["default"] !== undefined) {
    property["const"] = param["default"];
  }
  return property;
}

/** A workflow's declared input: `- name` or `- name: default`. */
export interface Declared {
  name: string;
  default?: unknown;
  hasDefault: boolean;
  at: Site;
}

export function declaredInputs(list: unknown, at: Site): Declared[] {
  if (!Array.isArray(list)) return [];
  return list.map((item, i) => {
    const site = siteAt(at, [i]);
    if (typeof item === "string") {
      return { name: item, hasDefault: false, at: site };
    }
    const [name, value] = Object.entries(item as Data)[0]!;
    return {
      name,
      default: value,
      hasDefault: true,
      at: keySiteAt(site, [name]),
    };
  });
}

/**
 * The run's input schema: the metadata's parameters, which the workflow
 * must declare, plus declared inputs that have a default.
 */
export function mergeInputs(
  meta: Meta | undefined,
  declared: Declared[],
  workflowPath: string,
): { input: Data; problems: Problem[] } {
  const base = meta?.input ?? { type: "object", properties: {} };
  const properties = { ...(base["properties"] as Data) };
  const required = [...((base["required"] as string[] | undefined) ?? [])];
  const problems: Problem[] = [];
  const names = new Set(declared.map((d) => d.name));
  if (meta) {
    for (const name of Object.keys(properties)) {
      if (names.has(name)) continue;
      const message = `parameter ${code(name)} is not in the input list of ${workflowPath}; declare it there or remove it`;
      problems.push(
        problemAt(keySiteAt(meta.parametersAt, [name]), "schema", message),
      );
    }
  }
  for (const input of declared) {
    if (Object.hasOwn(properties, input.name)) continue;
    if (input.hasDefault) {
      properties[input.name] = { default: input.default };
    } else if (meta) {
      const message = `input ${code(input.name)} has no parameter in the action metadata and no default`;
      problems.push(problemAt(input.at, "schema", message));
    } else {
      properties[input.name] = {};
      required.push(input.name);
    }
  }
  const input: Data = { type: "object", properties };
  if (required.length > 0) input["required"] = required;
  return { input, problems };
}

export function isData(value: unknown): value is Data {
  return isPlainObject(value);
}
