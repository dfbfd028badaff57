import type { ErrorObject, ValidateFunction } from "ajv";
import {
  type ActionSpec,
  describeActions,
  findAction,
} from "../actions/catalog.js";
import { code } from "../markdown.js";
import { checkValuePlaces } from "./check-command.js";
import { checkHosts } from "./check-hosts.js";
import type { Draft, DraftTask } from "./draft.js";
import type { LoadOptions } from "./load-options.js";
import { compileSchema, shapeProblems } from "./shape.js";
import { soleExpression } from "./template.js";
import type { Problem } from "./types.js";
import { keySiteAt, problemAt, type Site, siteAt } from "./yaml-source.js";

/** Checks each task's action, its input, and what that action needs. */
export function checkActions(draft: Draft, options: LoadOptions): Problem[] {
  const problems: Problem[] = [];
  for (const task of draft.tasks) {
    const spec = findAction(task.action);
    if (!spec) {
      const message = `unknown action ${code(task.action)}; known actions: ${describeActions()}`;
      problems.push(problemAt(task.actionAt, "unknown-action", message));
      continue;
    }
    problems.push(...checkInput(task, spec));
    problems.push(...checkSpecifics(spec.name, task, draft, options));
  }
  return problems;
}

function checkSpecifics(
  action: string,
  task: DraftTask,
  draft: Draft,
  options: LoadOptions,
): Problem[] {
  if (action === "core.ask") return checkInquiry(task, draft, options);
  if (action === "ssh.run") {
    return [
      ...checkHosts(task, draft, options),
      ...checkCommand(task),
      ...checkValuePlaces(task),
      ...checkSettings(task),
    ];
  }
  return [];
}

const validators = new Map<string, ValidateFunction>();

function inputValidator(spec: ActionSpec): ValidateFunction {
  let validate = validators.get(spec.name);
  if (!validate) {
    const compiled = compileSchema(spec.input);
    if ("error" in compiled) throw new Error(compiled.error);
    validate = compiled.validate;
    validators.set(spec.name, validate);
  }
  return validate;
}

/** A `{{ … }}` value is only known at run time, so its type is not judged. */
function isTemplateError(error: ErrorObject): boolean {
  return typeof error.data === "string" && error.data.includes("{{");
}

function checkInput(task: DraftTask, spec: ActionSpec): Problem[] {
  return shapeProblems(inputValidator(spec), task.input, {
    site: task.actionAt,
    label: `tasks.${task.name}.input`,
    skip: isTemplateError,
    code: "action-input",
    locate: (segments, key) => locateInput(task, segments, key),
  });
}

/** Input keys may have moved in translation; each keeps its own site. */
function locateInput(task: DraftTask, segments: string[], key?: string): Site {
  const [first, ...rest] = segments;
  if (first === undefined) {
    const at = key === undefined ? undefined : task.inputAt[key];
    return at ? keySiteAt(at, []) : task.at;
  }
  const at = task.inputAt[first];
  if (!at) return task.at;
  return key === undefined ? siteAt(at, rest) : keySiteAt(at, [...rest, key]);
}

function checkInquiry(
  task: DraftTask,
  draft: Draft,
  options: LoadOptions,
): Problem[] {
  const problems = checkInquirySchema(task);
  const people = ["users", "teams", "roles"].some(
    (k) => Array.isArray(task.input[k]) && task.input[k].length > 0,
  );
  if (people) return problems;
  if (draft.imported && !options.importedApprovers) {
    const message = `inquiry ${code(task.name)} names no approver: set importedApprovers in the operator config, or add \`users\`, \`teams\` or \`roles\` to the task`;
    problems.push(problemAt(task.at, "no-approver", message));
  } else if (!draft.imported) {
    const message = `inquiry names no approver: task ${code(task.name)} must set \`users\`, \`teams\` or \`roles\``;
    problems.push(problemAt(task.at, "no-approver", message));
  }
  return problems;
}

function checkInquirySchema(task: DraftTask): Problem[] {
  const schema = task.input["schema"];
  const at = task.inputAt["schema"] ?? task.at;
  if (typeof schema !== "object" || schema === null) return [];
  const compiled = compileSchema(schema);
  if ("error" in compiled) {
    const message = `the inquiry schema of ${code(task.name)} is not a valid JSON Schema: ${compiled.error}`;
    return [problemAt(at, "action-input", message)];
  }
  if ((schema as Record<string, unknown>)["type"] !== "object") {
    const message = `the inquiry schema of ${code(task.name)} must have \`type: object\`, so replies are maps`;
    return [problemAt(at, "action-input", message)];
  }
  return [];
}

/** A command that is one `{{ … }}` would run whatever a value says. */
function checkCommand(task: DraftTask): Problem[] {
  const command = task.input["command"];
  if (typeof command !== "string" || !isSole(command)) return [];
  const at = task.inputAt["command"] ?? task.at;
  const message = `the command of ${code(task.name)} is a single \`{{ … }}\`: write the program literally, so values only fill in its arguments`;
  return [problemAt(at, "action-input", message)];
}

function isSole(text: string): boolean {
  try {
    return soleExpression(text) !== undefined;
  } catch {
    return false;
  }
}

/** Settings written as numbers: a template could render to anything. */
const literalSettings = ["timeout", "concurrency"];

function checkSettings(task: DraftTask): Problem[] {
  return literalSettings.flatMap((key) => {
    const value = task.input[key];
    if (typeof value !== "string" || !value.includes("{{")) return [];
    const at = task.inputAt[key] ?? task.at;
    const message = `${code(key)} of task ${code(task.name)} must be a literal integer, not a template: a value known only at run time may not be a number`;
    return [problemAt(at, "action-input", message)];
  });
}
