import type { JsonSchema, Workflow } from "../workflow/types.js";

/**
 * The first field of every generated issue form. GitHub writes each field
 * into the issue body as `### <label>`, and markdown elements not at all,
 * so a field is how the body names its workflow.
 */
export const workflowLabel = "approval-runner workflow";

/** One input property and how its form field is drawn. */
export interface Field {
  key: string;
  label: string;
  schema: JsonSchema;
  kind: "input" | "textarea" | "yaml" | "dropdown" | "checkbox" | "choices";
}

/** The file a workflow's form is written to. */
export function formFileName(workflow: string): string {
  return `run-${workflow}.yml`;
}

/** The fields of an input schema, in the order it lists them. */
export function fieldsOf(input: JsonSchema): Field[] {
  const properties = (input["properties"] ?? {}) as Record<string, JsonSchema>;
  const taken = new Set([workflowLabel.toLowerCase()]);
  return Object.entries(properties).map(([key, schema]) => {
    const title = typeof schema["title"] === "string" ? schema["title"] : key;
    const label = taken.has(title.toLowerCase()) ? key : title;
    taken.add(label.toLowerCase());
    return { key, label, schema, kind: kindOf(schema) };
  });
}

function kindOf(schema: JsonSchema): Field["kind"] {
  const items = (schema["items"] ?? {}) as JsonSchema;
  if (Array.isArray(schema["enum"])) return "dropdown";
  if (schema["type"] === "boolean") {
    return schema["default"] === true ? "dropdown" : "checkbox";
  }
  if (schema["type"] === "array") {
    return Array.isArray(items["enum"]) ? "choices" : "textarea";
  }
  if (schema["type"] === "object") return "yaml";
  return "input";
}

/** The options a dropdown offers, as text. */
export function optionsOf(field: Field): string[] {
  const values = field.schema["enum"];
  if (Array.isArray(values)) return values.map((v) => String(v));
  return ["true", "false"];
}

/** The values a checkbox list offers, as text. */
export function choicesOf(field: Field): string[] {
  const items = (field.schema["items"] ?? {}) as JsonSchema;
  return ((items["enum"] ?? []) as unknown[]).map((v) => String(v));
}

/** What a form is made from: a workflow's name, description and input. */
export type FormSource = Pick<Workflow, "name" | "description" | "input">;

/** A GitHub issue form (`.github/ISSUE_TEMPLATE/*.yml`) for a workflow. */
export function renderForm(workflow: FormSource): Record<string, unknown> {
  const required = new Set((workflow.input["required"] ?? []) as string[]);
  const description = workflow.description.trim().split("\n")[0] ?? "";
  return {
    name: `Run ${workflow.name}`,
    description: description || `Request a run of ${workflow.name}.`,
    title: `Run ${workflow.name}`,
    body: [
      intro(workflow),
      workflowField(workflow.name),
      ...fieldsOf(workflow.input).map((f) => elementOf(f, required.has(f.key))),
    ],
  };
}

function intro(workflow: FormSource) {
  const text = [
    `Asks approval-runner to run \`${workflow.name}\` as the default branch holds it.`,
    "The app checks the input, then asks for every approval the workflow needs; this issue becomes the run's record.",
  ];
  return { type: "markdown", attributes: { value: text.join("\n") } };
}

function workflowField(name: string) {
  return {
    type: "dropdown",
    id: "approval-runner-workflow",
    attributes: {
      label: workflowLabel,
      description: "Which workflow this form runs; leave it as it is.",
      options: [name],
      default: 0,
    },
    validations: { required: true },
  };
}

function elementOf(field: Field, required: boolean) {
  const id = `input-${field.key.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  const attributes = attributesOf(field);
  const element = { type: typeOf(field), id, attributes };
  const checked = field.kind === "checkbox" || field.kind === "choices";
  return required && !checked
    ? { ...element, validations: { required: true } }
    : element;
}

function typeOf(field: Field): string {
  if (field.kind === "yaml") return "textarea";
  if (field.kind === "checkbox" || field.kind === "choices") {
    return "checkboxes";
  }
  return field.kind;
}

function attributesOf(field: Field): Record<string, unknown> {
  const { label, schema } = field;
  const description = describe(field);
  const base = description ? { label, description } : { label };
  const fallback = schema["default"];
  switch (field.kind) {
    case "dropdown": {
      const options = optionsOf(field);
      const index = options.indexOf(String(fallback));
      return { ...base, options, ...(index >= 0 ? { default: index } : {}) };
    }
    case "checkbox":
      return { ...base, options: [{ label }] };
    case "choices":
      return { ...base, options: choicesOf(field).map((c) => ({ label: c })) };
    case "yaml":
      return { ...base, render: "yaml", ...prefilled(fallback, true) };
    default:
      return { ...base, ...prefilled(fallback, false) };
  }
}

function prefilled(fallback: unknown, yaml: boolean): { value?: string } {
  if (fallback === undefined) return {};
  if (Array.isArray(fallback)) return { value: fallback.join("\n") };
  if (yaml || typeof fallback === "object") {
    return { value: JSON.stringify(fallback, null, 2) };
  }
  return { value: String(fallback) };
}

const hints: Record<string, string> = {
  integer: "A whole number.",
  number: "A number.",
  checkbox: "Tick for yes.",
  textarea: "One value per line.",
  yaml: "A YAML mapping.",
  choices: "Tick every one that applies.",
};

function describe(field: Field): string {
  const own = field.schema["description"];
  const type = String(field.schema["type"]);
  const hint = field.kind === "input" ? hints[type] : hints[field.kind];
  return [typeof own === "string" ? own : "", hint ?? ""]
    .filter(Boolean)
    .join(" ");
}
