import { fail } from "../errors.js";
import { findExpressions } from "../workflow/template.js";
import { type ShellPlace, slotPlaces } from "./shell-words.js";

const PREVIEW_CHARS = 40;

/**
 * Quotes `value` for a POSIX shell so that it reaches the program as exactly
 * one literal argument, whatever characters it holds.
 */
export function quoteShell(value: string): string {
  if (value.includes("\0")) {
    throw fail("AR_SSH_VALUE_NUL", { preview: previewOf(value) });
  }
  // Inside single quotes every byte is literal except `'` itself, which is
  // closed, written as an escaped quote, and reopened.
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Runs `command` as root through `sudo -n` (never prompting), handing the
 * whole command line to `sh -c` so that every part of a compound command is
 * elevated and parsed exactly as it was written.
 */
export function withSudo(command: string): string {
  return `sudo -n -- sh -c ${quoteShell(command)}`;
}

function previewOf(value: string): string {
  const shown = value.slice(0, PREVIEW_CHARS);
  const more = value.length > PREVIEW_CHARS ? "…" : "";
  return `${JSON.stringify(shown)}${more}`;
}

/** A `{{ … }}` of a command that does not stand as a bare word. */
export interface MisplacedValue {
  /** Which expression of the command, counting from 0. */
  index: number;
  /** The expression between its braces, trimmed. */
  expression: string;
  place: Exclude<ShellPlace, "bare">;
}

/**
 * Every expression of a command template that a shell would not read as
 * a bare word, so its quoted value could turn into code, or that would
 * name the program to run.
 */
export function misplacedValues(template: string): MisplacedValue[] {
  const found = findExpressions(template);
  const slots = found.map((f) => ({
    start: f.offset - 2,
    end: f.offset + f.source.length + 2,
  }));
  return slotPlaces(template, slots).flatMap((place, index) =>
    place === "bare"
      ? []
      : [{ index, expression: found[index]!.source.trim(), place }],
  );
}

/** Refuses a command template whose values would not stay data. */
export function checkValuePlaces(task: string, template: string): void {
  const [first] = misplacedValues(template);
  if (first) throw misplacedError(task, first);
}

/** The error that says where a value stands and how to write it. */
export function misplacedError(task: string, value: MisplacedValue) {
  if (value.place === "command") {
    const { expression } = value;
    return fail("AR_SSH_VALUE_PROGRAM", { task, expression });
  }
  return fail("AR_SSH_VALUE_QUOTED", {
    task,
    expression: value.expression,
    place: placeText[value.place],
  });
}

const placeText: Record<Exclude<MisplacedValue["place"], "command">, string> = {
  "single-quotes":
    "inside single quotes, which the value's own quotes would close",
  "double-quotes":
    "inside double quotes, where the value's quotes are plain characters and `$(…)` in it runs",
  "ansi-c-quotes": "inside `$'…'`, which the value's quotes would close",
  backticks: "inside backticks, which a backtick in the value would close",
  comment: "in a comment, which a newline in the value would end",
  heredoc:
    "in a here-document, where the value's quotes are plain text and `$(…)` or a delimiter line in it would act",
  escape:
    "right after a backslash, which makes the value's opening quote a plain character",
  dollar: "right after `$`, which makes the value a `$'…'` string in bash",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax
  parameter: "inside `${…}`, whose quoting differs between shells",
  arithmetic:
    "inside arithmetic (`$((…))`, `((…))`, `$[…]`), which bash expands even inside quotes",
  unclear:
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax
    "after a construct that shells end in different places (`$'…\\'…'`, quotes in backticks or `${…}`, `case` inside `$(…)`, an odd here-document)",
};
