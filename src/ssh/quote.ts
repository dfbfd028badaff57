import { fail } from "../errors.js";

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
