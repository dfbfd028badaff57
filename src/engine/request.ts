import { fail } from "../errors.js";

export interface RunRequest {
  workflow: string;
  /** Values as written; typed later against the workflow's input schema. */
  values: Record<string, string>;
}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const keyPattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Reads `/run <workflow> key=value …` from the first line of a text that
 * starts with it; undefined when the text is not a request at all.
 */
export function parseRunCommand(text: string): RunRequest | undefined {
  const line = text.trimStart().split(/\r?\n/, 1)[0] ?? "";
  if (!/^\/run(\s|$)/.test(line)) return undefined;
  const words = splitWords(line.slice(4));
  const workflow = words.shift();
  if (!workflow || !namePattern.test(workflow)) {
    throw fail("AR_REQUEST_SYNTAX", {
      problem: workflow
        ? `\`${workflow.slice(0, 100)}\` is not a workflow name (letters, digits, \`_\`, \`.\`, \`-\`)`
        : "no workflow is named",
    });
  }
  const values: Record<string, string> = {};
  for (const word of words) {
    const eq = word.indexOf("=");
    const key = word.slice(0, Math.max(eq, 0));
    if (eq < 1 || !keyPattern.test(key)) {
      throw fail("AR_REQUEST_SYNTAX", {
        problem: `\`${word.slice(0, 100)}\` is not a \`key=value\` pair`,
      });
    }
    values[key] = word.slice(eq + 1);
  }
  return { workflow, values };
}

/** Splits on spaces, keeping "double" or 'single' quoted parts together. */
function splitWords(text: string): string[] {
  const words: string[] = [];
  const pattern = /(?:[^\s"']+|"[^"]*"|'[^']*')+/g;
  for (const match of text.matchAll(pattern)) {
    words.push(match[0].replace(/"([^"]*)"|'([^']*)'/g, "$1$2"));
  }
  return words;
}

/** Turns written values into the types the input schema asks for. */
export function typeValues(
  values: Record<string, string>,
  schema: Record<string, unknown>,
): Record<string, unknown> {
  const properties = (schema["properties"] ?? {}) as Record<
    string,
    { type?: unknown }
  >;
  const typed: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(values)) {
    typed[key] = typeOne(raw, properties[key]?.type);
  }
  return typed;
}

function typeOne(raw: string, type: unknown): unknown {
  if (
    (type === "integer" || type === "number") &&
    /^-?\d+(\.\d+)?$/.test(raw)
  ) {
    return Number(raw);
  }
  if (type === "boolean" && (raw === "true" || raw === "false")) {
    return raw === "true";
  }
  if ((type === "array" || type === "object") && /^[[{]/.test(raw)) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}
