import type { ErrorObject } from "ajv";
import type { MatchedOperation } from "./operations.js";
import { isObject, resolve, validatorAt } from "./spec.js";

/** What the app sent, as the stand-in read it. */
export interface RequestParts {
  readonly query: URLSearchParams;
  /** Parsed JSON body; `undefined` when the request had none. */
  readonly body: unknown;
}

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  pointer: string[];
  type: unknown;
}

/** Problems of a request against its operation; empty when it conforms. */
export function checkRequest(
  op: MatchedOperation,
  parts: RequestParts,
): string[] {
  const problems = [
    ...checkParameters(op, "path", op.params),
    ...checkParameters(op, "query", Object.fromEntries(parts.query)),
  ];
  return [...problems, ...checkBody(op, parts.body)];
}

function checkParameters(
  op: MatchedOperation,
  place: "path" | "query",
  given: Record<string, string>,
): string[] {
  const problems: string[] = [];
  for (const param of parametersOf(op)) {
    if (param.in !== place) continue;
    const raw = given[param.name];
    if (raw === undefined) {
      if (param.required) problems.push(`${place} ${param.name} is missing`);
      continue;
    }
    const validate = validatorAt([...param.pointer, "schema"]);
    if (!validate(coerce(raw, param.type))) {
      problems.push(describe(`${place} ${param.name}`, validate.errors));
    }
  }
  return problems;
}

function parametersOf(op: MatchedOperation): Parameter[] {
  const base = ["paths", op.template, op.method, "parameters"];
  const list = op.spec["parameters"];
  if (!Array.isArray(list)) return [];
  return list.flatMap((_item, index) => {
    const found = resolve([...base, String(index)]);
    if (!found || !isObject(found.node)) return [];
    const node = found.node;
    const schema = isObject(node["schema"]) ? node["schema"] : {};
    return [
      {
        name: String(node["name"]),
        in: String(node["in"]),
        required: node["required"] === true,
        pointer: found.pointer,
        type: schema["type"],
      },
    ];
  });
}

/** URL text becomes the JSON type the parameter declares. */
function coerce(raw: string, type: unknown): unknown {
  if (type === "integer" && /^-?\d+$/.test(raw)) return Number(raw);
  if (type === "number" && raw.trim() !== "" && !Number.isNaN(+raw)) {
    return Number(raw);
  }
  if (type === "boolean" && (raw === "true" || raw === "false")) {
    return raw === "true";
  }
  return raw;
}

function checkBody(op: MatchedOperation, body: unknown): string[] {
  const requestBody = op.spec["requestBody"];
  if (!isObject(requestBody)) return [];
  if (body === undefined) {
    return requestBody["required"] === true ? ["the JSON body is missing"] : [];
  }
  const pointer = [
    ...["paths", op.template, op.method, "requestBody", "content"],
    ...["application/json", "schema"],
  ];
  if (!resolve(pointer)) return ["the body is not described as JSON"];
  const validate = validatorAt(pointer);
  return validate(body) ? [] : [describe("body", validate.errors)];
}

/** Problems of a response body against the operation's schema. */
export function checkResponse(
  op: MatchedOperation,
  status: number,
  body: unknown,
): string[] {
  const pointer = responseSchemaPointer(op, status);
  if (!pointer) {
    return body === undefined || status >= 300
      ? []
      : [`status ${status} with a body is not described`];
  }
  if (body === undefined) return [`status ${status} must have a JSON body`];
  const validate = validatorAt(pointer);
  return validate(body) ? [] : [describe(`${status} body`, validate.errors)];
}

function responseSchemaPointer(op: MatchedOperation, status: number) {
  const responses = ["paths", op.template, op.method, "responses"];
  const documented = resolve([...responses, String(status)]);
  if (documented) {
    const content = [...documented.pointer, "content", "application/json"];
    return resolve(content) ? [...content, "schema"] : undefined;
  }
  // GitHub answers any route with these; their shapes are shared.
  if (status === 422) return ["components", "schemas", "validation-error"];
  if (status >= 400) return ["components", "schemas", "basic-error"];
  return undefined;
}

function describe(where: string, errors: ErrorObject[] | null | undefined) {
  const details = (errors ?? []).slice(0, 5).map((error) => {
    const at = error.instancePath || "/";
    return `${at} ${error.message ?? error.keyword}`;
  });
  return `${where}: ${details.join("; ")}`;
}

/** Problems of a webhook payload against GitHub's own payload schema. */
export function checkWebhook(event: string, payload: unknown): string[] {
  const action = isObject(payload) ? payload["action"] : undefined;
  const kebab = (text: string) => text.replaceAll("_", "-");
  const name =
    typeof action === "string"
      ? `${kebab(event)}-${kebab(action)}`
      : kebab(event);
  const pointer = [
    ...["x-webhooks", name, "post", "requestBody", "content"],
    ...["application/json", "schema"],
  ];
  // Events GitHub describes no schema for (custom dispatch types) pass.
  if (!resolve(pointer)) return [];
  const validate = validatorAt(pointer);
  return validate(payload)
    ? []
    : [describe(`${name} payload`, validate.errors)];
}
