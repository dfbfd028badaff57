import { parse } from "yaml";
import { fail } from "../errors.js";
import { code } from "../markdown.js";
import type { JsonSchema } from "../workflow/types.js";
import {
  choicesOf,
  type Field,
  fieldsOf,
  optionsOf,
  workflowLabel,
} from "./forms.js";
import { isWorkflowName, typeValue } from "./request.js";

/** An issue body written by a generated form: its workflow and fields. */
export interface FormBody {
  workflow: string;
  /** Each field's text as GitHub wrote it, by label. */
  sections: Record<string, string>;
}

const noResponse = "_No response_";

/**
 * Reads an issue body GitHub rendered from one of our forms; undefined
 * when the body does not start with the form's workflow field.
 */
export function readFormBody(body: string): FormBody | undefined {
  const sections = splitSections(body.replace(/\r\n?/g, "\n"));
  const first = sections.shift();
  if (first?.label !== workflowLabel) return undefined;
  const workflow = first.text.trim();
  if (!isWorkflowName(workflow)) {
    throw fail("AR_REQUEST_FORM", {
      problem: `${code(workflow, { max: 100 })} is not a workflow name`,
    });
  }
  const named: Record<string, string> = {};
  for (const { label, text } of sections) named[label] = text;
  return { workflow, sections: named };
}

/** `### label` sections; text before the first heading means no form. */
function splitSections(body: string): { label: string; text: string }[] {
  const heading = /^###[ \t]+(.+?)[ \t]*$/gm;
  const found = [...body.matchAll(heading)];
  if (found.length === 0 || body.slice(0, found[0]!.index).trim() !== "") {
    return [];
  }
  return found.map((match, i) => {
    const start = match.index + match[0].length;
    const end = found[i + 1]?.index ?? body.length;
    return { label: match[1]!, text: body.slice(start, end).trim() };
  });
}

/**
 * Types each field's text against the workflow's input schema. Values
 * that do not fit stay text, so the schema check names them.
 */
export function formInput(
  form: FormBody,
  schema: JsonSchema,
): { input: Record<string, unknown>; problems: string[] } {
  const fields = fieldsOf(schema);
  const input: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [label, text] of Object.entries(form.sections)) {
    const field = fields.find((f) => f.label === label || f.key === label);
    if (!field) {
      problems.push(
        `${code(label, { max: 100 })} is not an input of this workflow`,
      );
      continue;
    }
    const read = readField(field, text);
    if ("problem" in read) problems.push(read.problem);
    else if (read.value !== undefined) input[field.key] = read.value;
  }
  return { input, problems };
}

type Read = { value: unknown } | { problem: string };

function readField(field: Field, text: string): Read {
  const empty = text === "" || text === noResponse;
  switch (field.kind) {
    case "checkbox":
      return { value: ticked(text).length > 0 };
    case "choices":
      return readChoices(field, text);
    default:
      if (empty) return { value: undefined };
  }
  if (field.kind === "dropdown") return readDropdown(field, text);
  if (field.kind === "yaml") return readYaml(field, text);
  if (field.kind === "textarea") return { value: readLines(field, text) };
  return { value: typeValue(text, field.schema["type"]) };
}

function ticked(text: string): string[] {
  return [...text.matchAll(/^- \[[xX]\] (.*)$/gm)].map((m) => m[1]!.trim());
}

function readDropdown(field: Field, text: string): Read {
  const options = optionsOf(field);
  const values = field.schema["enum"];
  const index = options.indexOf(text);
  if (index < 0) {
    const allowed = options.map((o) => JSON.stringify(o)).join(", ");
    return { problem: `\`${field.key}\` must be one of: ${allowed}` };
  }
  return { value: Array.isArray(values) ? values[index] : text === "true" };
}

function readChoices(field: Field, text: string): Read {
  const items = (field.schema["items"] ?? {}) as JsonSchema;
  const values = (items["enum"] ?? []) as unknown[];
  const choices = choicesOf(field);
  const chosen: unknown[] = [];
  for (const label of ticked(text)) {
    const index = choices.indexOf(label);
    if (index < 0) {
      return {
        problem: `\`${field.key}\` offers no choice ${code(label, { max: 100 })}`,
      };
    }
    chosen.push(values[index]);
  }
  return { value: chosen };
}

function readLines(field: Field, text: string): unknown[] {
  const items = (field.schema["items"] ?? {}) as JsonSchema;
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => typeValue(line, items["type"]));
}

/** A `render: yaml` field arrives fenced as a code block. */
function readYaml(field: Field, text: string): Read {
  const fenced = /^```[\w-]*\n([\s\S]*?)\n?```$/.exec(text);
  try {
    const value: unknown = parse(fenced?.[1] ?? text, { maxAliasCount: 10 });
    return { value };
  } catch {
    return { problem: `\`${field.key}\` is not valid YAML` };
  }
}
