/**
 * The shapes of the StackStorm files the importer reads: action metadata,
 * Mistral v2 workflows and Orquesta workflows. Keys StackStorm knows but
 * approval-runner cannot honour are allowed here and reported as
 * unsupported by the importer, with a sentence of their own.
 */

const names = { type: "array", items: { type: "string" } };

/** A list of names, or of one-key maps giving a default (`- host: web-1`). */
const inputList = {
  type: "array",
  items: {
    type: ["string", "object"],
    minProperties: 1,
    maxProperties: 1,
  },
};

const oneKeyMaps = {
  type: "array",
  items: { type: "object", minProperties: 1, maxProperties: 1 },
};

const types = [
  "string",
  "integer",
  "number",
  "boolean",
  "array",
  "object",
  "null",
];

const parameter = {
  type: "object",
  properties: {
    type: {
      anyOf: [{ enum: types }, { type: "array", items: { enum: types } }],
    },
    required: { type: "boolean" },
    description: { type: "string" },
    enum: { type: "array" },
    immutable: { type: "boolean" },
    secret: { type: "boolean" },
    position: { type: "integer" },
  },
};

export const metaSchema = {
  type: "object",
  required: ["name", "runner_type", "entry_point"],
  properties: {
    name: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$" },
    description: { type: "string" },
    enabled: { type: "boolean" },
    runner_type: { type: "string" },
    entry_point: { type: "string", minLength: 1 },
    pack: { type: "string" },
    parameters: { type: "object", additionalProperties: parameter },
  },
};

/** Mistral task keys that approval-runner does not carry over. */
export const mistralUnsupported = [
  "workflow",
  "with-items",
  "retry",
  "wait-before",
  "wait-after",
  "timeout",
  "pause-before",
  "concurrency",
  "join",
  "target",
  "keep-result",
  "safe-rerun",
];

const transitionList = {
  type: ["string", "array"],
  items: {
    type: ["string", "object"],
    minProperties: 1,
    maxProperties: 1,
    additionalProperties: { type: ["string", "boolean"] },
  },
};

const mistralTask = {
  type: "object",
  required: ["action"],
  additionalProperties: false,
  properties: {
    description: { type: "string" },
    action: { type: "string" },
    input: { type: "object" },
    publish: { type: "object" },
    "publish-on-error": { type: "object" },
    "on-success": transitionList,
    "on-error": transitionList,
    "on-complete": transitionList,
    ...Object.fromEntries(mistralUnsupported.map((k) => [k, true])),
  },
};

export const mistralWorkflowSchema = {
  type: "object",
  required: ["tasks"],
  additionalProperties: false,
  properties: {
    description: { type: "string" },
    type: { enum: ["direct", "reverse"] },
    input: inputList,
    output: { type: "object" },
    vars: { type: "object" },
    tags: names,
    "task-defaults": true,
    tasks: {
      type: "object",
      minProperties: 1,
      maxProperties: 200,
      additionalProperties: mistralTask,
    },
  },
};

/** Orquesta task keys that approval-runner does not carry over. */
export const orquestaUnsupported = ["join", "with", "retry", "delay"];

const orquestaTask = {
  type: "object",
  additionalProperties: false,
  properties: {
    action: { type: "string" },
    input: { type: "object" },
    next: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        properties: {
          when: { type: "string" },
          publish: { ...oneKeyMaps, type: ["object", "array"] },
          do: { type: ["string", "array"], items: { type: "string" } },
        },
      },
    },
    ...Object.fromEntries(orquestaUnsupported.map((k) => [k, true])),
  },
};

export const orquestaSchema = {
  type: "object",
  required: ["version", "tasks"],
  additionalProperties: false,
  properties: {
    version: { enum: [1, "1.0"] },
    description: { type: "string" },
    input: inputList,
    vars: oneKeyMaps,
    output: oneKeyMaps,
    tasks: {
      type: "object",
      minProperties: 1,
      maxProperties: 200,
      additionalProperties: orquestaTask,
    },
  },
};
