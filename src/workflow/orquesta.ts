import type { ValidateFunction } from "ajv";
import type { Draft, DraftTask, DraftTransition, Entry } from "./draft.js";
import type { LoadOptions } from "./load-options.js";
import { entryAt, publishOf, targetsOf } from "./native.js";
import { schemaCompiler, shapeProblems } from "./shape.js";
import { convertDelimiters } from "./stackstorm-actions.js";
import { declaredInputs, type Meta, mergeInputs } from "./stackstorm-meta.js";
import { orquestaSchema, orquestaUnsupported } from "./stackstorm-schemas.js";
import { readStackstormTask, unsupportedKeys } from "./stackstorm-task.js";
import type { Problem } from "./types.js";
import { problemAt, type Site, siteAt, type YamlFile } from "./yaml-source.js";

type Data = Record<string, unknown>;

let validator: ValidateFunction | undefined;

function validateWorkflow(): ValidateFunction {
  validator ??= schemaCompiler().compile(orquestaSchema);
  return validator;
}

/** Reads an Orquesta (version 1.0) workflow into a draft. */
export function readOrquesta(
  file: YamlFile,
  meta: Meta | undefined,
  options: LoadOptions,
): { draft?: Draft; problems: Problem[] } {
  const root: Site = {
    source: file.source,
    node: file.doc.contents ?? undefined,
  };
  const shape = shapeProblems(validateWorkflow(), file.data, {
    site: root,
    label: "",
  });
  if (shape.length > 0) return { problems: shape };
  const data = file.data as Data;
  const declared = declaredInputs(data["input"], siteAt(root, ["input"]));
  const inputs = mergeInputs(meta, declared, file.source.path);
  const tasksAt = siteAt(root, ["tasks"]);
  const tasks = data["tasks"] as Record<string, Data>;
  const problems = [
    ...inputs.problems,
    ...unsupportedKeys(tasks, tasksAt, orquestaUnsupported),
  ];
  const drafts: DraftTask[] = [];
  for (const [name, body] of Object.entries(tasks)) {
    const read = readStackstormTask(name, body, tasksAt, options);
    const next = nextOf(body["next"], siteAt(tasksAt, [name, "next"]));
    read.task.next = next.transitions;
    drafts.push(read.task);
    problems.push(...read.problems, ...next.problems);
  }
  const inputAt = meta?.parametersAt ?? siteAt(root, ["input"]);
  const name = file.source.path
    .split("/")
    .pop()!
    .replace(/\.ya?ml$/, "");
  const draft: Draft = {
    name: meta?.name ?? name,
    description: meta?.description || String(data["description"] ?? ""),
    path: file.source.path,
    format: "orquesta",
    input: inputs.input,
    inputAt,
    propertiesAt: inputAt,
    vars: listEntries(data["vars"], siteAt(root, ["vars"])),
    output: listEntries(data["output"], siteAt(root, ["output"])),
    tasks: drafts,
    tasksAt,
    imported: true,
  };
  return { draft, problems };
}

/** Orquesta writes vars and output as lists of one-key maps. */
function listEntries(value: unknown, at: Site): Entry[] {
  return publishOf(convertDelimiters(value ?? []), at);
}

// Orquesta's engine commands that may stand where a task name goes.
const commands = new Set(["noop", "fail", "retry", "continue"]);

function nextOf(
  value: unknown,
  at: Site,
): { transitions: DraftTransition[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const items = (value ?? []) as Data[];
  const transitions = items.map((item, i) => {
    const itemAt = siteAt(at, [i]);
    const when = item["when"];
    const targets = targetsOf(item["do"], siteAt(itemAt, ["do"]));
    for (const target of targets.filter((t) => commands.has(t.name))) {
      if (target.name === "noop") continue;
      const message = `\`do: ${target.name}\` is not supported: a failure with no transition already fails the run`;
      problems.push(problemAt(target.at, "unsupported", message));
    }
    const transition: DraftTransition = {
      conditions: [],
      do: targets.filter((t) => !commands.has(t.name)),
      publish: publishOf(
        convertDelimiters(item["publish"]),
        siteAt(itemAt, ["publish"]),
      ),
      at: itemAt,
    };
    if (typeof when === "string") {
      const converted = convertDelimiters(when) as string;
      transition.when = converted;
      transition.conditions = [entryAt("when", converted, itemAt)];
    } else {
      // Orquesta takes a transition without `when` on any completion.
      transition.when = "{{ completed() }}";
    }
    return transition;
  });
  return { transitions, problems };
}
