import type { ValidateFunction } from "ajv";
import type { Draft, DraftTask, DraftTransition, Entry } from "./draft.js";
import type { LoadOptions } from "./load-options.js";
import { entriesOf } from "./native.js";
import { schemaCompiler, shapeProblems } from "./shape.js";
import { convertDelimiters } from "./stackstorm-actions.js";
import { declaredInputs, type Meta, mergeInputs } from "./stackstorm-meta.js";
import {
  mistralUnsupported,
  mistralWorkflowSchema,
} from "./stackstorm-schemas.js";
import {
  endOnSuccess,
  readStackstormTask,
  unsupportedKeys,
} from "./stackstorm-task.js";
import { soleExpression } from "./template.js";
import type { Problem } from "./types.js";
import {
  keySiteAt,
  problemAt,
  type Site,
  siteAt,
  type YamlFile,
} from "./yaml-source.js";

type Data = Record<string, unknown>;

let validator: ValidateFunction | undefined;

function validateWorkflow(): ValidateFunction {
  validator ??= schemaCompiler().compile(mistralWorkflowSchema);
  return validator;
}

/** Reads a Mistral v2 file (one `direct` workflow) into a draft. */
export function readMistral(
  file: YamlFile,
  meta: Meta | undefined,
  options: LoadOptions,
): { draft?: Draft; problems: Problem[] } {
  const root: Site = {
    source: file.source,
    node: file.doc.contents ?? undefined,
  };
  const keys = Object.keys(file.data as Data).filter((k) => k !== "version");
  if (keys.length !== 1) {
    const message = `a Mistral file must hold exactly one workflow; this one holds ${keys.length}`;
    const at = keys[1] ? keySiteAt(root, [keys[1]]) : root;
    return { problems: [problemAt(at, "unsupported", message)] };
  }
  const key = keys[0]!;
  const at = siteAt(root, [key]);
  const data = (file.data as Data)[key];
  const shape = shapeProblems(validateWorkflow(), data, {
    site: at,
    label: key,
  });
  if (shape.length > 0) return { problems: shape };
  return buildDraft(key, data as Data, { at, meta, options, file });
}

interface Reading {
  at: Site;
  meta: Meta | undefined;
  options: LoadOptions;
  file: YamlFile;
}

function buildDraft(
  key: string,
  workflow: Data,
  reading: Reading,
): { draft: Draft; problems: Problem[] } {
  const { at, meta, options, file } = reading;
  const declared = declaredInputs(workflow["input"], siteAt(at, ["input"]));
  const inputs = mergeInputs(meta, declared, file.source.path);
  const tasksAt = siteAt(at, ["tasks"]);
  const tasks = workflow["tasks"] as Record<string, Data>;
  const problems = [
    ...inputs.problems,
    ...unsupportedFeatures(workflow, at),
    ...unsupportedKeys(tasks, tasksAt, mistralUnsupported),
  ];
  const drafts: DraftTask[] = [];
  for (const [name, body] of Object.entries(tasks)) {
    const read = readStackstormTask(name, body, tasksAt, options);
    read.task.next = transitionsOf(body, siteAt(tasksAt, [name]));
    drafts.push(read.task);
    problems.push(...read.problems);
  }
  const inputAt = meta?.parametersAt ?? siteAt(at, ["input"]);
  const draft: Draft = {
    name: meta?.name ?? key.split(".").pop()!,
    description: meta?.description || String(workflow["description"] ?? ""),
    path: file.source.path,
    format: "mistral-v2",
    input: inputs.input,
    inputAt,
    propertiesAt: inputAt,
    vars: converted(workflow["vars"], siteAt(at, ["vars"])),
    output: converted(workflow["output"], siteAt(at, ["output"])),
    tasks: drafts,
    tasksAt,
    imported: true,
  };
  return { draft, problems };
}

function unsupportedFeatures(workflow: Data, at: Site): Problem[] {
  const problems: Problem[] = [];
  if (workflow["type"] === "reverse") {
    const message =
      "reverse workflows are not supported; write it as `type: direct`";
    problems.push(problemAt(siteAt(at, ["type"]), "unsupported", message));
  }
  if (workflow["task-defaults"] !== undefined) {
    const message =
      "`task-defaults` is not supported; set each task's keys on the task";
    problems.push(
      problemAt(keySiteAt(at, ["task-defaults"]), "unsupported", message),
    );
  }
  return problems;
}

function converted(value: unknown, at: Site): Entry[] {
  if (typeof value !== "object" || value === null) return [];
  return entriesOf(convertDelimiters(value) as Data, at);
}

const outcomes = [
  { key: "on-success", test: "succeeded()", publish: "publish" },
  { key: "on-error", test: "failed()", publish: "publish-on-error" },
  { key: "on-complete", test: "completed()", publish: undefined },
] as const;

/**
 * `on-success`, `on-error` and `on-complete` become transitions whose
 * `when` tests the outcome (and the condition, when one is given).
 */
function transitionsOf(body: Data, at: Site): DraftTransition[] {
  const [success, error, complete] = outcomes.map((o) => {
    const publish = o.publish
      ? converted(body[o.publish], siteAt(at, [o.publish]))
      : [];
    const listAt = siteAt(at, [o.key]);
    return outcomeTransitions(body[o.key], o.test, publish, listAt);
  }) as [DraftTransition[], DraftTransition[], DraftTransition[]];
  // Only `on-error`: success still ends this path well, as in Mistral.
  const ends = success.length + complete.length === 0 && error.length > 0;
  return [
    ...success,
    ...error,
    ...complete,
    ...(ends ? [endOnSuccess(at)] : []),
  ];
}

function outcomeTransitions(
  value: unknown,
  test: string,
  publish: Entry[],
  at: Site,
): DraftTransition[] {
  const items =
    typeof value === "string" ? [value] : ((value ?? []) as unknown[]);
  const plain: DraftTransition["do"] = [];
  const guarded: DraftTransition[] = [];
  items.forEach((item, i) => {
    const itemAt = typeof value === "string" ? at : siteAt(at, [i]);
    if (typeof item === "string") plain.push({ name: item, at: itemAt });
    else guarded.push(guardedTransition(item as Data, test, itemAt));
  });
  const first = {
    when: `{{ ${test} }}`,
    conditions: [],
    do: plain,
    publish,
    at,
  };
  if (plain.length > 0 || guarded.length === 0) {
    return plain.length > 0 || publish.length > 0 ? [first, ...guarded] : [];
  }
  // Publish where a path is taken, so no match still means no route.
  return guarded.map((t) => ({ ...t, publish }));
}

/** `- task: "{{ condition }}"`: go to `task` if the outcome and it hold. */
function guardedTransition(
  item: Data,
  test: string,
  at: Site,
): DraftTransition {
  const [name, raw] = Object.entries(item)[0]!;
  const target = { name, at: keySiteAt(at, [name]) };
  if (raw === true)
    return {
      when: `{{ ${test} }}`,
      conditions: [],
      do: [target],
      publish: [],
      at,
    };
  const condition =
    typeof raw === "string" ? (convertDelimiters(raw) as string) : String(raw);
  const sole = safeSole(condition);
  const when = sole ? `{{ ${test} and (${sole}) }}` : `{{ ${test} }}`;
  const entry: Entry = {
    name: `condition of ${name}`,
    value: condition,
    at: siteAt(at, [name]),
    keyAt: target.at,
  };
  return { when, conditions: [entry], do: [target], publish: [], at };
}

function safeSole(text: string): string | undefined {
  try {
    return soleExpression(text)?.source.trim();
  } catch {
    return undefined;
  }
}
