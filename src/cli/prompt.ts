import { parse } from "yaml";
import { fail } from "../errors.js";
import type { CliIo } from "./io.js";
import { LineReader } from "./line-reader.js";
import type { Schema } from "./schema-source.js";

/** One field of an inquiry's schema, as it is asked for. */
export interface Field {
  name: string;
  type: string;
  required: boolean;
  secret: boolean;
  choices?: unknown[];
  fallback?: unknown;
  description?: string;
}

/** The top-level fields of a schema, in the order they are declared. */
export function fieldsOf(schema: Schema): Field[] {
  const properties = (schema["properties"] ?? {}) as Record<string, Schema>;
  const required = new Set((schema["required"] ?? []) as string[]);
  return Object.entries(properties).map(([name, prop]) => ({
    name,
    type: typeof prop["type"] === "string" ? prop["type"] : "string",
    required: required.has(name),
    secret: prop["secret"] === true,
    ...(Array.isArray(prop["enum"]) ? { choices: prop["enum"] } : {}),
    ...("default" in prop ? { fallback: prop["default"] } : {}),
    ...(typeof prop["description"] === "string"
      ? { description: prop["description"].trim() }
      : {}),
  }));
}

/**
 * Asks for each field on the terminal, like `st2 inquiry respond`: choices
 * and defaults shown, secret fields typed without echo, bad values asked
 * again. Optional fields left empty are left out.
 */
export async function promptForResponse(
  schema: Schema,
  io: CliIo,
): Promise<Record<string, unknown>> {
  const reader = new LineReader(io);
  try {
    const response: Record<string, unknown> = {};
    for (const field of fieldsOf(schema)) {
      const value = await askField(reader, field, io);
      if (value !== undefined) response[field.name] = value;
    }
    return response;
  } finally {
    reader.close();
  }
}

async function askField(reader: LineReader, field: Field, io: CliIo) {
  if (field.description) io.stderr.write(`${field.description}\n`);
  for (;;) {
    const line = await reader.ask(promptOf(field), { hidden: field.secret });
    if (line === undefined) {
      io.stderr.write("\n");
      throw fail("AR_CLI_CANCELLED", {});
    }
    const read = readValue(field, line.trim());
    if (!("problem" in read)) return read.value;
    io.stderr.write(`  ${read.problem}\n`);
  }
}

function promptOf(field: Field): string {
  const hints = [
    field.choices ? field.choices.map(String).join("/") : field.type,
    field.required ? "" : "optional",
    field.secret ? "hidden" : "",
  ].filter(Boolean);
  const fallback =
    field.fallback !== undefined && !field.secret
      ? ` [${String(field.fallback)}]`
      : "";
  return `${field.name} (${hints.join(", ")})${fallback}: `;
}

type Read = { value: unknown } | { problem: string };

/** A typed line as the field's value; undefined leaves it out. */
export function readValue(field: Field, text: string): Read {
  if (text === "") {
    if (field.fallback !== undefined) return { value: field.fallback };
    if (!field.required) return { value: undefined };
    return { problem: `${field.name} is required` };
  }
  if (field.choices) return readChoice(field.choices, text);
  return readTyped(field.type, text);
}

function readChoice(choices: unknown[], text: string): Read {
  const found = choices.find((c) => String(c) === text);
  if (found !== undefined) return { value: found };
  return { problem: `choose one of: ${choices.map(String).join(", ")}` };
}

function readTyped(type: string, text: string): Read {
  if (type === "boolean") {
    if (/^(y|yes|true)$/i.test(text)) return { value: true };
    if (/^(n|no|false)$/i.test(text)) return { value: false };
    return { problem: "answer yes or no" };
  }
  if (type === "integer" || type === "number") {
    const value = Number(text);
    const whole = type === "number" || Number.isInteger(value);
    if (Number.isFinite(value) && whole) return { value };
    return {
      problem: `type ${type === "integer" ? "a whole number" : "a number"}`,
    };
  }
  if (type === "array" || type === "object") {
    try {
      return { value: parse(text) };
    } catch {
      return { problem: `type the ${type} as JSON` };
    }
  }
  return { value: text };
}
